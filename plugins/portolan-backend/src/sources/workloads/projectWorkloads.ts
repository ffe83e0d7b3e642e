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
import { compact, intern } from '@portolan/plugin-portolan-node';
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

/**
 * The paths read, built once: an array literal in a call is a new array
 * per call, and a pod event reads some thirty of them.
 */
const PATH = {
  exitCode: ['exitCode'],
  finishedAt: ['finishedAt'],
  image: ['image'],
  imageID: ['imageID'],
  lastStateTerminated: ['lastState', 'terminated'],
  message: ['message'],
  name: ['name'],
  ready: ['ready'],
  reason: ['reason'],
  restartCount: ['restartCount'],
  spec: ['spec'],
  specNodeName: ['spec', 'nodeName'],
  specPaused: ['spec', 'paused'],
  specReplicas: ['spec', 'replicas'],
  specTemplateSpec: ['spec', 'template', 'spec'],
  startedAt: ['startedAt'],
  state: ['state'],
  status: ['status'],
  statusAvailableReplicas: ['status', 'availableReplicas'],
  statusConditions: ['status', 'conditions'],
  statusCurrentRevision: ['status', 'currentRevision'],
  statusDesiredNumberScheduled: ['status', 'desiredNumberScheduled'],
  statusNumberAvailable: ['status', 'numberAvailable'],
  statusNumberReady: ['status', 'numberReady'],
  statusObservedGeneration: ['status', 'observedGeneration'],
  statusPhase: ['status', 'phase'],
  statusReadyReplicas: ['status', 'readyReplicas'],
  statusStartTime: ['status', 'startTime'],
  statusUpdateRevision: ['status', 'updateRevision'],
  statusUpdatedNumberScheduled: ['status', 'updatedNumberScheduled'],
  statusUpdatedReplicas: ['status', 'updatedReplicas'],
  type: ['type'],
} as const;

/** Init containers first, as the pod lists them. */
const CONTAINER_LISTS = [
  [['initContainers'], true],
  [['containers'], false],
] as const;
const CONTAINER_STATUS_LISTS = [
  [['status', 'initContainerStatuses'], true],
  [['status', 'containerStatuses'], false],
] as const;
const CONTAINER_STATES = ['running', 'waiting', 'terminated'] as const;

function containerSpecs(spec: unknown): ProjectedContainerSpec[] {
  const result: ProjectedContainerSpec[] = [];
  for (const [path, init] of CONTAINER_LISTS) {
    for (const c of readArray(spec, path)) {
      const name = readNonEmptyString(c, PATH.name);
      if (name) {
        result.push({
          name: intern(name),
          image: intern(readNonEmptyString(c, PATH.image) ?? ''),
          init,
        });
      }
    }
  }
  return compact(result);
}

function conditions(object: unknown): ProjectedCondition[] {
  const result: ProjectedCondition[] = [];
  for (const c of readArray(object, PATH.statusConditions)) {
    const type = readNonEmptyString(c, PATH.type);
    if (type) {
      result.push({
        type: intern(type),
        status: intern(readNonEmptyString(c, PATH.status)),
        reason: intern(readNonEmptyString(c, PATH.reason)),
        message: readNonEmptyString(c, PATH.message),
      });
    }
  }
  return compact(result);
}

function count(object: unknown, path: readonly string[]): number {
  const n = readInteger(object, path);
  return n !== undefined && n > 0 ? n : 0;
}

/** A Deployment, StatefulSet or ReplicaSet (`spec.replicas`, default 1). */
export function projectReplicatedController(
  object: KubeObject,
): ProjectedController {
  const desired = readInteger(object, PATH.specReplicas);
  return {
    desired: desired === undefined ? 1 : Math.max(0, desired),
    ready: count(object, PATH.statusReadyReplicas),
    available: count(object, PATH.statusAvailableReplicas),
    updated: count(object, PATH.statusUpdatedReplicas),
    observedGeneration: readInteger(object, PATH.statusObservedGeneration),
    paused: readBoolean(object, PATH.specPaused) === true,
    currentRevision: readNonEmptyString(object, PATH.statusCurrentRevision),
    updateRevision: readNonEmptyString(object, PATH.statusUpdateRevision),
    conditions: conditions(object),
    containers: containerSpecs(readPath(object, PATH.specTemplateSpec)),
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
    desired: count(object, PATH.statusDesiredNumberScheduled),
    ready: count(object, PATH.statusNumberReady),
    available: count(object, PATH.statusNumberAvailable),
    updated: count(object, PATH.statusUpdatedNumberScheduled),
    observedGeneration: readInteger(object, PATH.statusObservedGeneration),
    paused: false,
    conditions: conditions(object),
    containers: containerSpecs(readPath(object, PATH.specTemplateSpec)),
  };
}

function containerStatus(
  raw: unknown,
  init: boolean,
): ProjectedContainerStatus | undefined {
  const name = readNonEmptyString(raw, PATH.name);
  if (!name) return undefined;
  const state = asObject(readPath(raw, PATH.state));
  let kind: ProjectedContainerStatus['state'] = 'unknown';
  let detail: unknown;
  for (const candidate of CONTAINER_STATES) {
    if (state && asObject(state[candidate])) {
      kind = candidate;
      detail = state[candidate];
      break;
    }
  }
  const last = asObject(readPath(raw, PATH.lastStateTerminated));
  return {
    name: intern(name),
    init,
    imageID: intern(readNonEmptyString(raw, PATH.imageID)),
    ready: readBoolean(raw, PATH.ready) === true,
    restartCount: count(raw, PATH.restartCount),
    state: kind,
    reason: intern(readNonEmptyString(detail, PATH.reason)),
    exitCode: readInteger(detail, PATH.exitCode),
    startedAt: readTimestamp(detail, PATH.startedAt),
    last: last
      ? {
          reason: readNonEmptyString(last, PATH.reason),
          exitCode: readInteger(last, PATH.exitCode),
          finishedAt: readTimestamp(last, PATH.finishedAt),
        }
      : undefined,
  };
}

/** A Pod: phase, node, readiness and each container's state. */
export function projectPod(object: KubeObject): ProjectedPod {
  const statuses: ProjectedContainerStatus[] = [];
  for (const [path, init] of CONTAINER_STATUS_LISTS) {
    for (const raw of readArray(object, path)) {
      const status = containerStatus(raw, init);
      if (status) statuses.push(status);
    }
  }
  const ready = readArray(object, PATH.statusConditions).some(
    c =>
      readNonEmptyString(c, PATH.type) === 'Ready' &&
      readNonEmptyString(c, PATH.status) === 'True',
  );
  return {
    phase: intern(readNonEmptyString(object, PATH.statusPhase)),
    nodeName: intern(readNonEmptyString(object, PATH.specNodeName)),
    startTime: readTimestamp(object, PATH.statusStartTime),
    ready,
    containers: containerSpecs(readPath(object, PATH.spec)),
    statuses: compact(statuses),
  };
}
