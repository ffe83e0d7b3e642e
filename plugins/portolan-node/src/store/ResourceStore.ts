/*
 * The in-memory store of one resource type on one cluster: projected
 * objects by namespace and name, plus secondary indexes (a few label keys,
 * and whatever the consuming declarations declare in `indexes`) so that an
 * entity's `key=value` selector or repository is a lookup, not a scan.
 * Single writer (its informer); every write keeps every index exact, and a
 * relist swaps objects and indexes together. Readers get arrays and sets
 * they must not mutate. Change listeners hear every write that changed
 * something, after it is applied: an upsert, a removal, and of a relist
 * only the objects that really differ (see {@link sameStoredObject}).
 */
import type { StoredObject } from './projection';

/** Namespace key for cluster-scoped objects. */
const CLUSTER_SCOPE = '';

/** How one secondary index derives the keys an object is found under. */
export interface StoreIndex {
  /** Unique within a store: see {@link labelIndexId} and {@link declaredIndexId}. */
  readonly id: string;
  /**
   * The object's keys. Called again on the same (immutable) object to
   * unindex it when it changes or goes, so it must be a pure function of
   * the object; it must not throw.
   */
  keysOf(object: StoredObject): string | readonly string[] | undefined;
}

/** The id of the index of one label key. */
export function labelIndexId(key: string): string {
  return `label:${key}`;
}

/** The id of an index a consuming declaration declared (`consumer` is its slot). */
export function declaredIndexId(consumer: number, name: string): string {
  return `${consumer}:${name}`;
}

type Postings = Map<string, Set<StoredObject>>;

/** One object's change: added (no `previous`), removed (no `next`) or modified. */
export interface StoreChange {
  readonly previous?: StoredObject;
  readonly next?: StoredObject;
}

/** Hears a store's applied changes; must be cheap and must not throw. */
export type StoreChangeListener = (changes: readonly StoreChange[]) => void;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) {
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (
      !Object.prototype.hasOwnProperty.call(b, k) ||
      !sameValue(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
      )
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Whether two stored versions of an object read the same: the same
 * object, or equal metadata and projections (what a relist of an unchanged
 * object gives). Sources read nothing else, so equal means no reader can
 * tell them apart.
 */
export function sameStoredObject(a: StoredObject, b: StoredObject): boolean {
  return (
    a === b ||
    ((a.metadata === b.metadata || sameValue(a.metadata, b.metadata)) &&
      sameValue(a.views, b.views))
  );
}

const NONE: ReadonlySet<StoredObject> = new Set();

export class ResourceStore {
  private byNamespace = new Map<string, Map<string, StoredObject>>();
  /** Postings by index id, for lookups. */
  private postings: Map<string, Postings>;
  /** The same postings in the order of `indexes`, for writes. */
  private postingsList: Postings[];
  private count = 0;
  private readonly listeners = new Set<StoreChangeListener>();

  constructor(private readonly indexes: readonly StoreIndex[] = []) {
    this.postingsList = indexes.map(() => new Map());
    this.postings = ResourceStore.byId(indexes, this.postingsList);
  }

  private static byId(
    indexes: readonly StoreIndex[],
    postingsList: readonly Postings[],
  ): Map<string, Postings> {
    return new Map(indexes.map((index, i) => [index.id, postingsList[i]]));
  }

  /** Subscribes to applied changes; returns the unsubscribe. */
  onChange(listener: StoreChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(changes: readonly StoreChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }

  get size(): number {
    return this.count;
  }

  /** Whether the store keeps an index of this id. */
  hasIndex(id: string): boolean {
    return this.postings.has(id);
  }

  /** Whether a label key is indexed. */
  isIndexed(labelKey: string): boolean {
    return this.postings.has(labelIndexId(labelKey));
  }

  get(namespace: string | undefined, name: string): StoredObject | undefined {
    return this.byNamespace.get(namespace ?? CLUSTER_SCOPE)?.get(name);
  }

  /** Every object, or those of one namespace. */
  list(namespace?: string): StoredObject[] {
    if (namespace !== undefined) {
      return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    }
    const all: StoredObject[] = [];
    for (const objects of this.byNamespace.values()) {
      for (const o of objects.values()) all.push(o);
    }
    return all;
  }

  /** Objects an index files under `key`; nothing for an index the store does not keep. */
  lookup(id: string, key: string): ReadonlySet<StoredObject> {
    return this.postings.get(id)?.get(key) ?? NONE;
  }

  /** Objects labelled `key=value`; only for indexed keys. */
  withIndexedLabel(key: string, value: string): ReadonlySet<StoredObject> {
    return this.lookup(labelIndexId(key), value);
  }

  upsert(object: StoredObject): void {
    const ns = object.metadata.namespace ?? CLUSTER_SCOPE;
    let objects = this.byNamespace.get(ns);
    if (!objects) {
      objects = new Map();
      this.byNamespace.set(ns, objects);
    }
    const previous = objects.get(object.metadata.name);
    objects.set(object.metadata.name, object);
    if (previous) {
      this.reindex(previous, object);
    } else {
      this.count++;
      this.index(object);
    }
    if (this.listeners.size > 0) this.emit([{ previous, next: object }]);
  }

  remove(namespace: string | undefined, name: string): void {
    const ns = namespace ?? CLUSTER_SCOPE;
    const objects = this.byNamespace.get(ns);
    const previous = objects?.get(name);
    if (!objects || !previous) {
      return;
    }
    objects.delete(name);
    if (objects.size === 0) {
      this.byNamespace.delete(ns);
    }
    this.unindex(previous);
    this.count--;
    if (this.listeners.size > 0) this.emit([{ previous }]);
  }

  /** Replaces everything at once (after a relist), so readers never see a half-filled store. */
  replaceAll(objects: Iterable<StoredObject>): void {
    const fresh = new ResourceStore(this.indexes);
    for (const o of objects) fresh.upsert(o);
    const changes = this.listeners.size > 0 ? this.diff(fresh) : [];
    this.byNamespace = fresh.byNamespace;
    this.postings = fresh.postings;
    this.postingsList = fresh.postingsList;
    this.count = fresh.count;
    this.emit(changes);
  }

  /** What a swap to `fresh` changes: only objects that read differently. */
  private diff(fresh: ResourceStore): StoreChange[] {
    const changes: StoreChange[] = [];
    for (const [ns, objects] of fresh.byNamespace) {
      const before = this.byNamespace.get(ns);
      for (const [name, next] of objects) {
        const previous = before?.get(name);
        if (!previous || !sameStoredObject(previous, next)) {
          changes.push({ previous, next });
        }
      }
    }
    for (const [ns, objects] of this.byNamespace) {
      const after = fresh.byNamespace.get(ns);
      for (const [name, previous] of objects) {
        if (!after?.has(name)) changes.push({ previous });
      }
    }
    return changes;
  }

  private index(object: StoredObject): void {
    for (let i = 0; i < this.indexes.length; i++) {
      const keys = this.indexes[i].keysOf(object);
      if (keys !== undefined) {
        ResourceStore.postAll(this.postingsList[i], keys, object);
      }
    }
  }

  private unindex(object: StoredObject): void {
    for (let i = 0; i < this.indexes.length; i++) {
      const keys = this.indexes[i].keysOf(object);
      if (keys !== undefined) {
        ResourceStore.unpostAll(this.postingsList[i], keys, object);
      }
    }
  }

  /**
   * Moves an object's postings from its previous version to `next`. Most
   * updates keep their keys (a status changed, not a label): then the
   * object is swapped in its posting set, without emptying and
   * re-creating the set.
   */
  private reindex(previous: StoredObject, next: StoredObject): void {
    for (let i = 0; i < this.indexes.length; i++) {
      const index = this.indexes[i];
      const postings = this.postingsList[i];
      const before = index.keysOf(previous);
      const after = index.keysOf(next);
      if (typeof before === 'string' && before === after) {
        const set = postings.get(before);
        if (set) {
          set.delete(previous);
          set.add(next);
          continue;
        }
      }
      if (before !== undefined) {
        ResourceStore.unpostAll(postings, before, previous);
      }
      if (after !== undefined) ResourceStore.postAll(postings, after, next);
    }
  }

  private static postAll(
    postings: Postings,
    keys: string | readonly string[],
    object: StoredObject,
  ): void {
    if (typeof keys === 'string') {
      ResourceStore.post(postings, keys, object);
    } else {
      for (const key of keys) ResourceStore.post(postings, key, object);
    }
  }

  private static unpostAll(
    postings: Postings,
    keys: string | readonly string[],
    object: StoredObject,
  ): void {
    if (typeof keys === 'string') {
      ResourceStore.unpost(postings, keys, object);
    } else {
      for (const key of keys) ResourceStore.unpost(postings, key, object);
    }
  }

  private static post(
    postings: Postings,
    key: string,
    object: StoredObject,
  ): void {
    let set = postings.get(key);
    if (!set) {
      set = new Set();
      postings.set(key, set);
    }
    set.add(object);
  }

  private static unpost(
    postings: Postings,
    key: string,
    object: StoredObject,
  ): void {
    const set = postings.get(key);
    if (!set) return;
    set.delete(object);
    if (set.size === 0) postings.delete(key);
  }
}
