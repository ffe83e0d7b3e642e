/*
 * The built-in `images` source: which image digests an entity's pods run,
 * on which cluster and platform (from the nodes they run on), and under
 * which workloads. Pure and fast; the registry, kpack and pipeline facts
 * are joined in later by the ImageService, which fills `registry`,
 * `buildpacks`, `build` and `rebase`.
 */
import type {
  EntityViewSections,
  ImagePlatform,
  ImageViewSections,
  ImageWorkload,
  RunningImage,
} from '@portolan/plugin-portolan-common';
import {
  defineResource,
  type CachedObject,
  type ClusterSnapshot,
  type EntityQuery,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  parseImageReference,
  type ImageReference,
} from '../delivery/imageReference';
import { readNonEmptyString } from '../delivery/unstructured';
import type { ProjectedPod } from '../sources/workloads/projectWorkloads';
import {
  podResource,
  replicaSetResource,
} from '../sources/workloads/workloadResources';

/** A node's platform, as the kubelet labels it (`kubernetes.io/os`, `kubernetes.io/arch`). */
export interface ProjectedNodePlatform {
  os?: string;
  architecture?: string;
}

/** Nodes, projected to their platform only. */
export const nodePlatformResource = defineResource<ProjectedNodePlatform>({
  type: { group: '', version: 'v1', plural: 'nodes', kind: 'Node' },
  project(object) {
    return {
      os:
        readNonEmptyString(object, [
          'metadata',
          'labels',
          'kubernetes.io/os',
        ]) ??
        readNonEmptyString(object, ['status', 'nodeInfo', 'operatingSystem']),
      architecture:
        readNonEmptyString(object, [
          'metadata',
          'labels',
          'kubernetes.io/arch',
        ]) ??
        readNonEmptyString(object, ['status', 'nodeInfo', 'architecture']),
    };
  },
});

/** The rebase state of an image the registry step has not looked at. */
export const NOT_CHECKED_REBASE: RunningImage['rebase'] = {
  state: 'unknown',
  cause: 'not-checked',
  reason: 'The registry step has not run for this view',
};

function platformOf(
  cluster: ClusterSnapshot,
  nodeName: string | undefined,
): ImagePlatform | undefined {
  const node = nodeName
    ? cluster.get(nodePlatformResource, undefined, nodeName)
    : undefined;
  const { os, architecture } = node?.projection ?? {};
  return os && architecture ? { os, architecture } : undefined;
}

/** The controller a pod belongs to: a Deployment through its ReplicaSet, else its owner, else the pod. */
function workloadOf(
  cluster: ClusterSnapshot,
  pod: CachedObject<ProjectedPod>,
): { kind: string; name: string } {
  const owner = pod.metadata.ownerReferences.find(ref => ref.controller);
  if (!owner) {
    return { kind: 'Pod', name: pod.metadata.name };
  }
  if (owner.kind === 'ReplicaSet') {
    const replicaSet = cluster.get(
      replicaSetResource,
      pod.metadata.namespace,
      owner.name,
    );
    const deployment = replicaSet?.metadata.ownerReferences.find(
      ref => ref.controller && ref.kind === 'Deployment',
    );
    if (deployment) {
      return { kind: 'Deployment', name: deployment.name };
    }
  }
  return { kind: owner.kind, name: owner.name };
}

/**
 * The manifest a container runs: the kubelet's imageID names what it
 * pulled; a bare digest there is a local image id, so then the digest the
 * spec pins, if any.
 */
function runningReference(
  imageID: string | undefined,
  specRef: ImageReference | undefined,
): ImageReference | undefined {
  const statusRef = parseImageReference(imageID);
  if (statusRef?.digest && imageID?.includes('/')) {
    return statusRef;
  }
  return specRef?.digest ? specRef : undefined;
}

function platformKey(platform: ImagePlatform | undefined): string {
  return platform ? `${platform.os}/${platform.architecture}` : '';
}

/** The images each cluster's pods of the entity run, one record per digest and platform. */
export function runningImagesOf(query: EntityQuery): RunningImage[] {
  const images = new Map<string, RunningImage>();
  for (const cluster of query.clusters) {
    for (const pod of query.select(cluster, podResource)) {
      const platform = platformOf(cluster, pod.projection.nodeName);
      const workload = workloadOf(cluster, pod);
      const namespace = pod.metadata.namespace ?? '';
      const seenInPod = new Set<string>();
      for (const spec of pod.projection.containers) {
        const status = pod.projection.statuses.find(
          s => s.name === spec.name && s.init === spec.init,
        );
        const specRef = parseImageReference(spec.image);
        const running = runningReference(status?.imageID, specRef);
        if (!running?.digest) continue;
        const key = `${cluster.name}|${running.repository}@${
          running.digest
        }|${platformKey(platform)}`;
        let image = images.get(key);
        if (!image) {
          image = {
            cluster: cluster.name,
            repository: running.repository,
            digest: running.digest,
            reference: `${running.repository}@${running.digest}`,
            tags: [],
            ...(platform ? { platform } : {}),
            workloads: [],
            registry: { state: 'not-checked' },
            rebase: NOT_CHECKED_REBASE,
            warnings: [],
          };
          images.set(key, image);
        }
        if (
          specRef?.tag &&
          specRef.repository === running.repository &&
          !image.tags.includes(specRef.tag)
        ) {
          image.tags.push(specRef.tag);
        }
        let entry: ImageWorkload | undefined = image.workloads.find(
          w =>
            w.namespace === namespace &&
            w.kind === workload.kind &&
            w.name === workload.name,
        );
        if (!entry) {
          entry = { namespace, ...workload, containers: [], pods: 0 };
          image.workloads.push(entry);
        }
        if (!entry.containers.includes(spec.name)) {
          entry.containers.push(spec.name);
        }
        if (!seenInPod.has(key)) {
          seenInPod.add(key);
          entry.pods += 1;
        }
      }
    }
  }
  return [...images.values()].sort(
    (a, b) =>
      a.cluster.localeCompare(b.cluster) ||
      a.repository.localeCompare(b.repository) ||
      a.digest.localeCompare(b.digest) ||
      platformKey(a.platform).localeCompare(platformKey(b.platform)),
  );
}

/** The images an entity's pods run, before the registry step. */
export class RunningImagesSource implements PortolanSource {
  readonly id = 'images';
  readonly resources = [podResource, replicaSetResource, nodePlatformResource];
  readonly sections = ['images'] as const;

  entityView(
    query: EntityQuery,
  ): Partial<EntityViewSections> & ImageViewSections {
    return { images: runningImagesOf(query) };
  }
}
