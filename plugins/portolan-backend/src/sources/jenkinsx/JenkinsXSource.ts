/*
 * The built-in `jenkins-x` source: an entity's Jenkins X PipelineActivities
 * as pipeline runs. Activities belong to an entity by its Kubernetes label
 * selector or, with no annotation at all, by repository (the activity's git
 * URL, or its owner and repository; looked up in an index). Pure; the cache watches. Build logs
 * live in Jenkins X's own storage and are linked, not served.
 */
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import {
  defineResource,
  type CachedObject,
  type EntityQuery,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  REPOSITORY_INDEX,
  repositoryIndexKeys,
  repositoryMatcher,
  selectByRepository,
} from '../../delivery/repositoryMatcher';
import {
  projectPipelineActivity,
  type ProjectedPipelineActivity,
} from './projectPipelineActivity';
import { translatePipelineActivities } from './translatePipelineActivities';

/** jenkins.io PipelineActivities. */
export const pipelineActivityResource =
  defineResource<ProjectedPipelineActivity>({
    type: {
      group: 'jenkins.io',
      version: 'v1',
      plural: 'pipelineactivities',
      kind: 'PipelineActivity',
    },
    project: projectPipelineActivity,
    indexes: {
      [REPOSITORY_INDEX]: activity =>
        repositoryIndexKeys({
          keys: activity.projection.repositoryKeys,
          path: activity.projection.repositoryPath,
        }),
    },
  });

/** Options for {@link JenkinsXSource}. */
export interface JenkinsXSourceOptions {
  /** Most recent activities to return per entity. */
  maxRuns?: number;
}

function objectKey(cached: CachedObject<unknown>): string {
  return `${cached.metadata.namespace ?? ''}/${cached.metadata.name}`;
}

/** Jenkins X pipeline runs per entity. */
export class JenkinsXSource implements PortolanSource {
  readonly id = 'jenkins-x';
  readonly resources = [pipelineActivityResource];
  readonly sections = ['pipelineRuns'] as const;
  readonly matchers = [repositoryMatcher];
  private readonly maxRuns: number;

  constructor(options: JenkinsXSourceOptions = {}) {
    this.maxRuns = options.maxRuns ?? 50;
  }

  entityView(query: EntityQuery): { pipelineRuns: PipelineRun[] } {
    const repositories = query.matched(repositoryMatcher);
    const runs: PipelineRun[] = [];
    for (const cluster of query.clusters) {
      const selected = new Map<
        string,
        CachedObject<ProjectedPipelineActivity>
      >();
      for (const activity of query.select(cluster, pipelineActivityResource)) {
        selected.set(objectKey(activity), activity);
      }
      if (repositories) {
        for (const activity of selectByRepository(
          cluster,
          pipelineActivityResource,
          repositories,
        )) {
          selected.set(objectKey(activity), activity);
        }
      }
      runs.push(
        ...translatePipelineActivities(
          cluster.name,
          [...selected.values()].map(activity => activity.projection),
        ).runs,
      );
    }
    const time = (run: PipelineRun) => run.startedAt ?? '';
    return {
      pipelineRuns: runs
        .sort(
          (a, b) =>
            time(b).localeCompare(time(a)) || a.name.localeCompare(b.name),
        )
        .slice(0, this.maxRuns),
    };
  }
}
