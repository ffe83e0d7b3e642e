/*
 * Reads `portolan.history` config. Owns the defaults; must never accept a
 * value that would make the recorder unbounded.
 */
import type { Config } from '@backstage/config';
import { readDurationMs } from '../config/readDurationMs';

export interface HistoryOptions {
  enabled: boolean;
  retentionMs: number;
  scanIntervalMs: number;
  logTailBytes: number;
  maxQueuedWrites: number;
  /** The demo only: seed 90 days of generated history, as if Argo CD ran on this cluster. */
  demoSeedCluster?: string;
  /** SCM commit times for DORA's lead time (`portolan.history.commitTimes`). */
  commitTimes: {
    enabled: boolean;
    concurrency: number;
    timeoutMs: number;
    /** Directories whose local git repositories may be read; none by default. */
    localRoots: string[];
  };
}

const DAY_MS = 86_400_000;

function positiveInt(
  config: Config | undefined,
  key: string,
  fallback: number,
  max: number,
  prefix = 'portolan.history',
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `Invalid ${prefix}.${key}: ${value} is not a whole number from 1 to ${max}`,
    );
  }
  return value;
}

function readCommitTimes(
  config: Config | undefined,
): HistoryOptions['commitTimes'] {
  const prefix = 'portolan.history.commitTimes';
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    concurrency: positiveInt(config, 'concurrency', 4, 32, prefix),
    timeoutMs: config
      ? readDurationMs(config, 'timeout', 10_000, prefix)
      : 10_000,
    localRoots: config?.getOptionalStringArray('localRoots') ?? [],
  };
}

export function readHistoryOptions(root: Config): HistoryOptions {
  const config = root.getOptionalConfig('portolan.history');
  const prefix = 'portolan.history';
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    retentionMs: config
      ? readDurationMs(config, 'retention', 400 * DAY_MS, prefix)
      : 400 * DAY_MS,
    scanIntervalMs: config
      ? readDurationMs(config, 'scanInterval', 60_000, prefix)
      : 60_000,
    logTailBytes: positiveInt(config, 'logTailBytes', 4096, 1024 * 1024),
    maxQueuedWrites: positiveInt(config, 'maxQueuedWrites', 20_000, 1_000_000),
    demoSeedCluster: config?.getOptionalString('demoSeed.cluster'),
    commitTimes: readCommitTimes(config?.getOptionalConfig('commitTimes')),
  };
}
