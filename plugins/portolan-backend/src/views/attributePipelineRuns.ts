/*
 * Which matcher tied each of an entity's pipeline runs to it: its label
 * selector, its repository, or both. Reads the cached run objects (labels
 * and recorded repositories) from memory, with the matchers the resolver
 * already resolved for the view (never derived again from annotations);
 * never talks to a cluster. Called by FleetViews only.
 */
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import type {
  CachedMetadata,
  ClusterSnapshot,
} from '@portolan/plugin-portolan-node';
import {
  matchesRepository,
  repositoryMatcher,
} from '../delivery/repositoryMatcher';
import type { ResolvedEntity } from '../entities/EntityResolver';
import { matchesLabelSelector } from '@portolan/plugin-portolan-node';
import { pipelineActivityResource } from '../sources/jenkinsx/JenkinsXSource';
import { tektonPipelineRunResource } from '../sources/tekton/TektonSource';

/** How a pipeline run was tied to the entity. */
export type RunMatcherId = 'label-selector' | 'repository';

/** Identifies a run across the view and the run matches. */
export function runKey(
  run: Pick<PipelineRun, 'cluster' | 'namespace' | 'name'>,
) {
  return `${run.cluster}/${run.namespace}/${run.name}`;
}

interface CachedRun {
  metadata: CachedMetadata;
  repositoryKeys: readonly string[];
  repositoryPath?: string;
}

function cachedRun(
  snapshot: ClusterSnapshot,
  run: PipelineRun,
): CachedRun | undefined {
  if (run.system === 'tekton') {
    const found = snapshot.get(
      tektonPipelineRunResource,
      run.namespace,
      run.name,
    );
    return (
      found && {
        metadata: found.metadata,
        repositoryKeys: found.projection.repositoryKeys,
      }
    );
  }
  const found = snapshot.get(pipelineActivityResource, run.namespace, run.name);
  return (
    found && {
      metadata: found.metadata,
      repositoryKeys: found.projection.repositoryKeys,
      repositoryPath: found.projection.repositoryPath,
    }
  );
}

export function attributePipelineRuns(
  resolved: Pick<ResolvedEntity, 'kubernetes' | 'selector' | 'matched'>,
  runs: readonly PipelineRun[],
  snapshots: readonly ClusterSnapshot[],
): Map<string, RunMatcherId[]> {
  const repositories =
    (resolved.matched.get(repositoryMatcher.id) as
      | ReturnType<typeof repositoryMatcher.resolve>
      | undefined) ?? [];
  const byName = new Map(snapshots.map(s => [s.name, s]));
  const matches = new Map<string, RunMatcherId[]>();
  for (const run of runs) {
    const snapshot = byName.get(run.cluster);
    const cached = snapshot && cachedRun(snapshot, run);
    if (!cached) continue;
    const found: RunMatcherId[] = [];
    const namespace = resolved.kubernetes.namespace;
    if (
      (namespace === undefined || cached.metadata.namespace === namespace) &&
      matchesLabelSelector(resolved.selector, cached.metadata.labels)
    ) {
      found.push('label-selector');
    }
    if (
      repositories.length > 0 &&
      matchesRepository(repositories, {
        keys: cached.repositoryKeys,
        path: cached.repositoryPath,
      })
    ) {
      found.push('repository');
    }
    if (found.length) matches.set(runKey(run), found);
  }
  return matches;
}
