/*
 * One row per recent commit, read left to right: the run(s) that built it →
 * the image they produced → the Argo CD deployments that rolled it out → the
 * clusters running it now. Links come from the backend (by SHA and digest);
 * this view only looks records up to show more about them.
 */
import {
  Chip,
  Link as MuiLink,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import type {
  ClusterProfile,
  HealthState,
  PipelineRun,
  RunningImage,
  TimelineEntry,
  TimelinePlacement,
} from '@portolan/plugin-portolan-common';
import type { PortolanEntityView } from '../../api';
import {
  commitUrl,
  formatAbsolute,
  formatRunDuration,
  shortDigest,
} from '../../format';
import { CommitSha, RelativeTime, useTextStyles } from '../cells';
import { EmptyGuidance } from '../EmptyGuidance';
import { groupImages } from '../ImagesTable';
import { ClusterWithProvider } from '../ProviderBadge';
import {
  HealthStatusLabel,
  RebaseLabel,
  RunStatusLabel,
  SyncStatusLabel,
} from '../StatusLabel';
import { SystemBadge } from '../SystemBadge';
import { TaskBars } from '../TaskBars';

const useStyles = makeStyles(theme => ({
  cell: { verticalAlign: 'top' },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
  },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  message: { maxWidth: 280 },
  arrow: { fontSize: '1em', verticalAlign: 'middle', marginLeft: 4 },
  head: { whiteSpace: 'nowrap' },
}));

/** The key of a run record: the same run in the timeline and in `pipelineRuns`. */
export function runKey(run: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return `${run.cluster}/${run.namespace}/${run.name}`;
}

function HeaderWithArrow(props: { children: string; last?: boolean }) {
  const classes = useStyles();
  return (
    <TableCell className={classes.head}>
      {props.children}
      {!props.last && (
        <ArrowForwardIcon className={classes.arrow} aria-hidden />
      )}
    </TableCell>
  );
}

function CommitCell(props: { entry: TimelineEntry }) {
  const classes = useStyles();
  const { entry } = props;
  const url =
    entry.commit.url ?? commitUrl(entry.commit.repositoryUrl, entry.sha);
  const firstLine = entry.commit.message?.split('\n')[0];
  return (
    <div className={classes.stack}>
      <div className={classes.line}>
        <CommitSha sha={entry.sha} url={url} />
        {entry.commit.branch && (
          <Chip size="small" variant="outlined" label={entry.commit.branch} />
        )}
      </div>
      {firstLine && (
        <Typography variant="body2" className={classes.message}>
          {firstLine}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary">
        {entry.commit.author ? `${entry.commit.author} · ` : ''}
        <RelativeTime time={entry.lastActivityAt} />
      </Typography>
    </div>
  );
}

function RunsCell(props: {
  entry: TimelineEntry;
  runs: Map<string, PipelineRun>;
  onOpenRun(run: PipelineRun): void;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  if (props.entry.runs.length === 0) {
    return <span className={text.muted}>No run recorded</span>;
  }
  return (
    <div className={classes.stack}>
      {props.entry.runs.map(r => {
        const full = props.runs.get(runKey(r));
        return (
          <div key={runKey(r)} className={classes.stack}>
            <div className={classes.line}>
              <SystemBadge system={r.system} />
              <RunStatusLabel status={r.status} />
              <span className={text.muted}>
                {formatRunDuration({ ...r, durationMs: full?.durationMs })}
              </span>
            </div>
            {full && <TaskBars tasks={full.tasks} runName={r.name} />}
            <div>
              {full ? (
                <MuiLink
                  component="button"
                  variant="body2"
                  onClick={() => props.onOpenRun(full)}
                  aria-label={`Open run ${r.name}`}
                >
                  {r.name}
                </MuiLink>
              ) : (
                <Typography variant="caption">{r.name}</Typography>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function ImagesCell(props: {
  entry: TimelineEntry;
  images: Map<string, RunningImage>;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  if (props.entry.images.length === 0) {
    return <span className={text.muted}>No image recorded</span>;
  }
  return (
    <div className={classes.stack}>
      {props.entry.images.map(image => {
        const facts = props.images.get(image.digest);
        return (
          <div key={image.digest} className={classes.stack}>
            <span className={text.monoNowrap} title={image.url ?? image.digest}>
              {shortDigest(image.digest)}
            </span>
            <div className={classes.line}>
              {facts?.buildpacks?.detected && (
                <Chip
                  size="small"
                  color="primary"
                  label="Buildpacks"
                  aria-label="Built with Cloud Native Buildpacks"
                />
              )}
              {facts?.rebase.state === 'rebase-available' && (
                <RebaseLabel
                  state="rebase-available"
                  detail={`${facts.rebase.reason} A rebase swaps the OS layers without a rebuild.`}
                />
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function DeploymentsCell(props: {
  entry: TimelineEntry;
  profiles: Map<string, ClusterProfile>;
  states: Map<string, HealthState>;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  if (props.entry.deployments.length === 0) {
    return <span className={text.muted}>Not deployed</span>;
  }
  return (
    <div className={classes.stack}>
      {props.entry.deployments.map(d => (
        <div
          key={`${d.cluster}/${d.namespace}/${d.application}`}
          className={classes.stack}
        >
          <div className={classes.line}>
            <SystemBadge system={d.system} />
            <strong
              title={
                d.deployedAt
                  ? `deployed ${formatAbsolute(d.deployedAt)}`
                  : undefined
              }
            >
              {d.application}
            </strong>
            {!d.current && (
              <Chip size="small" variant="outlined" label="in history" />
            )}
          </div>
          <div className={classes.line}>
            <SyncStatusLabel status={d.sync} />
            <HealthStatusLabel status={d.health} />
            {d.destinationCluster && (
              <>
                <ArrowForwardIcon
                  className={classes.arrow}
                  titleAccess="deployed to"
                />
                <ClusterWithProvider
                  name={d.destinationCluster}
                  profile={props.profiles.get(d.destinationCluster)}
                  state={props.states.get(d.destinationCluster)}
                />
              </>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

function byCluster(placements: TimelinePlacement[]): Map<string, number> {
  const pods = new Map<string, number>();
  for (const p of placements) {
    pods.set(p.cluster, (pods.get(p.cluster) ?? 0) + p.pods.length);
  }
  return pods;
}

function RunningCell(props: {
  entry: TimelineEntry;
  profiles: Map<string, ClusterProfile>;
  states: Map<string, HealthState>;
}) {
  const classes = useStyles();
  const text = useTextStyles();
  const clusters = byCluster(props.entry.runningOn);
  if (clusters.size === 0) {
    return <span className={text.muted}>Not running anywhere now</span>;
  }
  return (
    <div className={classes.stack}>
      {[...clusters].map(([cluster, pods]) => (
        <ClusterWithProvider
          key={cluster}
          name={cluster}
          profile={props.profiles.get(cluster)}
          detail={`${pods} ${pods === 1 ? 'pod' : 'pods'}`}
          state={props.states.get(cluster)}
        />
      ))}
    </div>
  );
}

export interface DeliveryTimelineProps {
  view: PortolanEntityView;
  profiles: Map<string, ClusterProfile>;
  onOpenRun(run: PipelineRun): void;
}

/** Each recent commit, from build to where it runs. */
export function DeliveryTimeline(props: DeliveryTimelineProps) {
  const classes = useStyles();
  const { view } = props;
  if (!view.timeline || view.timeline.length === 0) {
    return (
      <>
        {(view.kpackImages?.length ?? 0) > 0 && (
          <Typography variant="body2" role="note" gutterBottom>
            kpack builds this service: its builds, their reasons and run images
            are in the Images tab. Its Builds appear here once they record the
            git commit they built (a kpack Image with a git source).
          </Typography>
        )}
        <EmptyGuidance
          section="timeline"
          selection={view.selection}
          absent={view.timeline === undefined}
        />
      </>
    );
  }
  const runs = new Map((view.pipelineRuns ?? []).map(r => [runKey(r), r]));
  const images = new Map(
    groupImages(view.images ?? []).map(g => [g.digest, g.best]),
  );
  const states = new Map(view.clusters.map(c => [c.name, c.state]));
  return (
    <Table size="small" aria-label="Delivery timeline">
      <TableHead>
        <TableRow>
          <HeaderWithArrow>Commit</HeaderWithArrow>
          <HeaderWithArrow>Build</HeaderWithArrow>
          <HeaderWithArrow>Image</HeaderWithArrow>
          <HeaderWithArrow>Deployment</HeaderWithArrow>
          <HeaderWithArrow last>Running now</HeaderWithArrow>
        </TableRow>
      </TableHead>
      <TableBody>
        {view.timeline.map(entry => (
          <TableRow key={entry.sha} data-sha={entry.sha}>
            <TableCell className={classes.cell}>
              <CommitCell entry={entry} />
            </TableCell>
            <TableCell className={classes.cell}>
              <RunsCell entry={entry} runs={runs} onOpenRun={props.onOpenRun} />
            </TableCell>
            <TableCell className={classes.cell}>
              <ImagesCell entry={entry} images={images} />
            </TableCell>
            <TableCell className={classes.cell}>
              <DeploymentsCell
                entry={entry}
                profiles={props.profiles}
                states={states}
              />
            </TableCell>
            <TableCell className={classes.cell}>
              <RunningCell
                entry={entry}
                profiles={props.profiles}
                states={states}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
