import { randomBytes, randomUUID } from 'node:crypto';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceType } from '../resources/ResourceType';
import type { KubeObject } from '../types';
import { ApiError } from './ApiError';
import { ContinueToken } from './ContinueToken';
import type { FieldSelector } from './FieldSelector';
import type { LabelSelector } from './LabelSelector';
import { StoredEntry } from './StoredEntry';
import { TypeStore } from './TypeStore';

export interface ListOptions {
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  limit?: number;
  continueToken?: string;
  /** `resourceVersion` query parameter. */
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResult {
  entries: StoredEntry[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** How a write treats `status` (the status subresource rules). */
export type StatusPolicy = 'replace' | 'keep' | 'only';

const NAME_SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function specOf(obj: KubeObject): string {
  return StoredEntry.specOf(obj);
}

/**
 * All objects of one cluster, with one resourceVersion counter (like an etcd
 * revision) shared by every type.
 */
export class ObjectStore {
  private rv = 0;
  private readonly stores = new Map<string, TypeStore>();
  /** Called after a type is added or removed (a CRD came or went). */
  onTypesChanged?: () => void;

  constructor(
    readonly registry: ResourceRegistry,
    private readonly windowSize: number,
  ) {}

  /** The current revision. */
  get resourceVersion(): number {
    return this.rv;
  }

  typeStore(type: ResourceType): TypeStore {
    let s = this.stores.get(type.id);
    if (!s) {
      s = new TypeStore(type, this.windowSize);
      this.stores.set(type.id, s);
    }
    return s;
  }

  /** Type stores that exist (have held objects), for namespace cascades. */
  allTypeStores(): TypeStore[] {
    return [...this.stores.values()];
  }

  private keyFor(
    type: ResourceType,
    obj: { metadata: { namespace?: string; name?: string } },
  ) {
    return TypeStore.keyOf(
      type.namespaced ? obj.metadata.namespace : undefined,
      obj.metadata.name!,
    );
  }

  private normalize(
    type: ResourceType,
    input: KubeObject,
    owned = false,
  ): KubeObject {
    const obj: KubeObject = owned
      ? { ...input }
      : JSON.parse(JSON.stringify(input));
    obj.apiVersion = type.apiVersion;
    obj.kind = type.kind;
    obj.metadata = obj.metadata ?? {};
    if (!type.namespaced) delete obj.metadata.namespace;
    return obj;
  }

  private checkName(type: ResourceType, obj: KubeObject): void {
    const name = obj.metadata.name;
    if (!name) {
      throw ApiError.invalid(
        type.kind,
        '',
        'name or generateName is required',
        'metadata.name',
      );
    }
    if (
      name.length > 253 ||
      !/^[a-z0-9A-Z]([-a-z0-9A-Z_.:@]*[a-z0-9A-Z])?$/.test(name)
    ) {
      throw ApiError.invalid(
        type.kind,
        name,
        `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        'metadata.name',
      );
    }
    if (type.namespaced && !obj.metadata.namespace) {
      throw ApiError.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  private stamp(obj: KubeObject, rv: number): StoredEntry {
    obj.metadata.resourceVersion = String(rv);
    const type = this.registry.lookup(obj.apiVersion, obj.kind)!;
    return new StoredEntry(this.keyFor(type, obj), obj, rv);
  }

  /** Bulk initial load: no events, the event window starts after it. */
  load(objects: KubeObject[]): void {
    const byType = new Map<TypeStore, StoredEntry[]>();
    for (const input of objects) {
      const type = this.registry.lookup(input.apiVersion, input.kind)!;
      const obj = this.normalize(type, input);
      obj.metadata.uid ??= randomUUID();
      obj.metadata.creationTimestamp ??= now();
      obj.metadata.generation ??= 1;
      const entry = this.stamp(obj, ++this.rv);
      const store = this.typeStore(type);
      if (!byType.has(store)) byType.set(store, []);
      byType.get(store)!.push(entry);
      if (
        type.kind === 'CustomResourceDefinition' &&
        type.group === 'apiextensions.k8s.io'
      ) {
        this.registry.registerCrd(obj);
      }
    }
    for (const [store, entries] of byType) store.load(entries, this.rv);
    // Types that have no objects start their window at the current revision.
    for (const type of this.registry.all())
      this.typeStore(type).load([], this.rv);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredEntry | undefined {
    return this.typeStore(type).get(
      TypeStore.keyOf(type.namespaced ? namespace : undefined, name),
    );
  }

  getOrThrow(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredEntry {
    const e = this.get(type, namespace, name);
    if (!e)
      throw ApiError.notFound(
        type.groupResource,
        name,
        type.group,
        type.plural,
      );
    return e;
  }

  private namespaceExists(ns: string): boolean {
    const nsType = this.registry.lookup('v1', 'Namespace')!;
    return this.get(nsType, undefined, ns) !== undefined;
  }

  create(type: ResourceType, input: KubeObject): StoredEntry {
    const obj = this.normalize(type, input);
    if (!obj.metadata.name && obj.metadata.generateName) {
      let suffix = '';
      for (const b of randomBytes(5))
        suffix += NAME_SUFFIX_CHARS[b % NAME_SUFFIX_CHARS.length];
      obj.metadata.name = `${obj.metadata.generateName}${suffix}`;
    }
    this.checkName(type, obj);
    if (type.namespaced && !this.namespaceExists(obj.metadata.namespace!)) {
      throw ApiError.notFound(
        'namespaces',
        obj.metadata.namespace!,
        '',
        'namespaces',
      );
    }
    const store = this.typeStore(type);
    const key = this.keyFor(type, obj);
    if (store.get(key)) {
      throw ApiError.alreadyExists(
        type.groupResource,
        obj.metadata.name!,
        type.group,
        type.plural,
      );
    }
    obj.metadata.uid ??= randomUUID();
    obj.metadata.creationTimestamp ??= now();
    obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    const entry = this.stamp(obj, ++this.rv);
    store.apply('ADDED', key, entry);
    this.afterWrite(type, 'ADDED', entry);
    return entry;
  }

  /** Replaces an object; 404 if missing, 409 if `metadata.resourceVersion` is stale. */
  update(
    type: ResourceType,
    input: KubeObject,
    statusPolicy: StatusPolicy = 'replace',
    /** The caller hands over `input` (a fresh object nobody else holds): no defensive copy. */
    owned = false,
  ): StoredEntry {
    const obj = this.normalize(type, input, owned);
    if (!obj.metadata.name) {
      throw ApiError.invalid(
        type.kind,
        '',
        'name is required',
        'metadata.name',
      );
    }
    const store = this.typeStore(type);
    const key = this.keyFor(type, obj);
    const current = store.get(key);
    if (!current)
      throw ApiError.notFound(
        type.groupResource,
        obj.metadata.name,
        type.group,
        type.plural,
      );
    const wantRv = obj.metadata.resourceVersion;
    if (wantRv && wantRv !== current.obj.metadata.resourceVersion) {
      throw ApiError.conflict(
        type.groupResource,
        obj.metadata.name,
        type.group,
        type.plural,
      );
    }
    let next: KubeObject = obj;
    if (statusPolicy === 'keep') {
      next = { ...obj };
      if (current.obj.status === undefined) delete next.status;
      else next.status = JSON.parse(JSON.stringify(current.obj.status));
    } else if (statusPolicy === 'only') {
      next = { ...current.copy(), status: obj.status };
      if (obj.status === undefined) delete next.status;
    }
    next.metadata = {
      ...next.metadata,
      uid: current.obj.metadata.uid,
      creationTimestamp: current.obj.metadata.creationTimestamp,
      generation:
        (current.obj.metadata.generation ?? 1) +
        (specOf(next) !== current.specJson ? 1 : 0),
    };
    if (current.obj.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = current.obj.metadata.deletionTimestamp;
    }
    const entry = this.stamp(next, ++this.rv);
    store.apply('MODIFIED', key, entry);
    this.afterWrite(type, 'MODIFIED', entry);
    return entry;
  }

  /** Deletes an object and returns its last state (stamped with the delete revision). */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    preconditionRv?: string,
  ): StoredEntry {
    const store = this.typeStore(type);
    const key = TypeStore.keyOf(type.namespaced ? namespace : undefined, name);
    const current = store.get(key);
    if (!current)
      throw ApiError.notFound(
        type.groupResource,
        name,
        type.group,
        type.plural,
      );
    if (
      preconditionRv &&
      preconditionRv !== current.obj.metadata.resourceVersion
    ) {
      throw ApiError.conflict(
        type.groupResource,
        name,
        type.group,
        type.plural,
      );
    }
    const tombstone = current.withResourceVersion(++this.rv);
    store.apply('DELETED', key, tombstone);
    this.afterWrite(type, 'DELETED', tombstone);
    return tombstone;
  }

  private afterWrite(
    type: ResourceType,
    event: string,
    entry: StoredEntry,
  ): void {
    if (
      type.group === 'apiextensions.k8s.io' &&
      type.kind === 'CustomResourceDefinition'
    ) {
      if (event === 'DELETED') {
        for (const t of this.registry.unregisterCrd(entry.obj)) {
          const s = this.stores.get(t.id);
          for (const e of s?.current() ?? [])
            this.delete(t, e.obj.metadata.namespace, e.obj.metadata.name!);
          // As the API server does: watches of a type no longer served end.
          for (const w of [...(s?.watchers ?? [])]) w.end?.();
        }
      } else {
        for (const t of this.registry.registerCrd(entry.obj))
          this.typeStore(t).load([], this.rv);
      }
      this.onTypesChanged?.();
    }
    if (type.group === '' && type.kind === 'Namespace' && event === 'DELETED') {
      const ns = entry.obj.metadata.name!;
      for (const s of this.stores.values()) {
        if (!s.type.namespaced) continue;
        for (const e of s.current(ns))
          this.delete(s.type, ns, e.obj.metadata.name!);
      }
    }
  }

  /** A consistent page of a list, as the API server serves `limit`/`continue`. */
  list(type: ResourceType, o: ListOptions): ListResult {
    const store = this.typeStore(type);
    let snapshotRv = this.rv;
    let after: string | undefined;
    if (o.continueToken) {
      const state = ContinueToken.decode(o.continueToken);
      snapshotRv = state.rv;
      after = state.lastKey;
    } else if (o.resourceVersion && o.resourceVersion !== '0') {
      const asked = Number(o.resourceVersion);
      if (!Number.isInteger(asked) || asked < 0) {
        throw ApiError.badRequest(
          `invalid resource version: ${o.resourceVersion}`,
        );
      }
      if (asked > this.rv) {
        throw new ApiError(
          504,
          'Timeout',
          `Too large resource version: ${asked}, current: ${this.rv}`,
          {
            causes: [
              {
                reason: 'ResourceVersionTooLarge',
                message: 'Too large resource version',
              },
            ],
            retryAfterSeconds: 1,
          },
        );
      }
      if (o.resourceVersionMatch === 'Exact') {
        if (asked < store.compactedRv && asked !== this.rv) {
          throw ApiError.expired(
            `too old resource version: ${asked} (${store.compactedRv})`,
          );
        }
        snapshotRv = asked;
      }
    }
    const page = store.list({
      namespace: type.namespaced ? o.namespace : undefined,
      label: o.label,
      field: o.field,
      limit: o.limit,
      after,
      snapshotRv,
    });
    return {
      entries: page.entries,
      resourceVersion: String(snapshotRv),
      continue:
        page.lastKey !== undefined
          ? ContinueToken.encode({ rv: snapshotRv, lastKey: page.lastKey })
          : undefined,
      remainingItemCount: page.remaining,
    };
  }
}
