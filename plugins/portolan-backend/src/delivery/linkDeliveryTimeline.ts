/*
 * The linked delivery view: for each recent commit, the builds that built it
 * (pipeline runs and kpack Builds), the images they produced, the
 * deployments that rolled it out and the clusters where pods run those
 * images now. Links are made on identities only — commit SHA, image digest,
 * and (when no digest is known) image tag — never on names or times, so a
 * link shown is a link that holds.
 * Pure: works on model records already selected for one entity.
 */
import type {
  BuiltImage,
  CommitRef,
  Deployment,
  KpackImage,
  PipelineRun,
  TimelineDeployment,
  TimelineEntry,
  TimelineImage,
  TimelinePlacement,
  TimelineRun,
  Workload,
} from '@portolan/plugin-portolan-common';
import { builtImageDigest, kpackBuildImages } from './builtImages';
import { digestOf, parseImageReference } from './imageReference';
import { sameCommit } from './repositoryUrl';
import { withoutUndefined } from './unstructured';

/** What the linker reads: the entity's sections. */
export interface TimelineInputs {
  pipelineRuns: readonly PipelineRun[];
  deployments: readonly Deployment[];
  workloads?: readonly Workload[];
  /** kpack Images with their Builds: each Build with a commit SHA is a build on the timeline. */
  kpackImages?: readonly KpackImage[];
}

/** How many commits to keep, most recent first. */
export const DEFAULT_TIMELINE_LENGTH = 20;

/** A pipeline run or a kpack Build, as the linker needs it. */
interface Build {
  run: TimelineRun;
  commit?: CommitRef;
  images: readonly BuiltImage[];
  /** Image tags it pushed that may link deployments naming tags. */
  taggedImages: readonly string[];
  /** Every time it records, for the entry's last activity. */
  times: ReadonlyArray<string | undefined>;
}

interface CommitGroup {
  sha: string;
  builds: Build[];
}

function fromPipelineRun(run: PipelineRun): Build {
  return {
    run: withoutUndefined({
      system: run.system,
      cluster: run.cluster,
      namespace: run.namespace,
      name: run.name,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    }),
    commit: run.commit,
    images: run.images,
    taggedImages: run.images.flatMap(image => image.url ?? []),
    times: [run.createdAt, run.startedAt, run.finishedAt],
  };
}

function fromKpackImages(images: readonly KpackImage[]): Build[] {
  return images.flatMap(image =>
    image.builds.map(build => ({
      run: withoutUndefined({
        system: 'kpack' as const,
        cluster: build.cluster,
        namespace: build.namespace,
        name: build.name,
        status: build.status,
        startedAt: build.startedAt ?? build.createdAt,
        finishedAt: build.finishedAt,
        kpackImage: build.image ?? image.name,
      }),
      commit: build.commit,
      images: kpackBuildImages(build),
      // Every Build of an Image pushes the Image's tag: a deployment naming
      // that tag is not tied to any one of them. Digests only.
      taggedImages: [],
      times: [build.createdAt, build.startedAt, build.finishedAt],
    })),
  );
}

function latest(...times: Array<string | undefined>): string | undefined {
  return times
    .filter((time): time is string => time !== undefined)
    .reduce<string | undefined>(
      (best, time) => (best === undefined || time > best ? time : best),
      undefined,
    );
}

function groupByCommit(builds: readonly Build[]): CommitGroup[] {
  const groups: CommitGroup[] = [];
  for (const build of builds) {
    const sha = build.commit?.sha;
    if (!sha) {
      continue;
    }
    const group = groups.find(candidate => sameCommit(candidate.sha, sha));
    if (group) {
      group.builds.push(build);
      // Keep the longest spelling: a full SHA beats an abbreviation.
      if (sha.length > group.sha.length) {
        group.sha = sha;
      }
    } else {
      groups.push({ sha, builds: [build] });
    }
  }
  return groups;
}

function imagesOf(builds: readonly Build[]): TimelineImage[] {
  const images: TimelineImage[] = [];
  for (const build of builds) {
    for (const image of build.images) {
      const digest = builtImageDigest(image);
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

/** Image tags the builds pushed (`repository:tag`), for deployments that name tags. */
function taggedReferences(builds: readonly Build[]): Set<string> {
  const tagged = new Set<string>();
  for (const build of builds) {
    for (const url of build.taggedImages) {
      const reference = parseImageReference(url);
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

// Builds of one commit each know part of it (Pipelines-as-Code knows the
// message, a git-clone result or kpack the URL); the first to know a field wins.
function mergeCommits(group: CommitGroup): CommitRef {
  const commit: CommitRef = {};
  for (const build of group.builds) {
    for (const [field, value] of Object.entries(build.commit ?? {})) {
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

/**
 * Links builds (pipeline runs, kpack Builds), images, deployments and
 * running pods by commit, most recent commit first.
 */
export function linkDeliveryTimeline(
  inputs: TimelineInputs,
  limit = DEFAULT_TIMELINE_LENGTH,
): TimelineEntry[] {
  const builds = [
    ...inputs.pipelineRuns.map(fromPipelineRun),
    ...fromKpackImages(inputs.kpackImages ?? []),
  ];
  const entries = groupByCommit(builds).map(group => {
    const images = imagesOf(group.builds);
    const digests = new Set(images.map(image => image.digest));
    const tags = taggedReferences(group.builds);
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
        ...group.builds.flatMap(build => build.times),
        ...deployments.map(deployment => deployment.deployedAt),
      ),
      runs: group.builds
        .map(build => build.run)
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
