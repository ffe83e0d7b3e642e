/*
 * Dependency tracking for the view cache: a wrapper of a cluster's read
 * side that answers exactly as the reader does and records, per cluster
 * and resource need, what was read (an object by name, a namespace or
 * every object, an index key), and the keys under which a changed object
 * would have been read. A read recorded under a key is invalidated by any
 * change of an object found under that key before or after the change.
 * Never changes what a source sees.
 */
import type {
  CachedObject,
  ClusterSnapshot,
  ResourceDeclaration,
  ResourceHealth,
  ResourceNeed,
  SourceSet,
  StoreChange,
  StoredObject,
} from '@portolan/plugin-portolan-node';
import {
  declaredIndexId,
  indexableRequirement,
  labelIndexId,
  parseLabelSelector,
} from '@portolan/plugin-portolan-node';

const SEP = '\u0000';

/** Namespace key of cluster-scoped objects, as the store files them. */
const CLUSTER_SCOPE = '';

/** The key of one read of `need` on `cluster`. */
function readKey(cluster: string, need: ResourceNeed, read: string): string {
  return `${cluster}${SEP}${need.key}${SEP}${read}`;
}

const ALL = 'all';
const inNamespace = (namespace: string) => `ns${SEP}${namespace}`;
const byName = (namespace: string, name: string) =>
  `get${SEP}${namespace}${SEP}${name}`;
const byIndexKey = (id: string, key: string) => `ix${SEP}${id}${SEP}${key}`;

/** The read keys under which `object` is found. */
function keysOfObject(
  cluster: string,
  need: ResourceNeed,
  object: StoredObject,
  into: Set<string>,
): void {
  const namespace = object.metadata.namespace ?? CLUSTER_SCOPE;
  into.add(readKey(cluster, need, ALL));
  into.add(readKey(cluster, need, inNamespace(namespace)));
  into.add(readKey(cluster, need, byName(namespace, object.metadata.name)));
  for (const index of need.indexes) {
    let keys;
    try {
      keys = index.keysOf(object);
    } catch {
      continue; // the store files it under no key either
    }
    if (keys === undefined) continue;
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      into.add(readKey(cluster, need, byIndexKey(index.id, key)));
    }
  }
}

/**
 * The read keys a change of objects of `need` on `cluster` touches: those
 * of each object before and after the change.
 */
export function readKeysOfChanges(
  cluster: string,
  need: ResourceNeed,
  changes: readonly StoreChange[],
): Set<string> {
  const keys = new Set<string>();
  for (const change of changes) {
    if (change.previous) keysOfObject(cluster, need, change.previous, keys);
    if (change.next) keysOfObject(cluster, need, change.next, keys);
  }
  return keys;
}

class RecordingClusterReader implements ClusterSnapshot {
  constructor(
    private readonly reader: ClusterSnapshot,
    private readonly recorder: ReadRecorder,
    private readonly sources: SourceSet,
  ) {}

  get name(): string {
    return this.reader.name;
  }

  get title(): string {
    return this.reader.title;
  }

  // Health, version and groups change only with a `health` change of the
  // cluster, which invalidates every view covering it.
  get health() {
    return this.reader.health;
  }

  get gitVersion(): string | undefined {
    return this.reader.gitVersion;
  }

  get apiGroups(): readonly string[] {
    return this.reader.apiGroups;
  }

  resourceHealth(resource: ResourceDeclaration<unknown>): ResourceHealth {
    return this.reader.resourceHealth(resource);
  }

  list<P>(
    resource: ResourceDeclaration<P>,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    this.recorder.record(
      this.name,
      resource,
      namespace === undefined ? ALL : inNamespace(namespace),
    );
    return this.reader.list(resource, namespace);
  }

  get<P>(
    resource: ResourceDeclaration<P>,
    namespace: string | undefined,
    name: string,
  ): CachedObject<P> | undefined {
    this.recorder.record(
      this.name,
      resource,
      byName(namespace ?? CLUSTER_SCOPE, name),
    );
    return this.reader.get(resource, namespace, name);
  }

  withLabel<P>(
    resource: ResourceDeclaration<P>,
    key: string,
    value: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    this.recordSelection(resource, [{ key, value }], namespace);
    return this.reader.withLabel(resource, key, value, namespace);
  }

  selectByLabels<P>(
    resource: ResourceDeclaration<P>,
    labelSelector: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    const found = this.reader.selectByLabels(
      resource,
      labelSelector,
      namespace,
    );
    // Parsed only once the reader accepted it (it throws on a bad one).
    const need = this.sources.slotOf(resource)?.need;
    const lookup = need
      ? indexableRequirement(parseLabelSelector(labelSelector), key =>
          need.indexes.some(index => index.id === labelIndexId(key)),
        )
      : undefined;
    this.recordSelection(resource, lookup ? [lookup] : [], namespace);
    return found;
  }

  byIndex<P>(
    resource: ResourceDeclaration<P>,
    index: string,
    key: string,
    namespace?: string,
  ): readonly CachedObject<P>[] {
    const found = this.reader.byIndex(resource, index, key, namespace);
    const slot = this.sources.slotOf(resource);
    if (slot) {
      this.recorder.record(
        this.name,
        resource,
        byIndexKey(declaredIndexId(slot.index, index), key),
      );
    }
    return found;
  }

  /**
   * A label selection reads through the label index when one of its
   * requirements is an indexed `key=value` (as the store reader does),
   * else the namespace or every object.
   */
  private recordSelection(
    resource: ResourceDeclaration<unknown>,
    lookup: ReadonlyArray<{ key: string; value: string }>,
    namespace: string | undefined,
  ): void {
    const need = this.sources.slotOf(resource)?.need;
    const indexed = lookup.find(l =>
      need?.indexes.some(index => index.id === labelIndexId(l.key)),
    );
    if (indexed) {
      this.recorder.record(
        this.name,
        resource,
        byIndexKey(labelIndexId(indexed.key), indexed.value),
      );
    } else {
      this.recorder.record(
        this.name,
        resource,
        namespace === undefined ? ALL : inNamespace(namespace),
      );
    }
  }
}

/** What one view build read. */
export class ReadRecorder {
  /** The clusters the view covered (their health is part of it). */
  readonly clusters = new Set<string>();
  /** Read keys (see {@link readKeysOfChanges}). */
  readonly keys = new Set<string>();

  constructor(private readonly sources: SourceSet) {}

  /** A reader of `reader`'s cluster that records every read into this recorder. */
  wrap(reader: ClusterSnapshot): ClusterSnapshot {
    this.clusters.add(reader.name);
    return new RecordingClusterReader(reader, this, this.sources);
  }

  /** @internal */
  record(
    cluster: string,
    resource: ResourceDeclaration<unknown>,
    read: string,
  ): void {
    const need = this.sources.slotOf(resource)?.need;
    if (need) this.keys.add(readKey(cluster, need, read));
  }
}
