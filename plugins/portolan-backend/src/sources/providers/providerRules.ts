/*
 * The rules that tell managed offerings and distributions apart, one line per
 * signal. A `decisive` signal is one only that offering produces (its
 * node-pool label, its gitVersion suffix, its API group); a `supporting` one
 * is consistent with it but shared (a cloud's providerID prefix is also seen
 * on self-managed clusters on that cloud). Detection never picks an offering
 * without a decisive signal.
 *
 * Signals from the reference table in docs/reference.md; vendor pages are
 * cited in offeringsCatalogue.ts. `verified: false` marks a signal no
 * primary source confirmed; an offering decided only by such signals gets
 * low confidence.
 */
import type { Evidence, ProviderId } from '@portolan/plugin-portolan-common';
import type { ClusterFacts } from './clusterFacts';
import {
  apiGroup,
  configMap,
  gitVersionMatches,
  namespaceExists,
  nodeAnnotation,
  nodeLabel,
  nodeNamePrefix,
  providerIdPrefix,
} from './evidence';

/** One signal for one offering. */
export interface ProviderRule {
  provider: ProviderId;
  strength: 'decisive' | 'supporting';
  verified: boolean;
  find(facts: ClusterFacts): Evidence | undefined;
}

function rule(
  provider: ProviderId,
  strength: ProviderRule['strength'],
  find: ProviderRule['find'],
  verified = true,
): ProviderRule {
  return { provider, strength, verified, find };
}

/**
 * Offerings that are a variant of another: when the variant has a decisive
 * signal of its own, the base's evidence counts for it too.
 */
export const PROVIDER_REFINEMENTS: Partial<Record<ProviderId, ProviderId>> = {
  'gke-autopilot': 'gke',
  anthos: 'gke',
  rosa: 'openshift',
  aro: 'openshift',
};

/** Display names of the offerings. */
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  gke: 'Google Kubernetes Engine',
  'gke-autopilot': 'GKE Autopilot',
  eks: 'Amazon EKS',
  aks: 'Azure Kubernetes Service',
  doks: 'DigitalOcean Kubernetes',
  oke: 'Oracle Kubernetes Engine',
  iks: 'IBM Cloud Kubernetes Service',
  ack: 'Alibaba Cloud Container Service for Kubernetes',
  tke: 'Tencent Kubernetes Engine',
  openshift: 'Red Hat OpenShift',
  rosa: 'Red Hat OpenShift Service on AWS',
  aro: 'Azure Red Hat OpenShift',
  k3s: 'K3s',
  rke2: 'RKE2',
  anthos: 'Google Distributed Cloud (Anthos)',
  tanzu: 'VMware Tanzu Kubernetes Grid',
  platform9: 'Platform9 Managed Kubernetes',
  'giant-swarm': 'Giant Swarm',
  kind: 'kind',
  minikube: 'minikube',
  unknown: 'Unknown',
};

const hasGceNode = (facts: ClusterFacts) =>
  facts.nodes.some(node => node.providerID?.startsWith('gce://'));

/** Every rule; order does not matter. */
export const PROVIDER_RULES: readonly ProviderRule[] = [
  // GKE
  rule('gke', 'supporting', f => providerIdPrefix(f, 'gce://')),
  rule('gke', 'decisive', f => gitVersionMatches(f, '-gke.', /-gke\.\d/)),
  rule('gke', 'decisive', f => nodeLabel(f, 'cloud.google.com/gke-nodepool')),
  rule('gke', 'decisive', f => apiGroup(f, 'networking.gke.io')),
  // GKE Autopilot
  rule('gke-autopilot', 'decisive', f => nodeNamePrefix(f, 'gk3-')),
  rule('gke-autopilot', 'decisive', f => apiGroup(f, 'auto.gke.io')),
  rule('gke-autopilot', 'decisive', f => apiGroup(f, 'warden.gke.io')),
  // Anthos / Google Distributed Cloud: GKE's build off Google Cloud.
  rule('anthos', 'decisive', f =>
    nodeLabel(f, 'baremetal.cluster.gke.io/node-pool'),
  ),
  rule('anthos', 'decisive', f =>
    f.nodes.length > 0 && !hasGceNode(f)
      ? gitVersionMatches(f, '-gke. without gce:// nodes', /-gke\.\d/)
      : undefined,
  ),
  rule('anthos', 'supporting', f => providerIdPrefix(f, 'vsphere://')),
  // EKS
  rule('eks', 'supporting', f => providerIdPrefix(f, 'aws:///')),
  rule('eks', 'decisive', f => gitVersionMatches(f, '-eks-', /-eks-/)),
  rule('eks', 'decisive', f => nodeLabel(f, 'eks.amazonaws.com/nodegroup')),
  rule('eks', 'decisive', f => nodeLabel(f, 'eks.amazonaws.com/capacityType')),
  rule('eks', 'decisive', f =>
    nodeLabel(f, 'eks.amazonaws.com/compute-type', 'fargate'),
  ),
  rule('eks', 'supporting', f => nodeNamePrefix(f, 'fargate-ip-')),
  // AKS
  rule('aks', 'supporting', f => providerIdPrefix(f, 'azure:///')),
  rule('aks', 'decisive', f => nodeLabel(f, 'kubernetes.azure.com/cluster')),
  rule('aks', 'decisive', f => nodeLabel(f, 'kubernetes.azure.com/agentpool')),
  // DigitalOcean
  rule('doks', 'supporting', f => providerIdPrefix(f, 'digitalocean://')),
  rule('doks', 'decisive', f =>
    nodeLabel(f, 'doks.digitalocean.com/node-pool'),
  ),
  // Oracle
  rule('oke', 'supporting', f => providerIdPrefix(f, 'ocid1.instance.')),
  rule('oke', 'supporting', f =>
    nodeLabel(f, 'oci.oraclecloud.com/fault-domain'),
  ),
  rule('oke', 'decisive', f =>
    nodeAnnotation(f, 'oci.oraclecloud.com/node-pool-id'),
  ),
  // IBM
  rule('iks', 'supporting', f => providerIdPrefix(f, 'ibm://')),
  rule('iks', 'decisive', f => gitVersionMatches(f, '+IKS', /\+IKS/)),
  rule('iks', 'decisive', f =>
    nodeLabel(f, 'ibm-cloud.kubernetes.io/worker-pool-name'),
  ),
  // Alibaba
  rule('ack', 'decisive', f => gitVersionMatches(f, '-aliyun.', /-aliyun\./)),
  rule('ack', 'decisive', f => nodeLabel(f, 'alibabacloud.com/nodepool-id')),
  rule('ack', 'decisive', f => nodeLabel(f, 'ack.aliyun.com')),
  // Tencent
  rule('tke', 'supporting', f => providerIdPrefix(f, 'qcloud:///')),
  rule('tke', 'decisive', f => gitVersionMatches(f, '-tke.', /-tke\./)),
  rule('tke', 'decisive', f =>
    nodeLabel(f, 'tke.cloud.tencent.com/nodepool-id'),
  ),
  // OpenShift and its managed variants
  rule('openshift', 'supporting', f =>
    gitVersionMatches(f, '+<commit>', /^v\d+\.\d+\.\d+\+[0-9a-f]{7,}$/),
  ),
  rule('openshift', 'decisive', f => apiGroup(f, 'config.openshift.io')),
  rule('openshift', 'supporting', f => apiGroup(f, 'route.openshift.io')),
  rule('rosa', 'decisive', f =>
    configMap(f, 'openshift-config', 'rosa-brand-logo'),
  ),
  rule('aro', 'decisive', f => apiGroup(f, 'aro.openshift.io')),
  // Lightweight distributions
  rule('k3s', 'decisive', f => gitVersionMatches(f, '+k3s', /\+k3s/)),
  rule('k3s', 'decisive', f => providerIdPrefix(f, 'k3s://')),
  rule('k3s', 'decisive', f => nodeAnnotation(f, 'k3s.io/node-args')),
  rule('rke2', 'decisive', f => gitVersionMatches(f, '+rke2', /\+rke2/)),
  rule('rke2', 'decisive', f => providerIdPrefix(f, 'rke2://')),
  rule('rke2', 'decisive', f => nodeAnnotation(f, 'rke2.io/node-args')),
  // Platforms
  rule('tanzu', 'decisive', f =>
    gitVersionMatches(f, '+vmware.', /\+vmware\./),
  ),
  rule('tanzu', 'decisive', f => apiGroup(f, 'run.tanzu.vmware.com')),
  rule('platform9', 'decisive', f => namespaceExists(f, 'pf9-addons'), false),
  rule('giant-swarm', 'decisive', f => nodeLabel(f, 'giantswarm.io/cluster')),
  // Local clusters
  rule('kind', 'decisive', f => providerIdPrefix(f, 'kind://')),
  rule('minikube', 'decisive', f => nodeLabel(f, 'minikube.k8s.io/name')),
];
