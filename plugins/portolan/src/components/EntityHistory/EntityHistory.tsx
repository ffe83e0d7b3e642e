/*
 * The service's stored delivery history (GET …/history): runs, deployments
 * or image placements, newest first, a page at a time, within an optional
 * date range. A row the cluster no longer has reads "Pruned from the
 * cluster": history keeps what Tekton, Argo CD and pods let go of. Decides
 * no status itself: it shows the stored rows.
 */
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  makeStyles,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { RunStatus } from '@portolan/plugin-portolan-common';
import { useState } from 'react';
import { portolanApiRef, type HistoryItem, type HistoryType } from '../../api';
import { backendMessage } from '../../errorAnswer';
import { shortDigest, shortSha } from '../../format';
import { RelativeTime, useTextStyles } from '../cells';
import { useAsyncAnswer } from '../EntityDoraCard';
import { RunStatusLabel, StatusLabel } from '../StatusLabel';

export const HISTORY_PAGE_SIZE = 25;

const TYPES: Array<{ type: HistoryType; label: string }> = [
  { type: 'pipelineRuns', label: 'Pipeline runs and builds' },
  { type: 'deployments', label: 'Deployments' },
  { type: 'images', label: 'Images running' },
];

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginBottom: theme.spacing(2),
  },
  pager: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    marginTop: theme.spacing(1),
  },
}));

/** `2026-11-02` (a date input's value) → the start or end of that day, UTC. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
}

function LiveCell(props: { item: HistoryItem }) {
  return (
    <TableCell>
      {props.item.live ? (
        <StatusLabel tone="ok" label="In the cluster" />
      ) : (
        <StatusLabel
          tone="skipped"
          label="Pruned from the cluster"
          detail="Only Portolan's history still has it"
        />
      )}
    </TableCell>
  );
}

function RunRows(props: { items: HistoryItem[] }) {
  const text = useTextStyles();
  return (
    <>
      {props.items.map((item, i) => (
        <TableRow key={`${item.cluster}/${item.namespace}/${item.name}/${i}`}>
          <TableCell>
            <span className={text.mono}>{item.name}</span>
            <Typography variant="caption" display="block">
              {item.kind} · {item.source}
            </Typography>
          </TableCell>
          <TableCell>
            <RunStatusLabel
              status={(item.status ?? 'unknown') as RunStatus}
              detail={
                item.details.failedStep
                  ? `${item.details.failedStep}${
                      item.details.failureReason
                        ? `: ${item.details.failureReason}`
                        : ''
                    }`
                  : undefined
              }
            />
          </TableCell>
          <TableCell>
            <RelativeTime time={item.startedAt} />
          </TableCell>
          <TableCell className={text.mono}>{shortSha(item.commit)}</TableCell>
          <TableCell>{item.cluster}</TableCell>
          <LiveCell item={item} />
        </TableRow>
      ))}
    </>
  );
}

function DeploymentRows(props: { items: HistoryItem[] }) {
  const text = useTextStyles();
  return (
    <>
      {props.items.map((item, i) => (
        <TableRow key={`${item.cluster}/${item.name}/${i}`}>
          <TableCell>
            {item.details.application ?? item.name}
            <Typography variant="caption" display="block">
              to {item.details.destinationCluster ?? 'unknown cluster'}/
              {item.details.destinationNamespace ?? '—'}
            </Typography>
          </TableCell>
          <TableCell>
            <RunStatusLabel status={(item.status ?? 'unknown') as RunStatus} />
          </TableCell>
          <TableCell>
            <RelativeTime time={item.finishedAt ?? item.startedAt} />
          </TableCell>
          <TableCell className={text.mono}>
            {shortSha(String(item.details.revision ?? item.commit ?? ''))}
          </TableCell>
          <TableCell>{item.cluster}</TableCell>
          <LiveCell item={item} />
        </TableRow>
      ))}
    </>
  );
}

function ImageRows(props: { items: HistoryItem[] }) {
  const text = useTextStyles();
  return (
    <>
      {props.items.map((item, i) => (
        <TableRow key={`${item.cluster}/${item.namespace}/${i}`}>
          <TableCell>
            {item.namespace}/{item.details.workload}
          </TableCell>
          <TableCell className={text.mono} title={item.imageDigest}>
            {shortDigest(item.imageDigest)}
          </TableCell>
          <TableCell>
            <RelativeTime time={item.startedAt} />
          </TableCell>
          <TableCell>
            <RelativeTime time={String(item.details.lastSeen ?? '')} />
          </TableCell>
          <TableCell>{item.cluster}</TableCell>
          <LiveCell item={item} />
        </TableRow>
      ))}
    </>
  );
}

const HEADS: Record<HistoryType, string[]> = {
  pipelineRuns: ['Run', 'Status', 'Started', 'Commit', 'Cluster', 'Now'],
  deployments: [
    'Application',
    'Sync',
    'Deployed',
    'Revision',
    'Cluster',
    'Now',
  ],
  images: ['Workload', 'Digest', 'First seen', 'Last seen', 'Cluster', 'Now'],
};

/** The History section of the Delivery tab. */
export function EntityHistory(props: { entityRef: CompoundEntityRef }) {
  const classes = useStyles();
  const api = useApi(portolanApiRef);
  const [type, setType] = useState<HistoryType>('pipelineRuns');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The cursors of the pages before the one shown (paging back pops one).
  const [cursors, setCursors] = useState<Array<string | undefined>>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const since = dayBound(from, false);
  const until = dayBound(to, true);
  const page = useAsyncAnswer(
    signal =>
      api.getEntityHistory(
        props.entityRef,
        { type, since, until, cursor, limit: HISTORY_PAGE_SIZE },
        { signal },
      ),
    [api, stringifyEntityRef(props.entityRef), type, since, until, cursor],
  );
  const restart = () => {
    setCursors([]);
    setCursor(undefined);
  };

  return (
    <Box>
      <div className={classes.filters}>
        <TextField
          select
          id="portolan-history-type"
          label="History of"
          value={type}
          onChange={e => {
            setType(e.target.value as HistoryType);
            restart();
          }}
          variant="outlined"
          size="small"
        >
          {TYPES.map(t => (
            <MenuItem key={t.type} value={t.type}>
              {t.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="portolan-history-from"
          label="From"
          type="date"
          value={from}
          onChange={e => {
            setFrom(e.target.value);
            restart();
          }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          size="small"
        />
        <TextField
          id="portolan-history-to"
          label="To"
          type="date"
          value={to}
          onChange={e => {
            setTo(e.target.value);
            restart();
          }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          size="small"
        />
      </div>
      {page.loading && <Progress />}
      {!page.loading && page.error && (
        <Alert severity="warning">
          No history: {backendMessage(page.error)}
        </Alert>
      )}
      {!page.loading && page.value && page.value.items.length === 0 && (
        <Typography>
          {cursor
            ? 'No older history.'
            : 'No history recorded for this service in this range yet.'}
        </Typography>
      )}
      {!page.loading && page.value && page.value.items.length > 0 && (
        <Table size="small" aria-label="Delivery history">
          <TableHead>
            <TableRow>
              {HEADS[type].map(h => (
                <TableCell key={h}>{h}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {type === 'pipelineRuns' && <RunRows items={page.value.items} />}
            {type === 'deployments' && (
              <DeploymentRows items={page.value.items} />
            )}
            {type === 'images' && <ImageRows items={page.value.items} />}
          </TableBody>
        </Table>
      )}
      <div className={classes.pager}>
        <Button
          size="small"
          disabled={cursors.length === 0 || page.loading}
          onClick={() => {
            setCursor(cursors[cursors.length - 1]);
            setCursors(cursors.slice(0, -1));
          }}
        >
          Newer
        </Button>
        <Button
          size="small"
          disabled={!page.value?.nextCursor || page.loading}
          onClick={() => {
            setCursors([...cursors, cursor]);
            setCursor(page.value?.nextCursor);
          }}
        >
          Older
        </Button>
        <Typography variant="caption">Page {cursors.length + 1}</Typography>
      </div>
    </Box>
  );
}
