/*
 * What runs, for discovery: every top-level workload (Deployment,
 * StatefulSet, DaemonSet not owned by a controller) and every Argo CD
 * Application in the caches, with their labels, and whether the caches are
 * complete enough to say that something has vanished. Reads memory only.
 */
import type { HealthState } from '@portolan/plugin-portolan-common';
import type {
  CachedObject,
  ClusterSnapshot,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';
import { argoApplicationResource } from '../../sources/argocd/ArgoCdSource';
import {
  daemonSetResource,
  deploymentResource,
  statefulSetResource,
} from '../../sources/workloads/workloadResources';

/** A workload as discovery sees it. */
export interface ObservedWorkload {
  cluster: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  labels: Readonly<Record<string, string>>;
}

/** An Argo CD Application as discovery sees it. */
export interface ObservedApplication {
  cluster: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  destination?: string;
  destinationNamespace?: string;
}

/** Everything discovery reads from the caches. */
export interface FleetObservation {
  workloads: ObservedWorkload[];
  applications: ObservedApplication[];
  clusters: { name: string; state: HealthState; message?: string }[];
  /** Every cluster synced, and every watched resource type discovery reads synced or not installed. */
  complete: boolean;
}

const WORKLOAD_RESOURCES: readonly [
  ObservedWorkload['kind'],
  ResourceDeclaration<unknown>,
][] = [
  ['Deployment', deploymentResource],
  ['StatefulSet', statefulSetResource],
  ['DaemonSet', daemonSetResource],
];

const SETTLED: readonly HealthState[] = ['synced', 'not-installed'];

function topLevel(object: CachedObject<unknown>): boolean {
  return !object.metadata.ownerReferences.some(o => o.controller);
}

export function observeFleet(
  snapshots: readonly ClusterSnapshot[],
): FleetObservation {
  const observation: FleetObservation = {
    workloads: [],
    applications: [],
    clusters: [],
    complete: true,
  };
  for (const snapshot of snapshots) {
    observation.clusters.push({
      name: snapshot.name,
      state: snapshot.health.state,
      ...(snapshot.health.message ? { message: snapshot.health.message } : {}),
    });
    if (snapshot.health.state !== 'synced') observation.complete = false;
    for (const [kind, resource] of WORKLOAD_RESOURCES) {
      if (!SETTLED.includes(snapshot.resourceHealth(resource).state)) {
        observation.complete = false;
      }
      for (const object of snapshot.list(resource)) {
        if (!topLevel(object) || !object.metadata.namespace) continue;
        observation.workloads.push({
          cluster: snapshot.name,
          namespace: object.metadata.namespace,
          kind,
          name: object.metadata.name,
          labels: object.metadata.labels,
        });
      }
    }
    if (
      !SETTLED.includes(snapshot.resourceHealth(argoApplicationResource).state)
    ) {
      observation.complete = false;
    }
    for (const app of snapshot.list(argoApplicationResource)) {
      const { destination } = app.projection;
      observation.applications.push({
        cluster: snapshot.name,
        namespace: app.metadata.namespace ?? app.projection.namespace,
        name: app.metadata.name,
        labels: app.metadata.labels,
        ...(destination.name || destination.server
          ? { destination: destination.name ?? destination.server }
          : {}),
        ...(destination.namespace
          ? { destinationNamespace: destination.namespace }
          : {}),
      });
    }
  }
  return observation;
}
