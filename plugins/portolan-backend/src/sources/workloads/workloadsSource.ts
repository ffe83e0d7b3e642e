/*
 * The built-in `workloads` source: what runs for an entity (Deployments,
 * StatefulSets, DaemonSets, standalone ReplicaSets and Pods) and which of
 * its pods' logs may be read. Pure; the cache does the watching.
 */
import type { LogTarget, PortolanSource } from '@portolan/plugin-portolan-node';
import { translateWorkloads } from './translateWorkloads';
import {
  DEFAULT_CONTAINER_ANNOTATION,
  daemonSetResource,
  deploymentResource,
  podResource,
  replicaSetResource,
  statefulSetResource,
} from './workloadResources';

export const workloadsSource: PortolanSource = {
  id: 'workloads',
  resources: [
    podResource,
    deploymentResource,
    statefulSetResource,
    daemonSetResource,
    replicaSetResource,
  ],
  sections: ['workloads'],
  entityView(query) {
    return { workloads: translateWorkloads(query) };
  },
  logTargets(query) {
    const targets: LogTarget[] = [];
    for (const cluster of query.clusters) {
      for (const pod of query.select(cluster, podResource)) {
        const { containers } = pod.projection;
        const app = containers.filter(c => !c.init);
        const defaultContainer =
          pod.metadata.annotations[DEFAULT_CONTAINER_ANNOTATION] ??
          (app.length === 1 ? app[0].name : undefined);
        targets.push({
          cluster: cluster.name,
          namespace: pod.metadata.namespace ?? '',
          pod: pod.metadata.name,
          containers: containers.map(c => c.name),
          ...(defaultContainer ? { defaultContainer } : {}),
        });
      }
    }
    return targets;
  },
};
