/*
 * One GitOps deployment: an Argo CD Application, attributed both to the
 * cluster Argo CD runs on and to the cluster it deploys to. Single- and
 * multi-source applications share one shape: `sources` and `revisions` are
 * lists, one entry per source.
 */
import { z } from 'zod';
import { DeliveryLinkSchema, IsoDateTimeSchema } from './common';

/** The systems that produce deployments. */
export const DEPLOYMENT_SYSTEMS = ['argocd'] as const;
/** The systems that produce deployments. */
export const DeploymentSystemSchema = z.enum(DEPLOYMENT_SYSTEMS);
/** The systems that produce deployments. */
export type DeploymentSystem = z.infer<typeof DeploymentSystemSchema>;

/** Whether the live state matches git (Argo CD `SyncStatusCode`). */
export const SYNC_STATUSES = ['synced', 'out-of-sync', 'unknown'] as const;
/** Whether the live state matches git. */
export const SyncStatusSchema = z.enum(SYNC_STATUSES);
/** Whether the live state matches git. */
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** The health of what was deployed (Argo CD / gitops-engine `HealthStatusCode`). */
export const HEALTH_STATUSES = [
  'healthy',
  'progressing',
  'degraded',
  'suspended',
  'missing',
  'unknown',
] as const;
/** The health of what was deployed. */
export const HealthStatusSchema = z.enum(HEALTH_STATUSES);
/** The health of what was deployed. */
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

/** The phase of the current or last sync operation (Argo CD `OperationPhase`). */
export const OPERATION_PHASES = [
  'running',
  'terminating',
  'failed',
  'error',
  'succeeded',
  'unknown',
] as const;
/** The phase of the current or last sync operation. */
export const OperationPhaseSchema = z.enum(OPERATION_PHASES);
/** The phase of the current or last sync operation. */
export type OperationPhase = z.infer<typeof OperationPhaseSchema>;

/** One source of an application (`spec.source` or an entry of `spec.sources`). */
export const DeploymentSourceSchema = z.object({
  repoUrl: z.string(),
  path: z.string().optional(),
  targetRevision: z.string().optional(),
  chart: z.string().optional(),
  /** A multi-source `ref` (a values-only source other sources refer to). */
  ref: z.string().optional(),
  name: z.string().optional(),
});
/** One source of an application. */
export type DeploymentSource = z.infer<typeof DeploymentSourceSchema>;

/** How the destination was matched to a Portolan cluster. */
export const DESTINATION_MATCHES = [
  /** `in-cluster` / `https://kubernetes.default.svc`: the cluster Argo CD runs on. */
  'in-cluster',
  /** `destination.server` equals a known cluster's URL. */
  'server',
  /** `destination.name` equals a known cluster's name. */
  'name',
  /** No known cluster matches; `cluster` is absent. */
  'unresolved',
] as const;
/** How the destination was matched to a Portolan cluster. */
export const DestinationMatchSchema = z.enum(DESTINATION_MATCHES);
/** How the destination was matched to a Portolan cluster. */
export type DestinationMatch = z.infer<typeof DestinationMatchSchema>;

/** Where an application deploys to. */
export const DeploymentDestinationSchema = z.object({
  server: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  /** The Portolan cluster the destination resolved to. */
  cluster: z.string().optional(),
  match: DestinationMatchSchema,
});
/** Where an application deploys to. */
export type DeploymentDestination = z.infer<typeof DeploymentDestinationSchema>;

/** Who started a sync. */
export const InitiatorSchema = z.object({
  username: z.string().optional(),
  automated: z.boolean(),
});
/** Who started a sync. */
export type Initiator = z.infer<typeof InitiatorSchema>;

/** One entry of `status.history`: a completed sync. */
export const DeploymentHistoryEntrySchema = z.object({
  id: z.number().int(),
  /** One revision per source (a single-source app has one). */
  revisions: z.array(z.string()),
  deployStartedAt: IsoDateTimeSchema.optional(),
  deployedAt: IsoDateTimeSchema.optional(),
  initiatedBy: InitiatorSchema.optional(),
});
/** One entry of `status.history`. */
export type DeploymentHistoryEntry = z.infer<
  typeof DeploymentHistoryEntrySchema
>;

/** The current or last sync operation (`status.operationState`). */
export const DeploymentOperationSchema = z.object({
  phase: OperationPhaseSchema,
  /** The upstream phase, unchanged. */
  upstreamPhase: z.string().optional(),
  message: z.string().optional(),
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
  revisions: z.array(z.string()),
  initiatedBy: InitiatorSchema.optional(),
});
/** The current or last sync operation. */
export type DeploymentOperation = z.infer<typeof DeploymentOperationSchema>;

/** One GitOps application. */
export const DeploymentSchema = z.object({
  system: DeploymentSystemSchema,
  /** The cluster Argo CD runs on (where the Application object lives). */
  cluster: z.string(),
  /** The Application's namespace (usually `argocd`). */
  namespace: z.string(),
  application: z.string(),
  project: z.string(),
  destination: DeploymentDestinationSchema,
  sources: z.array(DeploymentSourceSchema),
  multiSource: z.boolean(),
  sync: SyncStatusSchema,
  health: HealthStatusSchema,
  healthMessage: z.string().optional(),
  /** The upstream sync and health values, unchanged. */
  upstream: z.object({
    sync: z.string().optional(),
    health: z.string().optional(),
  }),
  /** The revision(s) the live state is compared to: one per source. */
  revisions: z.array(z.string()),
  /** Images of the deployed resources (`status.summary.images`). */
  images: z.array(z.string()),
  history: z.array(DeploymentHistoryEntrySchema),
  operation: DeploymentOperationSchema.optional(),
  links: z.array(DeliveryLinkSchema),
  warnings: z.array(z.string()),
});
/** One GitOps application. */
export type Deployment = z.infer<typeof DeploymentSchema>;
