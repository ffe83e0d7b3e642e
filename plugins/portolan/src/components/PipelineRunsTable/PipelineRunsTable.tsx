/*
 * Every pipeline run of the entity across Tekton and Jenkins X in one table,
 * filterable by system, status, cluster and branch. A row opens the run's
 * drawer (tasks, steps, logs).
 */
import {
  Button,
  Link as MuiLink,
  makeStyles,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import type {
  EntitySelectionSummary,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import { useMemo, useState } from 'react';
import { formatRunDuration } from '../../format';
import { CellCaption, ColumnHeads, CommitSha, RelativeTime } from '../cells';
import { runKey } from '../DeliveryTimeline';
import { EmptyGuidance } from '../EmptyGuidance';
import { RunStatusLabel, runStatusText } from '../StatusLabel';
import { SystemBadge, systemName } from '../SystemBadge';
import { TaskBars } from '../TaskBars';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
    alignItems: 'center',
  },
  filter: { minWidth: 160 },
}));

type FilterKey = 'system' | 'status' | 'cluster' | 'branch';
type Filters = Record<FilterKey, string>;
const ALL = '';
const NO_FILTERS: Filters = {
  system: ALL,
  status: ALL,
  cluster: ALL,
  branch: ALL,
};

function valueOf(run: PipelineRun, key: FilterKey): string | undefined {
  switch (key) {
    case 'system':
      return run.system;
    case 'status':
      return run.status;
    case 'cluster':
      return run.cluster;
    case 'branch':
    default:
      return run.commit?.branch;
  }
}

function optionLabel(key: FilterKey, value: string): string {
  if (key === 'system') return systemName(value);
  if (key === 'status') return runStatusText(value as PipelineRun['status'])[1];
  return value;
}

const LABELS: Record<FilterKey, string> = {
  system: 'System',
  status: 'Status',
  cluster: 'Cluster',
  branch: 'Branch',
};

/** Newest first, by start (or creation) time. */
export function sortRuns(runs: PipelineRun[]): PipelineRun[] {
  const time = (r: PipelineRun) => r.startedAt ?? r.createdAt ?? '';
  return [...runs].sort((a, b) => time(b).localeCompare(time(a)));
}

export interface PipelineRunsTableProps {
  /** Absent when no pipeline source is registered in the backend. */
  runs?: PipelineRun[];
  selection?: EntitySelectionSummary;
  onOpenRun(run: PipelineRun): void;
}

/** The entity's pipeline runs with filters. */
export function PipelineRunsTable(props: PipelineRunsTableProps) {
  const classes = useStyles();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const runs = useMemo(() => sortRuns(props.runs ?? []), [props.runs]);
  const options = useMemo(() => {
    const result = {} as Record<FilterKey, string[]>;
    for (const key of Object.keys(LABELS) as FilterKey[]) {
      result[key] = [
        ...new Set(
          runs.map(r => valueOf(r, key)).filter((v): v is string => !!v),
        ),
      ].sort();
    }
    return result;
  }, [runs]);

  if (!props.runs || props.runs.length === 0) {
    return (
      <EmptyGuidance
        section="pipelineRuns"
        selection={props.selection}
        absent={props.runs === undefined}
      />
    );
  }

  const shown = runs.filter(r =>
    (Object.keys(filters) as FilterKey[]).every(
      key => filters[key] === ALL || valueOf(r, key) === filters[key],
    ),
  );
  const filtered = shown.length !== runs.length;

  return (
    <>
      <div className={classes.filters} role="group" aria-label="Filter runs">
        {(Object.keys(LABELS) as FilterKey[]).map(key => (
          <TextField
            key={key}
            select
            size="small"
            variant="outlined"
            className={classes.filter}
            label={LABELS[key]}
            value={filters[key]}
            onChange={e => setFilters({ ...filters, [key]: e.target.value })}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
            inputProps={{
              'aria-label': `Filter by ${LABELS[key].toLowerCase()}`,
            }}
          >
            <MenuItem value={ALL}>All</MenuItem>
            {options[key].map(v => (
              <MenuItem key={v} value={v}>
                {optionLabel(key, v)}
              </MenuItem>
            ))}
          </TextField>
        ))}
        <Typography variant="body2" color="textSecondary" aria-live="polite">
          {filtered
            ? `${shown.length} of ${runs.length} runs`
            : `${runs.length} runs`}
        </Typography>
        {filtered && (
          <Button size="small" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
      </div>
      {shown.length === 0 ? (
        <Typography variant="body2" role="note">
          No runs match these filters.
        </Typography>
      ) : (
        <Table size="small" aria-label="Pipeline runs">
          <ColumnHeads
            columns={[
              'Run',
              'System',
              'Status',
              'Commit',
              'Started',
              'Duration',
              'Tasks',
            ]}
          />
          <TableBody>
            {shown.map(run => (
              <TableRow key={runKey(run)} hover data-run={run.name}>
                <TableCell>
                  <MuiLink
                    component="button"
                    variant="body2"
                    onClick={() => props.onOpenRun(run)}
                    aria-label={`Open run ${run.name}`}
                  >
                    {run.name}
                  </MuiLink>
                  <CellCaption muted>
                    {run.cluster}/{run.namespace}
                  </CellCaption>
                </TableCell>
                <TableCell>
                  <SystemBadge system={run.system} />
                </TableCell>
                <TableCell>
                  <RunStatusLabel status={run.status} detail={run.message} />
                  {run.termination && (
                    <CellCaption>{run.termination}</CellCaption>
                  )}
                </TableCell>
                <TableCell>
                  <CommitSha sha={run.commit?.sha} />
                  {run.commit?.branch && (
                    <CellCaption muted>{run.commit.branch}</CellCaption>
                  )}
                </TableCell>
                <TableCell>
                  <RelativeTime time={run.startedAt ?? run.createdAt} />
                </TableCell>
                <TableCell>{formatRunDuration(run)}</TableCell>
                <TableCell>
                  <TaskBars tasks={run.tasks} runName={run.name} />
                  <Typography variant="caption" color="textSecondary">
                    {run.taskCounts.succeeded}/{run.taskCounts.total} succeeded
                    {run.taskCounts.failed
                      ? `, ${run.taskCounts.failed} failed`
                      : ''}
                  </Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
