/*
 * How a build links to an image: by the digest it records, and by nothing
 * weaker (tags, names, times). The one rule behind both the delivery
 * timeline (commit → run → image) and the images view (running image →
 * the build that produced it). Pure.
 */
import type {
  BuiltImage,
  KpackBuild,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import { digestOf, normalizeDigest } from './imageReference';
import { withoutUndefined } from './unstructured';

/** The digest a built image is known by: its recorded digest, else the one its URL pins. */
export function builtImageDigest(image: BuiltImage): string | undefined {
  return normalizeDigest(image.digest) ?? digestOf(image.url);
}

/** What a kpack Build pushed: the image it reports (`status.latestImage`) and its digest. */
export function kpackBuildImages(build: KpackBuild): BuiltImage[] {
  return build.latestImage || build.digest
    ? [withoutUndefined({ url: build.latestImage, digest: build.digest })]
    : [];
}

/** Whether a build's images include `digest`. */
export function built(images: readonly BuiltImage[], digest: string): boolean {
  return images.some(image => builtImageDigest(image) === digest);
}

/** Whether the pipeline run pushed `digest`. */
export function runBuilt(run: PipelineRun, digest: string): boolean {
  return built(run.images, digest);
}
