/*
 * What a cluster runs: sandboxed runtimes (RuntimeClass handlers), the CNI,
 * a service mesh, Knative Serving, OLM and KubeEdge. Each capability carries
 * its evidence and the project behind it with its CNCF maturity.
 */
import type { Capability, Evidence } from '@portolan/plugin-portolan-common';
import type { ClusterFacts } from './clusterFacts';
import { capabilityProject, type CncfProjectId } from './cncfProjects';
import {
  apiGroup,
  daemonSetNamed,
  kubeletVersionContains,
  namespaceExists,
  namespaceLabel,
  nodeAnnotationPrefix,
  nodeLabel,
  runtimeClassHandler,
} from './evidence';

interface CapabilityRule {
  id: string;
  name: string;
  category: Capability['category'];
  project: CncfProjectId;
  signals: Array<(facts: ClusterFacts) => Evidence | undefined>;
}

// Firecracker-backed Kata handlers (`kata-fc`) are Firecracker, not plain Kata.
const isFirecracker = (handler: string) =>
  /(^|-)fc($|-)|firecracker/.test(handler);

const CAPABILITY_RULES: readonly CapabilityRule[] = [
  {
    id: 'gvisor',
    name: 'gVisor',
    category: 'sandboxed-runtime',
    project: 'gvisor',
    signals: [
      f =>
        runtimeClassHandler(f, 'runsc', h => h === 'runsc' || h === 'gvisor'),
    ],
  },
  {
    id: 'firecracker',
    name: 'Firecracker',
    category: 'sandboxed-runtime',
    project: 'firecracker',
    signals: [f => runtimeClassHandler(f, 'kata-fc', isFirecracker)],
  },
  {
    id: 'kata',
    name: 'Kata Containers',
    category: 'sandboxed-runtime',
    project: 'kata',
    signals: [
      f =>
        runtimeClassHandler(
          f,
          'kata*',
          h => h.startsWith('kata') && !isFirecracker(h),
        ),
    ],
  },
  {
    id: 'cilium',
    name: 'Cilium',
    category: 'cni',
    project: 'cilium',
    signals: [
      f => nodeAnnotationPrefix(f, 'io.cilium.'),
      f => daemonSetNamed(f, 'cilium'),
    ],
  },
  {
    id: 'calico',
    name: 'Calico',
    category: 'cni',
    project: 'calico',
    signals: [
      f => nodeAnnotationPrefix(f, 'projectcalico.org/'),
      f => daemonSetNamed(f, 'calico-node'),
    ],
  },
  {
    id: 'flannel',
    name: 'Flannel',
    category: 'cni',
    project: 'flannel',
    signals: [
      f => nodeAnnotationPrefix(f, 'flannel.alpha.coreos.com/'),
      f => daemonSetNamed(f, 'kube-flannel-ds'),
      f => daemonSetNamed(f, 'kube-flannel'),
    ],
  },
  {
    id: 'aws-vpc-cni',
    name: 'Amazon VPC CNI',
    category: 'cni',
    project: 'aws-vpc-cni',
    signals: [f => daemonSetNamed(f, 'aws-node')],
  },
  {
    id: 'antrea',
    name: 'Antrea',
    category: 'cni',
    project: 'antrea',
    signals: [f => daemonSetNamed(f, 'antrea-agent')],
  },
  {
    id: 'kube-ovn',
    name: 'Kube-OVN',
    category: 'cni',
    project: 'kube-ovn',
    signals: [f => daemonSetNamed(f, 'kube-ovn-cni')],
  },
  {
    id: 'istio',
    name: 'Istio',
    category: 'service-mesh',
    project: 'istio',
    signals: [
      f => namespaceExists(f, 'istio-system'),
      f => namespaceLabel(f, 'istio-injection', 'enabled'),
      f => namespaceLabel(f, 'istio.io/rev'),
      f => apiGroup(f, 'networking.istio.io'),
    ],
  },
  {
    id: 'istio-ambient',
    name: 'Istio ambient mode',
    category: 'service-mesh',
    project: 'istio',
    signals: [
      f => namespaceLabel(f, 'istio.io/dataplane-mode', 'ambient'),
      f => daemonSetNamed(f, 'ztunnel'),
    ],
  },
  {
    id: 'linkerd',
    name: 'Linkerd',
    category: 'service-mesh',
    project: 'linkerd',
    signals: [
      f => namespaceLabel(f, 'linkerd.io/is-control-plane', 'true'),
      f => apiGroup(f, 'linkerd.io'),
      f => apiGroup(f, 'policy.linkerd.io'),
    ],
  },
  {
    id: 'knative-serving',
    name: 'Knative Serving',
    category: 'serverless',
    project: 'knative',
    signals: [f => apiGroup(f, 'serving.knative.dev')],
  },
  {
    id: 'olm',
    name: 'Operator Lifecycle Manager',
    category: 'operator-lifecycle',
    project: 'operator-framework',
    signals: [f => apiGroup(f, 'operators.coreos.com')],
  },
  {
    id: 'kubeedge',
    name: 'KubeEdge',
    category: 'edge',
    project: 'kubeedge',
    signals: [
      f => kubeletVersionContains(f, '-kubeedge-'),
      f => nodeLabel(f, 'node-role.kubernetes.io/edge'),
    ],
  },
];

/** Every capability with at least one signal present, in a stable order. */
export function detectCapabilities(facts: ClusterFacts): Capability[] {
  const capabilities: Capability[] = [];
  for (const rule of CAPABILITY_RULES) {
    const evidence = rule.signals
      .map(signal => signal(facts))
      .filter((found): found is Evidence => found !== undefined);
    if (evidence.length > 0) {
      capabilities.push({
        id: rule.id,
        name: rule.name,
        category: rule.category,
        project: capabilityProject(rule.project),
        evidence,
      });
    }
  }
  return capabilities;
}
