/*
 * The offerings catalogue served by `GET /api/portolan/offerings`: the
 * managed offerings and distributions a cluster can be, and what a platform
 * team compares them on. Every fact names the vendor page that states it.
 * `verified: true` only where a page of that vendor stating the fact was
 * read when this file was last checked ({@link OFFERINGS_CHECKED_ON});
 * everything else is `verified: false`: believed true, to be confirmed
 * before it is relied on. An absent `value` means "no such option found",
 * which is never verified.
 */
import type {
  ClusterProfile,
  Offering,
  OfferingFact,
  OfferingsCatalogue,
} from '@portolan/plugin-portolan-common';

/** When the facts below were last checked against the vendors' pages. */
export const OFFERINGS_CHECKED_ON = '2026-11-27';

const fact = (
  value: string,
  source: string,
  verified: boolean,
): OfferingFact => ({
  value,
  source,
  verified,
});
// No option found in the vendor documentation; absence is never verified.
const none: OfferingFact = { verified: false };

/** The catalogue, in display order. */
export const OFFERINGS: readonly Offering[] = [
  {
    id: 'gke',
    providerIds: ['gke', 'gke-autopilot'],
    capabilityIds: [],
    name: 'Google Kubernetes Engine',
    vendor: 'Google Cloud',
    kind: 'managed',
    documentation: 'https://cloud.google.com/kubernetes-engine/docs',
    serverlessNodes: fact(
      'GKE Autopilot (Google manages and bills per pod)',
      'https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-overview',
      false,
    ),
    sandboxedRuntime: fact(
      'GKE Sandbox (gVisor, RuntimeClass gvisor)',
      'https://cloud.google.com/kubernetes-engine/docs/concepts/sandbox-pods',
      true,
    ),
    defaultCni: fact(
      'GKE Dataplane V2 (eBPF, built on Cilium; default on Autopilot)',
      'https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2',
      false,
    ),
    meshAddOn: fact(
      'Cloud Service Mesh (Istio-based)',
      'https://cloud.google.com/service-mesh/docs/overview',
      false,
    ),
  },
  {
    id: 'eks',
    providerIds: ['eks'],
    capabilityIds: [],
    name: 'Amazon Elastic Kubernetes Service',
    vendor: 'Amazon Web Services',
    kind: 'managed',
    documentation: 'https://docs.aws.amazon.com/eks/',
    serverlessNodes: fact(
      'AWS Fargate (one micro-VM per pod)',
      'https://docs.aws.amazon.com/eks/latest/userguide/fargate.html',
      true,
    ),
    sandboxedRuntime: none,
    defaultCni: fact(
      'Amazon VPC CNI (pods get VPC addresses)',
      'https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html',
      false,
    ),
    // AWS App Mesh reached end of support; no managed mesh replaces it.
    meshAddOn: none,
  },
  {
    id: 'aks',
    providerIds: ['aks'],
    capabilityIds: [],
    name: 'Azure Kubernetes Service',
    vendor: 'Microsoft Azure',
    kind: 'managed',
    documentation: 'https://learn.microsoft.com/azure/aks/',
    serverlessNodes: fact(
      'Virtual nodes (Azure Container Instances, virtual-kubelet)',
      'https://learn.microsoft.com/azure/aks/virtual-nodes',
      true,
    ),
    sandboxedRuntime: fact(
      'Pod Sandboxing (Kata Containers on Azure Linux)',
      'https://learn.microsoft.com/azure/aks/use-pod-sandboxing',
      true,
    ),
    defaultCni: fact(
      'Azure CNI Overlay (default for new clusters; kubenet is being retired)',
      'https://learn.microsoft.com/azure/aks/azure-cni-overlay',
      false,
    ),
    meshAddOn: fact(
      'Istio-based service mesh add-on',
      'https://learn.microsoft.com/azure/aks/istio-about',
      false,
    ),
  },
  {
    id: 'doks',
    providerIds: ['doks'],
    capabilityIds: [],
    name: 'DigitalOcean Kubernetes',
    vendor: 'DigitalOcean',
    kind: 'managed',
    documentation: 'https://docs.digitalocean.com/products/kubernetes/',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Cilium (managed by DigitalOcean)',
      'https://docs.digitalocean.com/products/kubernetes/details/managed/',
      true,
    ),
    meshAddOn: none,
  },
  {
    id: 'oke',
    providerIds: ['oke'],
    capabilityIds: [],
    name: 'Oracle Kubernetes Engine',
    vendor: 'Oracle Cloud Infrastructure',
    kind: 'managed',
    documentation:
      'https://docs.oracle.com/en-us/iaas/Content/ContEng/home.htm',
    serverlessNodes: fact(
      'Virtual nodes (enhanced clusters only)',
      'https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengcomparingvirtualwithmanagednodes_topic.htm',
      true,
    ),
    sandboxedRuntime: none,
    defaultCni: fact(
      'OCI VCN-Native Pod Networking or flannel overlay, chosen at cluster creation',
      'https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengpodnetworking.htm',
      false,
    ),
    meshAddOn: fact(
      'Istio cluster add-on',
      'https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengconfiguringclusteraddons.htm',
      false,
    ),
  },
  {
    id: 'iks',
    providerIds: ['iks'],
    capabilityIds: [],
    name: 'IBM Cloud Kubernetes Service',
    vendor: 'IBM Cloud',
    kind: 'managed',
    documentation: 'https://cloud.ibm.com/docs/containers',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Calico',
      'https://cloud.ibm.com/docs/containers?topic=containers-network_policies',
      false,
    ),
    meshAddOn: none,
  },
  {
    id: 'ack',
    providerIds: ['ack'],
    capabilityIds: [],
    name: 'Alibaba Cloud Container Service for Kubernetes',
    vendor: 'Alibaba Cloud',
    kind: 'managed',
    documentation: 'https://www.alibabacloud.com/help/en/ack/',
    serverlessNodes: fact(
      'Virtual nodes backed by Elastic Container Instance (ECI)',
      'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/virtual-nodes',
      false,
    ),
    sandboxedRuntime: fact(
      'Sandboxed-Container runtime',
      'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/sandboxed-container-overview',
      false,
    ),
    defaultCni: fact(
      'Terway or Flannel, chosen at cluster creation',
      'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/work-with-terway',
      false,
    ),
    meshAddOn: fact(
      'Alibaba Cloud Service Mesh (ASM, Istio-based)',
      'https://www.alibabacloud.com/help/en/asm/',
      false,
    ),
  },
  {
    id: 'tke',
    providerIds: ['tke'],
    capabilityIds: [],
    name: 'Tencent Kubernetes Engine',
    vendor: 'Tencent Cloud',
    kind: 'managed',
    documentation: 'https://www.tencentcloud.com/document/product/457',
    serverlessNodes: fact(
      'Super nodes (serverless)',
      'https://www.tencentcloud.com/document/product/457',
      false,
    ),
    sandboxedRuntime: none,
    defaultCni: fact(
      'Global Router or VPC-CNI, chosen at cluster creation',
      'https://www.tencentcloud.com/document/product/457',
      false,
    ),
    meshAddOn: fact(
      'Tencent Cloud Mesh (Istio-based)',
      'https://www.tencentcloud.com/products/tcm',
      false,
    ),
  },
  {
    id: 'openshift',
    providerIds: ['openshift', 'rosa', 'aro'],
    capabilityIds: [],
    name: 'Red Hat OpenShift (incl. ROSA and ARO)',
    vendor: 'Red Hat',
    kind: 'distribution',
    documentation:
      'https://docs.redhat.com/en/documentation/openshift_container_platform/',
    serverlessNodes: none,
    sandboxedRuntime: fact(
      'OpenShift sandboxed containers (Kata Containers)',
      'https://docs.redhat.com/en/documentation/openshift_sandboxed_containers/',
      false,
    ),
    defaultCni: fact(
      'OVN-Kubernetes',
      'https://docs.redhat.com/en/documentation/openshift_container_platform/4.17/html/networking/ovn-kubernetes-network-plugin',
      false,
    ),
    meshAddOn: fact(
      'OpenShift Service Mesh (Istio-based)',
      'https://docs.redhat.com/en/documentation/red_hat_openshift_service_mesh/',
      false,
    ),
  },
  {
    id: 'k3s',
    providerIds: ['k3s'],
    capabilityIds: [],
    name: 'K3s',
    vendor: 'SUSE (CNCF sandbox project)',
    kind: 'distribution',
    documentation: 'https://docs.k3s.io',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Flannel (embedded)',
      'https://docs.k3s.io/networking/basic-network-options',
      false,
    ),
    meshAddOn: none,
  },
  {
    id: 'rke2',
    providerIds: ['rke2'],
    capabilityIds: [],
    name: 'RKE2',
    vendor: 'SUSE',
    kind: 'distribution',
    documentation: 'https://docs.rke2.io',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Canal (Flannel with Calico network policy)',
      'https://docs.rke2.io/networking/basic_network_options',
      true,
    ),
    meshAddOn: none,
  },
  {
    id: 'anthos',
    providerIds: ['anthos'],
    capabilityIds: [],
    name: 'Google Distributed Cloud (Anthos)',
    vendor: 'Google Cloud',
    kind: 'distribution',
    documentation: 'https://cloud.google.com/anthos/docs',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Dataplane V2 (Cilium-based)',
      'https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs',
      false,
    ),
    meshAddOn: fact(
      'Cloud Service Mesh (Istio-based)',
      'https://cloud.google.com/service-mesh/docs/overview',
      false,
    ),
  },
  {
    id: 'tanzu',
    providerIds: ['tanzu'],
    capabilityIds: [],
    name: 'VMware Tanzu Kubernetes Grid',
    vendor: 'Broadcom (VMware)',
    kind: 'distribution',
    documentation:
      'https://techdocs.broadcom.com/us/en/vmware-tanzu/standalone-components/tanzu-kubernetes-grid/',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'Antrea',
      'https://techdocs.broadcom.com/us/en/vmware-tanzu/standalone-components/tanzu-kubernetes-grid/',
      false,
    ),
    meshAddOn: none,
  },
  {
    id: 'platform9',
    providerIds: ['platform9'],
    capabilityIds: [],
    name: 'Platform9 Managed Kubernetes',
    vendor: 'Platform9',
    kind: 'managed',
    documentation: 'https://platform9.com/docs/',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact('Calico', 'https://platform9.com/docs/', false),
    meshAddOn: none,
  },
  {
    id: 'giant-swarm',
    providerIds: ['giant-swarm'],
    capabilityIds: [],
    name: 'Giant Swarm',
    vendor: 'Giant Swarm',
    kind: 'managed',
    documentation: 'https://docs.giantswarm.io',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact('Cilium', 'https://docs.giantswarm.io', false),
    meshAddOn: none,
  },
  {
    id: 'kubeedge',
    providerIds: [],
    capabilityIds: ['kubeedge'],
    name: 'KubeEdge',
    vendor: 'CNCF (graduated project)',
    kind: 'edge',
    documentation: 'https://kubeedge.io/docs/',
    serverlessNodes: none,
    sandboxedRuntime: none,
    defaultCni: fact(
      'EdgeMesh for service traffic between edge nodes',
      'https://kubeedge.io/docs/',
      false,
    ),
    meshAddOn: fact('EdgeMesh', 'https://kubeedge.io/docs/', false),
  },
];

/** A cluster as the catalogue needs it: its name and detected profile. */
export interface ProfiledCluster {
  name: string;
  profile?: ClusterProfile;
}

/**
 * The catalogue with, for each offering, the portal's clusters that are on
 * it (by detected provider, or by a capability such as KubeEdge). Clusters
 * whose profile is not known yet are on none.
 */
export function listOfferings(
  clusters: readonly ProfiledCluster[],
  offerings: readonly Offering[] = OFFERINGS,
): OfferingsCatalogue {
  return {
    checkedOn: OFFERINGS_CHECKED_ON,
    offerings: offerings.map(offering => ({
      ...offering,
      clusters: clusters
        .filter(({ profile }) => {
          if (!profile) {
            return false;
          }
          return (
            offering.providerIds.includes(profile.provider.id) ||
            profile.capabilities.some(capability =>
              offering.capabilityIds.includes(capability.id),
            )
          );
        })
        .map(cluster => cluster.name)
        .sort(),
    })),
  };
}
