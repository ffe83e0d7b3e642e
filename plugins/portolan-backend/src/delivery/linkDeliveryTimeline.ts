/*
 * The linked delivery view: for each recent commit, the runs that built it,
 * the images they produced, the deployments that rolled it out and the
 * clusters where pods run those images now. Links are made on identities
 * only — commit SHA, image digest, and (when no digest is known) image tag —
 * never on names or times, so a link shown is a link that holds.
 * Pure: works on model records already selected for one entity.
 */
import type {
  CommitRef,
  Deployment,
  PipelineRun,
  TimelineDeployment,
  TimelineEntry,
  TimelineImage,
  TimelinePlacement,
  Workload,
} from '@portolan/plugin-portolan-common';
import { digestOf, parseImageReference } from './imageReference';
import { sameCommit } from './repositoryUrl';
import { withoutUndefined } from './unstructured';

/** What the linker reads: the entity's sections. */
export interface TimelineInputs {
  pipelineRuns: readonly PipelineRun[];
  deployments: readonly Deployment[];
  workloads?: readonly Workload[];
}

/** How many commits to keep, most recent first. */
export const DEFAULT_TIMELINE_LENGTH = 20;

interface CommitGroup {
  sha: string;
  runs: PipelineRun[];
}

function latest(...times: Array<string | undefined>): string | undefined {
  return times
    .filter((time): time is string => time !== undefined)
    .reduce<string | undefined>(
      (best, time) => (best === undefined || time > best ? time : best),
      undefined,
    );
}

function groupByCommit(runs: readonly PipelineRun[]): CommitGroup[] {
  const groups: CommitGroup[] = [];
  for (const run of runs) {
    const sha = run.commit?.sha;
    if (!sha) {
      continue;
    }
    const group = groups.find(candidate => sameCommit(candidate.sha, sha));
    if (group) {
      group.runs.push(run);
      // Keep the longest spelling: a full SHA beats an abbreviation.
      if (sha.length > group.sha.length) {
        group.sha = sha;
      }
    } else {
      groups.push({ sha, runs: [run] });
    }
  }
  return groups;
}

function imagesOf(runs: readonly PipelineRun[]): TimelineImage[] {
  const images: TimelineImage[] = [];
  for (const run of runs) {
    for (const image of run.images) {
      const digest = image.digest ?? digestOf(image.url);
      if (!digest) {
        continue;
      }
      const existing = images.find(candidate => candidate.digest === digest);
      if (existing) {
        existing.url ??= image.url;
      } else {
        images.push(withoutUndefined({ url: image.url, digest }));
      }
    }
  }
  return images;
}

/** Image tags the runs pushed (`repository:tag`), for deployments that name tags. */
function taggedReferences(runs: readonly PipelineRun[]): Set<string> {
  const tagged = new Set<string>();
  for (const run of runs) {
    for (const image of run.images) {
      const reference = parseImageReference(image.url);
      if (reference?.tag) {
        tagged.add(`${reference.repository}:${reference.tag}`);
      }
    }
  }
  return tagged;
}

function lastDeployedAt(deployment: Deployment): string | undefined {
  return latest(...deployment.history.map(entry => entry.deployedAt));
}

function linkDeployment(
  deployment: Deployment,
  sha: string,
  digests: ReadonlySet<string>,
  tags: ReadonlySet<string>,
): TimelineDeployment | undefined {
  const base = withoutUndefined({
    system: deployment.system,
    cluster: deployment.cluster,
    namespace: deployment.namespace,
    application: deployment.application,
    destinationCluster: deployment.destination.cluster,
    destinationNamespace: deployment.destination.namespace,
    sync: deployment.sync,
    health: deployment.health,
  });
  const liveReferences = deployment.images.flatMap(
    image => parseImageReference(image) ?? [],
  );
  if (
    liveReferences.some(
      reference => reference.digest && digests.has(reference.digest),
    )
  ) {
    return {
      ...base,
      linkedBy: 'image-digest',
      current: true,
      ...deployedAt(lastDeployedAt(deployment)),
    };
  }
  if (
    liveReferences.some(
      reference =>
        !reference.digest &&
        reference.tag !== undefined &&
        tags.has(`${reference.repository}:${reference.tag}`),
    )
  ) {
    return {
      ...base,
      linkedBy: 'image-tag',
      current: true,
      ...deployedAt(lastDeployedAt(deployment)),
    };
  }
  // The application's source is the commit's repository (manifests beside the code).
  if (deployment.revisions.some(revision => sameCommit(revision, sha))) {
    return {
      ...base,
      linkedBy: 'revision',
      current: true,
      ...deployedAt(lastDeployedAt(deployment)),
    };
  }
  const past = [...deployment.history]
    .reverse()
    .find(entry => entry.revisions.some(revision => sameCommit(revision, sha)));
  if (past) {
    return {
      ...base,
      linkedBy: 'revision',
      current: false,
      ...deployedAt(past.deployedAt),
    };
  }
  return undefined;
}

// Runs of one commit each know part of it (Pipelines-as-Code knows the
// message, a git-clone result the URL); the first run to know a field wins.
function mergeCommits(group: CommitGroup): CommitRef {
  const commit: CommitRef = {};
  for (const run of group.runs) {
    for (const [field, value] of Object.entries(run.commit ?? {})) {
      const key = field as keyof CommitRef;
      if (commit[key] === undefined && value !== undefined) {
        commit[key] = value;
      }
    }
  }
  return { ...commit, sha: group.sha };
}

function deployedAt(time: string | undefined): { deployedAt?: string } {
  return time ? { deployedAt: time } : {};
}

function placements(
  workloads: readonly Workload[],
  digests: ReadonlySet<string>,
): TimelinePlacement[] {
  const byKey = new Map<string, TimelinePlacement>();
  for (const workload of workloads) {
    for (const pod of workload.pods) {
      for (const container of pod.containers) {
        const digest = digestOf(container.digest);
        if (!digest || !digests.has(digest)) {
          continue;
        }
        const key = `${workload.cluster}/${workload.namespace}/${digest}`;
        const placement = byKey.get(key) ?? {
          cluster: workload.cluster,
          namespace: workload.namespace,
          digest,
          pods: [],
          workloads: [],
        };
        if (!placement.pods.includes(pod.name)) {
          placement.pods.push(pod.name);
        }
        const owner = `${workload.upstreamKind}/${workload.name}`;
        if (!placement.workloads.includes(owner)) {
          placement.workloads.push(owner);
        }
        byKey.set(key, placement);
      }
    }
  }
  return [...byKey.values()]
    .map(placement => ({
      ...placement,
      pods: placement.pods.sort(),
      workloads: placement.workloads.sort(),
    }))
    .sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.digest.localeCompare(b.digest),
    );
}

/** Links runs, images, deployments and running pods by commit, most recent commit first. */
export function linkDeliveryTimeline(
  inputs: TimelineInputs,
  limit = DEFAULT_TIMELINE_LENGTH,
): TimelineEntry[] {
  const entries = groupByCommit(inputs.pipelineRuns).map(group => {
    const images = imagesOf(group.runs);
    const digests = new Set(images.map(image => image.digest));
    const tags = taggedReferences(group.runs);
    const deployments = inputs.deployments
      .flatMap(
        deployment =>
          linkDeployment(deployment, group.sha, digests, tags) ?? [],
      )
      .sort(
        (a, b) =>
          Number(b.current) - Number(a.current) ||
          a.application.localeCompare(b.application),
      );
    const commit = mergeCommits(group);
    return withoutUndefined({
      sha: group.sha,
      commit,
      lastActivityAt: latest(
        ...group.runs.flatMap(run => [
          run.createdAt,
          run.startedAt,
          run.finishedAt,
        ]),
        ...deployments.map(deployment => deployment.deployedAt),
      ),
      runs: group.runs
        .map(run =>
          withoutUndefined({
            system: run.system,
            cluster: run.cluster,
            namespace: run.namespace,
            name: run.name,
            status: run.status,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
          }),
        )
        .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '')),
      images,
      deployments,
      runningOn: placements(inputs.workloads ?? [], digests),
    });
  });
  return entries
    .sort((a, b) =>
      (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''),
    )
    .slice(0, limit);
}
