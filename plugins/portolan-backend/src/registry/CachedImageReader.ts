/*
 * Registry reads through Backstage's CacheService, so a repeated view costs
 * no registry request. What a digest names never changes: it is cached for
 * long. What a tag names does: it is cached for `tagTtlMs` and, when a
 * scheduler drives `refreshTags`, re-resolved in the background before it
 * expires. Failures are cached briefly, so a registry that is down is asked
 * once per `errorTtlMs`, not once per page view. Concurrent reads of the
 * same image share one registry round trip.
 */
import type { CacheService } from '@backstage/backend-plugin-api';
import {
  ImagePlatformSchema,
  RegistryLookupStateSchema,
  type ImagePlatform,
} from '@portolan/plugin-portolan-common';
import { z } from 'zod';
import { normalizeDigest } from '../delivery/imageReference';
import type {
  ImageLocator,
  RegistryClient,
  RegistryImage,
} from './RegistryClient';
import { type RegistryFailure, toRegistryError } from './RegistryError';

/** A registry read, fresh or cached: the image, or why there is none. */
export type ImageReadOutcome =
  | { ok: true; image: RegistryImage; checkedAt: string }
  | { ok: false; failure: RegistryFailure; message: string; checkedAt: string };

const OutcomeSchema: z.ZodType<ImageReadOutcome> = z.union([
  z.object({
    ok: z.literal(true),
    checkedAt: z.string(),
    image: z.object({
      manifestDigest: z.string(),
      mediaType: z.string(),
      platformManifestDigest: z.string().optional(),
      configDigest: z.string(),
      layerCount: z.number(),
      platform: ImagePlatformSchema,
      created: z.string().optional(),
      labels: z.record(z.string()),
      env: z.array(z.string()),
      entrypoint: z.array(z.string()),
      diffIds: z.array(z.string()),
    }),
  }),
  z.object({
    ok: z.literal(false),
    failure: RegistryLookupStateSchema.exclude([
      'fetched',
      'not-checked',
      'not-configured',
    ]),
    message: z.string(),
    checkedAt: z.string(),
  }),
]);

/** Options for {@link CachedImageReader}. */
export interface CachedImageReaderOptions {
  client: RegistryClient;
  cache: CacheService;
  /** How long a tag's resolution is trusted. */
  tagTtlMs: number;
  /** How long a failure is remembered before the registry is asked again. */
  errorTtlMs: number;
  /** How long a digest's facts are kept. Default 30 days. */
  digestTtlMs?: number;
  /** Tags not read for this long are no longer refreshed. Default 1 hour. */
  tagIdleMs?: number;
  /**
   * Cache entries this reader keeps; past it, the oldest written is deleted
   * from the cache (a memory cache store never evicts by itself). Also
   * bounds the tags kept for refresh. Default 10000.
   */
  maxEntries?: number;
  now?: () => number;
}

// Bump when the cached shape changes; old entries are then simply not found.
const KEY_PREFIX = 'registry-image:v1:';
// Not-allowed is decided by config, not by the registry: nothing to remember.
const UNCACHED_FAILURES = new Set<RegistryFailure>(['not-allowed']);

function platformKey(platform: ImagePlatform): string {
  return `${platform.os}/${platform.architecture}${
    platform.variant ? `/${platform.variant}` : ''
  }`;
}

export class CachedImageReader {
  private readonly inFlight = new Map<string, Promise<ImageReadOutcome>>();
  /** Tags read recently, for the background refresh. */
  private readonly recentTags = new Map<
    string,
    { locator: ImageLocator; platform: ImagePlatform; lastReadAt: number }
  >();
  /** Keys this reader wrote, oldest first, for eviction. */
  private readonly written = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: CachedImageReaderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The image a locator names (tag or digest) for `platform`, from the cache when possible. */
  async read(
    locator: ImageLocator,
    platform: ImagePlatform,
    signal?: AbortSignal,
  ): Promise<ImageReadOutcome> {
    const key = `${KEY_PREFIX}${locator.registry}/${locator.repository}@${
      locator.reference
    }|${platformKey(platform)}`;
    const isTag = !normalizeDigest(locator.reference);
    if (isTag) {
      this.recentTags.delete(key);
      this.recentTags.set(key, { locator, platform, lastReadAt: this.now() });
      const max = this.options.maxEntries ?? 10_000;
      while (this.recentTags.size > max) {
        const oldest = this.recentTags.keys().next().value;
        if (oldest === undefined) break;
        this.recentTags.delete(oldest);
      }
    }
    const cached = await this.fromCache(key);
    if (cached) {
      return cached;
    }
    return this.fetchShared(key, locator, platform, isTag, signal);
  }

  /**
   * Re-resolves the tags read within `tagIdleMs` and rewrites their cache
   * entries, so views keep being served from the cache. For a scheduler.
   */
  async refreshTags(
    signal?: AbortSignal,
  ): Promise<{ refreshed: number; failed: number }> {
    const idleMs = this.options.tagIdleMs ?? 3_600_000;
    let refreshed = 0;
    let failed = 0;
    for (const [key, tag] of [...this.recentTags]) {
      if (this.now() - tag.lastReadAt > idleMs) {
        this.recentTags.delete(key);
        continue;
      }
      const outcome = await this.fetchShared(
        key,
        tag.locator,
        tag.platform,
        true,
        signal,
      );
      if (outcome.ok) refreshed += 1;
      else failed += 1;
    }
    return { refreshed, failed };
  }

  private async fromCache(key: string): Promise<ImageReadOutcome | undefined> {
    let text: unknown;
    try {
      text = await this.options.cache.get<string>(key);
    } catch {
      // A cache that is down costs registry requests, not the view.
      return undefined;
    }
    if (typeof text !== 'string') {
      return undefined;
    }
    try {
      const parsed = OutcomeSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private fetchShared(
    key: string,
    locator: ImageLocator,
    platform: ImagePlatform,
    isTag: boolean,
    signal?: AbortSignal,
  ): Promise<ImageReadOutcome> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(key, locator, platform, isTag, signal).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(
    key: string,
    locator: ImageLocator,
    platform: ImagePlatform,
    isTag: boolean,
    signal?: AbortSignal,
  ): Promise<ImageReadOutcome> {
    const checkedAt = new Date(this.now()).toISOString();
    let outcome: ImageReadOutcome;
    let ttl: number;
    try {
      const image = await this.options.client.readImage(
        locator,
        platform,
        signal,
      );
      outcome = { ok: true, image, checkedAt };
      ttl = isTag
        ? this.options.tagTtlMs
        : this.options.digestTtlMs ?? 30 * 86_400_000;
    } catch (e) {
      const error = toRegistryError(e);
      outcome = {
        ok: false,
        failure: error.kind,
        message: error.message,
        checkedAt,
      };
      if (UNCACHED_FAILURES.has(error.kind) || signal?.aborted) {
        return outcome;
      }
      ttl = this.options.errorTtlMs;
    }
    try {
      await this.options.cache.set(key, JSON.stringify(outcome), { ttl });
      await this.noteWritten(key);
    } catch {
      // Not cached this time; the answer is still good.
    }
    return outcome;
  }

  /** Entries this reader holds in the cache now (bounded by `maxEntries`). */
  get entries(): number {
    return this.written.size;
  }

  private async noteWritten(key: string): Promise<void> {
    this.written.delete(key);
    this.written.add(key);
    const max = this.options.maxEntries ?? 10_000;
    while (this.written.size > max) {
      const oldest = this.written.values().next().value;
      if (oldest === undefined) break;
      this.written.delete(oldest);
      await this.options.cache.delete(oldest);
    }
  }
}
