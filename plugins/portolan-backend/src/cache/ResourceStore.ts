/*
 * The in-memory store of one resource type on one cluster: projected
 * objects by namespace and name, plus an index of a few label keys so that
 * an entity's `key=value` selector is a lookup, not a scan. Single writer
 * (its informer); readers get arrays they must not mutate.
 */
import type { StoredObject } from './projection';

/** Namespace key for cluster-scoped objects. */
const CLUSTER_SCOPE = '';

export class ResourceStore {
  private byNamespace = new Map<string, Map<string, StoredObject>>();
  private labelIndex = new Map<string, Map<string, Set<StoredObject>>>();
  private count = 0;

  constructor(private readonly indexedLabels: ReadonlySet<string>) {}

  get size(): number {
    return this.count;
  }

  isIndexed(key: string): boolean {
    return this.indexedLabels.has(key);
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

  /** Objects labelled `key=value`; only for indexed keys. */
  withIndexedLabel(key: string, value: string): Iterable<StoredObject> {
    return this.labelIndex.get(key)?.get(value) ?? [];
  }

  upsert(object: StoredObject): void {
    const ns = object.metadata.namespace ?? CLUSTER_SCOPE;
    let objects = this.byNamespace.get(ns);
    if (!objects) {
      objects = new Map();
      this.byNamespace.set(ns, objects);
    }
    const previous = objects.get(object.metadata.name);
    if (previous) {
      this.unindex(previous);
    } else {
      this.count++;
    }
    objects.set(object.metadata.name, object);
    this.index(object);
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
  }

  /** Replaces everything at once (after a relist), so readers never see a half-filled store. */
  replaceAll(objects: Iterable<StoredObject>): void {
    const fresh = new ResourceStore(this.indexedLabels);
    for (const o of objects) fresh.upsert(o);
    this.byNamespace = fresh.byNamespace;
    this.labelIndex = fresh.labelIndex;
    this.count = fresh.count;
  }

  private index(object: StoredObject): void {
    for (const key of this.indexedLabels) {
      const value = object.metadata.labels[key];
      if (value === undefined) continue;
      let byValue = this.labelIndex.get(key);
      if (!byValue) {
        byValue = new Map();
        this.labelIndex.set(key, byValue);
      }
      let set = byValue.get(value);
      if (!set) {
        set = new Set();
        byValue.set(value, set);
      }
      set.add(object);
    }
  }

  private unindex(object: StoredObject): void {
    for (const key of this.indexedLabels) {
      const value = object.metadata.labels[key];
      if (value === undefined) continue;
      const byValue = this.labelIndex.get(key);
      const set = byValue?.get(value);
      if (!set) continue;
      set.delete(object);
      if (set.size === 0) {
        byValue!.delete(value);
      }
    }
  }
}
