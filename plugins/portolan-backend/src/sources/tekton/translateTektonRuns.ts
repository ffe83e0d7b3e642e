/*
 * Turns projected Tekton PipelineRuns and TaskRuns of one cluster into
 * Portolan pipeline runs. Pure: no I/O, no clock. TaskRuns are joined to
 * their PipelineRun by `status.childReferences` (the only link in v1), then by
 * the `tekton.dev/pipelineRun` label, then by a v1beta1 embedded status.
 */
import type {
  PipelineRun,
  PipelineStep,
  PipelineTask,
  RunStatus,
  RunTermination,
  TaskRole,
  TaskStatus,
} from '@portolan/plugin-portolan-common';
import { countTasks } from '../../delivery/countTasks';
import { durationBetween, withoutUndefined } from '../../delivery/unstructured';
import type {
  ProjectedCondition,
  ProjectedPipelineTask,
  ProjectedTektonPipelineRun,
  ProjectedTektonStep,
  ProjectedTektonTaskRun,
} from './projectTektonRuns';
import {
  CANCELLED_BY_PIPELINE_TIMEOUT,
  PIPELINE_RUN_REASONS,
  TASK_RUN_REASONS,
  asConditionStatus,
  lookUpReason,
  type ReasonMeaning,
} from './tektonReasons';
import { tektonCommit, tektonImages, tektonTrigger } from './tektonProvenance';

/** Pipeline runs of one cluster, and what did not fit. */
export interface TektonTranslation {
  runs: PipelineRun[];
  warnings: string[];
}

interface StatusReading extends ReasonMeaning {
  warning?: string;
}

function readConditionStatus(
  kind: 'PipelineRun' | 'TaskRun',
  condition: ProjectedCondition | undefined,
  table: typeof PIPELINE_RUN_REASONS,
): StatusReading {
  if (!condition) {
    return {
      status: 'unknown',
      warning: `${kind} has no Succeeded condition`,
    };
  }
  const conditionStatus = asConditionStatus(condition.status);
  if (!conditionStatus) {
    return {
      status: 'unknown',
      warning: `${kind} Succeeded condition has status "${
        condition.status ?? ''
      }"`,
    };
  }
  const meaning = lookUpReason(table, conditionStatus, condition.reason);
  if (!meaning) {
    return {
      status: 'unknown',
      warning: `${kind} reason "${
        condition.reason ?? ''
      }" is not a known reason for status ${conditionStatus}`,
    };
  }
  return meaning;
}

// What the user asked for in spec.status while the run is still going.
const SPEC_STATUS_TERMINATIONS: Record<string, RunTermination> = {
  Cancelled: 'cancelling',
  CancelledRunFinally: 'cancelling',
  StoppedRunFinally: 'stopping',
  // v1beta1's old name for Cancelled.
  PipelineRunCancelled: 'cancelling',
};

function pipelineRunStatus(run: ProjectedTektonPipelineRun): StatusReading {
  // A pending run legitimately has no condition until the controller sees it.
  if (!run.condition && run.specStatus === 'PipelineRunPending') {
    return { status: 'pending' };
  }
  const reading = readConditionStatus(
    'PipelineRun',
    run.condition,
    PIPELINE_RUN_REASONS,
  );
  if (reading.status === 'running' && !reading.termination && run.specStatus) {
    const termination = SPEC_STATUS_TERMINATIONS[run.specStatus];
    return termination ? { ...reading, termination } : reading;
  }
  return reading;
}

function stepStatus(step: ProjectedTektonStep): TaskStatus {
  switch (step.state) {
    case 'running':
      return 'running';
    case 'waiting':
      return 'pending';
    case 'terminated':
      break;
    default:
      return 'unknown';
  }
  switch (step.terminationReason) {
    case 'Skipped':
      return 'skipped';
    case 'TimeoutExceeded':
      return 'timed-out';
    case 'Cancelled':
    case 'TaskRunCancelled':
      return 'cancelled';
    default:
      break;
  }
  if (step.reason === 'TaskRunCancelled') {
    return 'cancelled';
  }
  if (step.reason === 'TaskRunTimeout') {
    return 'timed-out';
  }
  if (step.exitCode === undefined) {
    return 'unknown';
  }
  return step.exitCode === 0 ? 'succeeded' : 'failed';
}

function translateStep(step: ProjectedTektonStep): PipelineStep {
  const upstreamStatus =
    step.state === 'none'
      ? undefined
      : [
          step.state,
          step.terminationReason ??
            (step.state === 'waiting' ? step.reason : undefined),
        ]
          .filter(Boolean)
          .join(': ');
  return withoutUndefined({
    name: step.name,
    status: stepStatus(step),
    container: step.container ?? `step-${step.name}`,
    exitCode: step.exitCode,
    terminationReason:
      step.state === 'terminated'
        ? step.reason ?? step.terminationReason
        : undefined,
    upstreamStatus,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
  });
}

function translateTaskRun(
  taskRun: ProjectedTektonTaskRun,
  name: string,
  role: TaskRole,
  declared: { displayName?: string; task?: string },
  warnings: string[],
): PipelineTask {
  const reading = readConditionStatus(
    'TaskRun',
    taskRun.condition,
    TASK_RUN_REASONS,
  );
  if (reading.warning) {
    warnings.push(`TaskRun ${taskRun.name}: ${reading.warning}`);
  }
  for (const warning of taskRun.warnings) {
    warnings.push(`TaskRun ${taskRun.name}: ${warning}`);
  }
  let status: TaskStatus = reading.status;
  // Tekton cancels the TaskRuns of a timed-out PipelineRun; they timed out too.
  if (
    taskRun.condition?.reason === 'TaskRunCancelled' &&
    reading.status === 'cancelled' &&
    (taskRun.specStatusMessage === CANCELLED_BY_PIPELINE_TIMEOUT ||
      taskRun.condition.message === CANCELLED_BY_PIPELINE_TIMEOUT)
  ) {
    status = 'timed-out';
  }
  return withoutUndefined({
    name,
    displayName: declared.displayName,
    task: taskRun.task ?? declared.task,
    role,
    status,
    reason: taskRun.condition?.reason,
    message: taskRun.condition?.message,
    failureIgnored:
      taskRun.condition?.reason === 'FailureIgnored' ? true : undefined,
    objectName: taskRun.name,
    objectKind: 'TaskRun',
    podName: taskRun.podName,
    startedAt: taskRun.startTime,
    finishedAt: taskRun.completionTime,
    durationMs: durationBetween(taskRun.startTime, taskRun.completionTime),
    retries: taskRun.retries > 0 ? taskRun.retries : undefined,
    steps: taskRun.steps.map(translateStep),
    results: taskRun.results,
  });
}

function emptyTask(
  name: string,
  role: TaskRole,
  status: TaskStatus,
  extra: Partial<PipelineTask>,
): PipelineTask {
  return withoutUndefined({
    name,
    role,
    status,
    steps: [],
    results: [],
    ...extra,
  });
}

/** Finds a run's TaskRuns. */
export class TaskRunIndex {
  private readonly byName = new Map<string, ProjectedTektonTaskRun>();
  private readonly byPipelineRun = new Map<string, ProjectedTektonTaskRun[]>();

  constructor(taskRuns: readonly ProjectedTektonTaskRun[]) {
    for (const taskRun of taskRuns) {
      this.byName.set(`${taskRun.namespace}/${taskRun.name}`, taskRun);
      if (taskRun.pipelineRunName) {
        const key = `${taskRun.namespace}/${taskRun.pipelineRunName}`;
        const list = this.byPipelineRun.get(key) ?? [];
        list.push(taskRun);
        this.byPipelineRun.set(key, list);
      }
    }
  }

  named(namespace: string, name: string): ProjectedTektonTaskRun | undefined {
    return this.byName.get(`${namespace}/${name}`);
  }

  ofPipelineRun(namespace: string, name: string): ProjectedTektonTaskRun[] {
    return this.byPipelineRun.get(`${namespace}/${name}`) ?? [];
  }
}

interface ChildTask {
  pipelineTaskName: string;
  displayName?: string;
  kind: string;
  objectName: string;
  taskRun?: ProjectedTektonTaskRun;
}

function childrenOf(
  run: ProjectedTektonPipelineRun,
  index: TaskRunIndex,
): ChildTask[] {
  if (run.childReferences.length > 0) {
    return run.childReferences.map(reference => {
      const taskRun =
        reference.kind === 'TaskRun'
          ? index.named(run.namespace, reference.name)
          : undefined;
      return {
        pipelineTaskName:
          reference.pipelineTaskName ??
          taskRun?.pipelineTaskName ??
          reference.name,
        displayName: reference.displayName,
        kind: reference.kind,
        objectName: reference.name,
        taskRun,
      };
    });
  }
  // No childReferences (v1beta1, or an older controller): fall back to labels,
  // then to the embedded status.
  const labelled = index.ofPipelineRun(run.namespace, run.name);
  const taskRuns = labelled.length > 0 ? labelled : run.embeddedTaskRuns;
  return taskRuns.map(taskRun => ({
    pipelineTaskName: taskRun.pipelineTaskName ?? taskRun.name,
    kind: 'TaskRun',
    objectName: taskRun.name,
    taskRun,
  }));
}

const ACTIVE_STATUSES: readonly RunStatus[] = ['running', 'pending'];

function buildTasks(
  run: ProjectedTektonPipelineRun,
  runStatus: RunStatus,
  children: ChildTask[],
  warnings: string[],
): PipelineTask[] {
  const finallyNames = new Set(run.finallyTasks.map(task => task.name));
  const roleOf = (name: string): TaskRole =>
    finallyNames.has(name) ? 'finally' : 'task';
  const skipped = new Map(run.skippedTasks.map(task => [task.name, task]));
  const declared = [...run.pipelineTasks, ...run.finallyTasks];
  const declaredNames = new Set(declared.map(task => task.name));
  const tasks: PipelineTask[] = [];

  const childTask = (
    child: ChildTask,
    declaredTask?: ProjectedPipelineTask,
  ): PipelineTask => {
    const name = child.pipelineTaskName;
    const shownName = child.displayName ?? declaredTask?.displayName;
    if (child.taskRun) {
      return translateTaskRun(
        child.taskRun,
        name,
        roleOf(name),
        { displayName: shownName, task: declaredTask?.task },
        warnings,
      );
    }
    return emptyTask(name, roleOf(name), 'unknown', {
      displayName: shownName,
      task: declaredTask?.task,
      objectName: child.objectName,
      objectKind: child.kind,
      message:
        child.kind === 'TaskRun'
          ? `TaskRun ${child.objectName} is not in the cache`
          : `${child.kind} status is not read by Portolan`,
    });
  };

  for (const declaredTask of declared) {
    const own = children.filter(
      child => child.pipelineTaskName === declaredTask.name,
    );
    if (own.length > 0) {
      // A matrixed task fans out into several children.
      tasks.push(...own.map(child => childTask(child, declaredTask)));
      continue;
    }
    const skip = skipped.get(declaredTask.name);
    if (skip) {
      tasks.push(
        emptyTask(declaredTask.name, roleOf(declaredTask.name), 'skipped', {
          displayName: declaredTask.displayName,
          task: declaredTask.task,
          reason: skip.reason,
        }),
      );
      continue;
    }
    tasks.push(
      emptyTask(
        declaredTask.name,
        roleOf(declaredTask.name),
        ACTIVE_STATUSES.includes(runStatus) ? 'pending' : 'skipped',
        {
          displayName: declaredTask.displayName,
          task: declaredTask.task,
          message: ACTIVE_STATUSES.includes(runStatus)
            ? undefined
            : 'Not started before the run ended',
        },
      ),
    );
  }
  // Without a resolved pipelineSpec the children and skipped list are all we know.
  for (const child of children) {
    if (!declaredNames.has(child.pipelineTaskName)) {
      tasks.push(childTask(child));
    }
  }
  for (const skip of run.skippedTasks) {
    if (!declaredNames.has(skip.name)) {
      tasks.push(
        emptyTask(skip.name, roleOf(skip.name), 'skipped', {
          reason: skip.reason,
        }),
      );
    }
  }
  return tasks;
}

/** Translates one PipelineRun with the TaskRuns of its cluster. */
export function translateTektonPipelineRun(
  cluster: string,
  run: ProjectedTektonPipelineRun,
  index: TaskRunIndex,
): PipelineRun {
  const warnings = [...run.warnings];
  const reading = pipelineRunStatus(run);
  if (reading.warning) {
    warnings.push(reading.warning);
  }
  const children = childrenOf(run, index);
  const tasks = buildTasks(run, reading.status, children, warnings);
  const childTaskRuns = children.flatMap(child =>
    child.taskRun ? [child.taskRun] : [],
  );
  const links: PipelineRun['links'] = [];
  const logUrl = run.annotations['pipelinesascode.tekton.dev/log-url'];
  if (logUrl) {
    links.push({ title: 'Pipelines-as-Code log', url: logUrl });
  }
  const commit = tektonCommit(run, childTaskRuns);
  if (commit?.url) {
    links.push({ title: 'Commit', url: commit.url });
  }
  return withoutUndefined({
    system: 'tekton' as const,
    cluster,
    namespace: run.namespace,
    name: run.name,
    pipeline: run.labels['tekton.dev/pipeline'] ?? run.pipelineRefName,
    status: reading.status,
    reason: run.condition?.reason,
    conditionStatus: run.condition?.status,
    message: run.condition?.message,
    termination: reading.termination,
    createdAt: run.createdAt,
    startedAt: run.startTime,
    finishedAt: run.completionTime,
    durationMs: durationBetween(run.startTime, run.completionTime),
    trigger: tektonTrigger(run),
    commit,
    tasks,
    taskCounts: countTasks(tasks),
    results: run.results,
    images: tektonImages(
      run.results,
      childTaskRuns.flatMap(taskRun => taskRun.results),
    ),
    links,
    warnings,
  });
}

/** Translates every PipelineRun of one cluster. Never throws. */
export function translateTektonRuns(
  cluster: string,
  pipelineRuns: readonly ProjectedTektonPipelineRun[],
  taskRuns: readonly ProjectedTektonTaskRun[],
): TektonTranslation {
  const index = new TaskRunIndex(taskRuns);
  const runs = pipelineRuns.map(run =>
    translateTektonPipelineRun(cluster, run, index),
  );
  return {
    runs,
    warnings: runs.flatMap(run =>
      run.warnings.map(
        warning => `PipelineRun ${run.namespace}/${run.name}: ${warning}`,
      ),
    ),
  };
}
