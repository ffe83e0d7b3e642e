/*
 * Projections of the workload kinds: what the cache keeps of Pods,
 * Deployments, StatefulSets, DaemonSets and ReplicaSets. Controllers share
 * one shape (replica counts, conditions, container images); a Pod keeps its
 * phase, node and per-container state. Never throws: malformed fields read
 * as missing.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/
 */
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { compact, intern } from '../../cache/projection';
import {
  asObject,
  readArray,
  readBoolean,
  readInteger,
  readNonEmptyString,
  readPath,
  readTimestamp,
} from '../../delivery/unstructured';

/** A container as a pod template or pod spec names it. */
export interface ProjectedContainerSpec {
  name: string;
  image: string;
  init: boolean;
}

/** A controller condition (`Available`, `Progressing`, `ReplicaFailure`). */
export interface ProjectedCondition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** A Deployment, StatefulSet, DaemonSet or ReplicaSet. */
export interface ProjectedController {
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** Unset until the controller has looked at the object. */
  observedGeneration?: number;
  paused: boolean;
  /** StatefulSet revisions (`currentRevision`, `updateRevision`). */
  currentRevision?: string;
  updateRevision?: string;
  conditions: ProjectedCondition[];
  containers: ProjectedContainerSpec[];
}

/** A container's status in a pod. */
export interface ProjectedContainerStatus {
  name: string;
  init: boolean;
  /** The resolved image (`registry/repo@sha256:…`, or `docker-pullable://…`). */
  imageID?: string;
  ready: boolean;
  restartCount: number;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  reason?: string;
  exitCode?: number;
  startedAt?: string;
  last?: { reason?: string; exitCode?: number; finishedAt?: string };
}

/** A Pod. */
export interface ProjectedPod {
  phase?: string;
  nodeName?: string;
  startTime?: string;
  ready: boolean;
  containers: ProjectedContainerSpec[];
  statuses: ProjectedContainerStatus[];
}

function containerSpecs(spec: unknown): ProjectedContainerSpec[] {
  const result: ProjectedContainerSpec[] = [];
  for (const [field, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    for (const c of readArray(spec, [field])) {
      const name = readNonEmptyString(c, ['name']);
      if (name) {
        result.push({
          name: intern(name),
          image: intern(readNonEmptyString(c, ['image']) ?? ''),
          init,
        });
      }
    }
  }
  return compact(result);
}

function conditions(object: unknown): ProjectedCondition[] {
  const result: ProjectedCondition[] = [];
  for (const c of readArray(object, ['status', 'conditions'])) {
    const type = readNonEmptyString(c, ['type']);
    if (type) {
      result.push({
        type: intern(type),
        status: intern(readNonEmptyString(c, ['status'])),
        reason: intern(readNonEmptyString(c, ['reason'])),
        message: readNonEmptyString(c, ['message']),
      });
    }
  }
  return compact(result);
}

function count(object: unknown, path: string[]): number {
  const n = readInteger(object, path);
  return n !== undefined && n > 0 ? n : 0;
}

/** A Deployment, StatefulSet or ReplicaSet (`spec.replicas`, default 1). */
export function projectReplicatedController(
  object: KubeObject,
): ProjectedController {
  const desired = readInteger(object, ['spec', 'replicas']);
  return {
    desired: desired === undefined ? 1 : Math.max(0, desired),
    ready: count(object, ['status', 'readyReplicas']),
    available: count(object, ['status', 'availableReplicas']),
    updated: count(object, ['status', 'updatedReplicas']),
    observedGeneration: readInteger(object, ['status', 'observedGeneration']),
    paused: readBoolean(object, ['spec', 'paused']) === true,
    currentRevision: readNonEmptyString(object, ['status', 'currentRevision']),
    updateRevision: readNonEmptyString(object, ['status', 'updateRevision']),
    conditions: conditions(object),
    containers: containerSpecs(readPath(object, ['spec', 'template', 'spec'])),
  };
}

/** A ReplicaSet has no `updatedReplicas`: its replicas are its revision. */
export function projectReplicaSet(object: KubeObject): ProjectedController {
  const projected = projectReplicatedController(object);
  return { ...projected, updated: projected.ready };
}

/** A DaemonSet (counts are per scheduled node). */
export function projectDaemonSet(object: KubeObject): ProjectedController {
  return {
    desired: count(object, ['status', 'desiredNumberScheduled']),
    ready: count(object, ['status', 'numberReady']),
    available: count(object, ['status', 'numberAvailable']),
    updated: count(object, ['status', 'updatedNumberScheduled']),
    observedGeneration: readInteger(object, ['status', 'observedGeneration']),
    paused: false,
    conditions: conditions(object),
    containers: containerSpecs(readPath(object, ['spec', 'template', 'spec'])),
  };
}

function containerStatus(
  raw: unknown,
  init: boolean,
): ProjectedContainerStatus | undefined {
  const name = readNonEmptyString(raw, ['name']);
  if (!name) return undefined;
  const state = asObject(readPath(raw, ['state']));
  let kind: ProjectedContainerStatus['state'] = 'unknown';
  let detail: unknown;
  for (const candidate of ['running', 'waiting', 'terminated'] as const) {
    if (state && asObject(state[candidate])) {
      kind = candidate;
      detail = state[candidate];
      break;
    }
  }
  const last = asObject(readPath(raw, ['lastState', 'terminated']));
  return {
    name: intern(name),
    init,
    imageID: intern(readNonEmptyString(raw, ['imageID'])),
    ready: readBoolean(raw, ['ready']) === true,
    restartCount: count(raw, ['restartCount']),
    state: kind,
    reason: intern(readNonEmptyString(detail, ['reason'])),
    exitCode: readInteger(detail, ['exitCode']),
    startedAt: readTimestamp(detail, ['startedAt']),
    last: last
      ? {
          reason: readNonEmptyString(last, ['reason']),
          exitCode: readInteger(last, ['exitCode']),
          finishedAt: readTimestamp(last, ['finishedAt']),
        }
      : undefined,
  };
}

/** A Pod: phase, node, readiness and each container's state. */
export function projectPod(object: KubeObject): ProjectedPod {
  const statuses: ProjectedContainerStatus[] = [];
  for (const [field, init] of [
    ['initContainerStatuses', true],
    ['containerStatuses', false],
  ] as const) {
    for (const raw of readArray(object, ['status', field])) {
      const status = containerStatus(raw, init);
      if (status) statuses.push(status);
    }
  }
  const ready = readArray(object, ['status', 'conditions']).some(
    c =>
      readNonEmptyString(c, ['type']) === 'Ready' &&
      readNonEmptyString(c, ['status']) === 'True',
  );
  return {
    phase: intern(readNonEmptyString(object, ['status', 'phase'])),
    nodeName: intern(readNonEmptyString(object, ['spec', 'nodeName'])),
    startTime: readTimestamp(object, ['status', 'startTime']),
    ready,
    containers: containerSpecs(readPath(object, ['spec'])),
    statuses: compact(statuses),
  };
}
