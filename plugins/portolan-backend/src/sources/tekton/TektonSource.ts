/*
 * The built-in `tekton` source: an entity's Tekton PipelineRuns (with their
 * TaskRuns) as pipeline runs, and the pods of their steps for the logs
 * route. Runs belong to an entity by its Kubernetes label selector (the
 * `backstage.io/kubernetes-id` label the official Tekton plugin also uses)
 * or, with no annotation at all, by repository (through an index of runs
 * by repository key, so a view never scans every run). Pure; the cache
 * watches.
 */
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import {
  defineResource,
  type CachedObject,
  type ClusterSnapshot,
  type EntityQuery,
  type LogTarget,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  REPOSITORY_INDEX,
  repositoryIndexKeys,
  repositoryMatcher,
  selectByRepository,
} from '../../delivery/repositoryMatcher';
import { normalizeRepositoryUrl } from '../../delivery/repositoryUrl';
import {
  TEKTON_ANNOTATION_PREFIXES,
  projectTektonPipelineRun,
  projectTektonTaskRun,
  type ProjectedTektonPipelineRun,
  type ProjectedTektonTaskRun,
} from './projectTektonRuns';
import { tektonRepositoryUrls } from './tektonProvenance';
import { translateTektonRuns } from './translateTektonRuns';

/** A PipelineRun as the cache keeps it: labels and annotations live in the cached metadata. */
export type StoredTektonPipelineRun = Omit<
  ProjectedTektonPipelineRun,
  'labels' | 'annotations'
> & {
  /** Repository keys named by the run, computed once when it changes. */
  repositoryKeys: string[];
};

/** A TaskRun as the cache keeps it. */
export type StoredTektonTaskRun = Omit<ProjectedTektonTaskRun, 'labels'>;

const PIPELINE_RUN_LABEL = 'tekton.dev/pipelineRun';

/** tekton.dev PipelineRuns (v1, v1beta1 where only that is served). */
export const tektonPipelineRunResource =
  defineResource<StoredTektonPipelineRun>({
    type: {
      group: 'tekton.dev',
      version: 'v1',
      plural: 'pipelineruns',
      kind: 'PipelineRun',
    },
    fallbackVersions: ['v1beta1'],
    keepAnnotations: TEKTON_ANNOTATION_PREFIXES.map(prefix => `${prefix}*`),
    project(object) {
      const { labels, annotations, ...projected } =
        projectTektonPipelineRun(object);
      const repositoryKeys = tektonRepositoryUrls({
        ...projected,
        labels,
        annotations,
      }).flatMap(url => normalizeRepositoryUrl(url) ?? []);
      return { ...projected, repositoryKeys: [...new Set(repositoryKeys)] };
    },
    indexes: {
      [REPOSITORY_INDEX]: run =>
        repositoryIndexKeys({ keys: run.projection.repositoryKeys }),
    },
  });

/** tekton.dev TaskRuns, indexed by the PipelineRun they belong to. */
export const tektonTaskRunResource = defineResource<StoredTektonTaskRun>({
  type: {
    group: 'tekton.dev',
    version: 'v1',
    plural: 'taskruns',
    kind: 'TaskRun',
  },
  fallbackVersions: ['v1beta1'],
  indexLabels: [PIPELINE_RUN_LABEL],
  project(object) {
    const { labels, ...projected } = projectTektonTaskRun(object);
    return projected;
  },
});

/** Options for {@link TektonSource}. */
export interface TektonSourceOptions {
  /** Most recent runs to return per entity (all clusters together). */
  maxRuns?: number;
}

function rehydrateRun(
  cached: CachedObject<StoredTektonPipelineRun>,
): ProjectedTektonPipelineRun {
  return {
    ...cached.projection,
    labels: { ...cached.metadata.labels },
    annotations: { ...cached.metadata.annotations },
  };
}

function rehydrateTaskRun(
  cached: CachedObject<StoredTektonTaskRun>,
): ProjectedTektonTaskRun {
  return { ...cached.projection, labels: { ...cached.metadata.labels } };
}

// Objects are keyed by namespace and name: uids are absent from fixtures and
// hand-written objects, and names are unique within a resource type anyway.
function objectKey(cached: CachedObject<unknown>): string {
  return `${cached.metadata.namespace ?? ''}/${cached.metadata.name}`;
}

function newestFirst(a: PipelineRun, b: PipelineRun): number {
  const time = (run: PipelineRun) => run.startedAt ?? run.createdAt ?? '';
  return time(b).localeCompare(time(a)) || a.name.localeCompare(b.name);
}

/** Tekton pipeline runs per entity, and their step pods for the logs route. */
export class TektonSource implements PortolanSource {
  readonly id = 'tekton';
  readonly resources = [tektonPipelineRunResource, tektonTaskRunResource];
  readonly sections = ['pipelineRuns'] as const;
  readonly matchers = [repositoryMatcher];
  private readonly maxRuns: number;

  constructor(options: TektonSourceOptions = {}) {
    this.maxRuns = options.maxRuns ?? 50;
  }

  entityView(query: EntityQuery) {
    return { pipelineRuns: this.runsOf(query) };
  }

  logTargets(query: EntityQuery): LogTarget[] {
    const targets: LogTarget[] = [];
    for (const run of this.runsOf(query)) {
      for (const task of run.tasks) {
        if (task.podName) {
          targets.push({
            cluster: run.cluster,
            namespace: run.namespace,
            pod: task.podName,
            containers: task.steps.flatMap(step => step.container ?? []),
          });
        }
      }
    }
    return targets;
  }

  private runsOf(query: EntityQuery): PipelineRun[] {
    const repositories = query.matched(repositoryMatcher);
    const runs: PipelineRun[] = [];
    for (const cluster of query.clusters) {
      const selected = new Map<string, CachedObject<StoredTektonPipelineRun>>();
      for (const run of query.select(cluster, tektonPipelineRunResource)) {
        selected.set(objectKey(run), run);
      }
      if (repositories) {
        for (const run of selectByRepository(
          cluster,
          tektonPipelineRunResource,
          repositories,
        )) {
          const key = objectKey(run);
          if (!selected.has(key)) selected.set(key, run);
        }
      }
      if (selected.size === 0) {
        continue;
      }
      const pipelineRuns = [...selected.values()];
      runs.push(
        ...translateTektonRuns(
          cluster.name,
          pipelineRuns.map(rehydrateRun),
          this.taskRunsOf(cluster, pipelineRuns),
        ).runs,
      );
    }
    return runs.sort(newestFirst).slice(0, this.maxRuns);
  }

  private taskRunsOf(
    cluster: ClusterSnapshot,
    pipelineRuns: readonly CachedObject<StoredTektonPipelineRun>[],
  ): ProjectedTektonTaskRun[] {
    const found = new Map<string, CachedObject<StoredTektonTaskRun>>();
    for (const run of pipelineRuns) {
      const namespace = run.metadata.namespace ?? run.projection.namespace;
      for (const taskRun of cluster.withLabel(
        tektonTaskRunResource,
        PIPELINE_RUN_LABEL,
        run.metadata.name,
        namespace,
      )) {
        found.set(objectKey(taskRun), taskRun);
      }
      for (const child of run.projection.childReferences) {
        const taskRun =
          child.kind === 'TaskRun'
            ? cluster.get(tektonTaskRunResource, namespace, child.name)
            : undefined;
        if (taskRun) {
          found.set(objectKey(taskRun), taskRun);
        }
      }
    }
    return [...found.values()].map(rehydrateTaskRun);
  }
}
