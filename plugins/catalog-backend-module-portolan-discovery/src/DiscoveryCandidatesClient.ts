/*
 * Asks the Portolan backend (`GET /api/portolan/discovery/candidates`) what
 * runs in the clusters, as this plugin's service principal. The response is
 * checked against the shared schema; anything else is an error, so a
 * half-understood answer never reaches the catalog.
 */
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  type DiscoveryCandidatesResponse,
  DiscoveryCandidatesResponseSchema,
} from '@portolan/plugin-portolan-common';

/** Where discovery gets its candidates from. */
export interface DiscoveryCandidatesClient {
  getCandidates(options: {
    excludeNamespaces: readonly string[];
    signal?: AbortSignal;
  }): Promise<DiscoveryCandidatesResponse>;
}

/** How long one request to Portolan may take. */
const REQUEST_TIMEOUT_MS = 20_000;

export class HttpDiscoveryCandidatesClient
  implements DiscoveryCandidatesClient
{
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async getCandidates(options: {
    excludeNamespaces: readonly string[];
    signal?: AbortSignal;
  }): Promise<DiscoveryCandidatesResponse> {
    const baseUrl = await this.discovery.getBaseUrl('portolan');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'portolan',
    });
    const query = new URLSearchParams();
    for (const namespace of options.excludeNamespaces) {
      query.append('excludeNamespace', namespace);
    }
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const res = await fetch(`${baseUrl}/discovery/candidates?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: options.signal
        ? AbortSignal.any([options.signal, timeout])
        : timeout,
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    const parsed = DiscoveryCandidatesResponseSchema.safeParse(
      await res.json(),
    );
    if (!parsed.success) {
      throw new Error(
        `Portolan answered discovery/candidates with an unexpected body: ${parsed.error.issues
          .slice(0, 3)
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    return parsed.data;
  }
}
