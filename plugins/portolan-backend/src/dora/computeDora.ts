/*
 * The DORA four keys, as pure functions over stored delivery history (see
 * docs/dora.md for the definitions, their inputs and limits). Owns the
 * definitions and the performance bands. Must never do I/O, read the clock
 * (the window is an input) or guess a commit time it was not given.
 */

/** One Argo CD sync of a production Application (succeeded or failed). */
export interface DoraSync {
  application: string;
  revision: string;
  /** When the sync finished, ms since the epoch. */
  at: number;
  succeeded: boolean;
}

/** An observed health of a production Application. */
export interface DoraHealthEvent {
  application: string;
  at: number;
  health: 'healthy' | 'degraded';
}

export interface DoraInputs {
  /** Window bounds, ms since the epoch: since inclusive, until exclusive. */
  since: number;
  until: number;
  /** Every known sync of the production Applications, before the window too. */
  syncs: readonly DoraSync[];
  health: readonly DoraHealthEvent[];
  /** Commit time by revision (SCM), when known. */
  commitTimes: ReadonlyMap<string, number>;
  /** Start of the first pipeline run of a commit, by revision. */
  firstRunTimes: ReadonlyMap<string, number>;
}

export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

export interface DoraMetrics {
  window: { since: string; until: string; days: number };
  deploymentFrequency: { count: number; perDay: number };
  leadTimeForChanges: {
    medianSeconds: number | null;
    basis: 'commit' | 'firstRun' | 'mixed' | null;
  };
  changeFailureRate: { ratio: number | null; failed: number; total: number };
  timeToRestore: { medianSeconds: number | null; incidents: number };
  performance: {
    deploymentFrequency: DoraBand | null;
    leadTimeForChanges: DoraBand | null;
    changeFailureRate: DoraBand | null;
    timeToRestore: DoraBand | null;
  };
}

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/** The median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Bands of the 2023 Accelerate State of DevOps Report (DORA). Where the
 * report's ranges leave gaps or overlap, a value takes the best band whose
 * upper bound it meets.
 */
export const DORA_BANDS = {
  report: 'Accelerate State of DevOps Report 2023 (DORA, Google Cloud)',
  /** Deployments per day at least. */
  deploymentFrequencyPerDay: { elite: 1, high: 1 / 7, medium: 1 / 30 },
  /** Lead time at most, seconds. */
  leadTimeSeconds: { elite: DAY_S, high: 7 * DAY_S, medium: 30 * DAY_S },
  /** Change failure rate at most. */
  changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
  /** Time to restore below, seconds (medium: at most). */
  timeToRestoreSeconds: { elite: HOUR_S, high: DAY_S, medium: 7 * DAY_S },
} as const;

function bandAtLeast(
  value: number,
  t: { elite: number; high: number; medium: number },
): DoraBand {
  if (value >= t.elite) return 'elite';
  if (value >= t.high) return 'high';
  if (value >= t.medium) return 'medium';
  return 'low';
}

function bandAtMost(
  value: number,
  t: { elite: number; high: number; medium: number },
  strictBelow = false,
): DoraBand {
  const ok = (limit: number) => (strictBelow ? value < limit : value <= limit);
  if (ok(t.elite)) return 'elite';
  if (ok(t.high)) return 'high';
  if (value <= t.medium) return 'medium';
  return 'low';
}

interface Deployment extends DoraSync {
  /** When the next deployment of the same application happened, if any. */
  nextAt?: number;
}

/**
 * Deployments: successful syncs to a revision the application never ran
 * before. A successful sync back to an earlier revision is a rollback.
 */
function classify(syncs: readonly DoraSync[]) {
  const byApp = new Map<string, DoraSync[]>();
  for (const s of syncs) {
    const list = byApp.get(s.application) ?? [];
    list.push(s);
    byApp.set(s.application, list);
  }
  const deployments: Deployment[] = [];
  const rollbacks: DoraSync[] = [];
  const failedSyncs: DoraSync[] = [];
  for (const list of byApp.values()) {
    list.sort((a, b) => a.at - b.at);
    const seen = new Set<string>();
    let current: string | undefined;
    let last: Deployment | undefined;
    for (const s of list) {
      if (!s.succeeded) {
        failedSyncs.push(s);
        continue;
      }
      if (s.revision === current) continue; // a resync, not a change
      if (seen.has(s.revision)) {
        rollbacks.push(s);
      } else {
        const d: Deployment = { ...s };
        if (last) last.nextAt = s.at;
        deployments.push(d);
        last = d;
        seen.add(s.revision);
      }
      current = s.revision;
    }
  }
  return { deployments, rollbacks, failedSyncs };
}

/** The index of the first value of an ascending list greater than `t`. */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function computeDora(input: DoraInputs): DoraMetrics {
  const { since, until } = input;
  const days = (until - since) / 86_400_000;
  const inWindow = (t: number) => t >= since && t < until;
  const { deployments, rollbacks, failedSyncs } = classify(input.syncs);
  const counted = deployments.filter(d => inWindow(d.at));

  // Lead time.
  const leadTimes: number[] = [];
  const bases = new Set<'commit' | 'firstRun'>();
  for (const d of counted) {
    const commit = input.commitTimes.get(d.revision);
    const firstRun = input.firstRunTimes.get(d.revision);
    const from = commit ?? firstRun;
    if (from === undefined) continue;
    bases.add(commit !== undefined ? 'commit' : 'firstRun');
    leadTimes.push((d.at - from) / 1000);
  }

  // Change failure: a failed sync, a degraded health or a rollback of the
  // same application after the deployment and before the next one. Each
  // application's signal and healthy times, sorted, so a deployment finds
  // its first signal (and the restore after it) by binary search rather
  // than by a pass over every application's events (the fleet pools
  // thousands of applications).
  const signalsByApp = new Map<string, number[]>();
  const healthyByApp = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, app: string, at: number) => {
    const list = map.get(app);
    if (list) list.push(at);
    else map.set(app, [at]);
  };
  for (const s of failedSyncs) push(signalsByApp, s.application, s.at);
  for (const s of rollbacks) push(signalsByApp, s.application, s.at);
  for (const h of input.health) {
    if (h.health === 'degraded') push(signalsByApp, h.application, h.at);
    else if (h.health === 'healthy') push(healthyByApp, h.application, h.at);
  }
  for (const list of [...signalsByApp.values(), ...healthyByApp.values()]) {
    list.sort((a, b) => a - b);
  }
  const restoreTimes: number[] = [];
  let failed = 0;
  for (const d of counted) {
    const end = d.nextAt ?? Infinity;
    const signals = signalsByApp.get(d.application) ?? [];
    const first = signals[firstAfter(signals, d.at)];
    if (first === undefined || first >= end) continue;
    failed += 1;
    const failedAt = first;
    // Restored: the next healthy state of the application after the failure.
    const healthy = healthyByApp.get(d.application) ?? [];
    const healthyAt = healthy[firstAfter(healthy, failedAt)];
    if (healthyAt !== undefined) {
      restoreTimes.push((healthyAt - failedAt) / 1000);
    }
  }

  const perDay = days > 0 ? counted.length / days : 0;
  const leadMedian = median(leadTimes);
  const ratio = counted.length > 0 ? failed / counted.length : null;
  const restoreMedian = median(restoreTimes);
  let basis: DoraMetrics['leadTimeForChanges']['basis'] = null;
  if (bases.size === 2) basis = 'mixed';
  else if (bases.size === 1) basis = [...bases][0];
  return {
    window: {
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      days,
    },
    deploymentFrequency: { count: counted.length, perDay },
    leadTimeForChanges: { medianSeconds: leadMedian, basis },
    changeFailureRate: { ratio, failed, total: counted.length },
    timeToRestore: {
      medianSeconds: restoreMedian,
      incidents: restoreTimes.length,
    },
    performance: {
      deploymentFrequency:
        days > 0
          ? bandAtLeast(perDay, DORA_BANDS.deploymentFrequencyPerDay)
          : null,
      leadTimeForChanges:
        leadMedian === null
          ? null
          : bandAtMost(leadMedian, DORA_BANDS.leadTimeSeconds, true),
      changeFailureRate:
        ratio === null ? null : bandAtMost(ratio, DORA_BANDS.changeFailureRate),
      timeToRestore:
        restoreMedian === null
          ? null
          : bandAtMost(restoreMedian, DORA_BANDS.timeToRestoreSeconds, true),
    },
  };
}
