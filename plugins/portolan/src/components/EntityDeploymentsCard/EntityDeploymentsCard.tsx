/*
 * Overview card: where the service is deployed, one line per environment
 * and destination cluster, with Argo CD's sync and health.
 */
import { Table, TableBody, TableCell, TableRow } from '@material-ui/core';
import type { Deployment } from '@portolan/plugin-portolan-common';
import { useClusterProfiles } from '../../hooks';
import { ColumnHeads, useTextStyles } from '../cells';
import { Revision, deploymentKey } from '../DeploymentsTable';
import { EmptyGuidance } from '../EmptyGuidance';
import { EntityViewCard } from '../EntityViewCard';
import { ClusterWithProvider } from '../ProviderBadge';
import { HealthStatusLabel, SyncStatusLabel } from '../StatusLabel';

/**
 * The environment an application stands for: its name without the service
 * prefix (`payments-api-prod` → `prod`), else its destination namespace.
 */
export function environmentOf(d: Deployment, entityName: string): string {
  if (d.application.startsWith(`${entityName}-`)) {
    return d.application.slice(entityName.length + 1);
  }
  return d.destination.namespace ?? d.application;
}

function DeploymentRows(props: {
  deployments: Deployment[];
  entityName: string;
}) {
  const text = useTextStyles();
  const profiles = useClusterProfiles();
  return (
    <Table size="small" aria-label="Deployment status">
      <ColumnHeads
        columns={['Environment', 'Cluster', 'Sync', 'Health', 'Revision']}
      />
      <TableBody>
        {props.deployments.map(d => (
          <TableRow key={deploymentKey(d)} data-application={d.application}>
            <TableCell title={d.application}>
              {environmentOf(d, props.entityName)}
            </TableCell>
            <TableCell>
              {d.destination.cluster ? (
                <ClusterWithProvider
                  name={d.destination.cluster}
                  profile={profiles.get(d.destination.cluster)}
                />
              ) : (
                <span className={text.muted}>
                  unresolved ({d.destination.name ?? d.destination.server})
                </span>
              )}
            </TableCell>
            <TableCell>
              <SyncStatusLabel status={d.sync} />
            </TableCell>
            <TableCell>
              <HealthStatusLabel status={d.health} detail={d.healthMessage} />
            </TableCell>
            <TableCell>
              {d.revisions[0] ? (
                <Revision revision={d.revisions[0]} source={d.sources[0]} />
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Deployment status per environment and cluster, for the overview tab. */
export function EntityDeploymentsCard() {
  return (
    <EntityViewCard title="Deployments" subheader="Argo CD">
      {view =>
        view.deployments && view.deployments.length > 0 ? (
          <DeploymentRows
            deployments={view.deployments}
            entityName={view.entityRef.split('/').pop() ?? ''}
          />
        ) : (
          <EmptyGuidance
            section="deployments"
            selection={view.selection}
            absent={view.deployments === undefined}
          />
        )
      }
    </EntityViewCard>
  );
}
