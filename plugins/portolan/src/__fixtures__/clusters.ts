/*
 * The demo fleet as `GET /clusters` describes it, trimmed to what the UI
 * reads. `unreachableCluster` turns one cluster unreachable for partial-state
 * tests.
 */
import type {
  ClusterProfile,
  ClusterSummary,
  ClustersResponse,
  OfferingsCatalogue,
} from '@portolan/plugin-portolan-common';

const SINCE = '2025-01-31T11:00:00Z';

function profile(
  partial: Partial<ClusterProfile> & Pick<ClusterProfile, 'provider'>,
): ClusterProfile {
  return {
    zones: [],
    nodeCount: 3,
    nodesByArchitecture: { amd64: 3 },
    nodePools: [],
    virtualNodes: [],
    edgeNodes: [],
    gpus: [],
    capabilities: [],
    operators: [],
    warnings: [],
    ...partial,
  };
}

function cluster(
  name: string,
  gitVersion: string,
  clusterProfile: ClusterProfile,
): ClusterSummary {
  return {
    name,
    title: name,
    locator: 'demo',
    health: { state: 'synced', since: SINCE },
    version: { gitVersion },
    resources: [
      {
        group: '',
        version: 'v1',
        plural: 'pods',
        kind: 'Pod',
        state: 'synced',
        since: SINCE,
        count: 12,
      },
      {
        group: 'tekton.dev',
        version: 'v1',
        plural: 'pipelineruns',
        kind: 'PipelineRun',
        state: name === 'doks-tools' ? 'synced' : 'not-installed',
        since: SINCE,
        count: name === 'doks-tools' ? 14 : 0,
      },
    ],
    facts: { profile: clusterProfile },
  };
}

export const gkeCluster = cluster(
  'gke-prod-eu',
  'v1.31.4-gke.1200000',
  profile({
    provider: {
      id: 'gke',
      name: 'Google Kubernetes Engine',
      confidence: 'high',
      evidence: [
        {
          kind: 'provider-id',
          key: 'gce://',
          value: 'gce://acme-prod/europe-west1-b/gke-prod-eu-pool-1',
          count: 4,
          description: 'Node providerID starts with gce:// on 4 nodes',
        },
        {
          kind: 'git-version',
          key: '-gke.',
          value: 'v1.31.4-gke.1200000',
          description:
            'Server version v1.31.4-gke.1200000 has the -gke. suffix',
        },
      ],
      candidates: [],
    },
    gitVersion: 'v1.31.4-gke.1200000',
    region: 'europe-west1',
    zones: ['europe-west1-b', 'europe-west1-c'],
    nodeCount: 4,
    nodesByArchitecture: { amd64: 4 },
    nodePools: [
      {
        name: 'pool-1',
        labelKey: 'cloud.google.com/gke-nodepool',
        nodes: 3,
        instanceTypes: ['e2-standard-4'],
        architectures: ['amd64'],
      },
      {
        name: 'gpu-pool',
        labelKey: 'cloud.google.com/gke-nodepool',
        nodes: 1,
        instanceTypes: ['n1-standard-8'],
        architectures: ['amd64'],
      },
    ],
    gpus: [{ resource: 'nvidia.com/gpu', total: 2, nodes: ['gke-gpu-1'] }],
    capabilities: [
      {
        id: 'gvisor',
        name: 'gVisor',
        category: 'sandboxed-runtime',
        project: {
          name: 'gVisor',
          cncfMaturity: 'not-cncf',
          homepage: 'https://gvisor.dev',
          maturityCheckedOn: '2025-01-15',
        },
        evidence: [
          {
            kind: 'runtime-class',
            key: 'runsc',
            subject: 'gvisor',
            description: 'RuntimeClass gvisor with handler runsc',
          },
        ],
      },
      {
        id: 'istio',
        name: 'Istio',
        category: 'service-mesh',
        project: {
          name: 'Istio',
          cncfMaturity: 'graduated',
          homepage: 'https://istio.io',
          maturityCheckedOn: '2025-01-15',
        },
        evidence: [
          {
            kind: 'namespace',
            key: 'istio-system',
            description: 'Namespace istio-system exists',
          },
        ],
      },
    ],
  }),
);

export const eksCluster = cluster(
  'eks-prod-us',
  'v1.30.8-eks-2d98532',
  profile({
    provider: {
      id: 'eks',
      name: 'Amazon EKS',
      confidence: 'high',
      evidence: [
        {
          kind: 'provider-id',
          key: 'aws://',
          count: 3,
          description: 'Node providerID starts with aws:// on 3 nodes',
        },
      ],
      candidates: [],
    },
    region: 'us-east-1',
    nodeCount: 4,
    nodesByArchitecture: { amd64: 4 },
    virtualNodes: [
      {
        kind: 'eks-fargate',
        nodes: ['fargate-ip-10-0-1-12'],
        evidence: [
          {
            kind: 'node-label',
            key: 'eks.amazonaws.com/compute-type',
            value: 'fargate',
            description: 'Node label eks.amazonaws.com/compute-type=fargate',
          },
        ],
      },
    ],
  }),
);

export const aksCluster = cluster(
  'aks-staging',
  'v1.30.7',
  profile({
    provider: {
      id: 'aks',
      name: 'Azure Kubernetes Service',
      confidence: 'high',
      evidence: [
        {
          kind: 'provider-id',
          key: 'azure://',
          count: 3,
          description: 'Node providerID starts with azure:// on 3 nodes',
        },
      ],
      candidates: [],
    },
    region: 'westeurope',
  }),
);

export const k3sCluster = cluster(
  'k3s-edge',
  'v1.31.3+k3s1',
  profile({
    provider: {
      id: 'k3s',
      name: 'K3s',
      confidence: 'high',
      evidence: [
        {
          kind: 'git-version',
          key: '+k3s',
          value: 'v1.31.3+k3s1',
          description: 'Server version v1.31.3+k3s1 has the +k3s suffix',
        },
      ],
      candidates: [],
    },
    nodeCount: 2,
    nodesByArchitecture: { amd64: 1, arm64: 1 },
    capabilities: [
      {
        id: 'cilium',
        name: 'Cilium',
        category: 'cni',
        project: {
          name: 'Cilium',
          cncfMaturity: 'graduated',
          maturityCheckedOn: '2025-01-15',
        },
        evidence: [
          {
            kind: 'node-annotation',
            key: 'io.cilium',
            description: 'Node annotations io.cilium.* on 2 nodes',
          },
        ],
      },
    ],
  }),
);

export const doksCluster = cluster(
  'doks-tools',
  'v1.31.1',
  profile({
    provider: {
      id: 'doks',
      name: 'DigitalOcean Kubernetes',
      confidence: 'high',
      evidence: [
        {
          kind: 'provider-id',
          key: 'digitalocean://',
          count: 3,
          description: 'Node providerID starts with digitalocean:// on 3 nodes',
        },
      ],
      candidates: [],
    },
    region: 'ams3',
    capabilities: [
      {
        id: 'knative-serving',
        name: 'Knative Serving',
        category: 'serverless',
        project: {
          name: 'Knative',
          cncfMaturity: 'graduated',
          maturityCheckedOn: '2025-01-15',
        },
        evidence: [
          {
            kind: 'api-group',
            key: 'serving.knative.dev',
            description: 'API group serving.knative.dev is served',
          },
        ],
      },
    ],
  }),
);

export const openshiftCluster = cluster(
  'openshift-dev',
  'v1.29.10+d5d1b4f',
  profile({
    provider: {
      id: 'rosa',
      name: 'Red Hat OpenShift Service on AWS',
      confidence: 'medium',
      evidence: [
        {
          kind: 'config-map',
          key: 'openshift-config/rosa-brand-logo',
          description: 'ConfigMap openshift-config/rosa-brand-logo exists',
        },
      ],
      candidates: [{ id: 'openshift', score: 0.8 }],
    },
    operators: [
      {
        name: 'cert-manager.v1.14.4',
        namespace: 'openshift-operators',
        displayName: 'cert-manager',
        version: '1.14.4',
        phase: 'succeeded',
      },
    ],
  }),
);

export const demoClusters: ClustersResponse = {
  clusters: [
    gkeCluster,
    eksCluster,
    aksCluster,
    openshiftCluster,
    k3sCluster,
    doksCluster,
  ],
};

/** The demo fleet's profiles by cluster name, as the views take them. */
export const demoProfiles = new Map<string, ClusterProfile>(
  demoClusters.clusters.map(c => [c.name, c.facts.profile!]),
);

/** The fleet with `eks-prod-us` unreachable: its last profile kept, health says why. */
export function withUnreachable(
  name = 'eks-prod-us',
  response: ClustersResponse = demoClusters,
): ClustersResponse {
  return {
    clusters: response.clusters.map(c =>
      c.name === name
        ? {
            ...c,
            health: {
              state: 'unreachable',
              since: '2025-01-31T11:58:00Z',
              message: 'connect ECONNREFUSED 127.0.0.1:6443',
            },
          }
        : c,
    ),
  };
}

export const offeringsCatalogue: OfferingsCatalogue = {
  checkedOn: '2025-01-15',
  offerings: [
    {
      id: 'gke',
      providerIds: ['gke', 'gke-autopilot'],
      capabilityIds: [],
      name: 'Google Kubernetes Engine',
      vendor: 'Google Cloud',
      kind: 'managed',
      documentation: 'https://cloud.google.com/kubernetes-engine/docs',
      serverlessNodes: {
        value: 'Autopilot',
        source:
          'https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-overview',
        verified: true,
      },
      sandboxedRuntime: {
        value: 'GKE Sandbox (gVisor)',
        source:
          'https://cloud.google.com/kubernetes-engine/docs/concepts/sandbox-pods',
        verified: true,
      },
      defaultCni: { value: 'Dataplane V2 (Cilium)', verified: true },
      meshAddOn: { value: 'Cloud Service Mesh', verified: true },
      clusters: ['gke-prod-eu'],
    },
    {
      id: 'eks',
      providerIds: ['eks'],
      capabilityIds: [],
      name: 'Amazon EKS',
      vendor: 'AWS',
      kind: 'managed',
      documentation: 'https://docs.aws.amazon.com/eks/',
      serverlessNodes: { value: 'Fargate', verified: true },
      sandboxedRuntime: { verified: false },
      defaultCni: { value: 'Amazon VPC CNI', verified: true },
      meshAddOn: { verified: true },
      clusters: ['eks-prod-us'],
    },
    {
      id: 'oke',
      providerIds: ['oke'],
      capabilityIds: [],
      name: 'Oracle Container Engine for Kubernetes',
      vendor: 'Oracle',
      kind: 'managed',
      documentation:
        'https://docs.oracle.com/en-us/iaas/Content/ContEng/home.htm',
      serverlessNodes: { value: 'Virtual nodes', verified: true },
      sandboxedRuntime: { verified: false },
      defaultCni: { value: 'Flannel', verified: true },
      meshAddOn: { verified: false },
      clusters: [],
    },
  ],
};
