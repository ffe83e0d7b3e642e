/*
 * What needs the platform team's attention across the fleet: failing
 * pipeline runs and images whose run image needs a rebase. Each list says
 * so when the backend does not serve it, rather than showing "none".
 */
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { InfoCard } from '@backstage/core-components';
import {
  Grid,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  PORTOLAN_FLEET_CHANNEL,
  type FleetImage,
} from '@portolan/plugin-portolan-common';
import type { ReactNode } from 'react';
import type { FleetPipelineRun } from '../../api';
import { errorStatus } from '../../errorAnswer';
import { formatRelative, shortDigest, shortImageReference } from '../../format';
import { useLiveQuery, type LiveQuery } from '../../hooks';
import { CellCaption, ColumnHeads, CommitSha, useTextStyles } from '../cells';
import { runKey } from '../DeliveryTimeline';
import { RebaseVerdict } from '../ImagesTable';
import { NoAnswer } from '../NoAnswer';
import { RunStatusLabel } from '../StatusLabel';
import { SystemBadge } from '../SystemBadge';

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

/** A fleet-wide answer: its items, and what it may lack. */
interface FleetAnswer<T> {
  items: T[];
  /** Services not assessed, with why. */
  partial: boolean;
  errors: Array<{ entityRef: string; message: string }>;
  /** More items than the answer holds. */
  truncated?: boolean;
  total?: number;
}

/** What a fleet answer may lack: services not assessed, items past the limit. */
function FleetNotes(props: { answer?: FleetAnswer<unknown> }) {
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

/** The items of a fleet answer, or why there are none. */
function FleetItems<T>(props: {
  query: LiveQuery<FleetAnswer<T>>;
  route: string;
  empty: string;
  children(items: T[]): ReactNode;
}) {
  const { query } = props;
  if (!query.value) {
    if (errorStatus(query.error) === 404) {
      return (
        <Typography variant="body2" role="note">
          This Portolan backend does not serve <code>{props.route}</code> yet,
          so this list is not available.
        </Typography>
      );
    }
    return <NoAnswer query={query} />;
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

/** One fleet-wide list in a card: a table named like the card, a row per item. */
function FleetList<T>(props: {
  title: string;
  query: LiveQuery<FleetAnswer<T>>;
  /** The backend route, named when the backend does not serve it. */
  route: string;
  empty: string;
  columns: string[];
  row(item: T): ReactNode;
}) {
  return (
    <Grid item xs={12}>
      <InfoCard title={props.title}>
        <FleetNotes answer={props.query.value} />
        <FleetItems query={props.query} route={props.route} empty={props.empty}>
          {items => (
            <Table size="small" aria-label={props.title}>
              <ColumnHeads columns={props.columns} />
              <TableBody>{items.map(props.row)}</TableBody>
            </Table>
          )}
        </FleetItems>
      </InfoCard>
    </Grid>
  );
}

function FailingRunRow(props: { run: FleetPipelineRun }) {
  const { run } = props;
  return (
    <TableRow>
      <TableCell>
        <EntityCell entityRef={run.entityRef} />
      </TableCell>
      <TableCell>
        {run.name}
        <CellCaption muted>
          {run.cluster}/{run.namespace}
        </CellCaption>
      </TableCell>
      <TableCell>
        <SystemBadge system={run.system} />
      </TableCell>
      <TableCell>
        <RunStatusLabel status={run.status} detail={run.message} />
        {run.message && <CellCaption>{run.message}</CellCaption>}
      </TableCell>
      <TableCell>
        <CommitSha sha={run.commit?.sha} />
      </TableCell>
      <TableCell>{formatRelative(run.finishedAt ?? run.startedAt)}</TableCell>
    </TableRow>
  );
}

function RebaseImageRow(props: { image: FleetImage }) {
  const text = useTextStyles();
  const { image } = props;
  return (
    <TableRow>
      <TableCell>
        <EntityCell entityRef={image.entityRef} />
      </TableCell>
      <TableCell>
        {image.repository}
        <Typography
          variant="caption"
          display="block"
          className={text.monoNowrap}
        >
          {shortDigest(image.digest)}
        </Typography>
      </TableCell>
      <TableCell className={text.monoNowrap}>
        {shortImageReference(
          image.rebase.state === 'rebase-available'
            ? image.rebase.currentRunImage ?? image.rebase.runImage
            : image.buildpacks?.runImage?.image,
        )}
      </TableCell>
      <TableCell>
        <RebaseVerdict rebase={image.rebase} />
      </TableCell>
      <TableCell className={text.monoNowrap}>{image.cluster}</TableCell>
    </TableRow>
  );
}

/** Failing pipelines and images needing a rebase, fleet-wide. */
export function FleetAttention() {
  const failing = useLiveQuery(
    'pipeline-runs:failing',
    (api, signal) =>
      api.getPipelineRuns({ status: FAILING_STATUSES }, { signal }),
    { channel: PORTOLAN_FLEET_CHANNEL },
  );
  const rebase = useLiveQuery(
    'images:rebase-available',
    (api, signal) => api.getImages({ rebase: 'available' }, { signal }),
    { channel: PORTOLAN_FLEET_CHANNEL },
  );
  return (
    <Grid container spacing={3}>
      <FleetList
        title="Failing pipelines"
        query={failing}
        route={`GET /api/portolan/pipeline-runs?status=${FAILING_STATUSES}`}
        empty="No failing pipeline runs in the fleet."
        columns={['Service', 'Run', 'System', 'Status', 'Commit', 'When']}
        row={run => <FailingRunRow key={runKey(run)} run={run} />}
      />
      <FleetList
        title="Images needing a rebase"
        query={rebase}
        route="GET /api/portolan/images?rebase=available"
        empty="Every buildpacks image runs on the newest run image."
        columns={['Service', 'Image', 'Run image', 'Rebase', 'Runs on']}
        row={image => (
          <RebaseImageRow
            key={`${image.entityRef}/${image.cluster}/${image.digest}`}
            image={image}
          />
        )}
      />
    </Grid>
  );
}
