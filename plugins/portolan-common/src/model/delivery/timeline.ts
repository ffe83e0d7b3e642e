/*
 * The linked delivery view: for each recent commit, what built it, what it
 * produced, what rolled it out and where it runs now. Entries refer to
 * pipeline runs, kpack Builds and deployments by identity; the records
 * themselves are in the entity view's `pipelineRuns`, `kpackImages` and
 * `deployments`.
 */
import { z } from 'zod';
import { CommitRefSchema, IsoDateTimeSchema } from './common';
import {
  HealthStatusSchema,
  SyncStatusSchema,
  DeploymentSystemSchema,
} from './deployment';
import { PIPELINE_SYSTEMS, RunStatusSchema } from './pipelineRun';

/**
 * The systems that build a commit on the timeline: the pipeline systems
 * (their runs are in `pipelineRuns`) and kpack (its Builds are in
 * `kpackImages[].builds`).
 */
export const BUILD_SYSTEMS = [...PIPELINE_SYSTEMS, 'kpack'] as const;
/** The systems that build a commit on the timeline. */
export const BuildSystemSchema = z.enum(BUILD_SYSTEMS);
/** The systems that build a commit on the timeline. */
export type BuildSystem = z.infer<typeof BuildSystemSchema>;

/** A pipeline run, or a kpack Build (`system: kpack`), that built the commit. */
export const TimelineRunSchema = z.object({
  system: BuildSystemSchema,
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  status: RunStatusSchema,
  /** For a kpack Build: its first step's start, else its creation. */
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
  /** For a kpack Build: the kpack Image it belongs to (same cluster and namespace). */
  kpackImage: z.string().optional(),
});
/** A pipeline run, or a kpack Build, that built the commit. */
export type TimelineRun = z.infer<typeof TimelineRunSchema>;

/** An image the commit's runs (or kpack Builds) produced. */
export const TimelineImageSchema = z.object({
  url: z.string().optional(),
  digest: z.string(),
});
/** An image the commit's runs produced. */
export type TimelineImage = z.infer<typeof TimelineImageSchema>;

/** How a deployment was tied to the commit. */
export const DEPLOYMENT_LINKS = [
  'image-digest',
  'image-tag',
  'revision',
] as const;
/** How a deployment was tied to the commit. */
export const DeploymentLinkKindSchema = z.enum(DEPLOYMENT_LINKS);
/** How a deployment was tied to the commit. */
export type DeploymentLinkKind = z.infer<typeof DeploymentLinkKindSchema>;

/** A deployment that rolled the commit out. */
export const TimelineDeploymentSchema = z.object({
  system: DeploymentSystemSchema,
  cluster: z.string(),
  namespace: z.string(),
  application: z.string(),
  /** The cluster it deploys to, when resolved. */
  destinationCluster: z.string().optional(),
  destinationNamespace: z.string().optional(),
  linkedBy: DeploymentLinkKindSchema,
  /** True when the application's live state is this commit/image now, false when only its history has it. */
  current: z.boolean(),
  deployedAt: IsoDateTimeSchema.optional(),
  sync: SyncStatusSchema,
  health: HealthStatusSchema,
});
/** A deployment that rolled the commit out. */
export type TimelineDeployment = z.infer<typeof TimelineDeploymentSchema>;

/** Pods that run one of the commit's images now. */
export const TimelinePlacementSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  digest: z.string(),
  pods: z.array(z.string()),
  /** Owning workloads (`Deployment/payments-api`), when known. */
  workloads: z.array(z.string()),
});
/** Pods that run one of the commit's images now. */
export type TimelinePlacement = z.infer<typeof TimelinePlacementSchema>;

/** One commit and everything linked to it. */
export const TimelineEntrySchema = z.object({
  sha: z.string(),
  commit: CommitRefSchema,
  /** The latest time anything happened to this commit, for ordering. */
  lastActivityAt: IsoDateTimeSchema.optional(),
  runs: z.array(TimelineRunSchema),
  images: z.array(TimelineImageSchema),
  deployments: z.array(TimelineDeploymentSchema),
  runningOn: z.array(TimelinePlacementSchema),
});
/** One commit and everything linked to it. */
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
