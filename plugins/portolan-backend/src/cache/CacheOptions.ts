/*
 * The cache's tunables, read from `portolan.cache` with defaults that suit
 * real API servers. Tests shorten the delays; nothing else should need to.
 */
import type { Config } from '@backstage/config';
import { readDurationMs } from '../config/readDurationMs';
import type { BackoffOptions } from './backoff';

/** How the cache talks to API servers. */
export interface CacheOptions {
  /** Objects per list page (`limit`). */
  pageSize: number;
  /** Timeout of each list page, discovery request and watch connection. */
  requestTimeoutMs: number;
  /** Server-side watch timeout, a random value in this range (seconds). */
  watchTimeoutSeconds: [number, number];
  /** A watch that sends nothing (not even a bookmark) this long is dead. */
  watchIdleTimeoutMs: number;
  /** Full relist of every resource, jittered by ±10 %. */
  resyncIntervalMs: number;
  /** How often discovery runs again (CRDs installed or removed). */
  rediscoveryIntervalMs: number;
  /** Retry delays after failures. */
  backoff: BackoffOptions;
}

/** The defaults. */
export const DEFAULT_CACHE_OPTIONS: CacheOptions = {
  pageSize: 500,
  requestTimeoutMs: 30_000,
  watchTimeoutSeconds: [240, 360],
  watchIdleTimeoutMs: 7 * 60_000,
  resyncIntervalMs: 30 * 60_000,
  rediscoveryIntervalMs: 5 * 60_000,
  backoff: { initialMs: 1000, maxMs: 60_000 },
};

const durationMs = (config: Config, key: string, fallback: number) =>
  readDurationMs(config, key, fallback, 'portolan.cache');

/** Reads `portolan.cache`; throws naming the key on a bad value. */
export function readCacheOptions(root: Config): CacheOptions {
  const config = root.getOptionalConfig('portolan.cache');
  if (!config) {
    return DEFAULT_CACHE_OPTIONS;
  }
  const d = DEFAULT_CACHE_OPTIONS;
  const pageSize = config.getOptionalNumber('pageSize') ?? d.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(
      `Invalid portolan.cache.pageSize: ${pageSize}; must be a positive integer`,
    );
  }
  const watchTimeout = durationMs(
    config,
    'watchTimeout',
    d.watchTimeoutSeconds[1] * 1000,
  );
  const backoffInitial = durationMs(
    config,
    'backoff.initial',
    d.backoff.initialMs,
  );
  const backoffMax = durationMs(config, 'backoff.max', d.backoff.maxMs);
  if (backoffMax < backoffInitial) {
    throw new Error(
      'Invalid portolan.cache.backoff: max must not be shorter than initial',
    );
  }
  return {
    pageSize,
    requestTimeoutMs: durationMs(config, 'requestTimeout', d.requestTimeoutMs),
    watchTimeoutSeconds: [
      Math.max(1, Math.round((watchTimeout * 2) / 3 / 1000)),
      Math.max(1, Math.round(watchTimeout / 1000)),
    ],
    watchIdleTimeoutMs: durationMs(
      config,
      'watchIdleTimeout',
      d.watchIdleTimeoutMs,
    ),
    resyncIntervalMs: durationMs(config, 'resyncInterval', d.resyncIntervalMs),
    rediscoveryIntervalMs: durationMs(
      config,
      'rediscoveryInterval',
      d.rediscoveryIntervalMs,
    ),
    backoff: { initialMs: backoffInitial, maxMs: backoffMax },
  };
}
