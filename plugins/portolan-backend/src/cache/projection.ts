/*
 * Turns a raw Kubernetes object into what the cache keeps: the common
 * metadata (identity, labels, owners, the annotations some source asked for)
 * and each consuming source's projection. The raw object is dropped after
 * this; nothing here keeps a reference into it.
 */
import type {
  CachedMetadata,
  CachedObject,
  CachedOwnerReference,
  KubeObject,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';

/** Decides which annotation keys to keep (exact keys, or prefixes with a trailing `*`). */
export class AnnotationFilter {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];

  constructor(patterns: Iterable<string>) {
    for (const p of patterns) {
      if (p.endsWith('*')) {
        this.prefixes.push(p.slice(0, -1));
      } else {
        this.exact.add(p);
      }
    }
  }

  get empty(): boolean {
    return this.exact.size === 0 && this.prefixes.length === 0;
  }

  keeps(key: string): boolean {
    return this.exact.has(key) || this.prefixes.some(p => key.startsWith(p));
  }
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One copy of each repeated string value (namespaces, label values, images,
 * node names): JSON.parse gives every object its own copies, and thousands
 * of pods repeat the same few hundred values. Bounded, so a churn of unique
 * values cannot grow it without limit.
 */
const POOL_LIMIT = 100_000;
const pool = new Map<string, string>();

/** The pooled copy of a string (the string itself once the pool is full). */
export function intern(value: string): string;
export function intern(value: string | undefined): string | undefined;
export function intern(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const known = pool.get(value);
  if (known !== undefined) return known;
  if (pool.size < POOL_LIMIT) pool.set(value, value);
  return value;
}

function stringMap(
  value: unknown,
  keep?: (key: string) => boolean,
): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return EMPTY;
  }
  let result: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && (!keep || keep(k))) {
      (result ??= {})[k] = intern(v);
    }
  }
  return result ?? EMPTY;
}

function ownerReferences(value: unknown): readonly CachedOwnerReference[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [];
  }
  const refs: CachedOwnerReference[] = [];
  for (const ref of value) {
    if (
      ref &&
      typeof ref.kind === 'string' &&
      typeof ref.name === 'string' &&
      typeof ref.uid === 'string'
    ) {
      refs.push({
        apiVersion: intern(
          typeof ref.apiVersion === 'string' ? ref.apiVersion : '',
        ),
        kind: intern(ref.kind),
        name: intern(ref.name),
        uid: intern(ref.uid),
        controller: ref.controller === true,
      });
    }
  }
  return refs;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The metadata the cache keeps, or undefined for an object without a name
 * (which the API server never sends, but a broken proxy might).
 */
export function projectMetadata(
  object: KubeObject,
  annotations: AnnotationFilter,
): CachedMetadata | undefined {
  const meta = object.metadata;
  const name = optionalString(meta?.name);
  if (!meta || !name) {
    return undefined;
  }
  return {
    uid: optionalString(meta.uid) ?? '',
    name,
    namespace: intern(optionalString(meta.namespace)),
    labels: stringMap(meta.labels),
    annotations: annotations.empty
      ? EMPTY
      : stringMap(meta.annotations, k => annotations.keeps(k)),
    ownerReferences: ownerReferences(meta.ownerReferences),
    creationTimestamp: optionalString(meta.creationTimestamp),
    deletionTimestamp: optionalString(meta.deletionTimestamp),
    generation:
      typeof meta.generation === 'number' ? meta.generation : undefined,
  };
}

/** An object as stored: shared metadata and one view per consuming declaration. */
export interface StoredObject {
  readonly metadata: CachedMetadata;
  /** Indexed like the informer's consumers; undefined where a projection threw. */
  readonly views: ReadonlyArray<CachedObject<unknown> | undefined>;
}

/** The outcome of projecting one object. */
export interface ProjectionResult {
  stored?: StoredObject;
  /** Messages of projections that threw (the object is kept for the others). */
  failures: string[];
}

/** Projects an object for every consumer of its resource type. */
export function projectObject(
  object: KubeObject,
  consumers: readonly ResourceDeclaration<unknown>[],
  annotations: AnnotationFilter,
): ProjectionResult {
  const metadata = projectMetadata(object, annotations);
  if (!metadata) {
    return { failures: ['object without metadata.name'] };
  }
  const failures: string[] = [];
  const views = consumers.map(consumer => {
    try {
      return { metadata, projection: consumer.project(object) };
    } catch (e) {
      failures.push(
        `${metadata.namespace ?? ''}/${metadata.name}: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return undefined;
    }
  });
  return { stored: { metadata, views }, failures };
}
