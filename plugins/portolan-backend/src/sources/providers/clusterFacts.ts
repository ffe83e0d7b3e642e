/*
 * The plain facts about one cluster that provider and capability detection
 * read: `/version`, API groups, and small projections of Nodes,
 * RuntimeClasses, DaemonSets, Namespaces, OLM ClusterServiceVersions and a
 * few ConfigMaps. Detection is a pure function of these, so it is tested on
 * literal data; the projections here never throw.
 */
import {
  readArray,
  readNonEmptyString,
  readStringMap,
} from '../../delivery/unstructured';

/** A node, reduced to what detection reads. */
export interface NodeFacts {
  name: string;
  providerID?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  kubeletVersion?: string;
  architecture?: string;
  /** Only extended resources (GPUs); CPU and memory are not read. */
  allocatable: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect?: string }>;
}

/** A RuntimeClass: its name and the CRI handler it selects. */
export interface RuntimeClassFacts {
  name: string;
  handler?: string;
}

/** A DaemonSet's identity. */
export interface DaemonSetFacts {
  name: string;
  namespace: string;
}

/** A namespace and its labels. */
export interface NamespaceFacts {
  name: string;
  labels: Record<string, string>;
}

/** An OLM ClusterServiceVersion. */
export interface ClusterServiceVersionFacts {
  name: string;
  namespace: string;
  displayName?: string;
  version?: string;
  phase?: string;
}

/** A ConfigMap's identity (never its data). */
export interface ConfigMapFacts {
  name: string;
  namespace: string;
}

/** Everything provider and capability detection reads about one cluster. */
export interface ClusterFacts {
  gitVersion?: string;
  apiGroups: readonly string[];
  nodes: readonly NodeFacts[];
  runtimeClasses: readonly RuntimeClassFacts[];
  daemonSets: readonly DaemonSetFacts[];
  namespaces: readonly NamespaceFacts[];
  clusterServiceVersions: readonly ClusterServiceVersionFacts[];
  configMaps: readonly ConfigMapFacts[];
}

/** ConfigMaps detection reads (`namespace/name`); every other ConfigMap is ignored. */
export const SIGNAL_CONFIG_MAPS: readonly string[] = [
  'openshift-config/rosa-brand-logo',
];

// Extended resources that are GPUs; other allocatable entries are dropped.
const GPU_RESOURCE =
  /^(nvidia\.com\/(gpu|mig-.+)|amd\.com\/gpu|gpu\.intel\.com\/.+)$/;

/** True for allocatable resources that count GPUs. */
export function isGpuResource(name: string): boolean {
  return GPU_RESOURCE.test(name);
}

/** The part of a Node detection reads (without labels and annotations, which the cache keeps). */
export type NodeProjection = Omit<NodeFacts, 'name' | 'labels' | 'annotations'>;

/** Projects a Node's spec and status. Never throws. */
export function projectNode(raw: unknown): NodeProjection {
  const allocatable: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    readStringMap(raw, ['status', 'allocatable']),
  )) {
    if (isGpuResource(key)) {
      allocatable[key] = value;
    }
  }
  const taints: NodeFacts['taints'] = [];
  for (const taint of readArray(raw, ['spec', 'taints'])) {
    const key = readNonEmptyString(taint, ['key']);
    if (key) {
      taints.push({
        key,
        ...(readNonEmptyString(taint, ['value'])
          ? { value: readNonEmptyString(taint, ['value']) }
          : {}),
        ...(readNonEmptyString(taint, ['effect'])
          ? { effect: readNonEmptyString(taint, ['effect']) }
          : {}),
      });
    }
  }
  const projection: NodeProjection = { allocatable, taints };
  const providerID = readNonEmptyString(raw, ['spec', 'providerID']);
  const kubeletVersion = readNonEmptyString(raw, [
    'status',
    'nodeInfo',
    'kubeletVersion',
  ]);
  const architecture = readNonEmptyString(raw, [
    'status',
    'nodeInfo',
    'architecture',
  ]);
  if (providerID) projection.providerID = providerID;
  if (kubeletVersion) projection.kubeletVersion = kubeletVersion;
  if (architecture) projection.architecture = architecture;
  return projection;
}

/** Projects a RuntimeClass to its handler. Never throws. */
export function projectRuntimeClass(raw: unknown): { handler?: string } {
  const handler = readNonEmptyString(raw, ['handler']);
  return handler ? { handler } : {};
}

/** Projects an OLM ClusterServiceVersion. Never throws. */
export function projectClusterServiceVersion(
  raw: unknown,
): Omit<ClusterServiceVersionFacts, 'name' | 'namespace'> {
  const projection: Omit<ClusterServiceVersionFacts, 'name' | 'namespace'> = {};
  const displayName = readNonEmptyString(raw, ['spec', 'displayName']);
  const version = readNonEmptyString(raw, ['spec', 'version']);
  const phase = readNonEmptyString(raw, ['status', 'phase']);
  if (displayName) projection.displayName = displayName;
  if (version) projection.version = version;
  if (phase) projection.phase = phase;
  return projection;
}
