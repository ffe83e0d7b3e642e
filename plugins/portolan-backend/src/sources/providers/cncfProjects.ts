/*
 * The projects behind the capabilities Portolan detects, with their CNCF
 * maturity level. Levels change (projects graduate, get archived), so the
 * date they were checked is recorded and shipped with every capability.
 * Sources: the CNCF project pages and announcements cited per entry.
 */
import type { CapabilityProject } from '@portolan/plugin-portolan-common';

/** When the maturity levels below were last checked against the CNCF. */
export const CNCF_MATURITY_CHECKED_ON = '2026-11-27';

interface ProjectEntry extends Omit<CapabilityProject, 'maturityCheckedOn'> {
  /** Where the level was read. */
  source: string;
}

/** Every project a capability can name, keyed by capability project id. */
export const CNCF_PROJECTS = {
  cilium: {
    name: 'Cilium',
    cncfMaturity: 'graduated',
    homepage: 'https://cilium.io',
    source: 'https://www.cncf.io/projects/cilium/',
  },
  calico: {
    name: 'Project Calico (Tigera)',
    cncfMaturity: 'not-cncf',
    homepage: 'https://www.tigera.io/project-calico/',
    source: 'https://landscape.cncf.io/ (listed as a non-CNCF project)',
  },
  flannel: {
    name: 'Flannel',
    cncfMaturity: 'not-cncf',
    homepage: 'https://github.com/flannel-io/flannel',
    source: 'https://landscape.cncf.io/ (listed as a non-CNCF project)',
  },
  'aws-vpc-cni': {
    name: 'Amazon VPC CNI',
    cncfMaturity: 'not-cncf',
    homepage: 'https://github.com/aws/amazon-vpc-cni-k8s',
    source: 'https://github.com/aws/amazon-vpc-cni-k8s (an AWS project)',
  },
  antrea: {
    name: 'Antrea',
    cncfMaturity: 'sandbox',
    homepage: 'https://antrea.io',
    source: 'https://www.cncf.io/projects/antrea/',
  },
  'kube-ovn': {
    name: 'Kube-OVN',
    cncfMaturity: 'sandbox',
    homepage: 'https://kubeovn.github.io/docs/',
    source: 'https://www.cncf.io/projects/kube-ovn/',
  },
  istio: {
    name: 'Istio',
    cncfMaturity: 'graduated',
    homepage: 'https://istio.io',
    source: 'https://www.cncf.io/projects/istio/',
  },
  linkerd: {
    name: 'Linkerd',
    cncfMaturity: 'graduated',
    homepage: 'https://linkerd.io',
    source: 'https://www.cncf.io/projects/linkerd/',
  },
  knative: {
    name: 'Knative',
    cncfMaturity: 'graduated',
    homepage: 'https://knative.dev',
    source:
      'https://www.cncf.io/news/2025/10/09/itops-times-cloud-native-computing-foundation-announces-knatives-graduation',
  },
  'operator-framework': {
    name: 'Operator Framework (Operator Lifecycle Manager)',
    cncfMaturity: 'incubating',
    homepage: 'https://operatorframework.io',
    source:
      'https://www.cncf.io/blog/2020/07/09/toc-approves-operator-framework-as-incubating-project/',
  },
  kubeedge: {
    name: 'KubeEdge',
    cncfMaturity: 'graduated',
    homepage: 'https://kubeedge.io',
    source:
      'https://www.cncf.io/announcements/2024/10/15/cloud-native-computing-foundation-announces-kubeedge-graduation/',
  },
  gvisor: {
    name: 'gVisor',
    cncfMaturity: 'not-cncf',
    homepage: 'https://gvisor.dev',
    source: 'https://github.com/google/gvisor (a Google project)',
  },
  kata: {
    name: 'Kata Containers',
    cncfMaturity: 'not-cncf',
    homepage: 'https://katacontainers.io',
    source:
      'https://katacontainers.io (an Open Infrastructure Foundation project)',
  },
  firecracker: {
    name: 'Firecracker',
    cncfMaturity: 'not-cncf',
    homepage: 'https://firecracker-microvm.github.io',
    source:
      'https://github.com/firecracker-microvm/firecracker (an AWS project)',
  },
} as const satisfies Record<string, ProjectEntry>;

/** A project id from {@link CNCF_PROJECTS}. */
export type CncfProjectId = keyof typeof CNCF_PROJECTS;

/** The project as a capability carries it. */
export function capabilityProject(id: CncfProjectId): CapabilityProject {
  const { name, cncfMaturity, homepage } = CNCF_PROJECTS[id];
  return {
    name,
    cncfMaturity,
    homepage,
    maturityCheckedOn: CNCF_MATURITY_CHECKED_ON,
  };
}
