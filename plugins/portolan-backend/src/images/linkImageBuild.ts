/*
 * Finds the build that produced an image, by digest only: a kpack Build
 * whose `status.latestImage` has it, or a pipeline run whose results name it
 * (Tekton Chains' `IMAGE_DIGEST`, Jenkins X). A match on anything weaker
 * (tags, times) would be a guess, so there is none.
 */
import type {
  ImageBuildRef,
  KpackBuild,
  KpackImage,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import { digestOf, normalizeDigest } from '../delivery/imageReference';
import { withoutUndefined } from '../delivery/unstructured';

/** The build behind an image, and for kpack the records the rebase check reads. */
export interface LinkedBuild {
  build?: ImageBuildRef;
  kpack?: { image: KpackImage; build: KpackBuild };
}

/** The build that produced `digest`, preferring kpack (it knows the run image too). */
export function linkImageBuild(
  digest: string,
  kpackImages: readonly KpackImage[],
  pipelineRuns: readonly PipelineRun[],
): LinkedBuild {
  for (const image of kpackImages) {
    const build = image.builds.find(
      b => b.status === 'succeeded' && b.digest === digest,
    );
    if (build) {
      return {
        kpack: { image, build },
        build: withoutUndefined({
          system: 'kpack' as const,
          cluster: build.cluster,
          namespace: build.namespace,
          name: build.name,
          status: build.status,
          finishedAt: build.finishedAt,
          commit: build.commit?.sha,
          reasons: build.upstreamReasons,
        }),
      };
    }
  }
  for (const run of pipelineRuns) {
    const built = run.images.some(
      image =>
        (normalizeDigest(image.digest) ?? digestOf(image.url)) === digest,
    );
    if (built) {
      return {
        build: withoutUndefined({
          system: run.system,
          cluster: run.cluster,
          namespace: run.namespace,
          name: run.name,
          status: run.status,
          finishedAt: run.finishedAt,
          commit: run.commit?.sha,
        }),
      };
    }
  }
  return {};
}
