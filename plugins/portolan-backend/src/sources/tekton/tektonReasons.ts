/*
 * Every reason Tekton sets on the `Succeeded` condition of PipelineRuns and
 * TaskRuns, mapped to Portolan's statuses per condition status. A reason is
 * only trusted together with the condition status upstream pairs it with: an
 * unlisted pair maps to `unknown`, so a new upstream reason shows up as
 * unknown (with its raw value) rather than as a wrong guess.
 *
 * Sources: tektoncd/pipeline pkg/apis/pipeline/v1/pipelinerun_types.go
 * (PipelineRunReason), taskrun_types.go (TaskRunReason), pkg/pod/status.go
 * (pod-level reasons), pkg/status/taskrunreasons.go, the v1.13 release
 * (PipelineRunTimeoutRunningFinally) and TEP-0167 (failure classification).
 */
import type {
  RunStatus,
  RunTermination,
} from '@portolan/plugin-portolan-common';

/** The status of a `Succeeded` condition. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** What one reason means under one condition status. */
export interface ReasonMeaning {
  status: RunStatus;
  termination?: RunTermination;
}

type ReasonTable = Record<
  string,
  Partial<Record<ConditionStatus, ReasonMeaning>>
>;

const failed: ReasonMeaning = { status: 'failed' };
const running: ReasonMeaning = { status: 'running' };
const pending: ReasonMeaning = { status: 'pending' };

/** PipelineRun reasons (`PipelineRunReason` in tekton.dev/v1, plus v1beta1 and resolution names). */
export const PIPELINE_RUN_REASONS: ReasonTable = {
  Started: { Unknown: running },
  Running: { Unknown: running },
  Succeeded: { True: { status: 'succeeded' } },
  // Succeeded with one or more skipped tasks.
  Completed: { True: { status: 'succeeded' } },
  Failed: { False: failed },
  // Unknown while the cancellation is being processed, False once it is.
  Cancelled: {
    False: { status: 'cancelled' },
    Unknown: { status: 'running', termination: 'cancelling' },
  },
  // v1beta1's name for Cancelled before it was renamed.
  PipelineRunCancelled: {
    False: { status: 'cancelled' },
    Unknown: { status: 'running', termination: 'cancelling' },
  },
  PipelineRunPending: { Unknown: pending },
  PipelineRunTimeout: { False: { status: 'timed-out' } },
  PipelineRunStopping: {
    Unknown: { status: 'running', termination: 'stopping' },
  },
  CancelledRunningFinally: {
    Unknown: { status: 'running', termination: 'cancelling' },
  },
  StoppedRunningFinally: {
    Unknown: { status: 'running', termination: 'stopping' },
  },
  // Tekton v1.13: tasks timed out, finally tasks still run.
  PipelineRunTimeoutRunningFinally: {
    Unknown: { status: 'running', termination: 'timing-out' },
  },
  ResolvingPipelineRef: { Unknown: pending },
  // Cancelled/timed out, but cancelling some TaskRuns failed.
  PipelineRunCouldntCancel: {
    False: { status: 'cancelled' },
    Unknown: { status: 'running', termination: 'cancelling' },
  },
  PipelineRunCouldntTimeOut: {
    False: { status: 'timed-out' },
    Unknown: { status: 'running', termination: 'timing-out' },
  },
  // Validation and resolution failures: the run never executed properly.
  CouldntGetPipeline: { False: failed },
  CouldntGetTask: { False: failed },
  InvalidPipelineResourceBindings: { False: failed },
  InvalidWorkspaceBindings: { False: failed },
  InvalidTaskRunSpecs: { False: failed },
  ParameterTypeMismatch: { False: failed },
  ObjectParameterMissKeys: { False: failed },
  ParamArrayIndexingInvalid: { False: failed },
  ParameterMissing: { False: failed },
  PipelineValidationFailed: { False: failed },
  CouldntGetPipelineResult: { False: failed },
  PipelineInvalidGraph: { False: failed },
  InvalidMatrixParameterTypes: { False: failed },
  InvalidTaskResultReference: { False: failed },
  InvalidPipelineResultReference: { False: failed },
  RequiredWorkspaceMarkedOptional: { False: failed },
  ResourceVerificationFailed: { False: failed },
  CreateRunFailed: { False: failed },
  CELEvaluationFailed: { False: failed },
  InvalidParamValue: { False: failed },
  PipelineRunResolutionFailed: { False: failed },
};

/** TaskRun reasons (`TaskRunReason` in tekton.dev/v1, pod-level reasons, TEP-0167 classification). */
export const TASK_RUN_REASONS: ReasonTable = {
  Started: { Unknown: running },
  Running: { Unknown: running },
  // Legacy in-progress reason (pkg/status).
  Building: { Unknown: running },
  Succeeded: { True: { status: 'succeeded' } },
  Failed: { False: failed },
  // The last attempt failed and another one is coming.
  ToBeRetried: { Unknown: running },
  TaskRunCancelled: {
    False: { status: 'cancelled' },
    Unknown: { status: 'running', termination: 'cancelling' },
  },
  TaskRunTimeout: { False: { status: 'timed-out' } },
  ResolvingTaskRef: { Unknown: pending },
  ResolvingStepActionRef: { Unknown: pending },
  TaskRunImagePullFailed: { False: failed },
  TaskRunResultLargerThanAllowedLimit: { False: failed },
  TaskRunStopSidecarFailed: { False: failed },
  InvalidParamValue: { False: failed },
  TaskRunResolutionFailed: { False: failed },
  TaskRunValidationFailed: { False: failed },
  TaskValidationFailed: { False: failed },
  ResourceVerificationFailed: { False: failed },
  CouldntGetTask: { False: failed },
  // Failed, but the pipeline task has `onError: continue`.
  FailureIgnored: { False: failed },
  // TEP-0167 failure classification.
  PodEvicted: { False: failed },
  StepOOM: { False: failed },
  StepFailed: { False: failed },
  SidecarOOM: { False: failed },
  SidecarFailed: { False: failed },
  InitContainerOOM: { False: failed },
  InitContainerFailed: { False: failed },
  ContainerCreationFailed: { False: failed },
  // Pod-level reasons while the pod cannot start (pkg/pod/status.go).
  ExceededResourceQuota: { Unknown: pending, False: failed },
  ExceededNodeResources: { Unknown: pending, False: failed },
  PullImageFailed: { Unknown: pending, False: failed },
  CreateContainerConfigError: { Unknown: pending, False: failed },
  PodCreationFailed: { Unknown: pending, False: failed },
  PodAdmissionFailed: { Unknown: pending, False: failed },
  Pending: { Unknown: pending },
};

/** The message Tekton puts on TaskRuns it cancels because their PipelineRun timed out. */
export const CANCELLED_BY_PIPELINE_TIMEOUT =
  'TaskRun cancelled as the PipelineRun it belongs to has timed out.';

/** Reads a condition status; anything else is undefined. */
export function asConditionStatus(
  value: string | undefined,
): ConditionStatus | undefined {
  return value === 'True' || value === 'False' || value === 'Unknown'
    ? value
    : undefined;
}

/**
 * The meaning of a (condition status, reason) pair, or undefined when
 * upstream does not define that pair.
 */
export function lookUpReason(
  table: ReasonTable,
  conditionStatus: ConditionStatus,
  reason: string | undefined,
): ReasonMeaning | undefined {
  if (reason === undefined || !Object.hasOwn(table, reason)) {
    return undefined;
  }
  return table[reason][conditionStatus];
}
