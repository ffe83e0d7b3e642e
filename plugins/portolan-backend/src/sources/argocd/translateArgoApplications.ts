/*
 * Turns projected Argo CD Applications of one cluster (the one Argo CD runs
 * on) into Portolan deployments attributed to the clusters they deploy to.
 * Pure: no I/O. Sync, health and operation phases are Argo CD's closed sets
 * (argo-cd pkg/apis/application/v1alpha1, gitops-engine pkg/health and
 * pkg/sync/common); any other value is `unknown`, kept raw, with a warning.
 */
import type {
  Deployment,
  DeploymentHistoryEntry,
  HealthStatus,
  OperationPhase,
  SyncStatus,
} from '@portolan/plugin-portolan-common';
import { withoutUndefined } from '../../delivery/unstructured';
import { resolveArgoDestination, type KnownCluster } from './argoDestination';
import type {
  ProjectedArgoApplication,
  ProjectedHistoryEntry,
} from './projectArgoApplication';

/** Argo CD `SyncStatusCode`. */
export const ARGO_SYNC_STATUSES: Readonly<Record<string, SyncStatus>> = {
  Synced: 'synced',
  OutOfSync: 'out-of-sync',
  Unknown: 'unknown',
};

/** gitops-engine `HealthStatusCode`. */
export const ARGO_HEALTH_STATUSES: Readonly<Record<string, HealthStatus>> = {
  Healthy: 'healthy',
  Progressing: 'progressing',
  Degraded: 'degraded',
  Suspended: 'suspended',
  Missing: 'missing',
  Unknown: 'unknown',
};

/** gitops-engine `OperationPhase`. */
export const ARGO_OPERATION_PHASES: Readonly<Record<string, OperationPhase>> = {
  Running: 'running',
  Terminating: 'terminating',
  Failed: 'failed',
  Error: 'error',
  Succeeded: 'succeeded',
};

/** Deployments of one cluster, and what did not fit. */
export interface ArgoTranslation {
  deployments: Deployment[];
  warnings: string[];
}

function mapValue<T extends string>(
  table: Readonly<Record<string, T>>,
  raw: string | undefined,
  field: string,
  warnings: string[],
  fallback: T,
): T {
  if (raw === undefined) {
    warnings.push(`${field} is missing`);
    return fallback;
  }
  if (!Object.hasOwn(table, raw)) {
    warnings.push(`${field} "${raw}" is not a known value`);
    return fallback;
  }
  return table[raw];
}

function revisionsOf(entry: { revision?: string; revisions: string[] }) {
  if (entry.revisions.length > 0) {
    return entry.revisions;
  }
  return entry.revision ? [entry.revision] : [];
}

function translateHistory(
  entry: ProjectedHistoryEntry,
  index: number,
): DeploymentHistoryEntry {
  return withoutUndefined({
    // Entries without an id (hand-written objects) still need a stable one.
    id: entry.id ?? index,
    revisions: revisionsOf(entry),
    deployStartedAt: entry.deployStartedAt,
    deployedAt: entry.deployedAt,
    initiatedBy: entry.initiatedBy,
  });
}

/** Translates one Application. */
export function translateArgoApplication(
  argoCluster: string,
  app: ProjectedArgoApplication,
  knownClusters: readonly KnownCluster[],
): Deployment {
  const warnings = [...app.warnings];
  const sync = mapValue(
    ARGO_SYNC_STATUSES,
    app.sync.status,
    'status.sync.status',
    warnings,
    'unknown',
  );
  const health = mapValue(
    ARGO_HEALTH_STATUSES,
    app.health.status,
    'status.health.status',
    warnings,
    'unknown',
  );
  const destination = resolveArgoDestination(
    app.destination,
    argoCluster,
    knownClusters,
  );
  const operation = app.operation
    ? withoutUndefined({
        phase: mapValue(
          ARGO_OPERATION_PHASES,
          app.operation.phase,
          'status.operationState.phase',
          warnings,
          'unknown' as OperationPhase,
        ),
        upstreamPhase: app.operation.phase,
        message: app.operation.message,
        startedAt: app.operation.startedAt,
        finishedAt: app.operation.finishedAt,
        revisions: revisionsOf(app.operation),
        initiatedBy: app.operation.initiatedBy,
      })
    : undefined;
  return withoutUndefined({
    system: 'argocd' as const,
    cluster: argoCluster,
    namespace: app.namespace,
    application: app.name,
    // Upstream: the empty string means the `default` project.
    project: app.project || 'default',
    destination,
    sources: app.sources,
    multiSource: app.multiSource,
    sync,
    health,
    healthMessage: app.health.message,
    upstream: withoutUndefined({
      sync: app.sync.status,
      health: app.health.status,
    }),
    revisions: revisionsOf(app.sync),
    images: app.images,
    history: app.history.map(translateHistory),
    operation,
    links: app.externalUrls.map(url => ({ title: 'Application URL', url })),
    warnings,
  });
}

/** Translates every Application read from one cluster. Never throws. */
export function translateArgoApplications(
  argoCluster: string,
  apps: readonly ProjectedArgoApplication[],
  knownClusters: readonly KnownCluster[],
): ArgoTranslation {
  const deployments = apps.map(app =>
    translateArgoApplication(argoCluster, app, knownClusters),
  );
  return {
    deployments,
    warnings: deployments.flatMap(deployment =>
      deployment.warnings.map(
        warning =>
          `Application ${deployment.namespace}/${deployment.application}: ${warning}`,
      ),
    ),
  };
}
