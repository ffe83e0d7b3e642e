/*
 * Reads an entity's stored history into `computeDora` inputs. Owns which
 * deployments count as production (the default rule of docs/dora.md) and the
 * window parsing. Must never write history or reach a cluster or an SCM.
 */
import { InputError } from '@backstage/errors';
import type { HistoryItem, HistoryStore } from '../history/HistoryStore';
import { computeDora, type DoraMetrics, type DoraSync } from './computeDora';

const DAY_MS = 86_400_000;
/** Syncs before the window still matter: they tell a rollback from a deployment. */
const LOOKBACK_MS = 400 * DAY_MS;

/** `30d` → milliseconds; 1 to 365 days. */
export function parseDoraWindow(window: string | undefined): number {
  const match = /^(\d{1,3})d$/.exec(window ?? '30d');
  const days = match ? Number(match[1]) : NaN;
  if (!(days >= 1 && days <= 365)) {
    throw new InputError(
      `Invalid window '${window}': use a number of days from 1d to 365d`,
    );
  }
  return days * DAY_MS;
}

/** Default production rule: the destination namespace or the app name contains `prod`. */
export function isProduction(item: HistoryItem): boolean {
  const names = [item.details.application, item.details.destinationNamespace];
  return names.some(n => typeof n === 'string' && n.includes('prod'));
}

export async function doraForEntity(
  store: Pick<HistoryStore, 'all'>,
  entityRef: string,
  windowMs: number,
  now: number,
): Promise<DoraMetrics> {
  const since = now - windowMs;
  const [deployments, runs] = await Promise.all([
    store.all([entityRef], 'deployments', since - LOOKBACK_MS, now),
    store.all([entityRef], 'pipelineRuns', since - LOOKBACK_MS, now),
  ]);
  const syncs: DoraSync[] = deployments.filter(isProduction).flatMap(d => {
    const at = Date.parse(d.finishedAt ?? d.startedAt ?? '');
    const revision = d.details.revision ?? d.commit;
    if (!Number.isFinite(at) || typeof revision !== 'string') return [];
    return [
      {
        application: String(d.details.application),
        revision,
        at,
        succeeded: d.status === 'succeeded',
      },
    ];
  });
  const firstRunTimes = new Map<string, number>();
  for (const run of runs) {
    const started = Date.parse(run.startedAt ?? '');
    if (!run.commit || !Number.isFinite(started)) continue;
    const known = firstRunTimes.get(run.commit);
    if (known === undefined || started < known) {
      firstRunTimes.set(run.commit, started);
    }
  }
  return computeDora({
    since,
    until: now,
    syncs,
    // Health over time and SCM commit times are not stored yet (docs/dora.md).
    health: [],
    commitTimes: new Map(),
    firstRunTimes,
  });
}
