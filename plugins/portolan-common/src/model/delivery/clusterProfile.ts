/*
 * What a cluster is (which managed offering or distribution) and what it
 * runs (runtimes, CNI, mesh, serverless and edge nodes, GPUs, operators).
 * Every conclusion carries the evidence that decided it, so a reader can
 * check it; a cluster with no decisive evidence is `unknown`, never a guess.
 */
import { z } from 'zod';

/** The offerings and distributions Portolan recognises. */
export const PROVIDER_IDS = [
  'gke',
  'gke-autopilot',
  'eks',
  'aks',
  'doks',
  'oke',
  'iks',
  'ack',
  'tke',
  'openshift',
  'rosa',
  'aro',
  'k3s',
  'rke2',
  'anthos',
  'tanzu',
  'platform9',
  'giant-swarm',
  'kind',
  'minikube',
  'unknown',
] as const;
/** The offerings and distributions Portolan recognises. */
export const ProviderIdSchema = z.enum(PROVIDER_IDS);
/** The offerings and distributions Portolan recognises. */
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/** What kind of fact a piece of evidence is. */
export const EVIDENCE_KINDS = [
  'provider-id',
  'git-version',
  'kubelet-version',
  'node-label',
  'node-annotation',
  'node-name',
  'node-taint',
  'node-allocatable',
  'api-group',
  'config-map',
  'namespace',
  'namespace-label',
  'runtime-class',
  'daemon-set',
  'cluster-service-version',
] as const;
/** What kind of fact a piece of evidence is. */
export const EvidenceKindSchema = z.enum(EVIDENCE_KINDS);
/** What kind of fact a piece of evidence is. */
export type EvidenceKind = z.infer<typeof EvidenceKindSchema>;

/** One observed fact, e.g. node label `eks.amazonaws.com/nodegroup` on 3 nodes. */
export const EvidenceSchema = z.object({
  kind: EvidenceKindSchema,
  /** The label/annotation key, the prefix or suffix matched, the API group … */
  key: z.string(),
  /** The value seen (one example when many objects carry it). */
  value: z.string().optional(),
  /** Which object showed it (a node name, `namespace/name`). */
  subject: z.string().optional(),
  /** How many objects showed it, when more than one could. */
  count: z.number().int().nonnegative().optional(),
  /** Human-readable sentence, for the UI. */
  description: z.string(),
});
/** One observed fact. */
export type Evidence = z.infer<typeof EvidenceSchema>;

/** How sure the provider detection is. */
export const CONFIDENCES = ['high', 'medium', 'low', 'none'] as const;
/** How sure the provider detection is. */
export const ConfidenceSchema = z.enum(CONFIDENCES);
/** How sure the provider detection is. */
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** An offering the evidence points at without deciding it. */
export const ProviderCandidateSchema = z.object({
  id: ProviderIdSchema,
  score: z.number(),
});
/** An offering the evidence points at without deciding it. */
export type ProviderCandidate = z.infer<typeof ProviderCandidateSchema>;

/** The detected offering, with the evidence that decided it. */
export const ProviderDetectionSchema = z.object({
  id: ProviderIdSchema,
  name: z.string(),
  confidence: ConfidenceSchema,
  evidence: z.array(EvidenceSchema),
  /** Other offerings the evidence also pointed at, best first. */
  candidates: z.array(ProviderCandidateSchema),
});
/** The detected offering. */
export type ProviderDetection = z.infer<typeof ProviderDetectionSchema>;

/** CNCF maturity of the project behind a capability. */
export const CNCF_MATURITIES = [
  'graduated',
  'incubating',
  'sandbox',
  'not-cncf',
] as const;
/** CNCF maturity of the project behind a capability. */
export const CncfMaturitySchema = z.enum(CNCF_MATURITIES);
/** CNCF maturity of the project behind a capability. */
export type CncfMaturity = z.infer<typeof CncfMaturitySchema>;

/** The open-source project (or vendor product) behind a capability. */
export const CapabilityProjectSchema = z.object({
  name: z.string(),
  cncfMaturity: CncfMaturitySchema,
  homepage: z.string().optional(),
  /** The date the maturity level was checked (YYYY-MM-DD). */
  maturityCheckedOn: z.string(),
});
/** The project behind a capability. */
export type CapabilityProject = z.infer<typeof CapabilityProjectSchema>;

/** The families of capabilities. */
export const CAPABILITY_CATEGORIES = [
  'sandboxed-runtime',
  'cni',
  'service-mesh',
  'serverless',
  'edge',
  'operator-lifecycle',
] as const;
/** The families of capabilities. */
export const CapabilityCategorySchema = z.enum(CAPABILITY_CATEGORIES);
/** The families of capabilities. */
export type CapabilityCategory = z.infer<typeof CapabilityCategorySchema>;

/** Something a cluster can run or runs, and the project behind it. */
export const CapabilitySchema = z.object({
  /** Stable identifier: `gvisor`, `kata`, `firecracker`, `cilium`, `istio`, `istio-ambient`, … */
  id: z.string(),
  name: z.string(),
  category: CapabilityCategorySchema,
  project: CapabilityProjectSchema,
  evidence: z.array(EvidenceSchema),
});
/** Something a cluster can run or runs. */
export type Capability = z.infer<typeof CapabilitySchema>;

/** A node pool, as the provider's node-pool label groups nodes. */
export const NodePoolSchema = z.object({
  name: z.string(),
  /** The label that names the pool (`cloud.google.com/gke-nodepool`, …). */
  labelKey: z.string(),
  nodes: z.number().int().nonnegative(),
  instanceTypes: z.array(z.string()),
  architectures: z.array(z.string()),
});
/** A node pool. */
export type NodePool = z.infer<typeof NodePoolSchema>;

/** Kinds of serverless or virtual nodes. */
export const VIRTUAL_NODE_KINDS = [
  'eks-fargate',
  'aks-virtual-node',
  'oke-virtual-node',
  'gke-autopilot',
  'virtual-kubelet',
] as const;
/** Kinds of serverless or virtual nodes. */
export const VirtualNodeKindSchema = z.enum(VIRTUAL_NODE_KINDS);
/** Kinds of serverless or virtual nodes. */
export type VirtualNodeKind = z.infer<typeof VirtualNodeKindSchema>;

/** Serverless or virtual nodes of one kind. */
export const VirtualNodesSchema = z.object({
  kind: VirtualNodeKindSchema,
  nodes: z.array(z.string()),
  evidence: z.array(EvidenceSchema),
});
/** Serverless or virtual nodes of one kind. */
export type VirtualNodes = z.infer<typeof VirtualNodesSchema>;

/** Edge nodes (KubeEdge). */
export const EdgeNodesSchema = z.object({
  kind: z.enum(['kubeedge']),
  nodes: z.array(z.string()),
  evidence: z.array(EvidenceSchema),
});
/** Edge nodes. */
export type EdgeNodes = z.infer<typeof EdgeNodesSchema>;

/** GPUs of one extended resource (`nvidia.com/gpu`, `amd.com/gpu`, …). */
export const GpuSummarySchema = z.object({
  resource: z.string(),
  total: z.number().nonnegative(),
  nodes: z.array(z.string()),
});
/** GPUs of one extended resource. */
export type GpuSummary = z.infer<typeof GpuSummarySchema>;

/** OLM ClusterServiceVersion phases. */
export const OPERATOR_PHASES = [
  'pending',
  'install-ready',
  'installing',
  'succeeded',
  'failed',
  'replacing',
  'deleting',
  'unknown',
] as const;
/** OLM ClusterServiceVersion phases. */
export const OperatorPhaseSchema = z.enum(OPERATOR_PHASES);
/** OLM ClusterServiceVersion phases. */
export type OperatorPhase = z.infer<typeof OperatorPhaseSchema>;

/** An operator installed through OLM. */
export const InstalledOperatorSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  displayName: z.string().optional(),
  version: z.string().optional(),
  phase: OperatorPhaseSchema,
  upstreamPhase: z.string().optional(),
});
/** An operator installed through OLM. */
export type InstalledOperator = z.infer<typeof InstalledOperatorSchema>;

/** What a cluster is and what it runs. */
export const ClusterProfileSchema = z.object({
  provider: ProviderDetectionSchema,
  gitVersion: z.string().optional(),
  region: z.string().optional(),
  zones: z.array(z.string()),
  nodeCount: z.number().int().nonnegative(),
  /** Node counts by `kubernetes.io/arch` (`amd64`, `arm64`, …). */
  nodesByArchitecture: z.record(z.number().int().nonnegative()),
  nodePools: z.array(NodePoolSchema),
  virtualNodes: z.array(VirtualNodesSchema),
  edgeNodes: z.array(EdgeNodesSchema),
  gpus: z.array(GpuSummarySchema),
  capabilities: z.array(CapabilitySchema),
  operators: z.array(InstalledOperatorSchema),
  warnings: z.array(z.string()),
});
/** What a cluster is and what it runs. */
export type ClusterProfile = z.infer<typeof ClusterProfileSchema>;
