/*
 * Literal cluster facts for detection tests: one cluster per offering, built
 * from the signals each offering's nodes and API actually show, and the
 * demo world's clusters (docs/demo-world.md).
 */
import type { ClusterFacts, NodeFacts } from '../clusterFacts';

/** A node with sensible defaults. */
export function node(
  name: string,
  overrides: Partial<NodeFacts> = {},
): NodeFacts {
  return {
    name,
    labels: { 'kubernetes.io/arch': 'amd64', ...overrides.labels },
    annotations: { ...overrides.annotations },
    allocatable: { ...overrides.allocatable },
    taints: [...(overrides.taints ?? [])],
    ...(overrides.providerID ? { providerID: overrides.providerID } : {}),
    ...(overrides.kubeletVersion
      ? { kubeletVersion: overrides.kubeletVersion }
      : {}),
    ...(overrides.architecture ? { architecture: overrides.architecture } : {}),
  };
}

/** A cluster with sensible defaults. */
export function cluster(overrides: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    apiGroups: ['', 'apps', 'batch', 'node.k8s.io'],
    nodes: [],
    runtimeClasses: [],
    daemonSets: [],
    namespaces: [
      { name: 'default', labels: {} },
      { name: 'kube-system', labels: {} },
    ],
    clusterServiceVersions: [],
    configMaps: [],
    ...overrides,
  };
}

const zone = (region: string, zoneName: string) => ({
  'topology.kubernetes.io/region': region,
  'topology.kubernetes.io/zone': zoneName,
});

/** Demo: gke-prod-eu — GKE, a GPU pool, Istio, gVisor. */
export const GKE_PROD_EU = cluster({
  gitVersion: 'v1.31.4-gke.1200000',
  apiGroups: [
    '',
    'apps',
    'networking.gke.io',
    'networking.istio.io',
    'node.k8s.io',
  ],
  nodes: [
    node('gke-prod-eu-default-pool-1a2b-x1', {
      providerID:
        'gce://acme-prod/europe-west1-b/gke-prod-eu-default-pool-1a2b-x1',
      labels: {
        'cloud.google.com/gke-nodepool': 'default-pool',
        'node.kubernetes.io/instance-type': 'e2-standard-4',
        ...zone('europe-west1', 'europe-west1-b'),
      },
    }),
    node('gke-prod-eu-default-pool-1a2b-x2', {
      providerID:
        'gce://acme-prod/europe-west1-c/gke-prod-eu-default-pool-1a2b-x2',
      labels: {
        'cloud.google.com/gke-nodepool': 'default-pool',
        'node.kubernetes.io/instance-type': 'e2-standard-4',
        ...zone('europe-west1', 'europe-west1-c'),
      },
    }),
    node('gke-prod-eu-gpu-pool-9f8e-g1', {
      providerID: 'gce://acme-prod/europe-west1-b/gke-prod-eu-gpu-pool-9f8e-g1',
      labels: {
        'cloud.google.com/gke-nodepool': 'gpu-pool',
        'node.kubernetes.io/instance-type': 'g2-standard-8',
        ...zone('europe-west1', 'europe-west1-b'),
      },
      allocatable: { 'nvidia.com/gpu': '1' },
      taints: [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
      ],
    }),
  ],
  runtimeClasses: [{ name: 'gvisor', handler: 'runsc' }],
  namespaces: [
    { name: 'default', labels: {} },
    { name: 'istio-system', labels: {} },
    { name: 'payments', labels: { 'istio-injection': 'enabled' } },
    { name: 'storefront', labels: { 'istio-injection': 'enabled' } },
  ],
});

/** Demo: eks-prod-us — EKS with a managed node group and a Fargate node. */
export const EKS_PROD_US = cluster({
  gitVersion: 'v1.30.8-eks-2d98532',
  nodes: [
    node('ip-10-0-1-23.ec2.internal', {
      providerID: 'aws:///us-east-1a/i-0abc123def4567890',
      labels: {
        'eks.amazonaws.com/nodegroup': 'general',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'node.kubernetes.io/instance-type': 'm6i.large',
        ...zone('us-east-1', 'us-east-1a'),
      },
    }),
    node('fargate-ip-10-0-2-45.ec2.internal', {
      providerID:
        'aws:///us-east-1b/0123456789abcdef/fargate-ip-10-0-2-45.ec2.internal',
      labels: {
        'eks.amazonaws.com/compute-type': 'fargate',
        ...zone('us-east-1', 'us-east-1b'),
      },
    }),
  ],
  daemonSets: [
    { name: 'aws-node', namespace: 'kube-system' },
    { name: 'kube-proxy', namespace: 'kube-system' },
  ],
});

/** Demo: aks-staging — AKS (plain gitVersion), Jenkins X. */
export const AKS_STAGING = cluster({
  gitVersion: 'v1.30.7',
  nodes: [
    node('aks-nodepool1-12345678-vmss000000', {
      providerID:
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/0',
      labels: {
        'kubernetes.azure.com/cluster': 'MC_acme_aks-staging_westeurope',
        'kubernetes.azure.com/agentpool': 'nodepool1',
        'node.kubernetes.io/instance-type': 'Standard_D4s_v5',
        ...zone('westeurope', 'westeurope-1'),
      },
    }),
  ],
});
// AKS writes providerIDs as azure:///subscriptions/…; keep the real prefix.
AKS_STAGING.nodes[0].providerID = `azure://${AKS_STAGING.nodes[0].providerID}`;

/** Demo: openshift-dev — ROSA, with OLM operators. */
export const OPENSHIFT_DEV = cluster({
  gitVersion: 'v1.29.10+d5d1b4f',
  apiGroups: [
    '',
    'apps',
    'config.openshift.io',
    'route.openshift.io',
    'operators.coreos.com',
  ],
  nodes: [
    node('ip-10-1-0-10.ec2.internal', {
      providerID: 'aws:///us-east-2a/i-0fedcba9876543210',
      labels: {
        'node.kubernetes.io/instance-type': 'm5.xlarge',
        ...zone('us-east-2', 'us-east-2a'),
      },
    }),
  ],
  configMaps: [{ namespace: 'openshift-config', name: 'rosa-brand-logo' }],
  clusterServiceVersions: [
    {
      name: 'openshift-pipelines-operator-rh.v1.17.0',
      namespace: 'openshift-operators',
      displayName: 'Red Hat OpenShift Pipelines',
      version: '1.17.0',
      phase: 'Succeeded',
    },
    {
      name: 'openshift-pipelines-operator-rh.v1.17.0',
      namespace: 'dev-payments',
      displayName: 'Red Hat OpenShift Pipelines',
      version: '1.17.0',
      phase: 'Succeeded',
    },
    {
      name: 'cert-manager-operator.v1.14.0',
      namespace: 'cert-manager-operator',
      version: '1.14.0',
      phase: 'Installing',
    },
  ],
});

/** Demo: k3s-edge — k3s on an arm64 node, Cilium. */
export const K3S_EDGE = cluster({
  gitVersion: 'v1.31.3+k3s1',
  nodes: [
    node('edge-gw-01', {
      providerID: 'k3s://edge-gw-01',
      labels: { 'kubernetes.io/arch': 'arm64' },
      annotations: {
        'k3s.io/node-args': '["server","--flannel-backend","none"]',
        'io.cilium.network.ipv4-pod-cidr': '10.42.0.0/24',
      },
      architecture: 'arm64',
    }),
  ],
  daemonSets: [{ name: 'cilium', namespace: 'kube-system' }],
});

/** Demo: doks-tools — DOKS with Tekton, Argo CD, kpack and Knative Serving. */
export const DOKS_TOOLS = cluster({
  gitVersion: 'v1.31.1',
  apiGroups: [
    '',
    'apps',
    'tekton.dev',
    'argoproj.io',
    'kpack.io',
    'serving.knative.dev',
  ],
  nodes: [
    node('tools-pool-abc12', {
      providerID: 'digitalocean://412345678',
      labels: {
        'doks.digitalocean.com/node-pool': 'tools-pool',
        'node.kubernetes.io/instance-type': 's-4vcpu-8gb',
        ...zone('fra1', 'fra1'),
      },
    }),
  ],
  daemonSets: [{ name: 'cilium', namespace: 'kube-system' }],
});
