/*
 * Task counts for a run, shared by every pipeline system so that "3 of 5
 * tasks" means the same thing for Tekton and Jenkins X.
 */
import type {
  PipelineTask,
  TaskCounts,
} from '@portolan/plugin-portolan-common';

/** Counts tasks per status; `total` includes finally and skipped tasks. */
export function countTasks(tasks: readonly PipelineTask[]): TaskCounts {
  const counts: TaskCounts = {
    total: tasks.length,
    succeeded: 0,
    failed: 0,
    running: 0,
    pending: 0,
    cancelled: 0,
    timedOut: 0,
    skipped: 0,
    unknown: 0,
  };
  for (const task of tasks) {
    const key = task.status === 'timed-out' ? 'timedOut' : task.status;
    counts[key] += 1;
  }
  return counts;
}
