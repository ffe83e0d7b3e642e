/*
 * One run in detail: its tasks (Tekton TaskRuns, Jenkins X stages and
 * promotions), their steps with status, exit code and termination reason,
 * and each step's log. Logs need `portolan.logs.read` on the entity; without
 * it the drawer says so instead of offering buttons that would fail.
 */
import { Link } from '@backstage/core-components';
import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  Box,
  Button,
  Chip,
  Drawer,
  IconButton,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { Alert } from '@material-ui/lab';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  portolanLogsReadPermission,
  type PipelineRun,
  type PipelineStep,
  type PipelineTask,
} from '@portolan/plugin-portolan-common';
import { Fragment, useState } from 'react';
import {
  commitUrl,
  formatAbsolute,
  formatRelative,
  formatRunDuration,
} from '../../format';
import { ColumnHeads, CommitSha, useTextStyles } from '../cells';
import { RunStatusLabel } from '../StatusLabel';
import { StepLog } from '../StepLog';
import { SystemBadge } from '../SystemBadge';

const useStyles = makeStyles(theme => ({
  paper: { width: 720, maxWidth: '100vw', padding: theme.spacing(3) },
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
  },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  task: {
    marginTop: theme.spacing(3),
    borderTop: `1px solid ${theme.palette.divider}`,
    paddingTop: theme.spacing(2),
  },
  steps: { '& th, & td': { whiteSpace: 'nowrap' } },
}));

/** What a logs cell shows when the button cannot be offered. */
function noLogReason(
  run: PipelineRun,
  task: PipelineTask,
  step: PipelineStep,
): string | undefined {
  if (!task.podName || !step.container) {
    return run.system === 'jenkins-x'
      ? 'No pod log (Jenkins X keeps step logs in its own storage)'
      : 'No pod recorded for this step';
  }
  if (step.status === 'pending' || step.status === 'skipped') {
    return 'Not started';
  }
  return undefined;
}

/** The log button of a step, or why there is none. */
function LogCell(props: {
  stepName: string;
  reason?: string;
  allowed: boolean;
  open: boolean;
  onToggle(): void;
}) {
  if (props.reason || !props.allowed) {
    return (
      <Typography variant="caption" color="textSecondary">
        {props.reason ?? 'Hidden'}
      </Typography>
    );
  }
  return (
    <Button
      size="small"
      color="primary"
      aria-expanded={props.open}
      aria-label={`${props.open ? 'Hide' : 'Show'} log of step ${
        props.stepName
      }`}
      onClick={props.onToggle}
    >
      {props.open ? 'Hide log' : 'Show log'}
    </Button>
  );
}

function StepsTable(props: {
  run: PipelineRun;
  task: PipelineTask;
  entityRef: CompoundEntityRef;
  logsAllowed: boolean;
}) {
  const classes = useStyles();
  const { run, task } = props;
  const [open, setOpen] = useState<string | undefined>();
  if (task.steps.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No steps recorded.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`Steps of ${task.name}`}
      className={classes.steps}
    >
      <ColumnHeads
        columns={['Step', 'Status', 'Exit code', 'Reason', 'Duration', 'Log']}
      />
      <TableBody>
        {task.steps.map(step => {
          const reason = noLogReason(run, task, step);
          const isOpen = open === step.name;
          return (
            <Fragment key={step.name}>
              <TableRow data-step={step.name}>
                <TableCell>{step.name}</TableCell>
                <TableCell>
                  <RunStatusLabel
                    status={step.status}
                    detail={step.upstreamStatus}
                  />
                </TableCell>
                <TableCell>
                  {step.exitCode !== undefined ? (
                    <span aria-label={`Exit code ${step.exitCode}`}>
                      {step.exitCode}
                    </span>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>{step.terminationReason ?? '—'}</TableCell>
                <TableCell>{formatRunDuration(step)}</TableCell>
                <TableCell>
                  <LogCell
                    stepName={step.name}
                    reason={reason}
                    allowed={props.logsAllowed}
                    open={isOpen}
                    onToggle={() => setOpen(isOpen ? undefined : step.name)}
                  />
                </TableCell>
              </TableRow>
              {isOpen && props.logsAllowed && task.podName && (
                <TableRow>
                  <TableCell colSpan={6}>
                    <StepLog
                      entityRef={props.entityRef}
                      cluster={run.cluster}
                      namespace={run.namespace}
                      pod={task.podName}
                      container={step.container}
                      stepName={step.name}
                    />
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
}

function TaskSection(props: {
  run: PipelineRun;
  task: PipelineTask;
  entityRef: CompoundEntityRef;
  logsAllowed: boolean;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  const { task } = props;
  return (
    <section
      className={classes.task}
      aria-label={`Task ${task.displayName ?? task.name}`}
    >
      <div className={classes.line}>
        <Typography variant="h6" component="h3">
          {task.displayName ?? task.name}
        </Typography>
        {task.role !== 'task' && (
          <Chip size="small" variant="outlined" label={task.role} />
        )}
        {task.task && task.task !== task.name && (
          <span className={text.muted}>runs Task {task.task}</span>
        )}
        <RunStatusLabel status={task.status} detail={task.reason} />
        <span className={text.muted}>{formatRunDuration(task)}</span>
        {task.failureIgnored && (
          <Chip size="small" label="failure ignored (onError: continue)" />
        )}
      </div>
      {task.message && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {task.message}
        </Typography>
      )}
      {task.promotion && (
        <Typography variant="body2" gutterBottom>
          Promotes to {task.promotion.environment ?? 'an environment'}
          {task.promotion.pullRequestUrl && (
            <>
              {' '}
              through{' '}
              <Link to={task.promotion.pullRequestUrl}>pull request</Link>
            </>
          )}
          {task.promotion.applicationUrl && (
            <>
              {' '}
              · <Link to={task.promotion.applicationUrl}>application</Link>
            </>
          )}
        </Typography>
      )}
      <StepsTable {...props} />
    </section>
  );
}

export interface PipelineRunDrawerProps {
  /** The run to show; the drawer is closed when absent. */
  run?: PipelineRun;
  entityRef: CompoundEntityRef;
  onClose(): void;
}

/** The drawer's content; checks the logs permission only while open. */
function RunDetails(props: {
  run: PipelineRun;
  entityRef: CompoundEntityRef;
  onClose(): void;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  const { run, entityRef } = props;
  const permission = usePermission({
    permission: portolanLogsReadPermission,
    resourceRef: stringifyEntityRef(entityRef),
  });
  const logsAllowed = !permission.loading && permission.allowed;
  const link = commitUrl(run.commit?.repositoryUrl, run.commit?.sha);

  return (
    <div role="dialog" aria-label={`Pipeline run ${run.name}`}>
      <div className={classes.header}>
        <div>
          <Typography variant="h5" component="h2">
            {run.name}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {run.pipeline ? `${run.pipeline} · ` : ''}
            {run.cluster}/{run.namespace}
          </Typography>
        </div>
        <IconButton aria-label="Close" onClick={props.onClose}>
          <CloseIcon />
        </IconButton>
      </div>
      <Box mt={2} className={classes.line}>
        <SystemBadge system={run.system} />
        <RunStatusLabel status={run.status} detail={run.reason} />
        <span>{formatRunDuration(run)}</span>
        <span className={text.muted} title={formatAbsolute(run.startedAt)}>
          started {formatRelative(run.startedAt ?? run.createdAt)}
        </span>
        {run.termination && <Chip size="small" label={run.termination} />}
      </Box>
      {run.commit && (
        <Box className={classes.line}>
          <span>Commit</span>
          <CommitSha sha={run.commit.sha} url={link} />
          {run.commit.branch && (
            <Chip size="small" variant="outlined" label={run.commit.branch} />
          )}
          {run.commit.message && (
            <span>{run.commit.message.split('\n')[0]}</span>
          )}
        </Box>
      )}
      {run.message && (
        <Typography variant="body2" gutterBottom>
          {run.message}
        </Typography>
      )}
      {run.warnings.length > 0 && (
        <Alert severity="info">
          {run.warnings.map(w => (
            <div key={w}>{w}</div>
          ))}
        </Alert>
      )}
      {!permission.loading && !permission.allowed && (
        <Box mt={2}>
          <Alert severity="info" aria-label="Logs hidden">
            Step logs are hidden: you do not have the{' '}
            <code>portolan.logs.read</code> permission on{' '}
            {stringifyEntityRef(entityRef)}. Its owners can read them; ask them
            or your platform team for access.
          </Alert>
        </Box>
      )}
      {run.tasks.length === 0 ? (
        <Box mt={2}>
          <Typography variant="body2">
            No tasks recorded for this run yet.
          </Typography>
        </Box>
      ) : (
        run.tasks.map((task, i) => (
          <TaskSection
            key={`${task.name}-${i}`}
            run={run}
            task={task}
            entityRef={entityRef}
            logsAllowed={logsAllowed}
          />
        ))
      )}
    </div>
  );
}

/** A run's tasks, steps and logs in a side drawer. */
export function PipelineRunDrawer(props: PipelineRunDrawerProps) {
  const classes = useStyles();
  return (
    <Drawer
      anchor="right"
      open={!!props.run}
      onClose={props.onClose}
      classes={{ paper: classes.paper }}
    >
      {props.run && (
        <RunDetails
          run={props.run}
          entityRef={props.entityRef}
          onClose={props.onClose}
        />
      )}
    </Drawer>
  );
}
