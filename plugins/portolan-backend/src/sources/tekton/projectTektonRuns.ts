/*
 * Projections of Tekton PipelineRuns and TaskRuns (tekton.dev/v1, and
 * v1beta1 where only that is served): the small objects the cache keeps,
 * holding only the fields the translator reads. A projection never throws;
 * what does not fit is reported in `warnings` and read as missing.
 */
import type { RunResult } from '@portolan/plugin-portolan-common';
import { compact } from '@portolan/plugin-portolan-node';
import {
  ReadWarnings,
  asObject,
  pickByPrefix,
  readArray,
  readInteger,
  readNamespacedIdentity,
  readNonEmptyString,
  readString,
  readStringMap,
  readTimestamp,
} from '../../delivery/unstructured';

/** The `Succeeded` condition, as written upstream. */
export interface ProjectedCondition {
  status?: string;
  reason?: string;
  message?: string;
}

/** A param or result: name and a string, array or object value. */
export interface ProjectedNamedValue {
  name: string;
  value: RunResult['value'];
}

/** One step of a TaskRun (`status.steps[]`, a container state plus Tekton's fields). */
export interface ProjectedTektonStep {
  name: string;
  container?: string;
  state: 'terminated' | 'running' | 'waiting' | 'none';
  exitCode?: number;
  /** The container's reason (`OOMKilled`, `Error`, `Completed`, `PodInitializing` …). */
  reason?: string;
  /** Tekton's own `terminationReason` (`Skipped`, `TimeoutExceeded`, `Continued`, `Cancelled` …). */
  terminationReason?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** A TaskRun, or a v1beta1 PipelineRun's embedded TaskRun status. */
export interface ProjectedTektonTaskRun {
  apiVersion?: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** The PipelineRun it belongs to (label `tekton.dev/pipelineRun` or owner reference). */
  pipelineRunName?: string;
  pipelineTaskName?: string;
  /** The Task it runs (label `tekton.dev/task` / `tekton.dev/clusterTask`, else `spec.taskRef.name`). */
  task?: string;
  specStatus?: string;
  specStatusMessage?: string;
  condition?: ProjectedCondition;
  startTime?: string;
  completionTime?: string;
  podName?: string;
  retries: number;
  steps: ProjectedTektonStep[];
  results: ProjectedNamedValue[];
  warnings: string[];
}

/** A child of a PipelineRun (`status.childReferences[]`). */
export interface ProjectedChildReference {
  kind: string;
  name: string;
  pipelineTaskName?: string;
  displayName?: string;
}

/** A declared pipeline task (`status.pipelineSpec.tasks[]` / `finally[]`). */
export interface ProjectedPipelineTask {
  name: string;
  displayName?: string;
  /** The Task it refers to (`taskRef.name`, or a resolver's `name` param). */
  task?: string;
}

/** The Task a `taskRef` names: `name`, or the `name` param of a resolver (hub, bundles, cluster). */
function readTaskRefName(taskRef: unknown): string | undefined {
  const direct = readNonEmptyString(taskRef, ['name']);
  if (direct) return direct;
  const param = readArray(taskRef, ['params']).find(
    entry => readString(entry, ['name']) === 'name',
  );
  return readNonEmptyString(param, ['value']);
}

/** A PipelineRun. */
export interface ProjectedTektonPipelineRun {
  apiVersion?: string;
  name: string;
  namespace: string;
  uid?: string;
  createdAt?: string;
  labels: Record<string, string>;
  /** Only the annotations Portolan reads (Pipelines-as-Code, Triggers, Tekton, Chains, Backstage). */
  annotations: Record<string, string>;
  specStatus?: string;
  pipelineRefName?: string;
  params: ProjectedNamedValue[];
  condition?: ProjectedCondition;
  startTime?: string;
  completionTime?: string;
  childReferences: ProjectedChildReference[];
  pipelineTasks: ProjectedPipelineTask[];
  finallyTasks: ProjectedPipelineTask[];
  skippedTasks: Array<{ name: string; reason?: string }>;
  results: ProjectedNamedValue[];
  /** v1beta1 "full" embedded status (`status.taskRuns`), for runs without childReferences. */
  embeddedTaskRuns: ProjectedTektonTaskRun[];
  warnings: string[];
}

/** Annotation prefixes a Tekton projection keeps. */
export const TEKTON_ANNOTATION_PREFIXES = [
  'pipelinesascode.tekton.dev/',
  'triggers.tekton.dev/',
  'tekton.dev/',
  'chains.tekton.dev/',
  'backstage.io/',
] as const;

function readNamedValues(
  value: unknown,
  path: readonly string[],
  warnings: ReadWarnings,
): ProjectedNamedValue[] {
  const values: ProjectedNamedValue[] = [];
  for (const entry of readArray(value, path, warnings)) {
    const name = readNonEmptyString(entry, ['name']);
    const raw = asObject(entry)?.value;
    if (!name) {
      warnings.add(`${path.join('.')} has an entry without a name`);
      continue;
    }
    const parsed = readResultValue(raw);
    if (parsed === undefined) {
      warnings.add(`${path.join('.')}.${name} has an unreadable value`);
      continue;
    }
    values.push({ name, value: parsed });
  }
  return compact(values);
}

/** Tekton values are a string, a list of strings, or a map of strings. */
function readResultValue(raw: unknown): RunResult['value'] | undefined {
  if (typeof raw === 'string') {
    return raw;
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') {
    return String(raw);
  }
  if (Array.isArray(raw)) {
    return raw.every(item => typeof item === 'string')
      ? (raw as string[])
      : undefined;
  }
  const object = asObject(raw);
  if (object) {
    const entries = Object.entries(object);
    return entries.every(([, item]) => typeof item === 'string')
      ? (Object.fromEntries(entries) as Record<string, string>)
      : undefined;
  }
  return undefined;
}

function readSucceededCondition(
  status: unknown,
  warnings: ReadWarnings,
): ProjectedCondition | undefined {
  const conditionWarnings = warnings.within('conditions');
  for (const condition of readArray(status, ['conditions'], warnings)) {
    if (readString(condition, ['type']) === 'Succeeded') {
      return {
        status: readString(condition, ['status'], conditionWarnings),
        reason: readNonEmptyString(condition, ['reason'], conditionWarnings),
        message: readNonEmptyString(condition, ['message'], conditionWarnings),
      };
    }
  }
  return undefined;
}

function readSteps(
  status: unknown,
  warnings: ReadWarnings,
): ProjectedTektonStep[] {
  const steps: ProjectedTektonStep[] = [];
  const stepWarnings = warnings.within('steps');
  for (const entry of readArray(status, ['steps'], warnings)) {
    const name =
      readNonEmptyString(entry, ['name']) ??
      readNonEmptyString(entry, ['container'])?.replace(/^step-/, '');
    if (!name) {
      warnings.add('steps has an entry without a name');
      continue;
    }
    const step: ProjectedTektonStep = {
      name,
      container: readNonEmptyString(entry, ['container']),
      state: 'none',
      terminationReason: readNonEmptyString(entry, ['terminationReason']),
    };
    if (asObject(asObject(entry)?.terminated)) {
      step.state = 'terminated';
      step.exitCode = readInteger(
        entry,
        ['terminated', 'exitCode'],
        stepWarnings,
      );
      step.reason = readNonEmptyString(entry, ['terminated', 'reason']);
      step.startedAt = readTimestamp(
        entry,
        ['terminated', 'startedAt'],
        stepWarnings,
      );
      step.finishedAt = readTimestamp(
        entry,
        ['terminated', 'finishedAt'],
        stepWarnings,
      );
    } else if (asObject(asObject(entry)?.running)) {
      step.state = 'running';
      step.startedAt = readTimestamp(
        entry,
        ['running', 'startedAt'],
        stepWarnings,
      );
    } else if (asObject(asObject(entry)?.waiting)) {
      step.state = 'waiting';
      step.reason = readNonEmptyString(entry, ['waiting', 'reason']);
    }
    steps.push(step);
  }
  return compact(steps);
}

function readMetadata(raw: unknown, warnings: ReadWarnings) {
  return {
    apiVersion: readNonEmptyString(raw, ['apiVersion']),
    ...readNamespacedIdentity(raw, warnings),
    labels: readStringMap(raw, ['metadata', 'labels'], warnings),
  };
}

/** Projects a TaskRun's status fields (shared by TaskRuns and v1beta1 embedded statuses). */
function projectTaskRunStatus(
  status: unknown,
  warnings: ReadWarnings,
): Pick<
  ProjectedTektonTaskRun,
  | 'condition'
  | 'startTime'
  | 'completionTime'
  | 'podName'
  | 'retries'
  | 'steps'
  | 'results'
> {
  const results = readNamedValues(status, ['results'], warnings);
  return {
    condition: readSucceededCondition(status, warnings),
    startTime: readTimestamp(status, ['startTime'], warnings),
    completionTime: readTimestamp(status, ['completionTime'], warnings),
    podName: readNonEmptyString(status, ['podName'], warnings),
    retries: readArray(status, ['retriesStatus'], warnings).length,
    steps: readSteps(status, warnings),
    // v1beta1 names them taskResults.
    results:
      results.length > 0
        ? results
        : readNamedValues(status, ['taskResults'], warnings),
  };
}

/** Projects a TaskRun. Never throws. */
export function projectTektonTaskRun(raw: unknown): ProjectedTektonTaskRun {
  const warnings = new ReadWarnings();
  const metadata = readMetadata(raw, warnings);
  const ownerPipelineRun = readArray(
    raw,
    ['metadata', 'ownerReferences'],
    warnings,
  ).find(owner => readString(owner, ['kind']) === 'PipelineRun');
  const status = asObject(raw)?.status;
  if (status !== undefined && !asObject(status)) {
    warnings.add('status is not an object');
  }
  return {
    ...metadata,
    labels: pickByPrefix(metadata.labels, ['tekton.dev/', 'backstage.io/']),
    pipelineRunName:
      metadata.labels['tekton.dev/pipelineRun'] ??
      readNonEmptyString(ownerPipelineRun, ['name']),
    pipelineTaskName: metadata.labels['tekton.dev/pipelineTask'],
    task:
      metadata.labels['tekton.dev/task'] ??
      metadata.labels['tekton.dev/clusterTask'] ??
      readTaskRefName(readPathObject(asObject(raw)?.spec, 'taskRef')),
    specStatus: readNonEmptyString(raw, ['spec', 'status'], warnings),
    specStatusMessage: readNonEmptyString(
      raw,
      ['spec', 'statusMessage'],
      warnings,
    ),
    ...projectTaskRunStatus(status, warnings.within('status')),
    warnings: warnings.messages,
  };
}

function readPipelineTasks(
  pipelineSpec: unknown,
  key: 'tasks' | 'finally',
  warnings: ReadWarnings,
): ProjectedPipelineTask[] {
  const tasks: ProjectedPipelineTask[] = [];
  for (const entry of readArray(pipelineSpec, [key], warnings)) {
    const name = readNonEmptyString(entry, ['name']);
    if (name) {
      tasks.push({
        name,
        displayName: readNonEmptyString(entry, ['displayName']),
        task: readTaskRefName(readPathObject(entry, 'taskRef')),
      });
    } else {
      warnings.add(`${key} has an entry without a name`);
    }
  }
  return compact(tasks);
}

/** Projects a PipelineRun. Never throws. */
export function projectTektonPipelineRun(
  raw: unknown,
): ProjectedTektonPipelineRun {
  const warnings = new ReadWarnings();
  const metadata = readMetadata(raw, warnings);
  const status = asObject(raw)?.status;
  if (status !== undefined && !asObject(status)) {
    warnings.add('status is not an object');
  }
  const statusWarnings = warnings.within('status');
  const pipelineSpec = readPathObject(status, 'pipelineSpec');

  const childReferences: ProjectedChildReference[] = [];
  for (const entry of readArray(status, ['childReferences'], statusWarnings)) {
    const name = readNonEmptyString(entry, ['name']);
    if (!name) {
      statusWarnings.add('childReferences has an entry without a name');
      continue;
    }
    childReferences.push({
      kind: readNonEmptyString(entry, ['kind']) ?? 'TaskRun',
      name,
      pipelineTaskName: readNonEmptyString(entry, ['pipelineTaskName']),
      displayName: readNonEmptyString(entry, ['displayName']),
    });
  }

  const skippedTasks: ProjectedTektonPipelineRun['skippedTasks'] = [];
  for (const entry of readArray(status, ['skippedTasks'], statusWarnings)) {
    const name = readNonEmptyString(entry, ['name']);
    if (name) {
      skippedTasks.push({
        name,
        reason: readNonEmptyString(entry, ['reason']),
      });
    }
  }

  // v1beta1 "full" embedded status: status.taskRuns is a map keyed by TaskRun name.
  const embeddedTaskRuns: ProjectedTektonTaskRun[] = [];
  const embedded = readPathObject(status, 'taskRuns');
  for (const [taskRunName, entry] of Object.entries(embedded ?? {})) {
    const entryWarnings = new ReadWarnings();
    embeddedTaskRuns.push({
      name: taskRunName,
      namespace: metadata.namespace,
      labels: {},
      pipelineRunName: metadata.name,
      pipelineTaskName: readNonEmptyString(entry, ['pipelineTaskName']),
      ...projectTaskRunStatus(
        asObject(entry)?.status,
        entryWarnings.within('status'),
      ),
      warnings: entryWarnings.messages,
    });
  }

  const results = readNamedValues(status, ['results'], statusWarnings);
  return {
    ...metadata,
    uid: readNonEmptyString(raw, ['metadata', 'uid']),
    createdAt: readTimestamp(raw, ['metadata', 'creationTimestamp'], warnings),
    annotations: pickByPrefix(
      readStringMap(raw, ['metadata', 'annotations'], warnings),
      TEKTON_ANNOTATION_PREFIXES,
    ),
    specStatus: readNonEmptyString(raw, ['spec', 'status'], warnings),
    pipelineRefName: readNonEmptyString(raw, ['spec', 'pipelineRef', 'name']),
    params: readNamedValues(raw, ['spec', 'params'], warnings),
    condition: readSucceededCondition(status, statusWarnings),
    startTime: readTimestamp(status, ['startTime'], statusWarnings),
    completionTime: readTimestamp(status, ['completionTime'], statusWarnings),
    childReferences: compact(childReferences),
    pipelineTasks: readPipelineTasks(
      pipelineSpec,
      'tasks',
      statusWarnings.within('pipelineSpec'),
    ),
    finallyTasks: readPipelineTasks(
      pipelineSpec,
      'finally',
      statusWarnings.within('pipelineSpec'),
    ),
    skippedTasks: compact(skippedTasks),
    // v1beta1 names them pipelineResults.
    results:
      results.length > 0
        ? results
        : readNamedValues(status, ['pipelineResults'], statusWarnings),
    embeddedTaskRuns: compact(embeddedTaskRuns),
    warnings: warnings.messages,
  };
}

function readPathObject(value: unknown, key: string) {
  return asObject(asObject(value)?.[key]);
}
