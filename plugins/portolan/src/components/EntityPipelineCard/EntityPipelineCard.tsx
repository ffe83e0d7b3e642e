/*
 * Overview card: the latest pipeline run (any system) with its tasks, and
 * the few runs before it.
 */
import { makeStyles, Typography } from '@material-ui/core';
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import { formatRelative, formatRunDuration } from '../../format';
import { CommitSha, RelativeTime, useTextStyles } from '../cells';
import { runKey } from '../DeliveryTimeline';
import { EmptyGuidance } from '../EmptyGuidance';
import { EntityViewCard } from '../EntityViewCard';
import { sortRuns } from '../PipelineRunsTable';
import { RunStatusLabel } from '../StatusLabel';
import { SystemBadge } from '../SystemBadge';
import { TaskBars } from '../TaskBars';

const useStyles = makeStyles(theme => ({
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    alignItems: 'center',
    padding: theme.spacing(0.5, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
}));

/** How many earlier runs the card lists under the latest one. */
const EARLIER_RUNS = 4;

function LatestRuns(props: { runs: PipelineRun[] }) {
  const classes = useStyles();
  const text = useTextStyles();
  const [latest, ...earlier] = sortRuns(props.runs);
  return (
    <div>
      <Typography variant="subtitle2" component="h3">
        Latest run
      </Typography>
      <div className={classes.line} data-run={latest.name}>
        <SystemBadge system={latest.system} />
        <RunStatusLabel status={latest.status} detail={latest.message} />
        <strong>{latest.name}</strong>
        <span className={text.muted}>{formatRunDuration(latest)}</span>
      </div>
      <div className={classes.line}>
        <CommitSha sha={latest.commit?.sha} />
        {latest.commit?.branch && <span>{latest.commit.branch}</span>}
        {latest.commit?.message && (
          <span>{latest.commit.message.split('\n')[0]}</span>
        )}
        <RelativeTime
          time={latest.startedAt ?? latest.createdAt}
          className={text.muted}
        />
      </div>
      <TaskBars tasks={latest.tasks} runName={latest.name} />
      {earlier.length > 0 && (
        <ul className={classes.list} aria-label="Earlier runs">
          {earlier.slice(0, EARLIER_RUNS).map(run => (
            <li key={runKey(run)} className={classes.item}>
              <SystemBadge system={run.system} />
              <RunStatusLabel status={run.status} />
              <span>{run.name}</span>
              <CommitSha sha={run.commit?.sha} />
              <span className={text.muted}>
                {formatRelative(run.startedAt ?? run.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The latest pipeline status of the entity, for its overview tab. */
export function EntityPipelineCard() {
  return (
    <EntityViewCard title="Pipelines" subheader="Tekton and Jenkins X">
      {view =>
        view.pipelineRuns && view.pipelineRuns.length > 0 ? (
          <LatestRuns runs={view.pipelineRuns} />
        ) : (
          <EmptyGuidance
            section="pipelineRuns"
            selection={view.selection}
            absent={view.pipelineRuns === undefined}
          />
        )
      }
    </EntityViewCard>
  );
}
