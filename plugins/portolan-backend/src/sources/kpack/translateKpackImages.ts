/*
 * Translates cached kpack objects into KpackImage and KpackBuild records:
 * build status from the `Succeeded` condition, reasons and changes from the
 * Build's annotations, the builder and buildpacks used, and the run image
 * the builder's stack resolves now. Pure; malformed values become warnings.
 */
import type {
  CommitRef,
  KpackBuild,
  KpackBuildChange,
  KpackBuildReason,
  KpackImage,
  KpackImageState,
  RunStatus,
} from '@portolan/plugin-portolan-common';
import { KPACK_BUILD_REASONS } from '@portolan/plugin-portolan-common';
import type { CachedObject } from '@portolan/plugin-portolan-node';
import { digestOf } from '../../delivery/imageReference';
import { isCommitSha } from '../../delivery/repositoryUrl';
import {
  asObject,
  durationBetween,
  normalizeTimestamp,
  withoutUndefined,
} from '../../delivery/unstructured';
import {
  KPACK_BUILDER_KIND_ANNOTATION,
  KPACK_BUILDER_NAME_ANNOTATION,
  KPACK_BUILD_NUMBER_LABEL,
  KPACK_CHANGES_ANNOTATION,
  KPACK_IMAGE_LABEL,
  KPACK_REASON_ANNOTATION,
  type ProjectedKpackBuild,
  type ProjectedKpackCondition,
  type ProjectedKpackImage,
  type ProjectedKpackSource,
} from './kpackResources';

/** The run image a builder's stack resolves now, and where that was read. */
export interface CurrentRunImage {
  image: string;
  /** `ClusterStack/base`, `ClusterBuilder/default` … */
  from: string;
}

function reasonOf(upstream: string): KpackBuildReason {
  return (KPACK_BUILD_REASONS as readonly string[]).includes(upstream) &&
    upstream !== 'unknown'
    ? (upstream as KpackBuildReason)
    : 'unknown';
}

/** Splits `image.kpack.io/reason` (`COMMIT,BUILDPACK`). */
export function parseKpackReasons(annotation: string | undefined): {
  reasons: KpackBuildReason[];
  upstreamReasons: string[];
} {
  const upstreamReasons = (annotation ?? '')
    .split(',')
    .map(reason => reason.trim())
    .filter(reason => reason !== '');
  return { reasons: upstreamReasons.map(reasonOf), upstreamReasons };
}

function shortValue(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return 'none';
  }
  if (typeof value === 'string') {
    // Checked through a copy: the type guard would narrow `value` to never below.
    const text: string = value;
    if (isCommitSha(text)) {
      return text.slice(0, 7);
    }
    // Digest references: keep the repository's last segment and a short digest.
    const at = value.indexOf('@sha256:');
    if (at >= 0) {
      const repository = value.slice(0, at).split('/').pop();
      return `${repository}@sha256:${value.slice(at + 8, at + 15)}`;
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value
      .map(entry => {
        const object = asObject(entry);
        return object && typeof object.id === 'string'
          ? `${object.id}${
              typeof object.version === 'string' ? ` ${object.version}` : ''
            }`
          : JSON.stringify(entry);
      })
      .join(', ');
  }
  return JSON.stringify(value);
}

function changedKeys(old: unknown, next: unknown): string[] {
  const before = asObject(old) ?? {};
  const after = asObject(next) ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(key => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

function summarize(
  upstreamReason: string,
  old: unknown,
  next: unknown,
): string {
  if (
    upstreamReason === 'CONFIG' &&
    (asObject(old) !== undefined || asObject(next) !== undefined)
  ) {
    const keys = changedKeys(old, next);
    return `CONFIG changed ${
      keys.length > 0 ? keys.join(', ') : 'nothing visible'
    }`;
  }
  if (upstreamReason === 'TRIGGER') {
    return `TRIGGER requested${typeof next === 'string' ? ` at ${next}` : ''}`;
  }
  return `${upstreamReason} ${shortValue(old)} → ${shortValue(next)}`;
}

/** Reads `image.kpack.io/buildChanges`; a value that does not parse is a warning. */
export function parseKpackBuildChanges(
  annotation: string | undefined,
  warnings: string[],
): KpackBuildChange[] {
  if (!annotation) {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch {
    warnings.push(`Annotation ${KPACK_CHANGES_ANNOTATION} is not valid JSON`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    warnings.push(`Annotation ${KPACK_CHANGES_ANNOTATION} is not a list`);
    return [];
  }
  const changes: KpackBuildChange[] = [];
  for (const entry of parsed) {
    const object = asObject(entry);
    const upstreamReason =
      object && typeof object.reason === 'string' ? object.reason : undefined;
    if (!object || !upstreamReason) {
      warnings.push(
        `Annotation ${KPACK_CHANGES_ANNOTATION} has an entry without a reason`,
      );
      continue;
    }
    changes.push(
      withoutUndefined({
        reason: reasonOf(upstreamReason),
        upstreamReason,
        old: object.old,
        new: object.new,
        summary: summarize(upstreamReason, object.old, object.new),
      }),
    );
  }
  return changes;
}

function buildStatus(
  condition: ProjectedKpackCondition | undefined,
): RunStatus {
  switch (condition?.status) {
    case 'True':
      return 'succeeded';
    case 'False':
      return 'failed';
    case 'Unknown':
      return 'running';
    case undefined:
      // A Build kpack has not reconciled yet has no conditions.
      return 'pending';
    default:
      return 'unknown';
  }
}

function commitOf(source: ProjectedKpackSource): CommitRef | undefined {
  if (!source.gitUrl && !source.gitRevision) {
    return undefined;
  }
  return withoutUndefined({
    sha: isCommitSha(source.gitRevision) ? source.gitRevision : undefined,
    repositoryUrl: source.gitUrl,
    // A revision that is not a SHA is a branch or tag kpack resolved later.
    branch:
      source.gitRevision && !isCommitSha(source.gitRevision)
        ? source.gitRevision
        : undefined,
  });
}

/** One cached Build as a KpackBuild record. */
export function translateKpackBuild(
  cluster: string,
  cached: CachedObject<ProjectedKpackBuild>,
): KpackBuild {
  const { metadata, projection: build } = cached;
  const warnings: string[] = [];
  const { reasons, upstreamReasons } = parseKpackReasons(
    metadata.annotations[KPACK_REASON_ANNOTATION],
  );
  const changes = parseKpackBuildChanges(
    metadata.annotations[KPACK_CHANGES_ANNOTATION],
    warnings,
  );
  const status = buildStatus(build.succeeded);
  const createdAt = metadata.creationTimestamp
    ? normalizeTimestamp(metadata.creationTimestamp, 'creationTimestamp')
    : undefined;
  const finishedAt =
    status === 'succeeded' || status === 'failed'
      ? build.succeeded?.lastTransitionTime ?? build.lastStepFinishedAt
      : undefined;
  const buildNumber = Number(metadata.labels[KPACK_BUILD_NUMBER_LABEL]);
  return withoutUndefined({
    cluster,
    namespace: metadata.namespace ?? '',
    name: metadata.name,
    image: metadata.labels[KPACK_IMAGE_LABEL],
    buildNumber: Number.isInteger(buildNumber) ? buildNumber : undefined,
    status,
    conditionReason: build.succeeded?.reason,
    message: build.succeeded?.message,
    reasons,
    upstreamReasons,
    changes,
    createdAt,
    startedAt: build.firstStepStartedAt,
    finishedAt,
    durationMs: durationBetween(createdAt, finishedAt),
    commit: commitOf(build.source),
    builder: withoutUndefined({
      image: build.builderImage,
      kind: metadata.annotations[KPACK_BUILDER_KIND_ANNOTATION],
      name: metadata.annotations[KPACK_BUILDER_NAME_ANNOTATION],
    }),
    buildpacks: build.buildpacks.map(bp => withoutUndefined({ ...bp })),
    runImage: build.stackRunImage,
    stackId: build.stackId,
    lifecycleVersion: build.lifecycleVersion,
    latestImage: build.latestImage,
    digest: digestOf(build.latestImage),
    tags: build.tags,
    podName: build.podName,
    warnings,
  });
}

function imageState(
  ready: ProjectedKpackCondition | undefined,
): KpackImageState {
  if (ready?.status === 'True') return 'ready';
  if (ready?.status === 'False') return 'not-ready';
  return 'unknown';
}

function newestFirst(a: KpackBuild, b: KpackBuild): number {
  if (a.buildNumber !== undefined && b.buildNumber !== undefined) {
    return b.buildNumber - a.buildNumber;
  }
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
}

/** One cached Image with its builds as a KpackImage record. */
export function translateKpackImage(
  cluster: string,
  cached: CachedObject<ProjectedKpackImage>,
  builds: readonly KpackBuild[],
  currentRunImage: CurrentRunImage | undefined,
): KpackImage {
  const { metadata, projection: image } = cached;
  const warnings: string[] = [];
  if (!image.builderName) {
    warnings.push('spec.builder.name is missing');
  } else if (!currentRunImage) {
    warnings.push(
      `The run image of ${image.builderKind ?? 'builder'} ${
        image.builderName
      } is not known (builder or stack not found or not resolved)`,
    );
  }
  return withoutUndefined({
    cluster,
    namespace: metadata.namespace ?? '',
    name: metadata.name,
    tag: image.tag,
    state: imageState(image.ready),
    stateReason: image.ready?.reason,
    stateMessage: image.ready?.message,
    builder: withoutUndefined({
      kind: image.builderKind,
      name: image.builderName,
    }),
    sourceUrl:
      image.source.gitUrl ?? image.source.blobUrl ?? image.source.registryImage,
    sourceRevision: image.source.gitRevision,
    latestImage: image.latestImage,
    latestDigest: digestOf(image.latestImage),
    latestBuildRef: image.latestBuildRef,
    latestBuildReason: image.latestBuildReason,
    latestStack: image.latestStack,
    buildCounter: image.buildCounter,
    currentRunImage: currentRunImage?.image,
    currentRunImageFrom: currentRunImage?.from,
    builds: [...builds].sort(newestFirst),
    warnings,
  });
}
