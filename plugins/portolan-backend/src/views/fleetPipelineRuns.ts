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

/** The runs of `entities` that match `query`, newest first, at most `query.limit`. */
export function fleetPipelineRuns(
  query: FleetPipelineRunsQuery,
  entities: readonly FleetViewEntity[],
): FleetPipelineRunsResponse {
  const statuses = query.status ? new Set<string>(query.status) : undefined;
  const matched: FleetPipelineRun[] = [];
  const errors: FleetPipelineRunsError[] = [];
  for (const entity of entities) {
    let view: EntityView;
    try {
      view = entity.view();
    } catch (e) {
      errors.push({
        entityRef: entity.entityRef,
        message: toError(e).message,
      });
      continue;
    }
    const incomplete = incompleteness(view);
    if (incomplete) {
      errors.push({ entityRef: entity.entityRef, message: incomplete });
    }
    for (const run of view.pipelineRuns ?? []) {
      if (statuses && !statuses.has(run.status)) continue;
      if (query.system && run.system !== query.system) continue;
      matched.push({ ...run, entityRef: entity.entityRef });
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
    entities: entities.length,
    total: matched.length,
    truncated: items.length < matched.length,
    partial: errors.length > 0,
    errors,
  };
}
