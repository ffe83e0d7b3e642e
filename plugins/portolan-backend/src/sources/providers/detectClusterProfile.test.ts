import {
  ClusterProfileSchema,
  type ProviderId,
} from '@portolan/plugin-portolan-common';
import type { ClusterFacts } from './clusterFacts';
import { detectClusterProfile } from './detectClusterProfile';
import {
  AKS_STAGING,
  DOKS_TOOLS,
  EKS_PROD_US,
  GKE_PROD_EU,
  K3S_EDGE,
  OPENSHIFT_DEV,
  cluster,
  node,
} from './__fixtures__/clusterFacts';

function keysOf(profile: ReturnType<typeof detectClusterProfile>) {
  return profile.provider.evidence.map(item => `${item.kind}:${item.key}`);
}

describe('detectClusterProfile on the demo clusters', () => {
  it('gke-prod-eu: GKE, a GPU pool, Istio and gVisor', () => {
    const profile = detectClusterProfile(GKE_PROD_EU);
    expect(ClusterProfileSchema.parse(profile)).toEqual(profile);
    expect(profile.provider).toMatchObject({ id: 'gke', confidence: 'high' });
    expect(keysOf(profile)).toEqual([
      'provider-id:gce://',
      'git-version:-gke.',
      'node-label:cloud.google.com/gke-nodepool',
      'api-group:networking.gke.io',
    ]);
    expect(profile.region).toBe('europe-west1');
    expect(profile.zones).toEqual(['europe-west1-b', 'europe-west1-c']);
    expect(profile.nodePools).toEqual([
      {
        name: 'default-pool',
        labelKey: 'cloud.google.com/gke-nodepool',
        nodes: 2,
        instanceTypes: ['e2-standard-4'],
        architectures: ['amd64'],
      },
      {
        name: 'gpu-pool',
        labelKey: 'cloud.google.com/gke-nodepool',
        nodes: 1,
        instanceTypes: ['g2-standard-8'],
        architectures: ['amd64'],
      },
    ]);
    expect(profile.gpus).toEqual([
      {
        resource: 'nvidia.com/gpu',
        total: 1,
        nodes: ['gke-prod-eu-gpu-pool-9f8e-g1'],
      },
    ]);
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'gvisor',
      'istio',
    ]);
    const istio = profile.capabilities[1];
    expect(istio.project).toMatchObject({
      name: 'Istio',
      cncfMaturity: 'graduated',
    });
    expect(istio.evidence.map(item => item.key)).toEqual([
      'istio-system',
      'istio-injection',
      'networking.istio.io',
    ]);
    expect(profile.capabilities[0].project.cncfMaturity).toBe('not-cncf');
  });

  it('eks-prod-us: EKS with a Fargate node and the VPC CNI', () => {
    const profile = detectClusterProfile(EKS_PROD_US);
    expect(profile.provider).toMatchObject({ id: 'eks', confidence: 'high' });
    expect(profile.virtualNodes).toEqual([
      expect.objectContaining({
        kind: 'eks-fargate',
        nodes: ['fargate-ip-10-0-2-45.ec2.internal'],
      }),
    ]);
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'aws-vpc-cni',
    ]);
    expect(profile.nodePools.map(pool => pool.name)).toEqual(['general']);
  });

  it('aks-staging: AKS from its node labels although gitVersion has no suffix', () => {
    const profile = detectClusterProfile(AKS_STAGING);
    expect(profile.provider).toMatchObject({ id: 'aks', confidence: 'high' });
    expect(keysOf(profile)).toEqual([
      'provider-id:azure:///',
      'node-label:kubernetes.azure.com/cluster',
      'node-label:kubernetes.azure.com/agentpool',
    ]);
  });

  it('openshift-dev: ROSA over OpenShift over the AWS providerID, with OLM operators', () => {
    const profile = detectClusterProfile(OPENSHIFT_DEV);
    expect(profile.provider).toMatchObject({ id: 'rosa', confidence: 'high' });
    expect(keysOf(profile)).toEqual([
      'git-version:+<commit>',
      'api-group:config.openshift.io',
      'api-group:route.openshift.io',
      'config-map:openshift-config/rosa-brand-logo',
    ]);
    expect(profile.provider.candidates).toEqual([{ id: 'eks', score: 1 }]);
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'olm',
    ]);
    expect(profile.capabilities[0].project.cncfMaturity).toBe('incubating');
    expect(profile.operators).toEqual([
      {
        name: 'cert-manager-operator.v1.14.0',
        namespace: 'cert-manager-operator',
        version: '1.14.0',
        phase: 'installing',
        upstreamPhase: 'Installing',
      },
      {
        name: 'openshift-pipelines-operator-rh.v1.17.0',
        namespace: 'openshift-operators',
        displayName: 'Red Hat OpenShift Pipelines',
        version: '1.17.0',
        phase: 'succeeded',
        upstreamPhase: 'Succeeded',
      },
    ]);
  });

  it('k3s-edge: k3s on arm64 with Cilium', () => {
    const profile = detectClusterProfile(K3S_EDGE);
    expect(profile.provider).toMatchObject({ id: 'k3s', confidence: 'high' });
    expect(profile.nodesByArchitecture).toEqual({ arm64: 1 });
    expect(profile.capabilities).toEqual([
      expect.objectContaining({
        id: 'cilium',
        category: 'cni',
        project: expect.objectContaining({ cncfMaturity: 'graduated' }),
      }),
    ]);
    expect(profile.capabilities[0].evidence.map(item => item.kind)).toEqual([
      'node-annotation',
      'daemon-set',
    ]);
  });

  it('doks-tools: DOKS with Knative Serving', () => {
    const profile = detectClusterProfile(DOKS_TOOLS);
    expect(profile.provider).toMatchObject({ id: 'doks', confidence: 'high' });
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'cilium',
      'knative-serving',
    ]);
    expect(profile.region).toBe('fra1');
  });
});

// One cluster per offering, built from that offering's own signals.
const OFFERINGS: Array<[ProviderId, ClusterFacts, string[]]> = [
  [
    'gke-autopilot',
    cluster({
      gitVersion: 'v1.31.1-gke.1146000',
      apiGroups: ['', 'auto.gke.io', 'warden.gke.io'],
      nodes: [
        node('gk3-autopilot-cluster-pool-2-1a2b3c4d-xyz1', {
          providerID:
            'gce://p/us-central1-a/gk3-autopilot-cluster-pool-2-1a2b3c4d-xyz1',
          labels: { 'cloud.google.com/gke-nodepool': 'pool-2' },
        }),
      ],
    }),
    ['node-name:gk3-', 'api-group:auto.gke.io', 'api-group:warden.gke.io'],
  ],
  [
    'doks',
    cluster({
      nodes: [
        node('pool-1', {
          providerID: 'digitalocean://1',
          labels: { 'doks.digitalocean.com/node-pool': 'pool-1' },
        }),
      ],
    }),
    ['node-label:doks.digitalocean.com/node-pool'],
  ],
  [
    'oke',
    cluster({
      nodes: [
        node('oke-cywiqripuyg-nsgagklgnst-st2qczvnmba-0', {
          providerID: 'ocid1.instance.oc1.eu-frankfurt-1.abc',
          labels: { 'oci.oraclecloud.com/fault-domain': 'FAULT-DOMAIN-1' },
          annotations: {
            'oci.oraclecloud.com/node-pool-id': 'ocid1.nodepool.oc1.abc',
          },
        }),
      ],
    }),
    ['node-annotation:oci.oraclecloud.com/node-pool-id'],
  ],
  [
    'iks',
    cluster({
      gitVersion: 'v1.30.4+IKS',
      nodes: [
        node('10.1.2.3', {
          providerID: 'ibm://acct///cluster/worker-1',
          labels: { 'ibm-cloud.kubernetes.io/worker-pool-name': 'default' },
        }),
      ],
    }),
    ['git-version:+IKS', 'node-label:ibm-cloud.kubernetes.io/worker-pool-name'],
  ],
  [
    'ack',
    cluster({
      gitVersion: 'v1.30.1-aliyun.1',
      nodes: [
        node('cn-hangzhou.10.0.0.1', {
          labels: {
            'alibabacloud.com/nodepool-id': 'np1',
            'ack.aliyun.com': 'c1',
          },
        }),
      ],
    }),
    [
      'git-version:-aliyun.',
      'node-label:alibabacloud.com/nodepool-id',
      'node-label:ack.aliyun.com',
    ],
  ],
  [
    'tke',
    cluster({
      gitVersion: 'v1.30.0-tke.5',
      nodes: [
        node('10.0.0.5', {
          providerID: 'qcloud:///800002/ins-abc',
          labels: { 'tke.cloud.tencent.com/nodepool-id': 'np-1' },
        }),
      ],
    }),
    ['git-version:-tke.', 'node-label:tke.cloud.tencent.com/nodepool-id'],
  ],
  [
    'openshift',
    cluster({
      gitVersion: 'v1.29.8+632b078',
      apiGroups: ['', 'config.openshift.io', 'route.openshift.io'],
      nodes: [node('master-0', { providerID: 'vsphere://4230-abc' })],
    }),
    ['api-group:config.openshift.io'],
  ],
  [
    'aro',
    cluster({
      gitVersion: 'v1.29.8+632b078',
      apiGroups: [
        '',
        'config.openshift.io',
        'route.openshift.io',
        'aro.openshift.io',
      ],
      nodes: [
        node('aro-master-0', {
          providerID:
            'azure:///subscriptions/s/resourceGroups/aro/providers/Microsoft.Compute/virtualMachines/aro-master-0',
        }),
      ],
    }),
    ['api-group:aro.openshift.io'],
  ],
  [
    'rke2',
    cluster({
      gitVersion: 'v1.30.5+rke2r1',
      nodes: [
        node('rke2-server-1', {
          providerID: 'aws:///eu-west-1a/i-0123',
          annotations: { 'rke2.io/node-args': '["server"]' },
        }),
      ],
    }),
    ['git-version:+rke2', 'node-annotation:rke2.io/node-args'],
  ],
  [
    'anthos',
    cluster({
      gitVersion: 'v1.29.6-gke.1800',
      nodes: [
        node('bm-node-1', {
          labels: { 'baremetal.cluster.gke.io/node-pool': 'np1' },
        }),
      ],
    }),
    ['node-label:baremetal.cluster.gke.io/node-pool'],
  ],
  [
    'anthos',
    cluster({
      gitVersion: 'v1.29.6-gke.1800',
      nodes: [node('vm-node-1', { providerID: 'vsphere://4231-def' })],
    }),
    ['git-version:-gke. without gce:// nodes', 'provider-id:vsphere://'],
  ],
  [
    'tanzu',
    cluster({
      gitVersion: 'v1.28.8+vmware.1',
      apiGroups: ['', 'run.tanzu.vmware.com'],
      nodes: [node('tkg-worker-1', { providerID: 'vsphere://4232-aaa' })],
    }),
    ['git-version:+vmware.', 'api-group:run.tanzu.vmware.com'],
  ],
  [
    'giant-swarm',
    cluster({
      gitVersion: 'v1.29.9',
      nodes: [
        node('ip-10-2-0-4.eu-west-1.compute.internal', {
          providerID: 'aws:///eu-west-1a/i-0456',
          labels: { 'giantswarm.io/cluster': 'abc12' },
        }),
      ],
    }),
    ['node-label:giantswarm.io/cluster'],
  ],
  [
    'kind',
    cluster({
      gitVersion: 'v1.31.0',
      nodes: [
        node('kind-control-plane', {
          providerID: 'kind://docker/kind/kind-control-plane',
        }),
      ],
    }),
    ['provider-id:kind://'],
  ],
  [
    'minikube',
    cluster({
      gitVersion: 'v1.31.0',
      nodes: [
        node('minikube', { labels: { 'minikube.k8s.io/name': 'minikube' } }),
      ],
    }),
    ['node-label:minikube.k8s.io/name'],
  ],
];

describe('detectClusterProfile per offering', () => {
  it.each(
    OFFERINGS.map(([id, facts, keys], index) => ({ id, facts, keys, index })),
  )('#$index detects $id', ({ id, facts, keys }) => {
    const profile = detectClusterProfile(facts);
    expect(profile.provider.id).toBe(id);
    expect(keysOf(profile)).toEqual(expect.arrayContaining(keys));
    expect(['high', 'medium']).toContain(profile.provider.confidence);
  });

  it('gives Platform9 only low confidence: its signal is unverified', () => {
    const profile = detectClusterProfile(
      cluster({
        gitVersion: 'v1.29.2',
        namespaces: [{ name: 'pf9-addons', labels: {} }],
        nodes: [node('worker-1')],
      }),
    );
    expect(profile.provider).toMatchObject({
      id: 'platform9',
      confidence: 'low',
    });
    expect(profile.provider.evidence[0].description).toContain('unverified');
  });
});

describe('detectClusterProfile when nothing decides', () => {
  it('a kubeadm cluster is unknown, with what was seen', () => {
    const profile = detectClusterProfile(
      cluster({
        gitVersion: 'v1.31.2',
        nodes: [node('cp-1'), node('worker-1')],
      }),
    );
    expect(profile.provider).toEqual({
      id: 'unknown',
      name: 'Unknown',
      confidence: 'none',
      candidates: [],
      evidence: [
        {
          kind: 'git-version',
          key: 'gitVersion',
          value: 'v1.31.2',
          description: '/version gitVersion is v1.31.2',
        },
        {
          kind: 'provider-id',
          key: '(none)',
          subject: 'cp-1',
          count: 2,
          description: 'no providerID on 2 nodes',
        },
      ],
    });
  });

  it('a self-managed cluster on AWS is unknown, with EKS only as a candidate', () => {
    const profile = detectClusterProfile(
      cluster({
        gitVersion: 'v1.30.2',
        nodes: [node('ip-10-0-0-1', { providerID: 'aws:///eu-west-1a/i-1' })],
      }),
    );
    expect(profile.provider.id).toBe('unknown');
    expect(profile.provider.candidates).toEqual([{ id: 'eks', score: 1 }]);
    expect(profile.provider.evidence[0]).toMatchObject({
      kind: 'provider-id',
      key: 'aws:///',
      count: 1,
    });
  });

  it('two offerings with equal evidence are a tie, reported as unknown', () => {
    const profile = detectClusterProfile(
      cluster({
        nodes: [
          node('a', { providerID: 'kind://docker/kind/a' }),
          node('b', { labels: { 'minikube.k8s.io/name': 'minikube' } }),
        ],
      }),
    );
    expect(profile.provider.id).toBe('unknown');
    expect(profile.provider.candidates.map(candidate => candidate.id)).toEqual([
      'kind',
      'minikube',
    ]);
  });
});

describe('detectClusterProfile capabilities and special nodes', () => {
  it('tells Kata, Firecracker and gVisor runtimes apart', () => {
    const profile = detectClusterProfile(
      cluster({
        runtimeClasses: [
          { name: 'kata-qemu', handler: 'kata-qemu' },
          { name: 'kata-fc', handler: 'kata-fc' },
          { name: 'gvisor', handler: 'gvisor' },
        ],
      }),
    );
    expect(
      profile.capabilities.map(capability => [
        capability.id,
        capability.evidence[0].subject,
      ]),
    ).toEqual([
      ['gvisor', 'gvisor'],
      ['firecracker', 'kata-fc'],
      ['kata', 'kata-qemu'],
    ]);
  });

  it('finds Istio ambient, Linkerd, Calico, Flannel, Antrea and OLM', () => {
    const profile = detectClusterProfile(
      cluster({
        apiGroups: ['', 'policy.linkerd.io', 'operators.coreos.com'],
        namespaces: [
          { name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } },
          {
            name: 'linkerd',
            labels: { 'linkerd.io/is-control-plane': 'true' },
          },
        ],
        daemonSets: [
          { name: 'calico-node', namespace: 'calico-system' },
          { name: 'kube-flannel-ds', namespace: 'kube-flannel' },
          { name: 'antrea-agent', namespace: 'kube-system' },
          { name: 'ztunnel', namespace: 'istio-system' },
        ],
      }),
    );
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'calico',
      'flannel',
      'antrea',
      'istio-ambient',
      'linkerd',
      'olm',
    ]);
    expect(
      profile.capabilities.find(capability => capability.id === 'antrea')
        ?.project.cncfMaturity,
    ).toBe('sandbox');
  });

  it('finds AKS virtual nodes, OKE virtual nodes and KubeEdge edge nodes', () => {
    const aks = detectClusterProfile(
      cluster({
        nodes: [
          ...AKS_STAGING.nodes,
          node('virtual-node-aci-linux', {
            labels: {
              type: 'virtual-kubelet',
              'kubernetes.azure.com/cluster': 'MC_x',
            },
            taints: [
              {
                key: 'virtual-kubelet.io/provider',
                value: 'azure',
                effect: 'NoSchedule',
              },
            ],
          }),
        ],
      }),
    );
    expect(aks.virtualNodes.map(group => [group.kind, group.nodes])).toEqual([
      ['aks-virtual-node', ['virtual-node-aci-linux']],
    ]);

    const oke = detectClusterProfile(
      cluster({
        nodes: [
          node('oke-c1-n1-s1-0', {
            annotations: { 'oci.oraclecloud.com/node-pool-id': 'np' },
          }),
          node('10.0.5.207', {
            annotations: { 'oci.oraclecloud.com/node-pool-id': 'vnp' },
          }),
        ],
      }),
    );
    expect(oke.virtualNodes.map(group => [group.kind, group.nodes])).toEqual([
      ['oke-virtual-node', ['10.0.5.207']],
    ]);

    const edge = detectClusterProfile(
      cluster({
        nodes: [
          node('cloud-1'),
          node('edge-1', {
            kubeletVersion: 'v1.29.5-kubeedge-v1.18.0',
            labels: {
              'node-role.kubernetes.io/edge': '',
              'kubernetes.io/arch': 'arm64',
            },
          }),
        ],
      }),
    );
    expect(edge.edgeNodes).toEqual([
      expect.objectContaining({ kind: 'kubeedge', nodes: ['edge-1'] }),
    ]);
    expect(edge.capabilities.map(capability => capability.id)).toEqual([
      'kubeedge',
    ]);
    expect(edge.nodesByArchitecture).toEqual({ amd64: 1, arm64: 1 });
  });

  it('lists Autopilot nodes as serverless nodes', () => {
    const profile = detectClusterProfile(OFFERINGS[0][1]);
    expect(profile.virtualNodes.map(group => group.kind)).toEqual([
      'gke-autopilot',
    ]);
  });

  it('reports unreadable GPU quantities and unknown operator phases as warnings', () => {
    const profile = detectClusterProfile(
      cluster({
        nodes: [node('g', { allocatable: { 'nvidia.com/gpu': 'lots' } })],
        clusterServiceVersions: [
          { name: 'x.v1', namespace: 'ops', phase: 'Daydreaming' },
        ],
      }),
    );
    expect(profile.gpus).toEqual([]);
    expect(profile.operators[0]).toMatchObject({
      phase: 'unknown',
      upstreamPhase: 'Daydreaming',
    });
    expect(profile.warnings).toEqual([
      'node g: allocatable nvidia.com/gpu "lots" is not a number',
      'ClusterServiceVersion ops/x.v1: phase "Daydreaming" is not a known phase',
    ]);
  });
});
