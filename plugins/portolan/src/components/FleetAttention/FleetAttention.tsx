/*
 * What needs the platform team's attention across the fleet: failing
 * pipeline runs and images whose run image needs a rebase. Each list says
 * so when the backend does not serve it, rather than showing "none".
 */
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Grid,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { FleetImage } from '@portolan/plugin-portolan-common';
import type { ReactNode } from 'react';
import type { FleetPipelineRun } from '../../api';
import {
  formatRelative,
  shortDigest,
  shortImageReference,
  shortSha,
} from '../../format';
import { useLiveQuery, type LiveQuery } from '../../hooks';
import { RebaseVerdict } from '../ImagesTable';
import { RunStatusLabel } from '../StatusLabel';
import { SystemBadge } from '../SystemBadge';

const useStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  mono: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
}));

function isNotServed(error: Error | undefined): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}

function Section<T>(props: {
  query: LiveQuery<{ items: T[] }>;
  route: string;
  empty: string;
  children(items: T[]): ReactNode;
}) {
  const { query } = props;
  if (query.loading && !query.value) return <Progress />;
  if (!query.value) {
    if (isNotServed(query.error)) {
      return (
        <Typography variant="body2" role="note">
          This Portolan backend does not serve <code>{props.route}</code> yet,
          so this list is not available.
        </Typography>
      );
    }
    return <ResponseErrorPanel error={query.error ?? new Error('No answer')} />;
  }
  if (query.value.items.length === 0) {
    return (
      <Typography variant="body2" role="note">
        {props.empty}
      </Typography>
    );
  }
  return <>{props.children(query.value.items)}</>;
}

function EntityCell(props: { entityRef?: string }) {
  return props.entityRef ? (
    <span style={{ whiteSpace: 'nowrap' }}>
      <EntityRefLink entityRef={props.entityRef} />
    </span>
  ) : (
    <>not attributed</>
  );
}

/** Runs that failed or ran out of time. */
const FAILING_STATUSES = 'failed,timed-out';

/** What a fleet answer may lack: services not assessed, runs past the limit. */
function FleetNotes(props: {
  answer?: {
    partial: boolean;
    errors: Array<{ entityRef: string; message: string }>;
    truncated?: boolean;
    total?: number;
    items: unknown[];
  };
}) {
  const { answer } = props;
  if (!answer) return null;
  return (
    <>
      {answer.partial && (
        <Typography variant="body2" role="note" gutterBottom>
          Partial: {answer.errors.length} services could not be fully assessed (
          {answer.errors.map(e => `${e.entityRef}: ${e.message}`).join('; ')}).
        </Typography>
      )}
      {answer.truncated && (
        <Typography variant="body2" role="note" gutterBottom>
          Showing the newest {answer.items.length} of {answer.total}.
        </Typography>
      )}
    </>
  );
}

/** Failing pipelines and images needing a rebase, fleet-wide. */
export function FleetAttention() {
  const classes = useStyles();
  const failing = useLiveQuery('pipeline-runs:failing', (api, signal) =>
    api.getPipelineRuns({ status: FAILING_STATUSES }, { signal }),
  );
  const rebase = useLiveQuery('images:rebase-available', (api, signal) =>
    api.getImages({ rebase: 'available' }, { signal }),
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Failing pipelines">
          <FleetNotes answer={failing.value} />
          <Section<FleetPipelineRun>
            query={failing}
            route={`GET /api/portolan/pipeline-runs?status=${FAILING_STATUSES}`}
            empty="No failing pipeline runs in the fleet."
          >
            {items => (
              <Table size="small" aria-label="Failing pipelines">
                <TableHead>
                  <TableRow>
                    <TableCell>Service</TableCell>
                    <TableCell>Run</TableCell>
                    <TableCell>System</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Commit</TableCell>
                    <TableCell>When</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {items.map(run => (
                    <TableRow
                      key={`${run.cluster}/${run.namespace}/${run.name}`}
                    >
                      <TableCell>
                        <EntityCell entityRef={run.entityRef} />
                      </TableCell>
                      <TableCell>
                        {run.name}
                        <Typography
                          variant="caption"
                          display="block"
                          className={classes.muted}
                        >
                          {run.cluster}/{run.namespace}
                        </Typography>
                      </TableCell>
                      <TableCell>
                        <SystemBadge system={run.system} />
                      </TableCell>
                      <TableCell>
                        <RunStatusLabel
                          status={run.status}
                          detail={run.message}
                        />
                        {run.message && (
                          <Typography variant="caption" display="block">
                            {run.message}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell className={classes.mono}>
                        {shortSha(run.commit?.sha)}
                      </TableCell>
                      <TableCell>
                        {formatRelative(run.finishedAt ?? run.startedAt)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Section>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Images needing a rebase">
          <FleetNotes answer={rebase.value} />
          <Section<FleetImage>
            query={rebase}
            route="GET /api/portolan/images?rebase=available"
            empty="Every buildpacks image runs on the newest run image."
          >
            {items => (
              <Table size="small" aria-label="Images needing a rebase">
                <TableHead>
                  <TableRow>
                    <TableCell>Service</TableCell>
                    <TableCell>Image</TableCell>
                    <TableCell>Run image</TableCell>
                    <TableCell>Rebase</TableCell>
                    <TableCell>Runs on</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {items.map(image => (
                    <TableRow
                      key={`${image.entityRef}/${image.cluster}/${image.digest}`}
                    >
                      <TableCell>
                        <EntityCell entityRef={image.entityRef} />
                      </TableCell>
                      <TableCell>
                        {image.repository}
                        <Typography
                          variant="caption"
                          display="block"
                          className={classes.mono}
                        >
                          {shortDigest(image.digest)}
                        </Typography>
                      </TableCell>
                      <TableCell className={classes.mono}>
                        {shortImageReference(
                          image.rebase.state === 'rebase-available'
                            ? image.rebase.currentRunImage ??
                                image.rebase.runImage
                            : image.buildpacks?.runImage?.image,
                        )}
                      </TableCell>
                      <TableCell>
                        <RebaseVerdict rebase={image.rebase} />
                      </TableCell>
                      <TableCell className={classes.mono}>
                        {image.cluster}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Section>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
