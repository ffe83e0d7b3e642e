import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceType } from '../resources/ResourceType';

function apiResource(t: ResourceType) {
  const main = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
  };
  const subs = t.subresources.map(s => ({
    name: `${t.plural}/${s.name}`,
    singularName: '',
    namespaced: t.namespaced,
    ...(s.kind !== t.kind
      ? { group: s.kind === 'Scale' ? 'autoscaling' : '', version: 'v1' }
      : {}),
    kind: s.kind,
    verbs: s.verbs,
  }));
  return [main, ...subs];
}

function subresourceGroup(t: ResourceType, kind: string): string {
  if (kind === 'Scale') return 'autoscaling';
  return kind === t.kind ? t.group : '';
}

function resourceDiscovery(t: ResourceType) {
  return {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(t.subresources.length
      ? {
          subresources: t.subresources.map(s => ({
            subresource: s.name,
            responseKind: {
              group: subresourceGroup(t, s.kind),
              version: s.kind === t.kind ? t.version : 'v1',
              kind: s.kind,
            },
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

/** The discovery documents of one cluster, legacy and aggregated. */
export class Discovery {
  constructor(private readonly registry: ResourceRegistry) {}

  /** `/api`. */
  coreVersions(serverAddress: string) {
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  }

  private group(name: string, versions: string[]) {
    const vs = versions.map(v => ({
      groupVersion: `${name}/${v}`,
      version: v,
    }));
    return { name, versions: vs, preferredVersion: vs[0] };
  }

  /** `/apis`. */
  groups() {
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.registry.groups().map(g => this.group(g.name, g.versions)),
    };
  }

  /** `/apis/<group>`, or undefined if not served. */
  groupDoc(name: string) {
    const g = this.registry.groups().find(x => x.name === name);
    if (!g) return undefined;
    return {
      kind: 'APIGroup',
      apiVersion: 'v1',
      ...this.group(g.name, g.versions),
    };
  }

  /** `/api/v1` or `/apis/<group>/<version>`, or undefined if not served. */
  resources(group: string, version: string) {
    const types = this.registry.inGroupVersion(group, version);
    if (types.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources: types.flatMap(apiResource),
    };
  }

  /** Aggregated discovery (`APIGroupDiscoveryList`) for `/api` or `/apis`. */
  aggregated(core: boolean, version: 'v2' | 'v2beta1') {
    const groups = core
      ? [{ name: '', versions: ['v1'] }]
      : this.registry.groups();
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: groups.map(g => ({
        metadata: { name: g.name, creationTimestamp: null },
        versions: g.versions.map(v => ({
          version: v,
          resources: this.registry
            .inGroupVersion(g.name, v)
            .map(resourceDiscovery),
          freshness: 'Current',
        })),
      })),
    };
  }
}
