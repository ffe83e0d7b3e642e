/*
 * A small read-only registry client (distribution spec v2 / OCI): fetch a
 * manifest with all four Accept types, pick the platform from an index,
 * fetch the config blob, verify every digest. Authenticates with Bearer
 * tokens (the `WWW-Authenticate` challenge's realm, with Basic credentials
 * when configured; tokens reused until they expire) or Basic. Only hosts the
 * access policy allows are contacted — registries, token realms and blob
 * redirects alike. Never logs or returns credentials.
 */
import { createHash } from 'node:crypto';
import type { ImagePlatform } from '@portolan/plugin-portolan-common';
import { normalizeDigest } from '../delivery/imageReference';
import type {
  RegistryTransport,
  TransportResponse,
} from './GuardedHttpTransport';
import {
  MANIFEST_ACCEPT,
  parseImageConfig,
  parseManifest,
  selectPlatform,
  type ParsedImageConfig,
  type ParsedManifest,
} from './ociManifests';
import type {
  RegistryAccessPolicy,
  RegistryHost,
} from './RegistryAccessPolicy';
import { RegistryError } from './RegistryError';
import { isValidDigest, isValidTag, ociReferenceProblem } from './ociReference';
import { parseWwwAuthenticate, type AuthChallenge } from './wwwAuthenticate';

/** An image in a registry: `registry/repository` and a tag or digest. */
export interface ImageLocator {
  /** `registry.acme.example`, `localhost:5000`, `docker.io`. */
  registry: string;
  /** The repository path without the registry (`payments/invoice-worker`). */
  repository: string;
  /** A tag or a digest (`sha256:…`). */
  reference: string;
}

/** An image's manifest and config for one platform. */
export interface RegistryImage extends ParsedImageConfig {
  /** The digest of the manifest `reference` named (an index or a manifest). */
  manifestDigest: string;
  mediaType: string;
  /** Set when `manifestDigest` is an index: the platform's manifest. */
  platformManifestDigest?: string;
  configDigest: string;
  layerCount: number;
}

/** Options for {@link RegistryClient}. */
export interface RegistryClientOptions {
  policy: RegistryAccessPolicy;
  transport: RegistryTransport;
  /** Requests in flight at once, over all registries. Default 8. */
  maxConcurrentRequests?: number;
  /** Requests waiting for a slot; one more is refused at once. Default 256. */
  maxQueuedRequests?: number;
  /** Bearer tokens kept (expired ones are dropped first, then the oldest). Default 1000. */
  maxTokens?: number;
  /** Current time, for token expiry. */
  now?: () => number;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;
const USER_AGENT = 'portolan-registry-client';

function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

function verifyDigest(body: Buffer, expected: string, where: string): void {
  const digest = normalizeDigest(expected);
  if (!digest?.startsWith('sha256:')) {
    throw new RegistryError(
      'invalid-response',
      `${where}: unsupported digest ${expected}`,
    );
  }
  if (sha256(body) !== digest) {
    throw new RegistryError(
      'invalid-response',
      `${where}: content does not match digest ${digest}`,
    );
  }
}

function basicHeader(entry: RegistryHost): string | undefined {
  if (entry.username === undefined || entry.password === undefined) {
    return undefined;
  }
  return `Basic ${Buffer.from(`${entry.username}:${entry.password}`).toString(
    'base64',
  )}`;
}

/** Limits requests in flight and waiting; waiters are served in order. */
class RequestSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxQueued) {
        throw new RegistryError(
          'error',
          `Too many registry requests waiting (${this.waiting.length}); refused, try again later`,
        );
      }
      // The finishing task hands its slot over; `active` stays the same.
      await new Promise<void>((resolve, reject) => {
        // Set below: wake and onAbort each remove the other.
        let onAbort: () => void = () => undefined;
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        onAbort = () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(
            new RegistryError(
              'timeout',
              'Gave up waiting for a registry request slot',
            ),
          );
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.active -= 1;
      }
    }
  }
}

interface CachedToken {
  header: string;
  expiresAt: number;
}

export class RegistryClient {
  private readonly slots: RequestSlots;
  private readonly tokens = new Map<string, CachedToken>();
  /** Origins that answered with a Basic challenge: send credentials up front. */
  private readonly basicOrigins = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryClientOptions) {
    this.slots = new RequestSlots(
      options.maxConcurrentRequests ?? 8,
      options.maxQueuedRequests ?? 256,
    );
    this.now = options.now ?? Date.now;
  }

  /**
   * The image `locator` names, for `platform` when it is an index: the
   * manifest, the platform's manifest and the config.
   */
  async readImage(
    locator: ImageLocator,
    platform: ImagePlatform,
    signal?: AbortSignal,
  ): Promise<RegistryImage> {
    // The locator comes from a pod spec: only allowed hosts, and nothing
    // outside the OCI reference grammar reaches a request path.
    const decision = this.options.policy.check(locator.registry);
    if (!decision.allowed) {
      throw new RegistryError('not-allowed', decision.reason);
    }
    const problem = ociReferenceProblem(locator);
    if (problem) {
      throw new RegistryError(
        'not-allowed',
        `Not an image reference (${problem}); refused before any request`,
      );
    }
    const top = await this.fetchManifest(locator, locator.reference, signal);
    let image: Extract<ParsedManifest, { kind: 'image' }>;
    let platformManifestDigest: string | undefined;
    if (top.manifest.kind === 'index') {
      const entry = selectPlatform(
        top.manifest.entries,
        platform,
        this.where(locator),
      );
      const child = await this.fetchManifest(locator, entry.digest, signal);
      if (child.manifest.kind !== 'image') {
        throw new RegistryError(
          'invalid-response',
          `${this.where(locator)}: the ${platform.os}/${
            platform.architecture
          } entry is not an image manifest`,
        );
      }
      image = child.manifest;
      platformManifestDigest = child.digest;
    } else {
      image = top.manifest;
    }
    const configBody = await this.fetchBlob(
      locator,
      image.configDigest,
      MAX_CONFIG_BYTES,
      signal,
    );
    const config = parseImageConfig(
      configBody,
      `${this.where(locator)}@${image.configDigest}`,
    );
    return {
      ...config,
      manifestDigest: top.digest,
      mediaType: top.manifest.mediaType,
      platformManifestDigest,
      configDigest: image.configDigest,
      layerCount: image.layerCount,
    };
  }

  private where(locator: ImageLocator): string {
    return `${locator.registry}/${locator.repository}`;
  }

  private async fetchManifest(
    locator: ImageLocator,
    reference: string,
    signal?: AbortSignal,
  ): Promise<{ digest: string; manifest: ParsedManifest }> {
    if (!isValidTag(reference) && !isValidDigest(reference)) {
      throw new RegistryError(
        'invalid-response',
        `${this.where(
          locator,
        )}: the manifest names '${reference}', neither a tag nor a digest`,
      );
    }
    const where = `${this.where(locator)}${
      reference.includes(':') ? '@' : ':'
    }${reference}`;
    const response = await this.get(
      locator,
      `/v2/${locator.repository}/manifests/${reference}`,
      { Accept: MANIFEST_ACCEPT },
      MAX_MANIFEST_BYTES,
      false,
      signal,
    );
    const byDigest = normalizeDigest(reference);
    if (byDigest) {
      verifyDigest(response.body, byDigest, where);
    }
    return {
      digest: byDigest ?? sha256(response.body),
      manifest: parseManifest(
        response.body,
        response.headers['content-type'],
        where,
      ),
    };
  }

  private async fetchBlob(
    locator: ImageLocator,
    digest: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<Buffer> {
    if (!isValidDigest(digest)) {
      throw new RegistryError(
        'invalid-response',
        `${this.where(
          locator,
        )}: the manifest names blob '${digest}', not a digest`,
      );
    }
    const response = await this.get(
      locator,
      `/v2/${locator.repository}/blobs/${digest}`,
      {},
      maxBytes,
      true,
      signal,
    );
    verifyDigest(response.body, digest, `${this.where(locator)}@${digest}`);
    return response.body;
  }

  /** GET with authentication, redirects (blobs only) and status mapping. */
  private async get(
    locator: ImageLocator,
    path: string,
    headers: Record<string, string>,
    maxBytes: number,
    followRedirects: boolean,
    signal?: AbortSignal,
  ): Promise<TransportResponse> {
    const decision = this.options.policy.check(locator.registry);
    if (!decision.allowed) {
      throw new RegistryError('not-allowed', decision.reason);
    }
    const { origin, entry } = decision;
    const scope = `repository:${locator.repository}:pull`;
    let url = new URL(path, origin);
    const where = `${url.host}${url.pathname}`;
    let authorization = this.cachedAuthorization(origin, scope, entry);
    let retriedAuth = false;
    for (let redirects = 0; ; ) {
      const response = await this.send(
        url,
        headers,
        authorization,
        maxBytes,
        signal,
      );
      if (response.status === 401 && !retriedAuth && url.origin === origin) {
        retriedAuth = true;
        authorization = await this.answerChallenge(
          origin,
          scope,
          entry,
          parseWwwAuthenticate(response.headers['www-authenticate']),
          where,
          signal,
        );
        continue;
      }
      if (
        followRedirects &&
        [301, 302, 303, 307, 308].includes(response.status) &&
        response.headers.location
      ) {
        if (++redirects > MAX_REDIRECTS) {
          throw new RegistryError(
            'invalid-response',
            `${where}: too many redirects`,
          );
        }
        const next = new URL(response.headers.location, url);
        const allowed = this.options.policy.checkUrl(next);
        if (!allowed.allowed) {
          throw new RegistryError(
            'not-allowed',
            `${where} redirects to ${next.host}, which is refused: ${allowed.reason}`,
          );
        }
        // Credentials are for the registry only, never for blob storage elsewhere.
        if (next.origin !== origin) authorization = undefined;
        url = next;
        continue;
      }
      return this.checkStatus(response, where);
    }
  }

  private checkStatus(
    response: TransportResponse,
    where: string,
  ): TransportResponse {
    const { status } = response;
    if (status >= 200 && status < 300) {
      return response;
    }
    if (status === 401 || status === 403) {
      throw new RegistryError(
        'unauthorized',
        `${where}: ${
          status === 401 ? 'authentication failed' : 'access denied'
        } (HTTP ${status})`,
      );
    }
    if (status === 404) {
      throw new RegistryError('not-found', `${where}: not found (HTTP 404)`);
    }
    throw new RegistryError('error', `${where}: HTTP ${status}`);
  }

  private send(
    url: URL,
    headers: Record<string, string>,
    authorization: string | undefined,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<TransportResponse> {
    return this.slots.run(
      () =>
        this.options.transport.send({
          url,
          headers: {
            'User-Agent': USER_AGENT,
            ...headers,
            ...(authorization ? { Authorization: authorization } : {}),
          },
          maxBytes,
          signal,
        }),
      signal,
    );
  }

  private cachedAuthorization(
    origin: string,
    scope: string,
    entry: RegistryHost,
  ): string | undefined {
    const token = this.tokens.get(`${origin} ${scope}`);
    if (token && token.expiresAt > this.now()) {
      return token.header;
    }
    return this.basicOrigins.has(origin) ? basicHeader(entry) : undefined;
  }

  /** Bearer tokens held now (bounded by `maxTokens`). */
  get cachedTokens(): number {
    return this.tokens.size;
  }

  private rememberToken(key: string, token: CachedToken): void {
    const now = this.now();
    for (const [k, t] of this.tokens) {
      if (t.expiresAt <= now) this.tokens.delete(k);
    }
    this.tokens.delete(key);
    const max = this.options.maxTokens ?? 1000;
    while (this.tokens.size >= max) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
    this.tokens.set(key, token);
  }

  private async answerChallenge(
    origin: string,
    scope: string,
    entry: RegistryHost,
    challenges: AuthChallenge[],
    where: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const bearer = challenges.find(c => c.scheme === 'bearer');
    if (bearer?.params.realm) {
      return this.fetchToken(origin, scope, entry, bearer, where, signal);
    }
    if (challenges.some(c => c.scheme === 'basic')) {
      const basic = basicHeader(entry);
      if (!basic) {
        throw new RegistryError(
          'unauthorized',
          `${where}: the registry asks for a username and password; none are configured`,
        );
      }
      this.basicOrigins.add(origin);
      return basic;
    }
    throw new RegistryError(
      'unauthorized',
      `${where}: HTTP 401 without a Bearer or Basic challenge`,
    );
  }

  private async fetchToken(
    origin: string,
    scope: string,
    entry: RegistryHost,
    challenge: AuthChallenge,
    where: string,
    signal?: AbortSignal,
  ): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new RegistryError(
        'invalid-response',
        `${where}: the token realm is not a URL`,
      );
    }
    const allowed = this.options.policy.checkUrl(realm);
    if (!allowed.allowed) {
      throw new RegistryError(
        'not-allowed',
        `${where}: token realm ${realm.host} is refused: ${allowed.reason}`,
      );
    }
    if (challenge.params.service) {
      realm.searchParams.set('service', challenge.params.service);
    }
    const tokenScope = challenge.params.scope || scope;
    realm.searchParams.set('scope', tokenScope);
    // The registry's credentials go to its token realm only when the realm
    // is the registry itself, is covered by the same entry, or is an exact
    // entry with no credentials of its own (an auth host, like Docker Hub's).
    // A host only a wildcard entry allows, or another registry, never gets
    // credentials configured for another host.
    const realmEntry = allowed.entry;
    const sendCredentials =
      realm.origin === origin ||
      realmEntry === entry ||
      (!realmEntry.host.startsWith('*.') &&
        realmEntry.username === undefined &&
        realmEntry.password === undefined);
    const response = await this.send(
      realm,
      { Accept: 'application/json' },
      sendCredentials ? basicHeader(entry) : undefined,
      MAX_TOKEN_BYTES,
      signal,
    );
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError(
        'unauthorized',
        `${where}: the token service at ${realm.host} refused the credentials (HTTP ${response.status})`,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw new RegistryError(
        'error',
        `${where}: token service ${realm.host} answered HTTP ${response.status}`,
      );
    }
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new RegistryError(
        'invalid-response',
        `${where}: the token response is not JSON`,
      );
    }
    const token =
      typeof body.token === 'string' && body.token
        ? body.token
        : body.access_token;
    if (typeof token !== 'string' || !token) {
      throw new RegistryError(
        'invalid-response',
        `${where}: the token response has no token`,
      );
    }
    // The distribution token spec defaults `expires_in` to 60 s; renew a little early.
    const expiresIn =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : 60;
    const header = `Bearer ${token}`;
    this.rememberToken(`${origin} ${scope}`, {
      header,
      expiresAt: this.now() + Math.max(expiresIn - 10, 5) * 1000,
    });
    return header;
  }
}
