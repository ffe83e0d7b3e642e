import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import type { DemoCluster } from './demoWorld';

interface NodeSpec {
  name: string;
  providerID?: string;
  arch: 'amd64' | 'arm64';
  instanceType: string;
  region: string;
  zone: string;
  cpu: number;
  memoryGi: number;
  gpus?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  roles?: string[];
  osImage: string;
  kernel: string;
  runtime: string;
  pods?: number;
}

const CLUSTER_INDEX: Record<string, number> = {
  gke: 0,
  eks: 1,
  aks: 2,
  openshift: 3,
  k3s: 4,
  doks: 5,
};

function node(
  ids: DemoIds,
  cluster: DemoCluster,
  n: NodeSpec,
  podCidr: string,
  ip: string,
): KubeObject {
  const allocCpu = `${n.cpu * 1000 - (n.cpu >= 4 ? 180 : 100)}m`;
  const allocMem = `${Math.round(n.memoryGi * 1024 * 1024 * 0.86)}Ki`;
  const capacity: Record<string, string> = {
    cpu: String(n.cpu),
    'ephemeral-storage': '101430960Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${n.memoryGi * 1024 * 1024}Ki`,
    pods: String(n.pods ?? 110),
  };
  const allocatable: Record<string, string> = {
    ...capacity,
    cpu: allocCpu,
    'ephemeral-storage': '47093746742',
    memory: allocMem,
  };
  if (n.gpus) {
    capacity['nvidia.com/gpu'] = String(n.gpus);
    allocatable['nvidia.com/gpu'] = String(n.gpus);
  }
  const roleLabels = Object.fromEntries(
    (n.roles ?? []).map(r => [
      `node-role.kubernetes.io/${r}`,
      r === 'master' || r === 'control-plane' ? 'true' : '',
    ]),
  );
  const conditions = [
    [
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ],
    [
      'DiskPressure',
      'False',
      'KubeletHasNoDiskPressure',
      'kubelet has no disk pressure',
    ],
    [
      'PIDPressure',
      'False',
      'KubeletHasSufficientPID',
      'kubelet has sufficient PID available',
    ],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ].map(([type, status, reason, message]) => ({
    type,
    status,
    lastHeartbeatTime: at(-1),
    lastTransitionTime: at(-20160 - ids.int(`boot:${n.name}`, 4000)),
    reason,
    message,
  }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      uid: ids.uid(`node:${cluster.name}:${n.name}`),
      creationTimestamp: at(-20160 - ids.int(`boot:${n.name}`, 4000)),
      labels: {
        'beta.kubernetes.io/arch': n.arch,
        'beta.kubernetes.io/instance-type': n.instanceType,
        'beta.kubernetes.io/os': 'linux',
        'failure-domain.beta.kubernetes.io/region': n.region,
        'failure-domain.beta.kubernetes.io/zone': n.zone,
        'kubernetes.io/arch': n.arch,
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': n.instanceType,
        'topology.kubernetes.io/region': n.region,
        'topology.kubernetes.io/zone': n.zone,
        ...roleLabels,
        ...n.labels,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...n.annotations,
      },
    },
    spec: {
      podCIDR: podCidr,
      podCIDRs: [podCidr],
      ...(n.providerID ? { providerID: n.providerID } : {}),
      ...(n.taints ? { taints: n.taints } : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions,
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: ids.hex(`machine:${n.name}`, 32),
        systemUUID: ids.uid(`system:${n.name}`),
        bootID: ids.uid(`bootid:${n.name}`),
        kernelVersion: n.kernel,
        osImage: n.osImage,
        containerRuntimeVersion: n.runtime,
        kubeletVersion: cluster.gitVersion,
        kubeProxyVersion: cluster.gitVersion,
        operatingSystem: 'linux',
        architecture: n.arch,
      },
    },
  };
}

function specsFor(ids: DemoIds, c: DemoCluster): NodeSpec[] {
  switch (c.offering) {
    case 'gke': {
      const pool = (p: string, i: number) =>
        `gke-${c.name}-${p}-${ids.hex(`pool:${p}`, 8)}-${ids.suffix(
          `gke:${p}:${i}`,
          4,
        )}`;
      const cos = {
        osImage: 'Container-Optimized OS from Google',
        kernel: '6.6.56+',
        runtime: 'containerd://1.7.24',
      };
      const zones = ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'];
      const std = [0, 1, 2].map(i => {
        const name = pool('default-pool', i);
        return {
          name,
          providerID: `gce://acme-prod/${zones[i]}/${name}`,
          arch: 'amd64' as const,
          instanceType: 'e2-standard-8',
          region: 'europe-west1',
          zone: zones[i],
          cpu: 8,
          memoryGi: 32,
          labels: {
            'cloud.google.com/gke-boot-disk': 'pd-balanced',
            'cloud.google.com/gke-container-runtime': 'containerd',
            'cloud.google.com/gke-nodepool': 'default-pool',
            'cloud.google.com/gke-os-distribution': 'cos',
            'cloud.google.com/machine-family': 'e2',
            'cloud.google.com/gke-provisioning': 'standard',
          },
          annotations: {
            'container.googleapis.com/instance_id': String(
              4_000_000_000_000_000_000 + ids.int(`gid:${name}`, 1e9),
            ),
          },
          ...cos,
        };
      });
      const gpuName = pool('gpu-pool', 0);
      return [
        ...std,
        {
          name: gpuName,
          providerID: `gce://acme-prod/europe-west1-b/${gpuName}`,
          arch: 'amd64',
          instanceType: 'n1-standard-8',
          region: 'europe-west1',
          zone: 'europe-west1-b',
          cpu: 8,
          memoryGi: 30,
          gpus: 1,
          labels: {
            'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4',
            'cloud.google.com/gke-gpu': 'true',
            'cloud.google.com/gke-nodepool': 'gpu-pool',
            'cloud.google.com/gke-os-distribution': 'cos',
            'cloud.google.com/machine-family': 'n1',
          },
          taints: [
            { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
          ],
          ...cos,
        },
      ];
    }
    case 'eks': {
      const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      const al2023 = {
        osImage: 'Amazon Linux 2023.6.20241212',
        kernel: '6.1.119-129.201.amzn2023.x86_64',
        runtime: 'containerd://1.7.23',
      };
      const std = [0, 1, 2].map(i => {
        const ip = `10.1.${32 + i * 16 + ids.int(`eks:${i}`, 10)}.${
          10 + ids.int(`eks2:${i}`, 200)
        }`;
        return {
          name: `ip-${ip.replace(/\./g, '-')}.ec2.internal`,
          providerID: `aws:///${zones[i]}/i-0${ids.hex(`ec2:${i}`, 16)}`,
          arch: 'amd64' as const,
          instanceType: 'm6i.2xlarge',
          region: 'us-east-1',
          zone: zones[i],
          cpu: 8,
          memoryGi: 32,
          pods: 58,
          labels: {
            'eks.amazonaws.com/capacityType': i === 2 ? 'SPOT' : 'ON_DEMAND',
            'eks.amazonaws.com/nodegroup': i === 2 ? 'spot-general' : 'general',
            'eks.amazonaws.com/nodegroup-image': 'ami-0c5b5e1f0f9f7e4a2',
            'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-0a1b2c3d4e5f67890',
            'k8s.io/cloud-provider-aws': ids.hex('cpa', 32),
          },
          annotations: { 'alpha.kubernetes.io/provided-node-ip': ip },
          ...al2023,
        };
      });
      return [
        ...std,
        {
          name: 'fargate-ip-10-1-87-22.ec2.internal',
          providerID:
            'aws:///us-east-1b/2c1a8e4f3b-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a/fargate-ip-10-1-87-22.ec2.internal',
          arch: 'amd64',
          instanceType: 'fargate',
          region: 'us-east-1',
          zone: 'us-east-1b',
          cpu: 2,
          memoryGi: 4,
          pods: 1,
          labels: {
            'eks.amazonaws.com/compute-type': 'fargate',
            'eks.amazonaws.com/fargate-profile': 'storefront-batch',
          },
          taints: [
            {
              key: 'eks.amazonaws.com/compute-type',
              value: 'fargate',
              effect: 'NoSchedule',
            },
          ],
          osImage: 'Amazon Linux 2',
          kernel: '5.10.230-223.885.amzn2.x86_64',
          runtime: 'containerd://1.7.22',
        },
      ];
    }
    case 'aks':
      return [0, 1, 2].map(i => {
        const name = `aks-nodepool1-31718369-vmss00000${i}`;
        return {
          name,
          providerID: `azure:///subscriptions/3f2a9c4e-1b7d-4e8a-9c2f-6d5e4b3a2c1f/resourceGroups/mc_acme-staging_aks-staging_westeurope/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-31718369-vmss/virtualMachines/${i}`,
          arch: 'amd64' as const,
          instanceType: 'Standard_D4s_v5',
          region: 'westeurope',
          zone: `westeurope-${i + 1}`,
          cpu: 4,
          memoryGi: 16,
          labels: {
            agentpool: 'nodepool1',
            'kubernetes.azure.com/agentpool': 'nodepool1',
            'kubernetes.azure.com/cluster':
              'MC_acme-staging_aks-staging_westeurope',
            'kubernetes.azure.com/mode': 'system',
            'kubernetes.azure.com/node-image-version':
              'AKSUbuntu-2204gen2containerd-202411.12.0',
            'kubernetes.azure.com/os-sku': 'Ubuntu',
            'kubernetes.azure.com/role': 'agent',
          },
          osImage: 'Ubuntu 22.04.5 LTS',
          kernel: '5.15.0-1074-azure',
          runtime: 'containerd://1.7.23-1',
        };
      });
    case 'openshift':
      return [0, 1, 2].map(i => {
        const ip = `10.0.${128 + i * 32 + ids.int(`ocp:${i}`, 20)}.${
          20 + ids.int(`ocp2:${i}`, 200)
        }`;
        const zone = ['us-east-2a', 'us-east-2b', 'us-east-2c'][i];
        return {
          name: `ip-${ip.replace(/\./g, '-')}.us-east-2.compute.internal`,
          providerID: `aws:///${zone}/i-0${ids.hex(`rosa:${i}`, 16)}`,
          arch: 'amd64' as const,
          instanceType: 'm5.xlarge',
          region: 'us-east-2',
          zone,
          cpu: 4,
          memoryGi: 16,
          pods: 250,
          roles: ['worker'],
          labels: {
            'node.openshift.io/os_id': 'rhcos',
            'hypershift.openshift.io/nodePool': 'workers',
          },
          annotations: {
            'machineconfiguration.openshift.io/currentConfig': `rendered-worker-${ids.hex(
              'mc',
              32,
            )}`,
            'machineconfiguration.openshift.io/state': 'Done',
          },
          osImage: 'Red Hat Enterprise Linux CoreOS 416.94.202411201433-0',
          kernel: '5.14.0-427.44.1.el9_4.x86_64',
          runtime: 'cri-o://1.29.10-3.rhaos4.16.git4a4f7b1.el9',
        };
      });
    case 'k3s': {
      const k3s = {
        kernel: '6.6.62+rpt-rpi-v8',
        runtime: 'containerd://1.7.23-k3s2',
      };
      return [
        {
          name: 'edge-srv-01',
          providerID: 'k3s://edge-srv-01',
          arch: 'amd64',
          instanceType: 'k3s',
          region: 'store-0042',
          zone: 'store-0042-backroom',
          cpu: 4,
          memoryGi: 16,
          roles: ['control-plane', 'master'],
          annotations: {
            'k3s.io/node-args':
              '["server","--flannel-backend","none","--disable-network-policy","--disable","traefik"]',
            'k3s.io/hostname': 'edge-srv-01',
            'k3s.io/internal-ip': '192.168.42.10',
            'io.cilium.network.ipv4-cilium-host': '10.42.0.187',
            'io.cilium.network.ipv4-health-ip': '10.42.0.21',
            'io.cilium.network.ipv4-pod-cidr': '10.42.0.0/24',
          },
          osImage: 'Ubuntu 24.04.1 LTS',
          kernel: '6.8.0-49-generic',
          runtime: k3s.runtime,
        },
        {
          name: 'edge-rpi-01',
          providerID: 'k3s://edge-rpi-01',
          arch: 'arm64',
          instanceType: 'k3s',
          region: 'store-0042',
          zone: 'store-0042-frontdesk',
          cpu: 4,
          memoryGi: 8,
          labels: { 'acme.example/edge-site': 'store-0042' },
          annotations: {
            'k3s.io/node-args':
              '["agent","--node-label","acme.example/edge-site=store-0042"]',
            'k3s.io/hostname': 'edge-rpi-01',
            'k3s.io/internal-ip': '192.168.42.21',
            'io.cilium.network.ipv4-cilium-host': '10.42.1.64',
            'io.cilium.network.ipv4-health-ip': '10.42.1.153',
            'io.cilium.network.ipv4-pod-cidr': '10.42.1.0/24',
          },
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernel: k3s.kernel,
          runtime: k3s.runtime,
        },
      ];
    }
    case 'doks':
    default:
      return [0, 1, 2].map(i => {
        const name = `tools-pool-${ids.suffix(`doks:${i}`, 5)}`;
        return {
          name,
          providerID: `digitalocean://${
            450_000_000 + ids.int(`doid:${i}`, 9_000_000)
          }`,
          arch: 'amd64' as const,
          instanceType: 's-4vcpu-8gb',
          region: 'fra1',
          zone: 'fra1',
          cpu: 4,
          memoryGi: 8,
          labels: {
            'doks.digitalocean.com/managed': 'true',
            'doks.digitalocean.com/node-id': ids.uid(`doks-node:${i}`),
            'doks.digitalocean.com/node-pool': 'tools-pool',
            'doks.digitalocean.com/node-pool-id': ids.uid('doks-pool'),
            'doks.digitalocean.com/version': '1.31.1-do.5',
          },
          annotations: {
            'alpha.kubernetes.io/provided-node-ip': `10.114.0.${2 + i}`,
            'csi.volume.kubernetes.io/nodeid': `{"dobs.csi.digitalocean.com":"${
              450_000_000 + ids.int(`doid:${i}`, 9_000_000)
            }"}`,
          },
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernel: '6.1.0-27-amd64',
          runtime: 'containerd://1.6.31',
        };
      });
  }
}

export function demoNodes(ids: DemoIds, cluster: DemoCluster): KubeObject[] {
  return specsFor(ids, cluster).map((spec, i) => {
    const ip =
      spec.annotations?.['k3s.io/internal-ip'] ??
      spec.annotations?.['alpha.kubernetes.io/provided-node-ip'] ??
      ids.ip(`${cluster.name}:${spec.name}`, '10.128');
    return node(
      ids,
      cluster,
      spec,
      `10.${60 + CLUSTER_INDEX[cluster.offering]}.${i}.0/24`,
      ip,
    );
  });
}
