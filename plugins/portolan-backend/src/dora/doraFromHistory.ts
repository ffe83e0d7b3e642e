/*
 * Reads entities' stored history into `computeDora` inputs, for one entity
 * or pooled across a fleet (per owner, per service). Owns which deployments
 * count as production (`portolan.dora.production` matchers, else the default
 * rule of docs/dora.md) and the window parsing. Commit times come from the
 * store (`portolan_history_commits`, filled by history/CommitTimes). Must
 * never write history or reach a cluster or an SCM.
 */
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { HistoryItem, HistoryStore } from '../history/HistoryStore';
import {
  computeDora,
  type DoraHealthEvent,
  type DoraMetrics,
  type DoraSync,
} from './computeDora';

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

/**
 * One `portolan.dora.production` matcher: every field given must match the
 * deployment (`*` matches any run of characters, the rest literally); a
 * deployment is production when any matcher matches.
 */
export interface ProductionMatcher {
  /** The Argo CD Application's name. */
  application?: string;
  /** The destination cluster, as Portolan names it. */
  cluster?: string;
  /** The destination namespace. */
  namespace?: string;
}

/** Decides whether a stored deployment counts as a production deployment. */
export type ProductionRule = (item: HistoryItem) => boolean;

/** Default production rule: the destination namespace or the app name contains `prod`. */
export const defaultProductionRule: ProductionRule = item => {
  const names = [item.details.application, item.details.destinationNamespace];
  return names.some(n => typeof n === 'string' && n.includes('prod'));
};

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** The rule from configured matchers; the default rule when there are none. */
export function productionRule(
  matchers: readonly ProductionMatcher[] | undefined,
): ProductionRule {
  if (!matchers || matchers.length === 0) return defaultProductionRule;
  const compiled = matchers.map(m =>
    (
      [
        ['application', m.application],
        ['destinationCluster', m.cluster],
        ['destinationNamespace', m.namespace],
      ] as const
    ).flatMap(([field, glob]) =>
      glob === undefined ? [] : [{ field, re: globToRegExp(glob) }],
    ),
  );
  return item =>
    compiled.some(tests =>
      tests.every(({ field, re }) => {
        const value = item.details[field];
        return typeof value === 'string' && re.test(value);
      }),
    );
}

/** Reads `portolan.dora.production`; refuses a matcher that names nothing. */
export function readProductionRule(config: Config): ProductionRule {
  const list = config.getOptionalConfigArray('portolan.dora.production');
  if (!list) return defaultProductionRule;
  return productionRule(
    list.map((c, i) => {
      const m: ProductionMatcher = {
        application: c.getOptionalString('application'),
        cluster: c.getOptionalString('cluster'),
        namespace: c.getOptionalString('namespace'),
      };
      if (!m.application && !m.cluster && !m.namespace) {
        throw new Error(
          `Invalid portolan.dora.production[${i}]: give at least one of application, cluster, namespace`,
        );
      }
      return m;
    }),
  );
}

interface EntityInputs {
  syncs: DoraSync[];
  health: DoraHealthEvent[];
  firstRunTimes: Map<string, number>;
  /** SCM commit times of the revisions deployed in the window. */
  commitTimes: Map<string, number>;
}

const emptyInputs = (): EntityInputs => ({
  syncs: [],
  health: [],
  firstRunTimes: new Map(),
  commitTimes: new Map(),
});

/** What DORA reads from the store. */
export type DoraStore = Pick<
  HistoryStore,
  'doraDeployments' | 'firstRunTimes' | 'healthEvents' | 'commitTimes'
>;

/**
 * Every entity's DORA inputs, read in one query per table, each only the
 * columns DORA needs (covering indexes). Syncs and runs go back
 * `LOOKBACK_MS` before the window, but only for what the window deployed:
 * syncs of the same Application to a revision deployed in the window (a
 * revision seen before tells a rollback; the Application's other earlier
 * syncs cannot change how the window's syncs count) and runs of those
 * commits (the first run). Health only from the window's start, since only
 * signals after a deployment in the window count.
 */
async function loadInputs(
  store: DoraStore,
  entityRefs: readonly string[],
  since: number,
  now: number,
  isProduction: ProductionRule,
): Promise<Map<string, EntityInputs>> {
  const [deployments, runs, health] = await Promise.all([
    store.doraDeployments(entityRefs, since - LOOKBACK_MS, since, now),
    store.firstRunTimes(entityRefs, since - LOOKBACK_MS, since, now),
    store.healthEvents(entityRefs, since, now),
  ]);
  const byEntity = new Map<string, EntityInputs>(
    entityRefs.map(ref => [ref, emptyInputs()]),
  );
  // The production rule reads these fields of a stored deployment.
  const asItem = (
    cluster: string,
    application: string,
    destinationCluster?: string,
    destinationNamespace?: string,
  ): HistoryItem => ({
    cluster,
    source: 'argocd',
    live: true,
    details: {
      application,
      ...(destinationCluster ? { destinationCluster } : {}),
      ...(destinationNamespace ? { destinationNamespace } : {}),
    },
  });
  for (const h of health) {
    const inputs = byEntity.get(h.entityRef);
    if (!inputs || (h.health !== 'healthy' && h.health !== 'degraded')) {
      continue;
    }
    // The same production rule as the deployments, on the same fields.
    const item = asItem(
      h.cluster,
      h.application,
      h.destinationCluster,
      h.destinationNamespace,
    );
    if (!isProduction(item)) continue;
    inputs.health.push({
      application: h.application,
      at: h.at,
      health: h.health,
    });
  }
  for (const d of deployments) {
    const item = asItem(
      '',
      d.application,
      d.destinationCluster,
      d.destinationNamespace,
    );
    if (!isProduction(item)) continue;
    const revision = d.revision ?? d.commit;
    const inputs = byEntity.get(d.entityRef);
    if (!inputs || d.at === undefined || revision === undefined) continue;
    inputs.syncs.push({
      application: d.application,
      revision,
      at: d.at,
      succeeded: d.status === 'succeeded',
    });
  }
  // Commit times only matter for what was deployed in the window.
  const deployed = new Set<string>();
  for (const inputs of byEntity.values()) {
    for (const s of inputs.syncs) {
      if (s.succeeded && s.at >= since) deployed.add(s.revision);
    }
  }
  const commitTimes = await store.commitTimes(deployed);
  for (const inputs of byEntity.values()) {
    for (const s of inputs.syncs) {
      const at = commitTimes.get(s.revision);
      if (at !== undefined) inputs.commitTimes.set(s.revision, at);
    }
  }
  for (const run of runs) {
    const inputs = byEntity.get(run.entityRef);
    if (!inputs) continue;
    const known = inputs.firstRunTimes.get(run.commit);
    if (known === undefined || run.startedAt < known) {
      inputs.firstRunTimes.set(run.commit, run.startedAt);
    }
  }
  return byEntity;
}

function metrics(
  since: number,
  now: number,
  inputs: EntityInputs,
): DoraMetrics {
  return computeDora({
    since,
    until: now,
    syncs: inputs.syncs,
    health: inputs.health,
    commitTimes: inputs.commitTimes,
    firstRunTimes: inputs.firstRunTimes,
  });
}

/** Several entities' inputs as one: applications keyed by entity too, so same-named apps stay apart. */
function pooled(entries: ReadonlyArray<[string, EntityInputs]>): EntityInputs {
  const out = emptyInputs();
  for (const [ref, inputs] of entries) {
    for (const s of inputs.syncs) {
      out.syncs.push({ ...s, application: `${ref}|${s.application}` });
    }
    for (const h of inputs.health) {
      out.health.push({ ...h, application: `${ref}|${h.application}` });
    }
    for (const [commit, at] of inputs.commitTimes) {
      out.commitTimes.set(commit, at);
    }
    for (const [commit, at] of inputs.firstRunTimes) {
      const known = out.firstRunTimes.get(commit);
      if (known === undefined || at < known) out.firstRunTimes.set(commit, at);
    }
  }
  return out;
}

export async function doraForEntity(
  store: DoraStore,
  entityRef: string,
  windowMs: number,
  now: number,
  isProduction: ProductionRule = defaultProductionRule,
): Promise<DoraMetrics> {
  const since = now - windowMs;
  const inputs = await loadInputs(store, [entityRef], since, now, isProduction);
  return metrics(since, now, inputs.get(entityRef)!);
}

/** A service the fleet DORA figures cover. */
export interface FleetDoraEntity {
  entityRef: string;
  title?: string;
  /** The owner's entity ref. */
  owner?: string;
}

export interface FleetDoraMetrics extends DoraMetrics {
  owners: Array<{ owner: string; services: number; dora: DoraMetrics }>;
  services: Array<FleetDoraEntity & { dora: DoraMetrics }>;
}

/** `GET /dora`: pooled, per owner and per service. */
export async function doraForFleet(
  store: DoraStore,
  entities: readonly FleetDoraEntity[],
  windowMs: number,
  now: number,
  isProduction: ProductionRule = defaultProductionRule,
): Promise<FleetDoraMetrics> {
  const since = now - windowMs;
  const refs = entities.map(e => e.entityRef);
  const inputs = await loadInputs(store, refs, since, now, isProduction);
  const byOwner = new Map<string, Array<[string, EntityInputs]>>();
  for (const e of entities) {
    const owner = e.owner ?? 'unowned';
    const list = byOwner.get(owner) ?? [];
    list.push([e.entityRef, inputs.get(e.entityRef)!]);
    byOwner.set(owner, list);
  }
  return {
    ...metrics(since, now, pooled([...inputs.entries()])),
    owners: [...byOwner.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([owner, list]) => ({
        owner,
        services: list.length,
        dora: metrics(since, now, pooled(list)),
      })),
    services: entities.map(e => ({
      ...e,
      dora: metrics(since, now, inputs.get(e.entityRef)!),
    })),
  };
}
