/*
 * The built-in `providers` source: per cluster, which offering it is and
 * what it runs (`GET /clusters` → `facts.profile`). Reads Nodes,
 * RuntimeClasses, DaemonSets, Namespaces, OLM ClusterServiceVersions and
 * ConfigMaps, each projected to almost nothing (ConfigMap data is never
 * kept), plus `/version` and the discovered API groups. Pure.
 */
import type { ClusterProfile } from '@portolan/plugin-portolan-common';
import {
  defineResource,
  type ClusterSnapshot,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  SIGNAL_CONFIG_MAPS,
  projectClusterServiceVersion,
  projectNode,
  projectRuntimeClass,
  type ClusterFacts,
  type NodeProjection,
} from './clusterFacts';
import { detectClusterProfile } from './detectClusterProfile';

const keepNothing = (): Record<string, never> => ({});

/** Nodes, with the annotations detection reads. */
export const nodeResource = defineResource<NodeProjection>({
  type: { group: '', version: 'v1', plural: 'nodes', kind: 'Node' },
  project: projectNode,
  keepAnnotations: [
    'k3s.io/node-args',
    'rke2.io/node-args',
    'oci.oraclecloud.com/node-pool-id',
    'io.cilium.*',
    'flannel.alpha.coreos.com/*',
    'projectcalico.org/*',
  ],
});

/** RuntimeClasses (sandboxed runtimes). */
export const runtimeClassResource = defineResource<{ handler?: string }>({
  type: {
    group: 'node.k8s.io',
    version: 'v1',
    plural: 'runtimeclasses',
    kind: 'RuntimeClass',
  },
  project: projectRuntimeClass,
});

/** DaemonSets, by name only (CNI and mesh agents). */
export const providerDaemonSetResource = defineResource({
  type: {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    kind: 'DaemonSet',
  },
  project: keepNothing,
});

/** Namespaces, by name and labels (mesh injection, Platform9). */
export const namespaceResource = defineResource({
  type: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace' },
  project: keepNothing,
});

/** OLM ClusterServiceVersions. */
export const clusterServiceVersionResource = defineResource({
  type: {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    plural: 'clusterserviceversions',
    kind: 'ClusterServiceVersion',
  },
  project: projectClusterServiceVersion,
});

const [ROSA_NAMESPACE, ROSA_CONFIG_MAP] = SIGNAL_CONFIG_MAPS[0].split('/');

/**
 * The one ConfigMap detection reads (see {@link SIGNAL_CONFIG_MAPS}), by
 * identity only: a watch of that single named object, never the cluster's
 * ConfigMaps, and never their data. Optional: credentials that may not
 * read it cost the ROSA signal only, not the cluster's health.
 */
export const signalConfigMapResource = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  scope: {
    namespace: ROSA_NAMESPACE,
    fieldSelector: `metadata.name=${ROSA_CONFIG_MAP}`,
  },
  optional: true,
  project: keepNothing,
});

/** Reads one cluster's facts from its snapshot. */
export function clusterFactsOf(cluster: ClusterSnapshot): ClusterFacts {
  return {
    gitVersion: cluster.gitVersion,
    apiGroups: cluster.apiGroups,
    nodes: cluster.list(nodeResource).map(node => ({
      ...node.projection,
      name: node.metadata.name,
      labels: { ...node.metadata.labels },
      annotations: { ...node.metadata.annotations },
    })),
    runtimeClasses: cluster.list(runtimeClassResource).map(runtimeClass => ({
      name: runtimeClass.metadata.name,
      ...runtimeClass.projection,
    })),
    daemonSets: cluster.list(providerDaemonSetResource).map(daemonSet => ({
      name: daemonSet.metadata.name,
      namespace: daemonSet.metadata.namespace ?? '',
    })),
    namespaces: cluster.list(namespaceResource).map(namespace => ({
      name: namespace.metadata.name,
      labels: { ...namespace.metadata.labels },
    })),
    clusterServiceVersions: cluster
      .list(clusterServiceVersionResource)
      .map(csv => ({
        name: csv.metadata.name,
        namespace: csv.metadata.namespace ?? '',
        ...csv.projection,
      })),
    configMaps: SIGNAL_CONFIG_MAPS.flatMap(key => {
      const [namespace, name] = key.split('/');
      return cluster.get(signalConfigMapResource, namespace, name)
        ? [{ namespace, name }]
        : [];
    }),
  };
}

/** Cluster profiles: offering, capabilities, special nodes. */
export class ProvidersSource implements PortolanSource {
  readonly id = 'providers';
  readonly resources = [
    nodeResource,
    runtimeClassResource,
    providerDaemonSetResource,
    namespaceResource,
    clusterServiceVersionResource,
    signalConfigMapResource,
  ];

  clusterFacts(cluster: ClusterSnapshot): { profile: ClusterProfile } {
    return { profile: detectClusterProfile(clusterFactsOf(cluster)) };
  }
}
