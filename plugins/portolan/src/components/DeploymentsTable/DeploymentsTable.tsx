/*
 * The entity's Argo CD applications, one row per application and
 * destination cluster: sync and health, the revision(s) live (one per
 * source, linked to the commit), the last operation, and the sync history.
 */
import { Link } from '@backstage/core-components';
import {
  Button,
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  ClusterProfile,
  Deployment,
  DeploymentSource,
  EntitySelectionSummary,
  Initiator,
} from '@portolan/plugin-portolan-common';
import { Fragment, useState } from 'react';
import {
  commitUrl,
  formatAbsolute,
  formatRelative,
  shortSha,
} from '../../format';
import { CellCaption, ColumnHeads, TimeCell, useTextStyles } from '../cells';
import { EmptyGuidance } from '../EmptyGuidance';
import { ClusterWithProvider } from '../ProviderBadge';
import { HealthStatusLabel, SyncStatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
  history: { background: theme.palette.background.default },
}));

/** ` · automated`, ` · by alice`, or nothing. */
function initiatorText(initiator: Initiator | undefined): string {
  if (initiator?.automated) return ' · automated';
  if (initiator?.username) return ` · by ${initiator.username}`;
  return '';
}

/** A deployment's row key. */
export function deploymentKey(d: Deployment): string {
  return `${d.cluster}/${d.namespace}/${d.application}/${
    d.destination.cluster ?? d.destination.server ?? d.destination.name ?? ''
  }`;
}

/** One revision, linked to its commit when the source is a known forge. */
export function Revision(props: {
  revision: string;
  source?: DeploymentSource;
}) {
  const text = useTextStyles();
  const url = commitUrl(props.source?.repoUrl, props.revision);
  const label = /^[0-9a-f]{40}$/i.test(props.revision)
    ? shortSha(props.revision)
    : props.revision;
  return url ? (
    <Link to={url} className={text.mono} title={props.revision}>
      {label}
    </Link>
  ) : (
    <span className={text.mono} title={props.revision}>
      {label}
    </span>
  );
}

function Revisions(props: { deployment: Deployment; revisions: string[] }) {
  const classes = useStyles();
  const { deployment } = props;
  if (props.revisions.length === 0) return <>—</>;
  return (
    <div className={classes.stack}>
      {props.revisions.map((rev, i) => (
        <span key={`${rev}-${i}`}>
          <Revision revision={rev} source={deployment.sources[i]} />
          {deployment.multiSource && deployment.sources[i] && (
            <Typography variant="caption" color="textSecondary">
              {' '}
              {deployment.sources[i].ref
                ? `ref ${deployment.sources[i].ref}`
                : deployment.sources[i].path ?? deployment.sources[i].repoUrl}
            </Typography>
          )}
        </span>
      ))}
    </div>
  );
}

function Destination(props: {
  deployment: Deployment;
  profiles: Map<string, ClusterProfile>;
}) {
  const text = useTextStyles();
  const { destination } = props.deployment;
  if (!destination.cluster) {
    return (
      <span className={text.muted}>
        Unresolved: {destination.name ?? destination.server ?? 'no destination'}
        {destination.namespace ? `/${destination.namespace}` : ''}
      </span>
    );
  }
  return (
    <ClusterWithProvider
      name={destination.cluster}
      profile={props.profiles.get(destination.cluster)}
      detail={destination.namespace}
    />
  );
}

export interface DeploymentsTableProps {
  /** Absent when no deployment source is registered in the backend. */
  deployments?: Deployment[];
  profiles: Map<string, ClusterProfile>;
  selection?: EntitySelectionSummary;
}

/** The entity's GitOps deployments. */
export function DeploymentsTable(props: DeploymentsTableProps) {
  const classes = useStyles();
  const text = useTextStyles();
  const [openHistory, setOpenHistory] = useState<string | undefined>();
  if (!props.deployments || props.deployments.length === 0) {
    return (
      <EmptyGuidance
        section="deployments"
        selection={props.selection}
        absent={props.deployments === undefined}
      />
    );
  }
  return (
    <Table size="small" aria-label="Deployments">
      <ColumnHeads
        columns={[
          'Application',
          'Destination',
          'Sync',
          'Health',
          'Revision',
          'Last operation',
          'History',
        ]}
      />
      <TableBody>
        {props.deployments.map(d => {
          const key = deploymentKey(d);
          const historyOpen = openHistory === key;
          return (
            <Fragment key={key}>
              <TableRow data-application={d.application}>
                <TableCell>
                  <strong>{d.application}</strong>
                  <CellCaption muted>
                    Argo CD on {d.cluster}/{d.namespace} · project {d.project}
                  </CellCaption>
                  {d.multiSource && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label="multi-source"
                    />
                  )}
                </TableCell>
                <TableCell>
                  <Destination deployment={d} profiles={props.profiles} />
                </TableCell>
                <TableCell>
                  <SyncStatusLabel status={d.sync} detail={d.upstream.sync} />
                </TableCell>
                <TableCell>
                  <HealthStatusLabel
                    status={d.health}
                    detail={d.healthMessage}
                  />
                  {d.healthMessage && (
                    <CellCaption muted>{d.healthMessage}</CellCaption>
                  )}
                </TableCell>
                <TableCell>
                  <Revisions deployment={d} revisions={d.revisions} />
                </TableCell>
                <TableCell>
                  {d.operation ? (
                    <>
                      <span>
                        {d.operation.upstreamPhase ?? d.operation.phase}
                      </span>
                      <CellCaption
                        muted
                        title={formatAbsolute(
                          d.operation.finishedAt ?? d.operation.startedAt,
                        )}
                      >
                        {formatRelative(
                          d.operation.finishedAt ?? d.operation.startedAt,
                        )}
                        {initiatorText(d.operation.initiatedBy)}
                      </CellCaption>
                      {d.operation.message && (
                        <CellCaption>{d.operation.message}</CellCaption>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  {d.history.length > 0 ? (
                    <Button
                      size="small"
                      aria-expanded={historyOpen}
                      onClick={() =>
                        setOpenHistory(historyOpen ? undefined : key)
                      }
                    >
                      {historyOpen ? 'Hide' : `${d.history.length} syncs`}
                    </Button>
                  ) : (
                    <span className={text.muted}>None</span>
                  )}
                </TableCell>
              </TableRow>
              {historyOpen && (
                <TableRow className={classes.history}>
                  <TableCell colSpan={7}>
                    <Table
                      size="small"
                      aria-label={`History of ${d.application}`}
                    >
                      <ColumnHeads
                        columns={[
                          'Sync',
                          'Revision',
                          'Deployed',
                          'Initiated by',
                        ]}
                      />
                      <TableBody>
                        {[...d.history].reverse().map(h => (
                          <TableRow key={h.id}>
                            <TableCell>#{h.id}</TableCell>
                            <TableCell>
                              <Revisions
                                deployment={d}
                                revisions={h.revisions}
                              />
                            </TableCell>
                            <TimeCell time={h.deployedAt} />
                            <TableCell>
                              {h.initiatedBy?.automated
                                ? 'automated sync'
                                : h.initiatedBy?.username ?? 'unknown'}
                            </TableCell>
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
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
