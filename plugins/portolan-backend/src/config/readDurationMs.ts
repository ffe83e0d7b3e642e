/*
 * Reads a positive duration from config (`'30s'`, ISO 8601, or
 * `{ minutes: 5 }`) as milliseconds, failing with the full key named.
 */
import { toError } from '@backstage/errors';
import { readDurationFromConfig, type Config } from '@backstage/config';

const UNIT_MS: Record<string, number> = {
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

/**
 * The duration at `key` of `config` in milliseconds, or `fallback` when
 * absent. `prefix` is the config path of `config` itself, for the message.
 */
export function readDurationMs(
  config: Config,
  key: string,
  fallback: number,
  prefix: string,
): number {
  if (!config.has(key)) {
    return fallback;
  }
  let duration: Record<string, number | undefined>;
  try {
    duration = readDurationFromConfig(config, { key });
  } catch (e) {
    throw new Error(
      `Invalid duration at ${prefix}.${key}: ${toError(e).message}`,
    );
  }
  const ms = Object.entries(duration).reduce(
    (sum, [unit, n]) => sum + (n ?? 0) * (UNIT_MS[unit] ?? 0),
    0,
  );
  if (!(ms > 0)) {
    throw new Error(`Invalid duration at ${prefix}.${key}: must be positive`);
  }
  return ms;
}
