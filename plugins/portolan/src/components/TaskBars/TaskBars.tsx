/*
 * A run's tasks as a strip of bars, one per task, as wide as the task took.
 * Each bar names its task and status for screen readers and on hover.
 */
import { makeStyles, Tooltip, useTheme } from '@material-ui/core';
import type { PipelineTask } from '@portolan/plugin-portolan-common';
import { formatDuration } from '../../format';
import { runStatusText, toneColor } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    gap: 2,
    listStyle: 'none',
    margin: 0,
    padding: 0,
    width: 160,
    height: 10,
  },
  bar: {
    height: '100%',
    minWidth: 6,
    borderRadius: 2,
  },
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  skipped: {
    backgroundImage: `repeating-linear-gradient(45deg, transparent, transparent 2px, ${theme.palette.background.paper} 2px, ${theme.palette.background.paper} 4px)`,
  },
}));

/** One sentence per task: `build: Succeeded (3m 0s)`. */
export function describeTask(task: PipelineTask): string {
  const [, label] = runStatusText(task.status);
  const name = task.displayName ?? task.name;
  const duration =
    task.durationMs !== undefined
      ? ` (${formatDuration(task.durationMs)})`
      : '';
  return `${name}: ${label}${duration}`;
}

/** The tasks of a run as proportional bars. */
export function TaskBars(props: { tasks: PipelineTask[]; runName: string }) {
  const classes = useStyles();
  const theme = useTheme();
  if (props.tasks.length === 0) return null;
  const total = props.tasks.reduce(
    (sum, t) => sum + Math.max(t.durationMs ?? 0, 1),
    0,
  );
  return (
    <ul className={classes.root} aria-label={`Tasks of ${props.runName}`}>
      {props.tasks.map((task, i) => {
        const [tone] = runStatusText(task.status);
        const text = describeTask(task);
        return (
          <Tooltip key={`${task.name}-${i}`} title={text}>
            <li
              className={`${classes.bar} ${
                task.status === 'skipped' ? classes.skipped : ''
              }`}
              style={{
                flexGrow: Math.max(task.durationMs ?? 0, 1) / total,
                backgroundColor: toneColor(theme, tone),
              }}
              data-status={task.status}
            >
              <span className={classes.hidden}>{text}</span>
            </li>
          </Tooltip>
        );
      })}
    </ul>
  );
}
