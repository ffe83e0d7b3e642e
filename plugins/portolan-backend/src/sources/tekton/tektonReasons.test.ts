import {
  projectTektonPipelineRun,
  projectTektonTaskRun,
} from './projectTektonRuns';
import { translateTektonRuns } from './translateTektonRuns';

// Every reason upstream defines, with what Portolan must show for it. Written
// out by hand from tektoncd/pipeline (pkg/apis/pipeline/v1 PipelineRunReason
// and TaskRunReason, pkg/pod/status.go, pkg/status, v1.13's
// PipelineRunTimeoutRunningFinally, TEP-0167's failure classification) so
// that the table in tektonReasons.ts is checked against an independent list.
const PIPELINE_RUN_CASES: Array<[string, string, string, string?]> = [
  ['Unknown', 'Started', 'running'],
  ['Unknown', 'Running', 'running'],
  ['True', 'Succeeded', 'succeeded'],
  ['True', 'Completed', 'succeeded'],
  ['False', 'Failed', 'failed'],
  ['False', 'Cancelled', 'cancelled'],
  ['Unknown', 'Cancelled', 'running', 'cancelling'],
  ['False', 'PipelineRunCancelled', 'cancelled'],
  ['Unknown', 'PipelineRunPending', 'pending'],
  ['False', 'PipelineRunTimeout', 'timed-out'],
  ['Unknown', 'PipelineRunStopping', 'running', 'stopping'],
  ['Unknown', 'CancelledRunningFinally', 'running', 'cancelling'],
  ['Unknown', 'StoppedRunningFinally', 'running', 'stopping'],
  ['Unknown', 'PipelineRunTimeoutRunningFinally', 'running', 'timing-out'],
  ['Unknown', 'ResolvingPipelineRef', 'pending'],
  ['False', 'PipelineRunCouldntCancel', 'cancelled'],
  ['False', 'PipelineRunCouldntTimeOut', 'timed-out'],
  ['False', 'CouldntGetPipeline', 'failed'],
  ['False', 'CouldntGetTask', 'failed'],
  ['False', 'InvalidPipelineResourceBindings', 'failed'],
  ['False', 'InvalidWorkspaceBindings', 'failed'],
  ['False', 'InvalidTaskRunSpecs', 'failed'],
  ['False', 'ParameterTypeMismatch', 'failed'],
  ['False', 'ObjectParameterMissKeys', 'failed'],
  ['False', 'ParamArrayIndexingInvalid', 'failed'],
  ['False', 'ParameterMissing', 'failed'],
  ['False', 'PipelineValidationFailed', 'failed'],
  ['False', 'CouldntGetPipelineResult', 'failed'],
  ['False', 'PipelineInvalidGraph', 'failed'],
  ['False', 'InvalidMatrixParameterTypes', 'failed'],
  ['False', 'InvalidTaskResultReference', 'failed'],
  ['False', 'InvalidPipelineResultReference', 'failed'],
  ['False', 'RequiredWorkspaceMarkedOptional', 'failed'],
  ['False', 'ResourceVerificationFailed', 'failed'],
  ['False', 'CreateRunFailed', 'failed'],
  ['False', 'CELEvaluationFailed', 'failed'],
  ['False', 'InvalidParamValue', 'failed'],
  ['False', 'PipelineRunResolutionFailed', 'failed'],
];

const TASK_RUN_CASES: Array<[string, string, string]> = [
  ['Unknown', 'Started', 'running'],
  ['Unknown', 'Running', 'running'],
  ['Unknown', 'Building', 'running'],
  ['True', 'Succeeded', 'succeeded'],
  ['False', 'Failed', 'failed'],
  ['Unknown', 'ToBeRetried', 'running'],
  ['False', 'TaskRunCancelled', 'cancelled'],
  ['Unknown', 'TaskRunCancelled', 'running'],
  ['False', 'TaskRunTimeout', 'timed-out'],
  ['Unknown', 'ResolvingTaskRef', 'pending'],
  ['Unknown', 'ResolvingStepActionRef', 'pending'],
  ['False', 'TaskRunImagePullFailed', 'failed'],
  ['False', 'TaskRunResultLargerThanAllowedLimit', 'failed'],
  ['False', 'TaskRunStopSidecarFailed', 'failed'],
  ['False', 'InvalidParamValue', 'failed'],
  ['False', 'TaskRunResolutionFailed', 'failed'],
  ['False', 'TaskRunValidationFailed', 'failed'],
  ['False', 'TaskValidationFailed', 'failed'],
  ['False', 'ResourceVerificationFailed', 'failed'],
  ['False', 'CouldntGetTask', 'failed'],
  ['False', 'FailureIgnored', 'failed'],
  ['False', 'PodEvicted', 'failed'],
  ['False', 'StepOOM', 'failed'],
  ['False', 'StepFailed', 'failed'],
  ['False', 'SidecarOOM', 'failed'],
  ['False', 'SidecarFailed', 'failed'],
  ['False', 'InitContainerOOM', 'failed'],
  ['False', 'InitContainerFailed', 'failed'],
  ['False', 'ContainerCreationFailed', 'failed'],
  ['Unknown', 'ExceededResourceQuota', 'pending'],
  ['False', 'ExceededResourceQuota', 'failed'],
  ['Unknown', 'ExceededNodeResources', 'pending'],
  ['False', 'ExceededNodeResources', 'failed'],
  ['Unknown', 'PullImageFailed', 'pending'],
  ['Unknown', 'CreateContainerConfigError', 'pending'],
  ['False', 'CreateContainerConfigError', 'failed'],
  ['Unknown', 'PodCreationFailed', 'pending'],
  ['False', 'PodCreationFailed', 'failed'],
  ['Unknown', 'PodAdmissionFailed', 'pending'],
  ['False', 'PodAdmissionFailed', 'failed'],
  ['Unknown', 'Pending', 'pending'],
];

function pipelineRunWith(conditionStatus: string, reason: string) {
  return projectTektonPipelineRun({
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: { name: `run-${reason}`, namespace: 'ci' },
    status: {
      conditions: [{ type: 'Succeeded', status: conditionStatus, reason }],
      childReferences: [
        { kind: 'TaskRun', name: 'child', pipelineTaskName: 'build' },
      ],
    },
  });
}

function taskRunWith(conditionStatus: string, reason: string) {
  return projectTektonTaskRun({
    apiVersion: 'tekton.dev/v1',
    kind: 'TaskRun',
    metadata: { name: 'child', namespace: 'ci' },
    status: {
      conditions: [{ type: 'Succeeded', status: conditionStatus, reason }],
    },
  });
}

describe('Tekton PipelineRun reasons', () => {
  it.each(
    PIPELINE_RUN_CASES.map(
      ([conditionStatus, reason, status, termination]) => ({
        conditionStatus,
        reason,
        status,
        termination,
      }),
    ),
  )(
    'status $conditionStatus reason $reason is $status',
    ({ conditionStatus, reason, status, termination }) => {
      const { runs, warnings } = translateTektonRuns(
        'c',
        [pipelineRunWith(conditionStatus, reason)],
        [],
      );
      expect(warnings).toEqual([]);
      expect(runs[0].status).toBe(status);
      expect(runs[0].reason).toBe(reason);
      expect(runs[0].termination).toBe(termination);
    },
  );

  it.each([
    ['True', 'Failed'],
    ['False', 'Succeeded'],
    ['Unknown', 'PipelineRunTimeout'],
    ['False', 'Running'],
  ])(
    'status %s with reason %s is a contradiction, shown as unknown',
    (conditionStatus, reason) => {
      const { runs, warnings } = translateTektonRuns(
        'c',
        [pipelineRunWith(conditionStatus, reason)],
        [],
      );
      expect(runs[0].status).toBe('unknown');
      expect(runs[0].reason).toBe(reason);
      expect(warnings).toHaveLength(1);
    },
  );

  it.each([
    ['Cancelled', 'cancelling'],
    ['CancelledRunFinally', 'cancelling'],
    ['StoppedRunFinally', 'stopping'],
  ])('a running run with spec.status %s is %s', (specStatus, termination) => {
    const run = projectTektonPipelineRun({
      metadata: { name: 'r', namespace: 'ci' },
      spec: { status: specStatus },
      status: {
        conditions: [
          { type: 'Succeeded', status: 'Unknown', reason: 'Running' },
        ],
      },
    });
    const { runs } = translateTektonRuns('c', [run], []);
    expect(runs[0]).toMatchObject({ status: 'running', termination });
  });
});

describe('Tekton TaskRun reasons', () => {
  it.each(TASK_RUN_CASES)(
    'status %s reason %s is %s',
    (conditionStatus, reason, status) => {
      const { runs, warnings } = translateTektonRuns(
        'c',
        [pipelineRunWith('Unknown', 'Running')],
        [taskRunWith(conditionStatus, reason)],
      );
      expect(warnings).toEqual([]);
      expect(runs[0].tasks).toHaveLength(1);
      expect(runs[0].tasks[0]).toMatchObject({
        name: 'build',
        status,
        reason,
      });
      expect(runs[0].tasks[0].failureIgnored).toBe(
        reason === 'FailureIgnored' ? true : undefined,
      );
    },
  );

  it('an unknown TaskRun reason is unknown, with the raw reason and a warning on the run', () => {
    const { runs, warnings } = translateTektonRuns(
      'c',
      [pipelineRunWith('Unknown', 'Running')],
      [taskRunWith('False', 'ANewTektonFailureReason')],
    );
    expect(runs[0].tasks[0]).toMatchObject({
      status: 'unknown',
      reason: 'ANewTektonFailureReason',
    });
    expect(warnings).toEqual([
      'PipelineRun ci/run-Running: TaskRun child: TaskRun reason "ANewTektonFailureReason" is not a known reason for status False',
    ]);
  });
});
