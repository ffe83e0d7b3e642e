/*
 * What runs, cluster by cluster: each workload's status, ready replicas,
 * pods, restarts and images. Clusters that could not be read are named in
 * their place, so a missing cluster never looks like "nothing runs there".
 */
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  ClusterProfile,
  EntitySelectionSummary,
  EntityViewCluster,
  Workload,
} from '@portolan/plugin-portolan-common';
import { shortDigest } from '../../format';
import { CellCaption, ColumnHeads } from '../cells';
import { describeClusterProblem } from '../ClusterProblems';
import { EmptyGuidance } from '../EmptyGuidance';
import { ClusterWithProvider } from '../ProviderBadge';
import { ClusterStateLabel, WorkloadStatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  cluster: { marginTop: theme.spacing(2) },
  heading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  mono: { fontFamily: 'monospace', fontSize: '0.8rem' },
}));

function replicasText(w: Workload): string {
  if (!w.replicas) return w.pods.every(p => p.ready) ? '1/1' : '0/1';
  return `${w.replicas.ready}/${w.replicas.desired}`;
}

export interface WorkloadsTableProps {
  /** Absent when no workloads source is registered. */
  workloads?: Workload[];
  clusters: EntityViewCluster[];
  profiles: Map<string, ClusterProfile>;
  selection?: EntitySelectionSummary;
}

/** The entity's workloads grouped by cluster. */
export function WorkloadsTable(props: WorkloadsTableProps) {
  const classes = useStyles();
  const workloads = props.workloads ?? [];
  const problemClusters = props.clusters.filter(c => c.state !== 'synced');
  if (workloads.length === 0 && problemClusters.length === 0) {
    return (
      <EmptyGuidance
        section="workloads"
        selection={props.selection}
        absent={props.workloads === undefined}
      />
    );
  }
  const byCluster = new Map<string, Workload[]>();
  for (const w of workloads) {
    byCluster.set(w.cluster, [...(byCluster.get(w.cluster) ?? []), w]);
  }
  const names = [
    ...new Set([...byCluster.keys(), ...problemClusters.map(c => c.name)]),
  ];
  return (
    <div>
      {workloads.length === 0 && (
        <EmptyGuidance section="workloads" selection={props.selection} />
      )}
      {names.map(name => {
        const cluster = props.clusters.find(c => c.name === name);
        const rows = byCluster.get(name) ?? [];
        return (
          <section
            key={name}
            className={classes.cluster}
            aria-label={`Workloads on ${name}`}
          >
            <div className={classes.heading}>
              <Typography variant="h6" component="h3">
                <ClusterWithProvider
                  name={name}
                  profile={props.profiles.get(name)}
                />
              </Typography>
              {cluster && (
                <ClusterStateLabel
                  state={cluster.state}
                  detail={cluster.message}
                />
              )}
            </div>
            {cluster && cluster.state !== 'synced' && (
              <Typography variant="body2" color="textSecondary" role="note">
                {describeClusterProblem(cluster)}
              </Typography>
            )}
            {rows.length > 0 && (
              <Table size="small" aria-label={`Workloads on ${name} table`}>
                <ColumnHeads
                  columns={[
                    'Workload',
                    'Namespace',
                    'Status',
                    'Ready',
                    'Pods',
                    'Restarts',
                    'Images',
                  ]}
                />
                <TableBody>
                  {rows.map(w => (
                    <TableRow
                      key={`${w.namespace}/${w.upstreamKind}/${w.name}`}
                    >
                      <TableCell>
                        {w.upstreamKind}/{w.name}
                      </TableCell>
                      <TableCell>{w.namespace}</TableCell>
                      <TableCell>
                        <WorkloadStatusLabel
                          status={w.status}
                          detail={w.statusReason}
                        />
                        {w.statusReason && (
                          <CellCaption muted>{w.statusReason}</CellCaption>
                        )}
                      </TableCell>
                      <TableCell
                        aria-label={`${replicasText(w)} replicas ready`}
                      >
                        {replicasText(w)}
                      </TableCell>
                      <TableCell>{w.pods.length}</TableCell>
                      <TableCell>{w.restarts}</TableCell>
                      <TableCell>
                        {w.images.map(i => (
                          <div key={i.container} className={classes.mono}>
                            {i.container}:{' '}
                            {i.digests.length
                              ? i.digests.map(shortDigest).join(', ')
                              : i.image}
                          </div>
                        ))}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </section>
        );
      })}
    </div>
  );
}
