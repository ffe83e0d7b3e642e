/*
 * What runs: an entity's workloads (Deployments, StatefulSets, DaemonSets,
 * standalone ReplicaSets and Pods) on each cluster, with their pods, the
 * images they run (with the digests the kubelets resolved), restarts and
 * nodes. Statuses are closed unions; upstream values are kept beside them.
 */
import { z } from 'zod';

/** The kinds of workload Portolan shows. `other` is a controller it does not watch (a Job, an Argo Rollout …). */
export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
  'other',
] as const;
/** The kinds of workload Portolan shows. */
export const WorkloadKindSchema = z.enum(WORKLOAD_KINDS);
/** The kinds of workload Portolan shows. */
export type WorkloadKind = z.infer<typeof WorkloadKindSchema>;

/**
 * How a workload is doing.
 *
 * - `healthy`: every desired replica is ready and up to date.
 * - `progressing`: a rollout or scale-up is under way.
 * - `degraded`: the rollout is stuck or pods fail (crash loops, image pulls).
 * - `scaled-down`: zero replicas are desired.
 * - `unknown`: the controller has not reported yet.
 */
export const WORKLOAD_STATUSES = [
  'healthy',
  'progressing',
  'degraded',
  'scaled-down',
  'unknown',
] as const;
/** How a workload is doing. */
export const WorkloadStatusSchema = z.enum(WORKLOAD_STATUSES);
/** How a workload is doing. */
export type WorkloadStatus = z.infer<typeof WorkloadStatusSchema>;

/** A pod's phase (`status.phase`), lower-cased; `unknown` keeps the raw value in `upstreamPhase`. */
export const POD_PHASES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'unknown',
] as const;
/** A pod's phase. */
export const PodPhaseSchema = z.enum(POD_PHASES);
/** A pod's phase. */
export type PodPhase = z.infer<typeof PodPhaseSchema>;

/** Which of a container's states is set. */
export const CONTAINER_STATES = [
  'running',
  'waiting',
  'terminated',
  'unknown',
] as const;
/** Which of a container's states is set. */
export const ContainerStateSchema = z.enum(CONTAINER_STATES);
/** Which of a container's states is set. */
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** One container of a pod as its status reports it. */
export const WorkloadContainerSchema = z.object({
  name: z.string(),
  /** The image as the pod spec names it. */
  image: z.string(),
  /** The manifest digest the kubelet pulled (from `imageID`), when it names a repository. */
  digest: z.string().optional(),
  /** True for init containers. */
  init: z.boolean(),
  ready: z.boolean(),
  restarts: z.number().int().nonnegative(),
  state: ContainerStateSchema,
  /** The waiting or terminated reason (`CrashLoopBackOff`, `ImagePullBackOff`, `OOMKilled`, `Completed` …). */
  reason: z.string().optional(),
  exitCode: z.number().int().optional(),
  startedAt: z.string().optional(),
  /** Why the previous run of the container ended, when it restarted. */
  lastTermination: z
    .object({
      reason: z.string().optional(),
      exitCode: z.number().int().optional(),
      finishedAt: z.string().optional(),
    })
    .optional(),
});
/** One container of a pod. */
export type WorkloadContainer = z.infer<typeof WorkloadContainerSchema>;

/** One pod of a workload. */
export const WorkloadPodSchema = z.object({
  name: z.string(),
  phase: PodPhaseSchema,
  upstreamPhase: z.string().optional(),
  /** The pod's `Ready` condition. */
  ready: z.boolean(),
  /** Set when the pod is being deleted. */
  terminating: z.boolean(),
  restarts: z.number().int().nonnegative(),
  node: z.string().optional(),
  createdAt: z.string().optional(),
  startedAt: z.string().optional(),
  /** The ReplicaSet (for a Deployment) or controller revision the pod belongs to. */
  revision: z.string().optional(),
  containers: z.array(WorkloadContainerSchema),
});
/** One pod of a workload. */
export type WorkloadPod = z.infer<typeof WorkloadPodSchema>;

/** An image a workload runs: per container, as the spec names it and the digests its pods run. */
export const WorkloadImageSchema = z.object({
  container: z.string(),
  image: z.string(),
  /** Distinct digests pods report for this container; two during a rollout. */
  digests: z.array(z.string()),
});
/** An image a workload runs. */
export type WorkloadImage = z.infer<typeof WorkloadImageSchema>;

/** Replica counts, as the controller reports them. */
export const WorkloadReplicasSchema = z.object({
  desired: z.number().int().nonnegative(),
  ready: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
});
/** Replica counts. */
export type WorkloadReplicas = z.infer<typeof WorkloadReplicasSchema>;

/** One workload of an entity on one cluster. */
export const WorkloadSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  kind: WorkloadKindSchema,
  /** The Kubernetes kind, always set (differs from `kind` for `other`). */
  upstreamKind: z.string(),
  status: WorkloadStatusSchema,
  /** Why the status is not `healthy` (a condition reason, a pod's waiting reason). */
  statusReason: z.string().optional(),
  createdAt: z.string().optional(),
  /** Absent for a bare pod. */
  replicas: WorkloadReplicasSchema.optional(),
  /** The Deployment revision, or the StatefulSet/DaemonSet update revision. */
  revision: z.string().optional(),
  images: z.array(WorkloadImageSchema),
  pods: z.array(WorkloadPodSchema),
  /** Container restarts over all pods. */
  restarts: z.number().int().nonnegative(),
  /** Nodes the pods run on, sorted. */
  nodes: z.array(z.string()),
});
/** One workload of an entity on one cluster. */
export type Workload = z.infer<typeof WorkloadSchema>;
