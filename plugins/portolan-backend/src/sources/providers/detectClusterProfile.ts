/*
 * Assembles a cluster's profile from plain facts: the offering (with the
 * evidence that decided it), where it runs, its node pools and architectures,
 * serverless, virtual and edge nodes, GPUs, capabilities and OLM operators.
 * Pure; tested on literal facts.
 */
import type {
  ClusterProfile,
  Evidence,
  GpuSummary,
  InstalledOperator,
  NodePool,
  OperatorPhase,
  ProviderDetection,
  VirtualNodes,
} from '@portolan/plugin-portolan-common';
import type { ClusterFacts, NodeFacts } from './clusterFacts';
import { detectCapabilities } from './detectCapabilities';
import { detectProvider } from './detectProvider';

// Labels that name a node's pool, per offering (first match wins).
const NODE_POOL_LABELS = [
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'doks.digitalocean.com/node-pool',
  'ibm-cloud.kubernetes.io/worker-pool-name',
  'alibabacloud.com/nodepool-id',
  'tke.cloud.tencent.com/nodepool-id',
  'baremetal.cluster.gke.io/node-pool',
  'karpenter.sh/nodepool',
] as const;

const REGION_LABELS = [
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/region',
];
const ZONE_LABELS = [
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
];
const INSTANCE_TYPE_LABELS = [
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
];

/** OLM `ClusterServiceVersionPhase`. */
const OPERATOR_PHASES: Readonly<Record<string, OperatorPhase>> = {
  Pending: 'pending',
  InstallReady: 'install-ready',
  Installing: 'installing',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Unknown: 'unknown',
  Replacing: 'replacing',
  Deleting: 'deleting',
};

function firstLabel(
  node: NodeFacts,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    if (node.labels[key]) {
      return node.labels[key];
    }
  }
  return undefined;
}

function architectureOf(node: NodeFacts): string {
  return node.labels['kubernetes.io/arch'] ?? node.architecture ?? 'unknown';
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function nodePools(nodes: readonly NodeFacts[]): NodePool[] {
  const pools = new Map<string, { labelKey: string; nodes: NodeFacts[] }>();
  for (const node of nodes) {
    const labelKey = NODE_POOL_LABELS.find(key => node.labels[key]);
    if (!labelKey) {
      continue;
    }
    const name = node.labels[labelKey];
    const pool = pools.get(`${labelKey}=${name}`) ?? { labelKey, nodes: [] };
    pool.nodes.push(node);
    pools.set(`${labelKey}=${name}`, pool);
  }
  return [...pools.entries()]
    .map(([key, pool]) => ({
      name: key.slice(pool.labelKey.length + 1),
      labelKey: pool.labelKey,
      nodes: pool.nodes.length,
      instanceTypes: sortedUnique(
        pool.nodes.flatMap(
          node => firstLabel(node, INSTANCE_TYPE_LABELS) ?? [],
        ),
      ),
      architectures: sortedUnique(pool.nodes.map(architectureOf)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function nodeEvidence(
  kind: Evidence['kind'],
  key: string,
  nodes: readonly NodeFacts[],
  value: string | undefined,
  description: string,
): Evidence {
  return {
    kind,
    key,
    ...(value !== undefined ? { value } : {}),
    subject: nodes[0].name,
    count: nodes.length,
    description: `${description} on ${nodes.length} node${
      nodes.length === 1 ? '' : 's'
    }`,
  };
}

function virtualNodes(
  facts: ClusterFacts,
  provider: ProviderDetection,
): VirtualNodes[] {
  const found: VirtualNodes[] = [];
  const add = (
    kind: VirtualNodes['kind'],
    nodes: NodeFacts[],
    evidence: Evidence,
  ) => {
    if (nodes.length > 0) {
      found.push({
        kind,
        nodes: nodes.map(node => node.name).sort(),
        evidence: [evidence],
      });
    }
  };
  const fargate = facts.nodes.filter(
    node =>
      node.labels['eks.amazonaws.com/compute-type'] === 'fargate' ||
      node.name.startsWith('fargate-ip-'),
  );
  if (fargate.length > 0) {
    add(
      'eks-fargate',
      fargate,
      nodeEvidence(
        'node-label',
        'eks.amazonaws.com/compute-type',
        fargate,
        fargate[0].labels['eks.amazonaws.com/compute-type'],
        'Fargate compute type or fargate-ip- name',
      ),
    );
  }
  const virtualKubelet = facts.nodes.filter(
    node =>
      node.labels.type === 'virtual-kubelet' ||
      node.taints.some(taint => taint.key === 'virtual-kubelet.io/provider'),
  );
  if (virtualKubelet.length > 0) {
    add(
      provider.id === 'aks' ? 'aks-virtual-node' : 'virtual-kubelet',
      virtualKubelet,
      nodeEvidence(
        'node-label',
        'type=virtual-kubelet',
        virtualKubelet,
        'virtual-kubelet',
        'virtual-kubelet label or taint',
      ),
    );
  }
  // OKE names virtual nodes after their private IP address; managed nodes start with "oke-".
  if (provider.id === 'oke') {
    const okeVirtual = facts.nodes.filter(node => IPV4.test(node.name));
    if (okeVirtual.length > 0) {
      add(
        'oke-virtual-node',
        okeVirtual,
        nodeEvidence(
          'node-name',
          '<private IP>',
          okeVirtual,
          okeVirtual[0].name,
          'node named by its IP address (OKE virtual node naming)',
        ),
      );
    }
  }
  if (provider.id === 'gke-autopilot') {
    const autopilot = facts.nodes.filter(node => node.name.startsWith('gk3-'));
    if (autopilot.length > 0) {
      add(
        'gke-autopilot',
        autopilot,
        nodeEvidence(
          'node-name',
          'gk3-',
          autopilot,
          autopilot[0].name,
          'Autopilot-managed node',
        ),
      );
    }
  }
  return found;
}

function edgeNodes(facts: ClusterFacts): ClusterProfile['edgeNodes'] {
  const edge = facts.nodes.filter(
    node =>
      node.kubeletVersion?.includes('-kubeedge-') ||
      Object.hasOwn(node.labels, 'node-role.kubernetes.io/edge'),
  );
  if (edge.length === 0) {
    return [];
  }
  return [
    {
      kind: 'kubeedge',
      nodes: edge.map(node => node.name).sort(),
      evidence: [
        nodeEvidence(
          'kubelet-version',
          '-kubeedge-',
          edge,
          edge[0].kubeletVersion,
          'KubeEdge kubelet version or edge role label',
        ),
      ],
    },
  ];
}

function gpus(nodes: readonly NodeFacts[], warnings: string[]): GpuSummary[] {
  const byResource = new Map<string, { total: number; nodes: string[] }>();
  for (const node of nodes) {
    for (const [resource, quantity] of Object.entries(node.allocatable)) {
      const count = Number(quantity);
      if (!Number.isFinite(count)) {
        warnings.push(
          `node ${node.name}: allocatable ${resource} "${quantity}" is not a number`,
        );
        continue;
      }
      if (count <= 0) {
        continue;
      }
      const summary = byResource.get(resource) ?? { total: 0, nodes: [] };
      summary.total += count;
      summary.nodes.push(node.name);
      byResource.set(resource, summary);
    }
  }
  return [...byResource.entries()]
    .map(([resource, summary]) => ({
      resource,
      total: summary.total,
      nodes: summary.nodes.sort(),
    }))
    .sort((a, b) => a.resource.localeCompare(b.resource));
}

function operators(
  facts: ClusterFacts,
  warnings: string[],
): InstalledOperator[] {
  // OLM copies a CSV into every watched namespace; the original is the one
  // that is not marked as a copy, but the projection keeps no such marker, so
  // identical name+version pairs are shown once.
  const seen = new Set<string>();
  const result: InstalledOperator[] = [];
  for (const csv of facts.clusterServiceVersions) {
    const key = `${csv.name}@${csv.version ?? ''}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    let phase: OperatorPhase = 'unknown';
    if (csv.phase !== undefined) {
      if (Object.hasOwn(OPERATOR_PHASES, csv.phase)) {
        phase = OPERATOR_PHASES[csv.phase];
      } else {
        warnings.push(
          `ClusterServiceVersion ${csv.namespace}/${csv.name}: phase "${csv.phase}" is not a known phase`,
        );
      }
    }
    result.push({
      name: csv.name,
      namespace: csv.namespace,
      ...(csv.displayName ? { displayName: csv.displayName } : {}),
      ...(csv.version ? { version: csv.version } : {}),
      phase,
      ...(csv.phase ? { upstreamPhase: csv.phase } : {}),
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

/** Facts seen when no offering could be decided, so that `unknown` still shows what was looked at. */
function observedFacts(facts: ClusterFacts): Evidence[] {
  const observed: Evidence[] = [];
  if (facts.gitVersion) {
    observed.push({
      kind: 'git-version',
      key: 'gitVersion',
      value: facts.gitVersion,
      description: `/version gitVersion is ${facts.gitVersion}`,
    });
  }
  const schemes = new Map<string, NodeFacts[]>();
  for (const node of facts.nodes) {
    const scheme = node.providerID
      ? /^[^:]+:\/*/.exec(node.providerID)?.[0] ?? node.providerID
      : '(none)';
    schemes.set(scheme, [...(schemes.get(scheme) ?? []), node]);
  }
  for (const [scheme, nodes] of schemes) {
    observed.push(
      nodeEvidence(
        'provider-id',
        scheme,
        nodes,
        nodes[0].providerID,
        scheme === '(none)' ? 'no providerID' : `providerID ${scheme}`,
      ),
    );
  }
  return observed;
}

/** Detects what a cluster is and what it runs. Never throws. */
export function detectClusterProfile(facts: ClusterFacts): ClusterProfile {
  const warnings: string[] = [];
  const provider = detectProvider(facts);
  if (provider.id === 'unknown') {
    const seen = new Set(
      provider.evidence.map(item => `${item.kind}:${item.key}`),
    );
    provider.evidence = [
      ...provider.evidence,
      ...observedFacts(facts).filter(
        item => !seen.has(`${item.kind}:${item.key}`),
      ),
    ];
  }
  const regions = sortedUnique(
    facts.nodes.flatMap(node => firstLabel(node, REGION_LABELS) ?? []),
  );
  if (regions.length > 1) {
    warnings.push(`nodes report several regions: ${regions.join(', ')}`);
  }
  const nodesByArchitecture: Record<string, number> = {};
  for (const node of facts.nodes) {
    const architecture = architectureOf(node);
    nodesByArchitecture[architecture] =
      (nodesByArchitecture[architecture] ?? 0) + 1;
  }
  return {
    provider,
    ...(facts.gitVersion ? { gitVersion: facts.gitVersion } : {}),
    ...(regions.length === 1 ? { region: regions[0] } : {}),
    zones: sortedUnique(
      facts.nodes.flatMap(node => firstLabel(node, ZONE_LABELS) ?? []),
    ),
    nodeCount: facts.nodes.length,
    nodesByArchitecture,
    nodePools: nodePools(facts.nodes),
    virtualNodes: virtualNodes(facts, provider),
    edgeNodes: edgeNodes(facts),
    gpus: gpus(facts.nodes, warnings),
    capabilities: detectCapabilities(facts),
    operators: operators(facts, warnings),
    warnings,
  };
}
