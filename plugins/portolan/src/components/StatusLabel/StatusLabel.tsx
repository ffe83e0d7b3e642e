/*
 * Every status in Portolan reads as words: an icon (hidden from assistive
 * technology) beside a label, or, where space is short, an icon carrying the
 * label as its accessible name and tooltip. Colour only repeats what the
 * words say.
 */
import { makeStyles, Tooltip, type Theme } from '@material-ui/core';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import ScheduleIcon from '@material-ui/icons/Schedule';
import WarningIcon from '@material-ui/icons/Warning';
import type {
  ContainerState,
  HealthState,
  HealthStatus,
  RebaseStateName,
  RunStatus,
  SyncStatus,
  TaskStatus,
  WorkloadStatus,
} from '@portolan/plugin-portolan-common';

/** How a status should feel: decides icon and colour, never the words. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'running'
  | 'pending'
  | 'skipped'
  | 'unknown';

const ICONS: Record<StatusTone, typeof CheckCircleIcon> = {
  ok: CheckCircleIcon,
  warning: WarningIcon,
  error: ErrorIcon,
  running: AutorenewIcon,
  pending: ScheduleIcon,
  skipped: RemoveCircleOutlineIcon,
  unknown: HelpOutlineIcon,
};

/** The colour of a tone, shared with task bars and badges. */
export function toneColor(theme: Theme, tone: StatusTone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.success?.main ?? '#2e7d32';
    case 'warning':
      return theme.palette.warning?.main ?? '#ed6c02';
    case 'error':
      return theme.palette.error.main;
    case 'running':
      return theme.palette.info?.main ?? '#0288d1';
    case 'pending':
    case 'skipped':
    case 'unknown':
    default:
      return theme.palette.text.secondary;
  }
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
    verticalAlign: 'middle',
  },
  icon: { fontSize: '1.1em' },
  ok: { color: toneColor(theme, 'ok') },
  warning: { color: toneColor(theme, 'warning') },
  error: { color: toneColor(theme, 'error') },
  running: { color: toneColor(theme, 'running') },
  pending: { color: toneColor(theme, 'pending') },
  skipped: { color: toneColor(theme, 'skipped') },
  unknown: { color: toneColor(theme, 'unknown') },
}));

export interface StatusLabelProps {
  tone: StatusTone;
  /** The words: always shown, or the accessible name when `compact`. */
  label: string;
  /** More detail on hover (a reason, a message, since when). */
  detail?: string;
  /** Only the icon; the label becomes its accessible name and tooltip. */
  compact?: boolean;
}

/** A status as an icon and words. */
export function StatusLabel(props: StatusLabelProps) {
  const { tone, label, detail, compact } = props;
  const classes = useStyles();
  const Icon = ICONS[tone];
  const title = detail ? `${label}: ${detail}` : label;
  if (compact) {
    return (
      <Tooltip title={title}>
        <span className={`${classes.root} ${classes[tone]}`}>
          <Icon
            className={classes.icon}
            titleAccess={title}
            aria-label={title}
          />
        </span>
      </Tooltip>
    );
  }
  const body = (
    <span className={classes.root} data-status={tone}>
      <Icon className={`${classes.icon} ${classes[tone]}`} aria-hidden />
      <span>{label}</span>
    </span>
  );
  return detail ? <Tooltip title={detail}>{body}</Tooltip> : body;
}

/** The tone and words of every value of one kind of status. */
type StatusTable<S extends string> = Record<S, [StatusTone, string]>;

/** Props of a label for one kind of status, read from the prop `key`. */
type TableLabelProps<K extends string, S extends string> = Record<K, S> & {
  detail?: string;
  compact?: boolean;
};

/**
 * A label component for one kind of status: looks the value up in `table`;
 * a value the table lacks (a newer backend) reads as `fallback(value)`.
 */
function tableLabel<K extends string, S extends string>(
  key: K,
  table: StatusTable<S>,
  fallback: (value: S) => [StatusTone, string],
) {
  return function TableStatusLabel(props: TableLabelProps<K, S>) {
    const value = props[key] as S;
    const [tone, label] = table[value] ?? fallback(value);
    return (
      <StatusLabel
        tone={tone}
        label={label}
        detail={props.detail}
        compact={props.compact}
      />
    );
  };
}

const RUN: StatusTable<TaskStatus> = {
  succeeded: ['ok', 'Succeeded'],
  failed: ['error', 'Failed'],
  running: ['running', 'Running'],
  pending: ['pending', 'Pending'],
  cancelled: ['skipped', 'Cancelled'],
  'timed-out': ['error', 'Timed out'],
  skipped: ['skipped', 'Skipped'],
  unknown: ['unknown', 'Unknown'],
};

/** The tone and words of a run, task or step status. */
export function runStatusText(
  status: RunStatus | TaskStatus,
): [StatusTone, string] {
  return RUN[status] ?? RUN.unknown;
}

/** A pipeline run, task or step status. */
export const RunStatusLabel = tableLabel('status', RUN, () => RUN.unknown);

const SYNC: StatusTable<SyncStatus> = {
  synced: ['ok', 'Synced'],
  'out-of-sync': ['warning', 'Out of sync'],
  unknown: ['unknown', 'Sync unknown'],
};

/** An Argo CD sync status. */
export const SyncStatusLabel = tableLabel('status', SYNC, () => SYNC.unknown);

const HEALTH: StatusTable<HealthStatus> = {
  healthy: ['ok', 'Healthy'],
  progressing: ['running', 'Progressing'],
  degraded: ['error', 'Degraded'],
  suspended: ['skipped', 'Suspended'],
  missing: ['warning', 'Missing'],
  unknown: ['unknown', 'Health unknown'],
};

/** An Argo CD health status. */
export const HealthStatusLabel = tableLabel(
  'status',
  HEALTH,
  () => HEALTH.unknown,
);

const CLUSTER: StatusTable<HealthState> = {
  syncing: ['pending', 'Syncing'],
  synced: ['ok', 'Synced'],
  stale: ['warning', 'Stale'],
  unreachable: ['error', 'Unreachable'],
  unauthorized: ['error', 'Unauthorized'],
  forbidden: ['error', 'Forbidden'],
  'not-installed': ['skipped', 'Not installed'],
};

/** The tone and words of a cluster (or watched resource) health state. */
export function clusterStateText(state: HealthState): [StatusTone, string] {
  return CLUSTER[state] ?? ['unknown', state];
}

/** A cluster's (or a watched resource's) freshness. */
export const ClusterStateLabel = tableLabel('state', CLUSTER, state => [
  'unknown',
  state,
]);

const WORKLOAD: StatusTable<WorkloadStatus> = {
  healthy: ['ok', 'Healthy'],
  progressing: ['running', 'Progressing'],
  degraded: ['error', 'Degraded'],
  'scaled-down': ['skipped', 'Scaled down'],
  unknown: ['unknown', 'Unknown'],
};

/** A workload's status. */
export const WorkloadStatusLabel = tableLabel(
  'status',
  WORKLOAD,
  () => WORKLOAD.unknown,
);

const CONTAINER: StatusTable<ContainerState> = {
  running: ['running', 'Running'],
  waiting: ['pending', 'Waiting'],
  terminated: ['skipped', 'Terminated'],
  unknown: ['unknown', 'Unknown'],
};

/** A container's state. */
export const ContainerStateLabel = tableLabel(
  'state',
  CONTAINER,
  () => CONTAINER.unknown,
);

const REBASE: StatusTable<RebaseStateName> = {
  'up-to-date': ['ok', 'Run image up to date'],
  'rebase-available': ['warning', 'Rebase available'],
  unknown: ['unknown', 'Rebase state unknown'],
};

/** Whether an image's run image is current. */
export const RebaseLabel = tableLabel('state', REBASE, () => REBASE.unknown);

/** A blocking marker for things that cannot be shown (no permission). */
export function DeniedLabel(props: { label: string }) {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <BlockIcon className={`${classes.icon} ${classes.unknown}`} aria-hidden />
      <span>{props.label}</span>
    </span>
  );
}
