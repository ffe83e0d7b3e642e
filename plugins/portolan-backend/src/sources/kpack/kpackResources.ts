/*
 * The kpack resources (kpack.io/v1alpha2 Image, Build, Builder,
 * ClusterBuilder, ClusterStack) and what the cache keeps of each: the few
 * fields the kpack source reads, following kpack `pkg/apis/build/v1alpha2`.
 * Projections never throw; malformed fields read as missing.
 *
 * @see https://github.com/buildpacks-community/kpack/tree/main/pkg/apis/build/v1alpha2
 */
import {
  defineResource,
  type KubeObject,
} from '@portolan/plugin-portolan-node';
import {
  asObject,
  readArray,
  readInteger,
  readNonEmptyString,
  readPath,
  readTimestamp,
} from '../../delivery/unstructured';
import {
  REPOSITORY_INDEX,
  repositoryIndexKeys,
} from '../../delivery/repositoryMatcher';
import { normalizeRepositoryUrl } from '../../delivery/repositoryUrl';

/** `image.kpack.io/image`: the Image a Build belongs to. */
export const KPACK_IMAGE_LABEL = 'image.kpack.io/image';
/** `image.kpack.io/buildNumber`. */
export const KPACK_BUILD_NUMBER_LABEL = 'image.kpack.io/buildNumber';
/** `image.kpack.io/reason`: comma-separated build reasons. */
export const KPACK_REASON_ANNOTATION = 'image.kpack.io/reason';
/** `image.kpack.io/buildChanges`: JSON list of `{ reason, old, new }`. */
export const KPACK_CHANGES_ANNOTATION = 'image.kpack.io/buildChanges';
/** `image.kpack.io/builderName` / `builderKind`: the builder resource a Build used. */
export const KPACK_BUILDER_NAME_ANNOTATION = 'image.kpack.io/builderName';
export const KPACK_BUILDER_KIND_ANNOTATION = 'image.kpack.io/builderKind';

/** A condition as kpack (knative) writes it. */
export interface ProjectedKpackCondition {
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Where a build's source comes from (`SourceConfig`). */
export interface ProjectedKpackSource {
  gitUrl?: string;
  gitRevision?: string;
  blobUrl?: string;
  registryImage?: string;
}

/** `BuildpackMetadata`. */
export interface ProjectedBuildpackMetadata {
  id: string;
  version?: string;
  homepage?: string;
}

/** A kpack Image (`ImageSpec`, `ImageStatus`). */
export interface ProjectedKpackImage {
  tag?: string;
  builderKind?: string;
  builderName?: string;
  source: ProjectedKpackSource;
  ready?: ProjectedKpackCondition;
  latestImage?: string;
  latestBuildRef?: string;
  latestBuildReason?: string;
  latestStack?: string;
  buildCounter?: number;
}

/** A kpack Build (`BuildSpec`, `BuildStatus`). */
export interface ProjectedKpackBuild {
  tags: string[];
  builderImage?: string;
  source: ProjectedKpackSource;
  succeeded?: ProjectedKpackCondition;
  buildpacks: ProjectedBuildpackMetadata[];
  stackRunImage?: string;
  stackId?: string;
  lifecycleVersion?: string;
  latestImage?: string;
  podName?: string;
  /** `status.stepsCompleted`: the build pod's step containers that ran. */
  steps: string[];
  /** The first step's start time: when the build really started (it may wait for a node first). */
  firstStepStartedAt?: string;
  /** The last step's finish time, for durations when the condition has none. */
  lastStepFinishedAt?: string;
}

/** A Builder or ClusterBuilder (`BuilderSpec.stack`, `BuilderStatus`). */
export interface ProjectedKpackBuilder {
  stackKind?: string;
  stackName?: string;
  latestImage?: string;
  stackRunImage?: string;
  stackId?: string;
}

/** A ClusterStack (`ClusterStackStatus` with `ResolvedClusterStack`). */
export interface ProjectedKpackClusterStack {
  id?: string;
  /** `status.runImage.latestImage`: the run image resolved now (a digest reference). */
  runImageLatest?: string;
  /** `status.runImage.image` or `spec.runImage.image`: the tag it follows. */
  runImageTag?: string;
}

function condition(
  object: unknown,
  type: string,
): ProjectedKpackCondition | undefined {
  const found = readArray(object, ['status', 'conditions']).find(
    c => readNonEmptyString(c, ['type']) === type,
  );
  if (!found) {
    return undefined;
  }
  return {
    status: readNonEmptyString(found, ['status']),
    reason: readNonEmptyString(found, ['reason']),
    message: readNonEmptyString(found, ['message']),
    lastTransitionTime: readTimestamp(found, ['lastTransitionTime']),
  };
}

function source(object: unknown): ProjectedKpackSource {
  const spec = readPath(object, ['spec', 'source']);
  return {
    gitUrl: readNonEmptyString(spec, ['git', 'url']),
    gitRevision: readNonEmptyString(spec, ['git', 'revision']),
    blobUrl: readNonEmptyString(spec, ['blob', 'url']),
    registryImage: readNonEmptyString(spec, ['registry', 'image']),
  };
}

function buildpackMetadata(list: unknown[]): ProjectedBuildpackMetadata[] {
  const result: ProjectedBuildpackMetadata[] = [];
  for (const entry of list) {
    const id = readNonEmptyString(entry, ['id']);
    if (id) {
      result.push({
        id,
        version: readNonEmptyString(entry, ['version']),
        homepage: readNonEmptyString(entry, ['homepage']),
      });
    }
  }
  return result;
}

/** Projects a kpack Image. */
export function projectKpackImage(object: KubeObject): ProjectedKpackImage {
  return {
    tag: readNonEmptyString(object, ['spec', 'tag']),
    builderKind: readNonEmptyString(object, ['spec', 'builder', 'kind']),
    builderName: readNonEmptyString(object, ['spec', 'builder', 'name']),
    source: source(object),
    ready: condition(object, 'Ready'),
    latestImage: readNonEmptyString(object, ['status', 'latestImage']),
    latestBuildRef: readNonEmptyString(object, ['status', 'latestBuildRef']),
    latestBuildReason: readNonEmptyString(object, [
      'status',
      'latestBuildReason',
    ]),
    latestStack: readNonEmptyString(object, ['status', 'latestStack']),
    buildCounter: readInteger(object, ['status', 'buildCounter']),
  };
}

/** Projects a kpack Build. */
export function projectKpackBuild(object: KubeObject): ProjectedKpackBuild {
  let firstStepStartedAt: string | undefined;
  let lastStepFinishedAt: string | undefined;
  // Each step state is a container state: running or terminated, with times.
  for (const step of readArray(object, ['status', 'stepStates'])) {
    const started =
      readTimestamp(step, ['terminated', 'startedAt']) ??
      readTimestamp(step, ['running', 'startedAt']);
    if (started && (!firstStepStartedAt || started < firstStepStartedAt)) {
      firstStepStartedAt = started;
    }
    const finished = readTimestamp(step, ['terminated', 'finishedAt']);
    if (finished && (!lastStepFinishedAt || finished > lastStepFinishedAt)) {
      lastStepFinishedAt = finished;
    }
  }
  return {
    tags: readArray(object, ['spec', 'tags']).filter(
      (tag): tag is string => typeof tag === 'string' && tag !== '',
    ),
    builderImage: readNonEmptyString(object, ['spec', 'builder', 'image']),
    source: source(object),
    succeeded: condition(object, 'Succeeded'),
    buildpacks: buildpackMetadata(
      readArray(object, ['status', 'buildMetadata']),
    ),
    stackRunImage: readNonEmptyString(object, ['status', 'stack', 'runImage']),
    stackId: readNonEmptyString(object, ['status', 'stack', 'id']),
    lifecycleVersion: readNonEmptyString(object, [
      'status',
      'lifecycleVersion',
    ]),
    latestImage: readNonEmptyString(object, ['status', 'latestImage']),
    podName: readNonEmptyString(object, ['status', 'podName']),
    steps: readArray(object, ['status', 'stepsCompleted']).filter(
      (step): step is string => typeof step === 'string' && step !== '',
    ),
    firstStepStartedAt,
    lastStepFinishedAt,
  };
}

/** Projects a Builder or ClusterBuilder. */
export function projectKpackBuilder(object: KubeObject): ProjectedKpackBuilder {
  return {
    stackKind: readNonEmptyString(object, ['spec', 'stack', 'kind']),
    stackName: readNonEmptyString(object, ['spec', 'stack', 'name']),
    latestImage: readNonEmptyString(object, ['status', 'latestImage']),
    stackRunImage: readNonEmptyString(object, ['status', 'stack', 'runImage']),
    stackId: readNonEmptyString(object, ['status', 'stack', 'id']),
  };
}

/** Projects a ClusterStack. */
export function projectKpackClusterStack(
  object: KubeObject,
): ProjectedKpackClusterStack {
  const status = asObject(readPath(object, ['status']));
  return {
    id:
      readNonEmptyString(status, ['id']) ??
      readNonEmptyString(object, ['spec', 'id']),
    runImageLatest: readNonEmptyString(status, ['runImage', 'latestImage']),
    runImageTag:
      readNonEmptyString(status, ['runImage', 'image']) ??
      readNonEmptyString(object, ['spec', 'runImage', 'image']),
  };
}

const GROUP = 'kpack.io';
const VERSION = 'v1alpha2';

/** kpack Images. */
export const kpackImageResource = defineResource<ProjectedKpackImage>({
  type: { group: GROUP, version: VERSION, plural: 'images', kind: 'Image' },
  project: projectKpackImage,
  // Entities find their Images by the git repository they build.
  indexes: {
    [REPOSITORY_INDEX]: image => {
      const key = normalizeRepositoryUrl(image.projection.source.gitUrl);
      return key ? repositoryIndexKeys({ keys: [key] }) : [];
    },
  },
});

/** kpack Builds, indexed by the Image they belong to. */
export const kpackBuildResource = defineResource<ProjectedKpackBuild>({
  type: { group: GROUP, version: VERSION, plural: 'builds', kind: 'Build' },
  keepAnnotations: [
    KPACK_REASON_ANNOTATION,
    KPACK_CHANGES_ANNOTATION,
    KPACK_BUILDER_NAME_ANNOTATION,
    KPACK_BUILDER_KIND_ANNOTATION,
  ],
  indexLabels: [KPACK_IMAGE_LABEL],
  project: projectKpackBuild,
});

/** Namespaced kpack Builders. */
export const kpackBuilderResource = defineResource<ProjectedKpackBuilder>({
  type: { group: GROUP, version: VERSION, plural: 'builders', kind: 'Builder' },
  project: projectKpackBuilder,
});

/** Cluster-scoped kpack ClusterBuilders. */
export const kpackClusterBuilderResource =
  defineResource<ProjectedKpackBuilder>({
    type: {
      group: GROUP,
      version: VERSION,
      plural: 'clusterbuilders',
      kind: 'ClusterBuilder',
    },
    project: projectKpackBuilder,
  });

/** Cluster-scoped kpack ClusterStacks. */
export const kpackClusterStackResource =
  defineResource<ProjectedKpackClusterStack>({
    type: {
      group: GROUP,
      version: VERSION,
      plural: 'clusterstacks',
      kind: 'ClusterStack',
    },
    project: projectKpackClusterStack,
  });
