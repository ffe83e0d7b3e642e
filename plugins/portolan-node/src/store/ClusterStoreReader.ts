/*
 * The read side of a cluster's cache, as sources see it: a reader over the
 * cluster's live stores, not a copy of them (it implements the public
 * `ClusterSnapshot` interface because, within one synchronous request, what
 * it reads cannot change, so a view never sees a half-applied event). It
 * hands each source its own projection, and answers equality selectors and
 * declared indexes from the store's indexes, never by a scan.
 */
import type { ClusterHealth } from '@portolan/plugin-portolan-common';
import type {
  CachedObject,
  ClusterSnapshot,
  ResourceDeclaration,
  ResourceHealth,
} from '../source';
import {
  LabelSelector,
  indexableRequirement,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import type { ResourceNeed, SourceSet } from './SourceSet';
import type { StoredObject } from './projection';
import { declaredIndexId, type ResourceStore } from './ResourceStore';

/** What a snapshot reads: a ClusterCache, or a fixture cache in tests. */
export interface SnapshotSource {
  readonly cluster: { readonly name: string; readonly title: string };
  readonly health: ClusterHealth;
  readonly gitVersion?: string;
  readonly apiGroups: readonly string[];
  needHealth(need: ResourceNeed): ClusterHealth;
  informerOf(
    need: ResourceNeed,
  ): { store: ResourceStore; resource: { version: string } } | undefined;
}

const NEVER = new Date(0).toISOString();

function views<P>(
  objects: Iterable<StoredObject>,
  index: number,
  keep?: (o: StoredObject) => boolean,
): CachedObject<P>[] {
  const result: CachedObject<P>[] = [];
  for (const o of objects) {
    const view = o.views[index];
    if (view && (!keep || keep(o))) result.push(view as CachedObject<P>);
  }
  return result;
}

/** Parsed selectors by text: entity pages repeat the same few. */
const selectorCache = new Map<string, LabelSelector>();

function parseCached(text: string): LabelSelector {
  let selector = selectorCache.get(text);
  if (!selector) {
    selector = parseLabelSelector(text);
    if (selectorCache.size > 1000) selectorCache.clear();
    selectorCache.set(text, selector);
  }
  return selector;
}

export class ClusterStoreReader implements ClusterSnapshot {
  constructor(
    private readonly cache: SnapshotSource,
    private readonly sources: SourceSet,
  ) {}

  get name(): string {
    return this.cache.cluster.name;
  }

  get title(): string {
    return this.cache.cluster.title;
  }

  get health(): ClusterHealth {
    return this.cache.health;
  }

  get gitVersion(): string | undefined {
    return this.cache.gitVersion;
  }

  get apiGroups(): readonly string[] {
    return this.cache.apiGroups;
  }

  resourceHealth(resource: ResourceDeclaration<unknown>): ResourceHealth {
    const slot = this.sources.slotOf(resource);
    if (!slot) {
      return {
        state: 'not-installed',
        since: NEVER,
        message: 'no registered source declares this resource',
      };
    }
    const health = this.cache.needHealth(slot.need);
    const version = this.cache.informerOf(slot.need)?.resource.version;
    return version ? { ...health, version } : health;
  }

  list<P>(
    resource: ResourceDeclaration<P>,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    const found = this.storeOf(resource);
    return found ? views<P>(found.store.list(namespace), found.index) : [];
  }

  get<P>(
    resource: ResourceDeclaration<P>,
    namespace: string | undefined,
    name: string,
  ): CachedObject<P> | undefined {
    const found = this.storeOf(resource);
    const stored = found?.store.get(namespace, name);
    return stored?.views[found!.index] as CachedObject<P> | undefined;
  }

  withLabel<P>(
    resource: ResourceDeclaration<P>,
    key: string,
    value: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    return this.select(
      resource,
      {
        requirements: [{ key, operator: 'in', values: [value] }],
      },
      namespace,
    );
  }

  selectByLabels<P>(
    resource: ResourceDeclaration<P>,
    labelSelector: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    return this.select(resource, parseCached(labelSelector), namespace);
  }

  byIndex<P>(
    resource: ResourceDeclaration<P>,
    index: string,
    key: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    if (typeof resource.indexes?.[index] !== 'function') {
      throw new Error(
        `${resource.type.kind} declares no index '${index}' (declared: ${
          Object.keys(resource.indexes ?? {}).join(', ') || 'none'
        })`,
      );
    }
    const found = this.storeOf(resource);
    if (!found) return [];
    return views<P>(
      found.store.lookup(declaredIndexId(found.index, index), key),
      found.index,
      namespace === undefined
        ? undefined
        : o => o.metadata.namespace === namespace,
    );
  }

  /** Objects matching a parsed selector, through the label index when it can. */
  select<P>(
    resource: ResourceDeclaration<P>,
    selector: LabelSelector,
    namespace?: string,
  ): CachedObject<P>[] {
    const found = this.storeOf(resource);
    if (!found) return [];
    const { store, index } = found;
    const lookup = indexableRequirement(selector, k => store.isIndexed(k));
    if (lookup && selector.requirements.length === 1) {
      // The index lookup is the whole selector (`backstage.io/kubernetes-id=x`).
      return views<P>(
        store.withIndexedLabel(lookup.key, lookup.value),
        index,
        namespace === undefined
          ? undefined
          : o => o.metadata.namespace === namespace,
      );
    }
    const candidates = lookup
      ? store.withIndexedLabel(lookup.key, lookup.value)
      : store.list(namespace);
    return views<P>(
      candidates,
      index,
      o =>
        (namespace === undefined || o.metadata.namespace === namespace) &&
        matchesLabelSelector(selector, o.metadata.labels),
    );
  }

  private storeOf(resource: ResourceDeclaration<unknown>) {
    const slot = this.sources.slotOf(resource);
    const informer = slot && this.cache.informerOf(slot.need);
    return informer && slot
      ? { store: informer.store, index: slot.index }
      : undefined;
  }
}
