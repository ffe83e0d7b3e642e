/*
 * Turns an entity's cached workload objects into `Workload` records: each
 * selected controller with its pods, pods grouped under their top-level
 * controller (Pod → ReplicaSet → Deployment), the images with the digests
 * the kubelets resolved, restarts, nodes and one status. Pure.
 */
import type {
  Workload,
  WorkloadContainer,
  WorkloadKind,
  WorkloadPod,
  WorkloadStatus,
} from '@portolan/plugin-portolan-common';
import type {
  CachedMetadata,
  CachedObject,
  ClusterSnapshot,
  EntityQuery,
} from '@portolan/plugin-portolan-node';
import { parseImageReference } from '../../delivery/imageReference';
import type {
  ProjectedContainerSpec,
  ProjectedController,
  ProjectedPod,
} from './projectWorkloads';
import {
  daemonSetResource,
  deploymentResource,
  podResource,
  replicaSetResource,
  statefulSetResource,
} from './workloadResources';

/** Waiting reasons that mean a pod is failing, not just starting. */
const FAILING_WAITING_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** API groups whose pods are pipeline steps (Tekton TaskRuns), left out of workloads. */
const PIPELINE_OWNER_GROUPS = ['tekton.dev/'];

const CONTROLLER_RESOURCES = {
  Deployment: deploymentResource,
  StatefulSet: statefulSetResource,
  DaemonSet: daemonSetResource,
  ReplicaSet: replicaSetResource,
} as const;

type ControllerKind = keyof typeof CONTROLLER_RESOURCES;

const KIND_ORDER: readonly WorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'other',
  'Pod',
];

/** A workload being assembled. */
interface Draft {
  kind: WorkloadKind;
  upstreamKind: string;
  namespace: string;
  name: string;
  metadata?: CachedMetadata;
  controller?: ProjectedController;
  pods: Array<CachedObject<ProjectedPod>>;
}

function controllerOf(metadata: CachedMetadata) {
  return metadata.ownerReferences.find(r => r.controller);
}

function isControllerKind(kind: string): kind is ControllerKind {
  return Object.prototype.hasOwnProperty.call(CONTROLLER_RESOURCES, kind);
}

/**
 * The digest a container status's imageID pins, when it names a
 * repository. (`parseImageReference` remembers what it parsed: every pod
 * of a workload reports the same few imageIDs.)
 */
function runningDigest(imageID: string | undefined): string | undefined {
  return parseImageReference(imageID)?.digest;
}

function toPod(
  pod: CachedObject<ProjectedPod>,
  revision: string | undefined,
): WorkloadPod {
  const { metadata, projection: p } = pod;
  const images = new Map(p.containers.map(c => [c.name, c.image]));
  const containers: WorkloadContainer[] = p.containers.map(spec => {
    const s = p.statuses.find(
      x => x.name === spec.name && x.init === spec.init,
    );
    const digest = runningDigest(s?.imageID);
    return {
      name: spec.name,
      image: images.get(spec.name) ?? '',
      ...(digest ? { digest } : {}),
      init: spec.init,
      ready: s?.ready ?? false,
      restarts: s?.restartCount ?? 0,
      state: s?.state ?? 'unknown',
      ...(s?.reason ? { reason: s.reason } : {}),
      ...(s?.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s?.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s?.last ? { lastTermination: s.last } : {}),
    };
  });
  const phase = (p.phase ?? '').toLowerCase();
  const known = ['pending', 'running', 'succeeded', 'failed'].includes(phase);
  return {
    name: metadata.name,
    phase: known ? (phase as WorkloadPod['phase']) : 'unknown',
    ...(!known && p.phase ? { upstreamPhase: p.phase } : {}),
    ready: p.ready,
    terminating: metadata.deletionTimestamp !== undefined,
    restarts: containers.reduce((sum, c) => sum + c.restarts, 0),
    ...(p.nodeName ? { node: p.nodeName } : {}),
    ...(metadata.creationTimestamp
      ? { createdAt: metadata.creationTimestamp }
      : {}),
    ...(p.startTime ? { startedAt: p.startTime } : {}),
    ...(revision ? { revision } : {}),
    containers,
  };
}

function failingReason(pods: readonly WorkloadPod[]): string | undefined {
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (
        c.state === 'waiting' &&
        c.reason &&
        FAILING_WAITING_REASONS.has(c.reason)
      ) {
        return `${pod.name}/${c.name}: ${c.reason}`;
      }
    }
  }
  return undefined;
}

function statusOf(
  draft: Draft,
  pods: readonly WorkloadPod[],
): { status: WorkloadStatus; statusReason?: string } {
  const failing = failingReason(pods);
  const c = draft.controller;
  if (!c) {
    if (draft.kind === 'Pod' && pods[0]) {
      const pod = pods[0];
      if (pod.phase === 'failed')
        return { status: 'degraded', statusReason: 'pod failed' };
      if (failing) return { status: 'degraded', statusReason: failing };
      if (pod.phase === 'succeeded' || (pod.phase === 'running' && pod.ready)) {
        return { status: 'healthy' };
      }
      return pod.phase === 'unknown'
        ? { status: 'unknown' }
        : { status: 'progressing', statusReason: pod.phase };
    }
    if (pods.length === 0) return { status: 'unknown' };
    if (failing) return { status: 'degraded', statusReason: failing };
    return pods.every(p => p.ready || p.phase === 'succeeded')
      ? { status: 'healthy' }
      : { status: 'progressing' };
  }
  const stuck = c.conditions.find(
    x => x.type === 'Progressing' && x.reason === 'ProgressDeadlineExceeded',
  );
  if (stuck)
    return { status: 'degraded', statusReason: stuck.message ?? stuck.reason };
  const replicaFailure = c.conditions.find(
    x => x.type === 'ReplicaFailure' && x.status === 'True',
  );
  if (replicaFailure) {
    return {
      status: 'degraded',
      statusReason: replicaFailure.message ?? replicaFailure.reason,
    };
  }
  if (failing) return { status: 'degraded', statusReason: failing };
  if (c.desired === 0) return { status: 'scaled-down' };
  if (c.observedGeneration === undefined) return { status: 'unknown' };
  const generation = draft.metadata?.generation;
  if (generation !== undefined && c.observedGeneration < generation) {
    return {
      status: 'progressing',
      statusReason: 'new generation not observed yet',
    };
  }
  if (c.updated < c.desired) {
    return {
      status: 'progressing',
      statusReason: `${c.updated}/${c.desired} updated`,
    };
  }
  if (c.ready < c.desired || c.available < c.desired) {
    return {
      status: 'progressing',
      statusReason: `${c.ready}/${c.desired} ready`,
    };
  }
  if (
    c.updateRevision &&
    c.currentRevision &&
    c.updateRevision !== c.currentRevision
  ) {
    return { status: 'progressing', statusReason: 'rolling update' };
  }
  return { status: 'healthy' };
}

function imagesOf(
  specs: readonly ProjectedContainerSpec[],
  pods: readonly WorkloadPod[],
): Workload['images'] {
  const images = specs.map(spec => ({
    container: spec.name,
    image: spec.image,
    digests: [] as string[],
  }));
  for (const pod of pods) {
    for (const c of pod.containers) {
      let entry = images.find(i => i.container === c.name);
      if (!entry) {
        entry = { container: c.name, image: c.image, digests: [] };
        images.push(entry);
      }
      if (c.digest && !entry.digests.includes(c.digest))
        entry.digests.push(c.digest);
    }
  }
  return images;
}

function finish(cluster: string, draft: Draft): Workload {
  const pods = draft.pods
    .map(pod => {
      const owner = controllerOf(pod.metadata);
      const revision =
        owner?.kind === 'ReplicaSet'
          ? owner.name
          : pod.metadata.labels['controller-revision-hash'];
      return toPod(pod, revision);
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const { status, statusReason } = statusOf(draft, pods);
  const c = draft.controller;
  const revision =
    draft.metadata?.annotations['deployment.kubernetes.io/revision'] ??
    c?.updateRevision;
  const specs = c?.containers ?? draft.pods[0]?.projection.containers ?? [];
  return {
    cluster,
    namespace: draft.namespace,
    name: draft.name,
    kind: draft.kind,
    upstreamKind: draft.upstreamKind,
    status,
    ...(statusReason ? { statusReason } : {}),
    ...(draft.metadata?.creationTimestamp
      ? { createdAt: draft.metadata.creationTimestamp }
      : {}),
    ...(c
      ? {
          replicas: {
            desired: c.desired,
            ready: c.ready,
            available: c.available,
            updated: c.updated,
          },
        }
      : {}),
    ...(revision ? { revision } : {}),
    images: imagesOf(specs, pods),
    pods,
    restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
    nodes: [...new Set(pods.flatMap(p => (p.node ? [p.node] : [])))].sort(),
  };
}

/** The workloads of the entity on one cluster. */
export function translateClusterWorkloads(
  query: EntityQuery,
  cluster: ClusterSnapshot,
): Workload[] {
  const drafts = new Map<string, Draft>();
  const draftFor = (
    kind: WorkloadKind,
    upstreamKind: string,
    namespace: string,
    name: string,
  ): Draft => {
    const key = `${upstreamKind}/${namespace}/${name}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { kind, upstreamKind, namespace, name, pods: [] };
      drafts.set(key, draft);
    }
    return draft;
  };
  const controllerDraft = (
    kind: ControllerKind,
    object: CachedObject<ProjectedController>,
  ): Draft => {
    const draft = draftFor(
      kind,
      kind,
      object.metadata.namespace ?? '',
      object.metadata.name,
    );
    draft.metadata = object.metadata;
    draft.controller = object.projection;
    return draft;
  };

  /** The top-level controller of an object owned by `kind/name`, created as needed. */
  const topOwner = (namespace: string, kind: string, name: string): Draft => {
    if (!isControllerKind(kind)) {
      return draftFor('other', kind, namespace, name);
    }
    const owner = cluster.get(CONTROLLER_RESOURCES[kind], namespace, name);
    if (!owner) {
      // Not cached (not served, or not synced yet): still group the pods under it.
      return draftFor(kind, kind, namespace, name);
    }
    const parent =
      kind === 'ReplicaSet' ? controllerOf(owner.metadata) : undefined;
    if (parent) {
      return topOwner(namespace, parent.kind, parent.name);
    }
    return controllerDraft(kind, owner);
  };

  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) {
    for (const object of query.select(cluster, CONTROLLER_RESOURCES[kind])) {
      controllerDraft(kind, object);
    }
  }
  for (const rs of query.select(cluster, replicaSetResource)) {
    const parent = controllerOf(rs.metadata);
    // A Deployment's ReplicaSets are its revisions, not workloads of their own.
    if (parent) topOwner(rs.metadata.namespace ?? '', parent.kind, parent.name);
    else controllerDraft('ReplicaSet', rs);
  }
  for (const pod of query.select(cluster, podResource)) {
    const namespace = pod.metadata.namespace ?? '';
    const owner = controllerOf(pod.metadata);
    // Pipeline pods are builds, not what runs: the pipeline sources show them.
    if (
      owner &&
      PIPELINE_OWNER_GROUPS.some(g => owner.apiVersion.startsWith(g))
    ) {
      continue;
    }
    const draft = owner
      ? topOwner(namespace, owner.kind, owner.name)
      : draftFor('Pod', 'Pod', namespace, pod.metadata.name);
    if (!owner) draft.metadata = pod.metadata;
    draft.pods.push(pod);
  }

  return [...drafts.values()]
    .map(draft => finish(cluster.name, draft))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        a.name.localeCompare(b.name),
    );
}

/** The entity's workloads on every cluster asked, in cluster order. */
export function translateWorkloads(query: EntityQuery): Workload[] {
  return query.clusters.flatMap(cluster =>
    translateClusterWorkloads(query, cluster),
  );
}
