/*
 * One pipeline run, whichever system ran it (Tekton PipelineRun, Jenkins X
 * PipelineActivity). Statuses are closed unions; the upstream value is kept
 * beside them so nothing the cluster said is lost in translation.
 */
import { z } from 'zod';
import {
  CommitRefSchema,
  DeliveryLinkSchema,
  IsoDateTimeSchema,
} from './common';

/** The systems that produce pipeline runs. */
export const PIPELINE_SYSTEMS = ['tekton', 'jenkins-x'] as const;
/** The systems that produce pipeline runs. */
export const PipelineSystemSchema = z.enum(PIPELINE_SYSTEMS);
/** The systems that produce pipeline runs. */
export type PipelineSystem = z.infer<typeof PipelineSystemSchema>;

/** The status of a run. `unknown` means the upstream value was missing or not understood. */
export const RUN_STATUSES = [
  'succeeded',
  'failed',
  'running',
  'pending',
  'cancelled',
  'timed-out',
  'unknown',
] as const;
/** The status of a run. */
export const RunStatusSchema = z.enum(RUN_STATUSES);
/** The status of a run. */
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** The status of a task or step: a run status, or `skipped` (never started on purpose). */
export const TASK_STATUSES = [...RUN_STATUSES, 'skipped'] as const;
/** The status of a task or step. */
export const TaskStatusSchema = z.enum(TASK_STATUSES);
/** The status of a task or step. */
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/**
 * A run that is still going but has been told to stop: the user cancelled
 * it, it is stopping after a failure, or it ran out of time — in every case
 * `finally` tasks may still be running.
 */
export const RUN_TERMINATIONS = [
  'cancelling',
  'stopping',
  'timing-out',
] as const;
/** A run that is still going but has been told to stop. */
export const RunTerminationSchema = z.enum(RUN_TERMINATIONS);
/** A run that is still going but has been told to stop. */
export type RunTermination = z.infer<typeof RunTerminationSchema>;

/** A step of a task: one container of a Tekton task pod, or a Jenkins X sub-step. */
export const PipelineStepSchema = z.object({
  name: z.string(),
  status: TaskStatusSchema,
  /** Container name, for the logs route (`step-<name>` in Tekton). */
  container: z.string().optional(),
  exitCode: z.number().int().optional(),
  /** Why the container ended (`OOMKilled`, `Error`, Tekton's `TimeoutExceeded`, `Skipped` …). */
  terminationReason: z.string().optional(),
  /** The upstream state or status, unchanged (`terminated`, `waiting: PodInitializing`, `Succeeded` …). */
  upstreamStatus: z.string().optional(),
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
});
/** A step of a task. */
export type PipelineStep = z.infer<typeof PipelineStepSchema>;

/** What a task is in its pipeline. Tekton: `task`, `finally`; Jenkins X: `stage`, `preview`, `promote`. */
export const TASK_ROLES = [
  'task',
  'finally',
  'stage',
  'preview',
  'promote',
] as const;
/** What a task is in its pipeline. */
export const TaskRoleSchema = z.enum(TASK_ROLES);
/** What a task is in its pipeline. */
export type TaskRole = z.infer<typeof TaskRoleSchema>;

/** A result a run or task wrote (Tekton results may be strings, arrays or objects). */
export const RunResultSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.array(z.string()), z.record(z.string())]),
});
/** A result a run or task wrote. */
export type RunResult = z.infer<typeof RunResultSchema>;

/** A promotion or preview environment a Jenkins X pipeline touched. */
export const PromotionSchema = z.object({
  environment: z.string().optional(),
  pullRequestUrl: z.string().optional(),
  mergeCommitSha: z.string().optional(),
  applicationUrl: z.string().optional(),
});
/** A promotion or preview environment a Jenkins X pipeline touched. */
export type Promotion = z.infer<typeof PromotionSchema>;

/** One task of a run (a Tekton TaskRun/CustomRun, a Jenkins X stage). */
export const PipelineTaskSchema = z.object({
  /** The pipeline task name (`pipelineTaskName`), or the stage name. */
  name: z.string(),
  displayName: z.string().optional(),
  /**
   * The Task it runs, by name, when known: Tekton's `tekton.dev/task` (or
   * `tekton.dev/clusterTask`) label of the TaskRun, else the declared
   * `taskRef.name`, else the `name` param of a hub or bundle resolver.
   * Absent for an embedded `taskSpec` and for other systems' stages.
   */
  task: z.string().optional(),
  role: TaskRoleSchema,
  status: TaskStatusSchema,
  /** The upstream reason or status, unchanged. */
  reason: z.string().optional(),
  message: z.string().optional(),
  /** True when the task failed but the pipeline was told to carry on (Tekton `onError: continue`). */
  failureIgnored: z.boolean().optional(),
  /** The child object (TaskRun name) when there is one. */
  objectName: z.string().optional(),
  objectKind: z.string().optional(),
  /** Pod that ran the steps; with a step's container it addresses the step's log. */
  podName: z.string().optional(),
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
  durationMs: z.number().nonnegative().optional(),
  retries: z.number().int().nonnegative().optional(),
  steps: z.array(PipelineStepSchema),
  results: z.array(RunResultSchema),
  promotion: PromotionSchema.optional(),
});
/** One task of a run. */
export type PipelineTask = z.infer<typeof PipelineTaskSchema>;

/** How many tasks are in each status; `total` counts `finally` and skipped tasks too. */
export const TaskCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  timedOut: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
});
/** How many tasks are in each status. */
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

/** What started a run. */
export const TRIGGER_KINDS = [
  'pipelines-as-code',
  'tekton-triggers',
  'jenkins-x',
  'manual',
  'unknown',
] as const;
/** What started a run. */
export const TriggerKindSchema = z.enum(TRIGGER_KINDS);
/** What started a run. */
export type TriggerKind = z.infer<typeof TriggerKindSchema>;

/** What started a run, with what the trigger recorded. */
export const RunTriggerSchema = z.object({
  kind: TriggerKindSchema,
  /** `push`, `pull_request`, … as the trigger names it. */
  event: z.string().optional(),
  sender: z.string().optional(),
  pullRequest: z.string().optional(),
  /** Tekton Triggers' EventListener / Trigger names. */
  eventListener: z.string().optional(),
  trigger: z.string().optional(),
});
/** What started a run. */
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

/** The image a run built, from its results (Tekton Chains' `IMAGE_URL`/`IMAGE_DIGEST` convention). */
export const BuiltImageSchema = z.object({
  url: z.string().optional(),
  digest: z.string().optional(),
});
/** The image a run built. */
export type BuiltImage = z.infer<typeof BuiltImageSchema>;

/** One pipeline run, normalised across systems. */
export const PipelineRunSchema = z.object({
  system: PipelineSystemSchema,
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** The pipeline this is a run of (Tekton `tekton.dev/pipeline`, Jenkins X `owner/repo/branch`). */
  pipeline: z.string().optional(),
  status: RunStatusSchema,
  /** The upstream reason (Tekton) or status (Jenkins X), unchanged. */
  reason: z.string().optional(),
  /** The upstream condition status (`True`, `False`, `Unknown`) when the system has one. */
  conditionStatus: z.string().optional(),
  message: z.string().optional(),
  termination: RunTerminationSchema.optional(),
  createdAt: IsoDateTimeSchema.optional(),
  startedAt: IsoDateTimeSchema.optional(),
  finishedAt: IsoDateTimeSchema.optional(),
  durationMs: z.number().nonnegative().optional(),
  trigger: RunTriggerSchema,
  commit: CommitRefSchema.optional(),
  tasks: z.array(PipelineTaskSchema),
  taskCounts: TaskCountsSchema,
  results: z.array(RunResultSchema),
  images: z.array(BuiltImageSchema),
  links: z.array(DeliveryLinkSchema),
  /** What did not fit the model; the record is still shown. */
  warnings: z.array(z.string()),
});
/** One pipeline run, normalised across systems. */
export type PipelineRun = z.infer<typeof PipelineRunSchema>;
