import type { ApiResourceSpec, KubeObject } from '../types';
import {
  BUILTIN_RESOURCES,
  KNOWN_CUSTOM_RESOURCES,
  type ResourceDefinition,
} from './builtinResources';
import { pluralize } from './pluralize';
import { type PrinterColumn, ResourceType } from './ResourceType';
import { compareVersions } from './versionPriority';

/** Splits `apps/v1` into group and version (`v1` → core group ""). */
export function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return {
    group: apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
  };
}

/** A group with its served versions, preferred first. */
export interface ServedGroup {
  name: string;
  versions: string[];
}

/**
 * The resource types one cluster serves: the built-in kinds, plus every
 * custom kind that its fixtures, `apiResources` or CRDs declare.
 */
export class ResourceRegistry {
  private readonly byId = new Map<string, ResourceType>();
  private readonly byGvk = new Map<string, ResourceType>();
  private readonly crdOwned = new Map<string, string[]>();

  constructor() {
    for (const def of BUILTIN_RESOURCES) {
      if (def.alwaysServed) this.register(def);
    }
  }

  /** Adds (or replaces) a resource type. */
  register(
    def: ResourceDefinition & {
      printerColumns?: PrinterColumn[];
      schema?: Record<string, unknown>;
    },
  ): ResourceType {
    const type = new ResourceType(def);
    const existing = this.byId.get(type.id);
    if (existing)
      this.byGvk.delete(
        gvkKey(existing.group, existing.version, existing.kind),
      );
    this.byId.set(type.id, type);
    this.byGvk.set(gvkKey(type.group, type.version, type.kind), type);
    return type;
  }

  registerApiResource(spec: ApiResourceSpec): ResourceType {
    const known = this.knownDefinition(spec.group, spec.kind);
    return this.register({
      ...known,
      group: spec.group,
      version: spec.version,
      kind: spec.kind,
      plural: spec.plural,
      singular: spec.singular ?? known?.singular ?? spec.kind.toLowerCase(),
      namespaced: spec.namespaced,
      shortNames: spec.shortNames ?? known?.shortNames,
      categories: spec.categories ?? known?.categories,
    });
  }

  /** Serves the versions a CustomResourceDefinition declares. */
  registerCrd(crd: KubeObject): ResourceType[] {
    const spec = (crd.spec ?? {}) as CrdSpec;
    const names = spec.names ?? ({} as CrdSpec['names']);
    if (!spec.group || !names?.plural || !names?.kind) return [];
    const types: ResourceType[] = [];
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      types.push(
        this.register({
          group: spec.group,
          version: v.name,
          kind: names.kind,
          plural: names.plural,
          singular: names.singular ?? names.kind.toLowerCase(),
          namespaced: spec.scope !== 'Cluster',
          shortNames: names.shortNames,
          categories: names.categories,
          status: Boolean(v.subresources?.status),
          printerColumns: v.additionalPrinterColumns,
          schema: v.schema?.openAPIV3Schema,
        }),
      );
    }
    this.crdOwned.set(
      crd.metadata.name ?? '',
      types.map(t => t.id),
    );
    return types;
  }

  /** Stops serving what a deleted CRD declared. */
  unregisterCrd(crd: KubeObject): ResourceType[] {
    const ids = this.crdOwned.get(crd.metadata.name ?? '') ?? [];
    this.crdOwned.delete(crd.metadata.name ?? '');
    const removed: ResourceType[] = [];
    for (const id of ids) {
      const type = this.byId.get(id);
      if (!type) continue;
      this.byId.delete(id);
      this.byGvk.delete(gvkKey(type.group, type.version, type.kind));
      removed.push(type);
    }
    return removed;
  }

  /** The type of an object's apiVersion/kind, if served. */
  lookup(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byGvk.get(gvkKey(group, version, kind));
  }

  /**
   * The type of an object's apiVersion/kind, registering it when unknown:
   * names from the known upstream CRDs, otherwise the English plural, and
   * the scope given (or namespaced).
   */
  ensure(apiVersion: string, kind: string, namespaced?: boolean): ResourceType {
    const found = this.lookup(apiVersion, kind);
    if (found) return found;
    const { group, version } = splitApiVersion(apiVersion);
    const known = this.knownDefinition(group, kind);
    if (known) return this.register({ ...known, version });
    return this.register({
      group,
      version,
      kind,
      plural: pluralize(kind),
      singular: kind.toLowerCase(),
      namespaced: namespaced ?? true,
    });
  }

  /** Whether a kind would be namespaced if registered now (known kinds only). */
  knownScope(apiVersion: string, kind: string): boolean | undefined {
    const found = this.lookup(apiVersion, kind);
    if (found) return found.namespaced;
    const { group } = splitApiVersion(apiVersion);
    return this.knownDefinition(group, kind)?.namespaced;
  }

  byResource(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byId.get(`${group}/${version}/${plural}`);
  }

  all(): ResourceType[] {
    return [...this.byId.values()];
  }

  /** Types of one group/version, sorted by plural. */
  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all()
      .filter(t => t.group === group && t.version === version)
      .sort((a, b) => a.plural.localeCompare(b.plural));
  }

  /** Served groups (the core group excluded), each with versions preferred first. */
  groups(): ServedGroup[] {
    const versions = new Map<string, Set<string>>();
    for (const t of this.byId.values()) {
      if (t.group === '') continue;
      if (!versions.has(t.group)) versions.set(t.group, new Set());
      versions.get(t.group)!.add(t.version);
    }
    return [...versions.entries()]
      .map(([name, vs]) => ({ name, versions: [...vs].sort(compareVersions) }))
      .sort(
        (a, b) =>
          groupOrder(a.name) - groupOrder(b.name) ||
          a.name.localeCompare(b.name),
      );
  }

  private knownDefinition(
    group: string,
    kind: string,
  ): ResourceDefinition | undefined {
    return [...KNOWN_CUSTOM_RESOURCES, ...BUILTIN_RESOURCES].find(
      d => d.group === group && d.kind === kind,
    );
  }
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: {
    kind: string;
    plural: string;
    singular?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions?: Array<{
    name: string;
    served?: boolean;
    subresources?: { status?: unknown };
    additionalPrinterColumns?: PrinterColumn[];
    schema?: { openAPIV3Schema?: Record<string, unknown> };
  }>;
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

// The API server lists built-in groups first, then others (CRDs, aggregated).
function groupOrder(group: string): number {
  return group.endsWith('.k8s.io') || !group.includes('.') ? 0 : 1;
}
