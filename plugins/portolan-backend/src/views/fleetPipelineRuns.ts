/*
 * `GET /pipeline-runs`: the pipeline runs of many services at once, from
 * their entity views (memory only), filtered, newest first. Whatever could
 * make the answer incomplete — a view that failed, a cluster not synced, a
 * source that failed — is named per service, never dropped silently.
 */
import { toError } from '@backstage/errors';
import type {
  EntityView,
  FleetPipelineRun,
  FleetPipelineRunsError,
  FleetPipelineRunsQuery,
  FleetPipelineRunsResponse,
} from '@portolan/plugin-portolan-common';

/** One service for the fleet query; `view` may throw (a bad annotation). */
export interface FleetViewEntity {
  entityRef: string;
  view: () => EntityView;
}

/** Why a view may lack runs, or undefined when it is complete. */
function incompleteness(view: EntityView): string | undefined {
  const reasons = [
    ...view.clusters
      .filter(cluster => cluster.state !== 'synced')
      .map(
        cluster =>
          `cluster ${cluster.name} is ${cluster.state}${
            cluster.message ? ` (${cluster.message})` : ''
          }`,
      ),
    ...view.sourceErrors.map(e => `source ${e.source} failed: ${e.message}`),
  ];
  if (reasons.length === 0 && !view.partial) return undefined;
  return reasons.length > 0 ? reasons.join('; ') : 'the view is partial';
}

/** The time a run is ordered by: finish, else start, else creation. */
function runTime(run: FleetPipelineRun): number {
  const at = run.finishedAt ?? run.startedAt ?? run.createdAt;
  return at ? Date.parse(at) : 0;
}

/**
 * What one service adds to the fleet's runs, whatever the query: its runs
 * (stamped with its ref) and why they may be incomplete. The view cache
 * keeps it beside the entity's view, so a fleet request recomputes only
 * the services whose inputs changed.
 */
export interface FleetRunsContribution {
  entityRef: string;
  runs: readonly FleetPipelineRun[];
  /** Why the runs may be incomplete, or the view's failure. */
  error?: string;
}

/** The contribution of one service's view; `view` may throw. */
export function fleetRunsContribution(
  entityRef: string,
  view: () => EntityView,
): FleetRunsContribution {
  let built: EntityView;
  try {
    built = view();
  } catch (e) {
    return { entityRef, runs: [], error: toError(e).message };
  }
  const error = incompleteness(built);
  return {
    entityRef,
    runs: (built.pipelineRuns ?? []).map(run => ({ ...run, entityRef })),
    ...(error ? { error } : {}),
  };
}

/** The runs of `entities` that match `query`, newest first, at most `query.limit`. */
export function fleetPipelineRuns(
  query: FleetPipelineRunsQuery,
  entities: readonly FleetViewEntity[],
): FleetPipelineRunsResponse {
  return fleetPipelineRunsFrom(
    query,
    entities.map(e => fleetRunsContribution(e.entityRef, e.view)),
  );
}

/** As {@link fleetPipelineRuns}, from the services' kept contributions. */
export function fleetPipelineRunsFrom(
  query: FleetPipelineRunsQuery,
  contributions: readonly FleetRunsContribution[],
): FleetPipelineRunsResponse {
  const statuses = query.status ? new Set<string>(query.status) : undefined;
  const matched: FleetPipelineRun[] = [];
  const errors: FleetPipelineRunsError[] = [];
  for (const contribution of contributions) {
    if (contribution.error) {
      errors.push({
        entityRef: contribution.entityRef,
        message: contribution.error,
      });
    }
    for (const run of contribution.runs) {
      if (statuses && !statuses.has(run.status)) continue;
      if (query.system && run.system !== query.system) continue;
      matched.push(run);
    }
  }
  matched.sort(
    (a, b) =>
      runTime(b) - runTime(a) ||
      a.entityRef.localeCompare(b.entityRef) ||
      a.cluster.localeCompare(b.cluster) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
  const items = matched.slice(0, query.limit);
  return {
    items,
    generatedAt: new Date().toISOString(),
    entities: contributions.length,
    total: matched.length,
    truncated: items.length < matched.length,
    partial: errors.length > 0,
    errors,
  };
}
