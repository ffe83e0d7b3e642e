/*
 * The built-in `kpack` source: an entity's kpack Images with their build
 * history (reasons, changes, builder, buildpacks, stack run image) and the
 * run image their builder's stack resolves now — enough to show buildpacks
 * facts and judge rebases without any registry access. Images belong to an
 * entity by its Kubernetes label selector or, failing that, by the git
 * repository they build. Pure; the cache watches.
 */
import type {
  KpackImage,
  EntityViewSections,
  ImageViewSections,
} from '@portolan/plugin-portolan-common';
import type {
  CachedObject,
  ClusterSnapshot,
  EntityQuery,
  LogTarget,
  PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  repositoryMatcher,
  selectByRepository,
} from '../../delivery/repositoryMatcher';
import {
  KPACK_IMAGE_LABEL,
  kpackBuildResource,
  kpackBuilderResource,
  kpackClusterBuilderResource,
  kpackClusterStackResource,
  kpackImageResource,
  type ProjectedKpackImage,
} from './kpackResources';
import {
  type CurrentRunImage,
  translateKpackBuild,
  translateKpackImage,
} from './translateKpackImages';

/** Options for {@link KpackSource}. */
export interface KpackSourceOptions {
  /** Most recent builds to keep per Image. Default 20. */
  maxBuildsPerImage?: number;
}

function objectKey(cached: CachedObject<unknown>): string {
  return `${cached.metadata.namespace ?? ''}/${cached.metadata.name}`;
}

/** The run image the Image's builder resolves now: its stack's, else the builder's own record. */
function currentRunImageOf(
  cluster: ClusterSnapshot,
  image: CachedObject<ProjectedKpackImage>,
): CurrentRunImage | undefined {
  const { builderKind, builderName } = image.projection;
  if (!builderName) {
    return undefined;
  }
  const builder =
    builderKind === 'ClusterBuilder'
      ? cluster.get(kpackClusterBuilderResource, undefined, builderName)
      : cluster.get(
          kpackBuilderResource,
          image.metadata.namespace,
          builderName,
        );
  if (!builder) {
    return undefined;
  }
  const { stackKind, stackName, stackRunImage } = builder.projection;
  // The stack resolves its run image tag first; the builder catches up on its
  // next reconcile, so the stack's answer is the current one.
  if (stackName && (stackKind === 'ClusterStack' || !stackKind)) {
    const stack = cluster.get(kpackClusterStackResource, undefined, stackName);
    if (stack?.projection.runImageLatest) {
      return {
        image: stack.projection.runImageLatest,
        from: `ClusterStack/${stackName}`,
      };
    }
  }
  return stackRunImage
    ? {
        image: stackRunImage,
        from: `${builderKind ?? 'Builder'}/${builderName}`,
      }
    : undefined;
}

/** kpack Images and Builds per entity, and their build pods for the logs route. */
export class KpackSource implements PortolanSource {
  readonly id = 'kpack';
  readonly resources = [
    kpackImageResource,
    kpackBuildResource,
    kpackBuilderResource,
    kpackClusterBuilderResource,
    kpackClusterStackResource,
  ];
  readonly sections = ['kpackImages'] as const;
  readonly matchers = [repositoryMatcher];
  private readonly maxBuildsPerImage: number;

  constructor(options: KpackSourceOptions = {}) {
    this.maxBuildsPerImage = options.maxBuildsPerImage ?? 20;
  }

  entityView(
    query: EntityQuery,
  ): Partial<EntityViewSections> & ImageViewSections {
    return { kpackImages: this.imagesOf(query) };
  }

  logTargets(query: EntityQuery): LogTarget[] {
    const targets: LogTarget[] = [];
    for (const cluster of query.clusters) {
      for (const image of this.selectImages(query, cluster)) {
        for (const build of this.buildsOf(cluster, image)) {
          if (build.projection.podName && build.projection.steps.length > 0) {
            targets.push({
              cluster: cluster.name,
              namespace: build.metadata.namespace ?? '',
              pod: build.projection.podName,
              containers: build.projection.steps,
            });
          }
        }
      }
    }
    return targets;
  }

  private imagesOf(query: EntityQuery): KpackImage[] {
    const result: KpackImage[] = [];
    for (const cluster of query.clusters) {
      for (const image of this.selectImages(query, cluster)) {
        const builds = this.buildsOf(cluster, image).map(build =>
          translateKpackBuild(cluster.name, build),
        );
        const translated = translateKpackImage(
          cluster.name,
          image,
          builds,
          currentRunImageOf(cluster, image),
        );
        translated.builds = translated.builds.slice(0, this.maxBuildsPerImage);
        result.push(translated);
      }
    }
    return result;
  }

  private selectImages(
    query: EntityQuery,
    cluster: ClusterSnapshot,
  ): CachedObject<ProjectedKpackImage>[] {
    const selected = new Map<string, CachedObject<ProjectedKpackImage>>();
    for (const image of query.select(cluster, kpackImageResource)) {
      selected.set(objectKey(image), image);
    }
    const repositories = query.matched(repositoryMatcher);
    if (repositories) {
      for (const image of selectByRepository(
        cluster,
        kpackImageResource,
        repositories,
      )) {
        if (!selected.has(objectKey(image))) {
          selected.set(objectKey(image), image);
        }
      }
    }
    return [...selected.values()];
  }

  private buildsOf(
    cluster: ClusterSnapshot,
    image: CachedObject<ProjectedKpackImage>,
  ) {
    return cluster.withLabel(
      kpackBuildResource,
      KPACK_IMAGE_LABEL,
      image.metadata.name,
      image.metadata.namespace,
    );
  }
}
