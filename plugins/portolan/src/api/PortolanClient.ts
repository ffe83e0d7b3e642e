/*
 * The browser's client of the Portolan backend: discovery for the base URL,
 * fetchApi for identity, ResponseError on failure. Small answers are checked
 * against the shared zod schemas; the entity view is checked on its envelope
 * only (its sections grow as sources land, and a view is polled every few
 * seconds).
 */
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClustersResponseSchema,
  EntityViewSchema,
  FleetImagesResponseSchema,
  FleetOnboardingSchema,
  FleetPipelineRunsResponseSchema,
  OfferingsCatalogueSchema,
  OnboardingChecklistSchema,
  PodLogResponseSchema,
  type ClustersResponse,
  type FleetImagesResponse,
  type FleetOnboarding,
  type OfferingsCatalogue,
  type OnboardingChecklist,
  type PipelineSystem,
  type PodLogResponse,
} from '@portolan/plugin-portolan-common';
import type {
  PodLogRequest,
  PortolanApi,
  PortolanRequestOptions,
} from './PortolanApi';
import type { FleetPipelineRunsResponse, PortolanEntityView } from './types';
import type {
  DoraMetrics,
  FleetDora,
  HistoryPage,
  HistoryQuery,
} from './historyTypes';

/** The shape checks of the history answers: enough to fail clearly on a wrong backend. */
function historyPage(path: string, body: unknown): HistoryPage {
  const page = body as HistoryPage;
  if (!page || !Array.isArray(page.items)) {
    throw new Error(`Unexpected answer from ${path}: items: not a list`);
  }
  return page;
}

function doraMetrics<T extends DoraMetrics>(path: string, body: unknown): T {
  const dora = body as T;
  if (
    !dora ||
    typeof dora.deploymentFrequency?.count !== 'number' ||
    typeof dora.performance !== 'object'
  ) {
    throw new Error(
      `Unexpected answer from ${path}: deploymentFrequency: not DORA metrics`,
    );
  }
  return dora;
}

const EntityViewEnvelopeSchema = EntityViewSchema.pick({
  entityRef: true,
  generatedAt: true,
  partial: true,
  clusters: true,
  sourceErrors: true,
}).passthrough();

/** Reads a schema-checked body; a mismatch names the route and the first problem. */
function checked<T>(
  what: string,
  schema: {
    safeParse(input: unknown):
      | { success: true; data: T }
      | {
          success: false;
          error: { issues: { path: (string | number)[]; message: string }[] };
        };
  },
  body: unknown,
): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw new Error(
      `Unexpected answer from ${what}: ${issue?.path.join('.') || 'body'}: ${
        issue?.message
      }`,
    );
  }
  return result.data;
}

function entityPath(ref: CompoundEntityRef): string {
  return [ref.namespace, ref.kind, ref.name]
    .map(part => encodeURIComponent(part))
    .join('/');
}

/**
 * Talks to the Portolan backend through the app's discovery and fetch APIs.
 *
 * @public
 */
export class PortolanClient implements PortolanApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getClusters(
    options?: PortolanRequestOptions,
  ): Promise<ClustersResponse> {
    const body = await this.get('/clusters', options);
    return checked('/clusters', ClustersResponseSchema, body);
  }

  async getEntityView(
    entityRef: CompoundEntityRef,
    options?: PortolanRequestOptions,
  ): Promise<PortolanEntityView> {
    const path = `/entities/${entityPath(entityRef)}`;
    const body = await this.get(path, options);
    checked(path, EntityViewEnvelopeSchema, body);
    return body as PortolanEntityView;
  }

  async getPodLog(
    entityRef: CompoundEntityRef,
    request: PodLogRequest,
    options?: PortolanRequestOptions,
  ): Promise<PodLogResponse> {
    const query = new URLSearchParams({
      cluster: request.cluster,
      namespace: request.namespace,
      pod: request.pod,
    });
    if (request.container) query.set('container', request.container);
    if (request.tailLines) query.set('tailLines', String(request.tailLines));
    const path = `/entities/${entityPath(entityRef)}/logs`;
    const body = await this.get(`${path}?${query}`, options);
    return checked(path, PodLogResponseSchema, body);
  }

  async getOnboardingChecklist(
    entityRef: CompoundEntityRef,
    options?: PortolanRequestOptions,
  ): Promise<OnboardingChecklist> {
    const path = `/entities/${entityPath(entityRef)}/onboarding`;
    const body = await this.get(path, options);
    return checked(path, OnboardingChecklistSchema, body);
  }

  async getFleetOnboarding(
    options?: PortolanRequestOptions,
  ): Promise<FleetOnboarding> {
    const body = await this.get('/onboarding', options);
    return checked('/onboarding', FleetOnboardingSchema, body);
  }

  async getOfferings(
    options?: PortolanRequestOptions,
  ): Promise<OfferingsCatalogue> {
    const body = await this.get('/offerings', options);
    return checked('/offerings', OfferingsCatalogueSchema, body);
  }

  async getImages(
    query?: { rebase?: 'available' },
    options?: PortolanRequestOptions,
  ): Promise<FleetImagesResponse> {
    const search = query?.rebase ? `?rebase=${query.rebase}` : '';
    const body = await this.get(`/images${search}`, options);
    return checked('/images', FleetImagesResponseSchema, body);
  }

  async getPipelineRuns(
    query?: { status?: string; system?: PipelineSystem; limit?: number },
    options?: PortolanRequestOptions,
  ): Promise<FleetPipelineRunsResponse> {
    const params = new URLSearchParams();
    if (query?.status) params.set('status', query.status);
    if (query?.system) params.set('system', query.system);
    if (query?.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.size ? `?${params}` : '';
    const body = await this.get(`/pipeline-runs${search}`, options);
    return checked('/pipeline-runs', FleetPipelineRunsResponseSchema, body);
  }

  async getEntityHistory(
    entityRef: CompoundEntityRef,
    query: HistoryQuery,
    options?: PortolanRequestOptions,
  ): Promise<HistoryPage> {
    const params = new URLSearchParams({ type: query.type });
    for (const key of ['since', 'until', 'cursor', 'kind'] as const) {
      const value = query[key];
      if (value) params.set(key, value);
    }
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const path = `/entities/${entityPath(entityRef)}/history`;
    return historyPage(path, await this.get(`${path}?${params}`, options));
  }

  async getEntityDora(
    entityRef: CompoundEntityRef,
    query?: { window?: string },
    options?: PortolanRequestOptions,
  ): Promise<DoraMetrics> {
    const path = `/entities/${entityPath(entityRef)}/dora`;
    const search = query?.window
      ? `?window=${encodeURIComponent(query.window)}`
      : '';
    return doraMetrics(path, await this.get(`${path}${search}`, options));
  }

  async getFleetDora(
    query?: { window?: string; owner?: string },
    options?: PortolanRequestOptions,
  ): Promise<FleetDora> {
    const params = new URLSearchParams();
    if (query?.window) params.set('window', query.window);
    if (query?.owner) params.set('owner', query.owner);
    const search = params.size ? `?${params}` : '';
    const body = doraMetrics<FleetDora>(
      '/dora',
      await this.get(`/dora${search}`, options),
    );
    if (!Array.isArray(body.services) || !Array.isArray(body.owners)) {
      throw new Error('Unexpected answer from /dora: services: not a list');
    }
    return body;
  }

  private async get(
    path: string,
    options?: PortolanRequestOptions,
  ): Promise<unknown> {
    const baseUrl = await this.discoveryApi.getBaseUrl('portolan');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      signal: options?.signal,
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }
}
