/*
 * Turns projected Jenkins X PipelineActivities of one cluster into Portolan
 * pipeline runs: stages become tasks with their sub-steps, previews and
 * promotions become tasks that carry their environment and pull request.
 * Pure: no I/O. `ActivityStatusType` is jx-api's closed set; any other value
 * is `unknown`, kept raw, with a warning.
 */
import type {
  PipelineRun,
  PipelineStep,
  PipelineTask,
  RunStatus,
  TaskRole,
  TaskStatus,
} from '@portolan/plugin-portolan-common';
import { countTasks } from '../../delivery/countTasks';
import { durationBetween, withoutUndefined } from '../../delivery/unstructured';
import type {
  ProjectedActivityCore,
  ProjectedActivityStep,
  ProjectedPipelineActivity,
} from './projectPipelineActivity';

/**
 * jx-api `ActivityStatusType` for a whole activity. The empty string is
 * upstream's "none" (not started yet).
 */
export const ACTIVITY_RUN_STATUSES: Readonly<Record<string, RunStatus>> = {
  '': 'pending',
  Pending: 'pending',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  // Blocked on a human; not finished, not executing.
  WaitingForApproval: 'pending',
  Error: 'failed',
  Aborted: 'cancelled',
  // The workflow was not run at all.
  NotExecuted: 'cancelled',
  TimedOut: 'timed-out',
  Cancelled: 'cancelled',
};

/** jx-api `ActivityStatusType` for a stage or step: `NotExecuted` means skipped. */
export const ACTIVITY_TASK_STATUSES: Readonly<Record<string, TaskStatus>> = {
  ...ACTIVITY_RUN_STATUSES,
  NotExecuted: 'skipped',
};

const ROLES: Record<string, TaskRole> = {
  Stage: 'stage',
  Preview: 'preview',
  Promote: 'promote',
};

/** Pipeline runs of one cluster, and what did not fit. */
export interface JenkinsXTranslation {
  runs: PipelineRun[];
  warnings: string[];
}

function mapStatus<T extends string>(
  table: Readonly<Record<string, T>>,
  raw: string | undefined,
  field: string,
  warnings: string[],
): T | 'unknown' {
  const value = raw ?? '';
  if (!Object.hasOwn(table, value)) {
    warnings.push(`${field} "${value}" is not a known ActivityStatusType`);
    return 'unknown';
  }
  return table[value];
}

function translateCore(
  core: ProjectedActivityCore,
  field: string,
  warnings: string[],
): PipelineStep {
  return withoutUndefined({
    name: core.name ?? '',
    status: mapStatus(ACTIVITY_TASK_STATUSES, core.status, field, warnings),
    upstreamStatus: core.status,
    startedAt: core.startedAt,
    finishedAt: core.completedAt,
  });
}

function translateStep(
  step: ProjectedActivityStep,
  index: number,
  warnings: string[],
): PipelineTask {
  const field = `spec.steps[${index}]`;
  const role = step.kind ? ROLES[step.kind] : undefined;
  if (!role) {
    warnings.push(
      `${field}.kind "${step.kind ?? ''}" is not a known step kind`,
    );
  }
  const promotion =
    role === 'promote' || role === 'preview'
      ? withoutUndefined({
          environment: step.environment,
          pullRequestUrl: step.pullRequestUrl,
          mergeCommitSha: step.mergeCommitSha,
          applicationUrl: step.applicationUrl,
        })
      : undefined;
  return withoutUndefined({
    name: step.name ?? step.environment ?? step.kind ?? `step-${index + 1}`,
    role: role ?? 'stage',
    status: mapStatus(
      ACTIVITY_TASK_STATUSES,
      step.status,
      `${field}.status`,
      warnings,
    ),
    reason: step.status,
    message: step.description,
    startedAt: step.startedAt,
    finishedAt: step.completedAt,
    durationMs: durationBetween(step.startedAt, step.completedAt),
    steps: step.steps.map((sub, subIndex) =>
      translateCore(sub, `${field}.steps[${subIndex}].status`, warnings),
    ),
    results: [],
    promotion,
  });
}

/** Translates one PipelineActivity. */
export function translatePipelineActivity(
  cluster: string,
  activity: ProjectedPipelineActivity,
): PipelineRun {
  const warnings = [...activity.warnings];
  // Without a spec there is no status at all, not upstream's empty "none".
  const status = activity.hasSpec
    ? mapStatus(ACTIVITY_RUN_STATUSES, activity.status, 'spec.status', warnings)
    : 'unknown';
  const tasks = activity.steps.map((step, index) =>
    translateStep(step, index, warnings),
  );
  const links: PipelineRun['links'] = [];
  const addLink = (title: string, url: string | undefined) => {
    if (url) {
      links.push({ title, url });
    }
  };
  addLink('Build', activity.buildUrl);
  addLink('Build logs', activity.buildLogsUrl);
  addLink('Release notes', activity.releaseNotesUrl);
  addLink('Commit', activity.lastCommitUrl);
  for (const task of tasks) {
    addLink(
      `Pull request (${task.promotion?.environment ?? task.name})`,
      task.promotion?.pullRequestUrl,
    );
  }
  const commit = withoutUndefined({
    sha: activity.lastCommitSha?.toLowerCase(),
    repositoryUrl: activity.gitUrl,
    branch: activity.gitBranch,
    message: activity.lastCommitMessage,
    author: activity.author,
    url: activity.lastCommitUrl,
  });
  return withoutUndefined({
    system: 'jenkins-x' as const,
    cluster,
    namespace: activity.namespace,
    name: activity.name,
    pipeline: activity.pipeline,
    status,
    reason: activity.status,
    startedAt: activity.startedAt,
    finishedAt: activity.completedAt,
    durationMs: durationBetween(activity.startedAt, activity.completedAt),
    trigger: withoutUndefined({
      kind: 'jenkins-x' as const,
      event: activity.context,
    }),
    commit: Object.keys(commit).length > 0 ? commit : undefined,
    tasks,
    taskCounts: countTasks(tasks),
    results: [],
    images: [],
    links,
    warnings,
  });
}

/** Translates every PipelineActivity of one cluster. Never throws. */
export function translatePipelineActivities(
  cluster: string,
  activities: readonly ProjectedPipelineActivity[],
): JenkinsXTranslation {
  const runs = activities.map(activity =>
    translatePipelineActivity(cluster, activity),
  );
  return {
    runs,
    warnings: runs.flatMap(run =>
      run.warnings.map(
        warning => `PipelineActivity ${run.namespace}/${run.name}: ${warning}`,
      ),
    ),
  };
}
