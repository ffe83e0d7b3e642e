/*
 * Decides whether an image needs a rebase. From the registry: the run image
 * tag the image follows, resolved now for the image's platform, against the
 * run image top layer the image recorded — the lifecycle's own rebase test.
 * Without that, from kpack: the run image the Build used against the one
 * its builder's stack resolves now. The registry's answer wins when both
 * exist: it is what a rebase would actually use. Pure.
 */
import type {
  BuildpacksFacts,
  KpackBuild,
  KpackImage,
  RebaseState,
} from '@portolan/plugin-portolan-common';
import { digestOf } from '../delivery/imageReference';
import type { ImageReadOutcome } from '../registry/CachedImageReader';

/** The run image tag lookup, when one was attempted. */
export interface RunImageLookup {
  /** The tag reference followed (the recorded run image, or an allowed mirror). */
  followed: string;
  /** `registry/path` of `followed`, to name the new run image by digest. */
  repository: string;
  outcome: ImageReadOutcome;
}

/** What the rebase verdict is drawn from. */
export interface RebaseInputs {
  /** Facts from the image labels (registry read), when the registry was read. */
  labels?: BuildpacksFacts;
  /** The run image tag lookup, or why none was made. */
  runImage?: RunImageLookup | { skipped: string };
  /** The kpack Build that produced the image, and its Image. */
  kpack?: { image: KpackImage; build: KpackBuild };
  /** Why the registry was not read, when it was not. */
  registryProblem?: string;
}

type Unknown = Extract<RebaseState, { state: 'unknown' }>;

function fromRegistry(inputs: RebaseInputs): RebaseState {
  const { labels, runImage } = inputs;
  if (!labels) {
    return {
      state: 'unknown',
      cause: 'facts-unavailable',
      reason:
        inputs.registryProblem ?? 'The image was not read from its registry',
    };
  }
  if (!labels.detected) {
    return {
      state: 'unknown',
      cause: 'not-buildpacks',
      reason: 'The image was not built by Cloud Native Buildpacks',
    };
  }
  if (labels.rebasable === false) {
    return {
      state: 'unknown',
      cause: 'not-rebasable',
      reason:
        'io.buildpacks.rebasable is false: a buildpack or extension changed the run image layers, so rebuild instead of rebasing',
    };
  }
  const topLayer = labels.runImage?.topLayer;
  if (!labels.runImage?.image) {
    return {
      state: 'unknown',
      cause: 'no-run-image',
      reason: 'The image records no run image tag to follow',
    };
  }
  if (!topLayer) {
    return {
      state: 'unknown',
      cause: 'no-top-layer',
      reason: 'The image records no run image top layer to compare',
    };
  }
  if (!runImage || 'skipped' in runImage) {
    return {
      state: 'unknown',
      cause: 'run-image-lookup-failed',
      reason: runImage?.skipped ?? 'The run image was not looked up',
    };
  }
  const { outcome } = runImage;
  if (!outcome.ok) {
    return {
      state: 'unknown',
      cause: 'run-image-lookup-failed',
      reason: `Run image ${runImage.followed}: ${outcome.message}`,
    };
  }
  const newTopLayer = outcome.image.diffIds[outcome.image.diffIds.length - 1];
  if (!newTopLayer) {
    return {
      state: 'unknown',
      cause: 'run-image-lookup-failed',
      reason: `Run image ${runImage.followed} has no layers`,
    };
  }
  if (newTopLayer === topLayer) {
    return {
      state: 'up-to-date',
      basis: 'registry',
      runImage: runImage.followed,
      reason: `The image's run image top layer is ${runImage.followed}'s current one`,
      checkedAt: outcome.checkedAt,
    };
  }
  return {
    state: 'rebase-available',
    basis: 'registry',
    runImage: runImage.followed,
    ...(labels.runImage.reference
      ? { currentRunImage: labels.runImage.reference }
      : {}),
    newRunImage: `${runImage.repository}@${outcome.image.manifestDigest}`,
    newTopLayer,
    reason: `${runImage.followed} now has top layer ${newTopLayer.slice(
      0,
      19,
    )}…; the image was built on ${topLayer.slice(0, 19)}…`,
    checkedAt: outcome.checkedAt,
  };
}

function fromKpack(
  kpack: NonNullable<RebaseInputs['kpack']>,
): RebaseState | undefined {
  const { image, build } = kpack;
  const used = build.runImage;
  const current = image.currentRunImage;
  if (!used || !current) {
    return undefined;
  }
  const usedDigest = digestOf(used);
  const currentDigest = digestOf(current);
  const from = image.currentRunImageFrom ?? `kpack Image ${image.name}`;
  if (usedDigest && usedDigest === currentDigest) {
    return {
      state: 'up-to-date',
      basis: 'kpack',
      runImage: current,
      reason: `Build ${build.name} used the run image ${from} resolves now`,
    };
  }
  return {
    state: 'rebase-available',
    basis: 'kpack',
    runImage: current,
    currentRunImage: used,
    newRunImage: current,
    reason: `Build ${build.name} used an older run image than ${from} resolves now`,
  };
}

/** The rebase verdict for one image. */
export function assessRebase(inputs: RebaseInputs): RebaseState {
  const registry = fromRegistry(inputs);
  if (registry.state !== 'unknown') {
    return registry;
  }
  // A definite "not buildpacks" or "not rebasable" from the image itself stands.
  const decisive: Unknown['cause'][] = ['not-buildpacks', 'not-rebasable'];
  if (decisive.includes(registry.cause)) {
    return registry;
  }
  if (!inputs.kpack) {
    return registry;
  }
  const kpack = fromKpack(inputs.kpack);
  if (kpack) {
    return kpack;
  }
  if (registry.cause !== 'facts-unavailable') {
    return registry;
  }
  return {
    state: 'unknown',
    cause: 'no-run-image',
    reason: `kpack does not say which run image build ${
      inputs.kpack.build.name
    } used or its builder resolves now, and ${registry.reason.replace(/^./, c =>
      c.toLowerCase(),
    )}`,
  };
}
