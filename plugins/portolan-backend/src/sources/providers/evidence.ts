/*
 * Finds observed facts in a cluster's facts and words them as evidence. Each
 * finder returns undefined when the fact is absent, so rules read as a list
 * of "this signal, if present".
 */
import type { Evidence } from '@portolan/plugin-portolan-common';
import type { ClusterFacts, NodeFacts } from './clusterFacts';

function nodesWhere(
  facts: ClusterFacts,
  predicate: (node: NodeFacts) => boolean,
): NodeFacts[] {
  return facts.nodes.filter(predicate);
}

function fromNodes(
  nodes: NodeFacts[],
  kind: Evidence['kind'],
  key: string,
  value: (node: NodeFacts) => string | undefined,
  description: string,
): Evidence | undefined {
  if (nodes.length === 0) {
    return undefined;
  }
  const example = value(nodes[0]);
  return {
    kind,
    key,
    ...(example !== undefined ? { value: example } : {}),
    subject: nodes[0].name,
    count: nodes.length,
    description: `${description} on ${nodes.length} node${
      nodes.length === 1 ? '' : 's'
    }`,
  };
}

/** Nodes whose `spec.providerID` starts with `prefix`. */
export function providerIdPrefix(
  facts: ClusterFacts,
  prefix: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node => node.providerID?.startsWith(prefix) ?? false),
    'provider-id',
    prefix,
    node => node.providerID,
    `providerID starts with ${prefix}`,
  );
}

/** Nodes with label `key` (equal to `value` when given). */
export function nodeLabel(
  facts: ClusterFacts,
  key: string,
  value?: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node =>
      value === undefined
        ? Object.hasOwn(node.labels, key)
        : node.labels[key] === value,
    ),
    'node-label',
    key,
    node => node.labels[key],
    value === undefined ? `label ${key}` : `label ${key}=${value}`,
  );
}

/** Nodes with an annotation `key`. */
export function nodeAnnotation(
  facts: ClusterFacts,
  key: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node => Object.hasOwn(node.annotations, key)),
    'node-annotation',
    key,
    node => node.annotations[key],
    `annotation ${key}`,
  );
}

/** Nodes with an annotation whose key starts with `prefix`. */
export function nodeAnnotationPrefix(
  facts: ClusterFacts,
  prefix: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node =>
      Object.keys(node.annotations).some(key => key.startsWith(prefix)),
    ),
    'node-annotation',
    prefix,
    node => Object.keys(node.annotations).find(key => key.startsWith(prefix)),
    `annotations ${prefix}*`,
  );
}

/** Nodes whose name starts with `prefix`. */
export function nodeNamePrefix(
  facts: ClusterFacts,
  prefix: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node => node.name.startsWith(prefix)),
    'node-name',
    prefix,
    node => node.name,
    `node name starts with ${prefix}`,
  );
}

/** Nodes whose kubelet version contains `marker`. */
export function kubeletVersionContains(
  facts: ClusterFacts,
  marker: string,
): Evidence | undefined {
  return fromNodes(
    nodesWhere(facts, node => node.kubeletVersion?.includes(marker) ?? false),
    'kubelet-version',
    marker,
    node => node.kubeletVersion,
    `kubelet version contains ${marker}`,
  );
}

/** `/version` gitVersion matching `pattern`; `key` names the marker for people. */
export function gitVersionMatches(
  facts: ClusterFacts,
  key: string,
  pattern: RegExp,
): Evidence | undefined {
  if (!facts.gitVersion || !pattern.test(facts.gitVersion)) {
    return undefined;
  }
  return {
    kind: 'git-version',
    key,
    value: facts.gitVersion,
    description: `/version gitVersion ${facts.gitVersion} has ${key}`,
  };
}

/** The cluster serves API group `group`. */
export function apiGroup(
  facts: ClusterFacts,
  group: string,
): Evidence | undefined {
  return facts.apiGroups.includes(group)
    ? {
        kind: 'api-group',
        key: group,
        description: `serves API group ${group}`,
      }
    : undefined;
}

/** ConfigMap `namespace/name` exists. */
export function configMap(
  facts: ClusterFacts,
  namespace: string,
  name: string,
): Evidence | undefined {
  return facts.configMaps.some(
    map => map.namespace === namespace && map.name === name,
  )
    ? {
        kind: 'config-map',
        key: `${namespace}/${name}`,
        description: `ConfigMap ${namespace}/${name} exists`,
      }
    : undefined;
}

/** Namespace `name` exists. */
export function namespaceExists(
  facts: ClusterFacts,
  name: string,
): Evidence | undefined {
  return facts.namespaces.some(namespace => namespace.name === name)
    ? { kind: 'namespace', key: name, description: `namespace ${name} exists` }
    : undefined;
}

/** Namespaces with label `key` (equal to `value` when given). */
export function namespaceLabel(
  facts: ClusterFacts,
  key: string,
  value?: string,
): Evidence | undefined {
  const namespaces = facts.namespaces.filter(namespace =>
    value === undefined
      ? Object.hasOwn(namespace.labels, key)
      : namespace.labels[key] === value,
  );
  if (namespaces.length === 0) {
    return undefined;
  }
  return {
    kind: 'namespace-label',
    key,
    value: namespaces[0].labels[key],
    subject: namespaces[0].name,
    count: namespaces.length,
    description: `${
      value === undefined ? `label ${key}` : `label ${key}=${value}`
    } on ${namespaces.length} namespace${namespaces.length === 1 ? '' : 's'}`,
  };
}

/** DaemonSets named `name` (in any namespace). */
export function daemonSetNamed(
  facts: ClusterFacts,
  name: string,
): Evidence | undefined {
  const found = facts.daemonSets.find(daemonSet => daemonSet.name === name);
  return found
    ? {
        kind: 'daemon-set',
        key: name,
        subject: `${found.namespace}/${found.name}`,
        description: `DaemonSet ${found.namespace}/${found.name} runs`,
      }
    : undefined;
}

/** RuntimeClasses whose handler satisfies `predicate`. */
export function runtimeClassHandler(
  facts: ClusterFacts,
  label: string,
  predicate: (handler: string) => boolean,
): Evidence | undefined {
  const found = facts.runtimeClasses.find(
    runtimeClass =>
      runtimeClass.handler !== undefined && predicate(runtimeClass.handler),
  );
  return found
    ? {
        kind: 'runtime-class',
        key: label,
        value: found.handler,
        subject: found.name,
        description: `RuntimeClass ${found.name} uses handler ${found.handler}`,
      }
    : undefined;
}
