/*
 * Finds the build that produced an image, by digest only: a kpack Build
 * whose `status.latestImage` has it, or a pipeline run whose results name it
 * (Tekton Chains' `IMAGE_DIGEST`, Jenkins X). The link is the delivery
 * timeline's (delivery/builtImages), so both views agree on which build
 * made an image. A match on anything weaker (tags, times) would be a guess,
 * so there is none.
 */
import type {
  ImageBuildRef,
  KpackBuild,
  KpackImage,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import { built, kpackBuildImages, runBuilt } from '../delivery/builtImages';
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
    // A failed build that recorded the digest still pushed it; a succeeded
    // one of the same digest is preferred for its facts.
    const pushed = image.builds.filter(b => built(kpackBuildImages(b), digest));
    const build = pushed.find(b => b.status === 'succeeded') ?? pushed[0];
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
    if (runBuilt(run, digest)) {
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
