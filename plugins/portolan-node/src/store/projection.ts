/*
 * Turns a raw Kubernetes object into what the cache keeps: the common
 * metadata (identity, labels, owners, the annotations some source asked for)
 * and each consuming source's projection. The raw object is dropped after
 * this; nothing here keeps a reference into it. Given the version already
 * stored, unchanged metadata is reused rather than rebuilt (most watch
 * events change a status, not labels or owners).
 */
import { toError } from '@backstage/errors';
import type {
  CachedMetadata,
  CachedObject,
  CachedOwnerReference,
  KubeObject,
  ResourceDeclaration,
} from '../source';

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

/**
 * The array with no spare room. An array grown by `push` keeps room to grow
 * (17 slots after the first push, ~150 bytes) that V8 never gives back; in
 * a cache of a hundred thousand pods that was a fifth of the heap.
 * Projections pass the arrays they build by pushing through this.
 */
export function compact<T>(array: T[]): T[] {
  return array.length === 0 ? array : array.slice();
}

/**
 * One frozen copy of each label (or kept annotation) map: the pods of a
 * ReplicaSet and the ReplicaSet itself carry the same labels, and a map of
 * four labels costs ~60 bytes. Keyed by a hash of the entries (a number:
 * a string key would cost more than the map); a hit is compared entry by
 * entry, so two maps whose hashes collide never share. Cleared when full,
 * so a churn of unique label values cannot grow it without limit.
 */
const MAP_POOL_LIMIT = 50_000;
const mapPool = new Map<number, Readonly<Record<string, string>>>();

/** FNV-1a over a string's UTF-16 code units, continuing from `hash`. */
function hashString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  }
  // A separator, so that ("ab","c") and ("a","bc") differ.
  return Math.imul(h ^ 0xffff, 16777619);
}

/** Whether two string maps have the same entries in the same order. */
function sameEntries(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || a[ka[i]] !== b[kb[i]]) return false;
  }
  return true;
}

function stringMap(
  value: unknown,
  keep?: (key: string) => boolean,
): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return EMPTY;
  }
  let result: Record<string, string> | undefined;
  let key = 2166136261;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'string' && (!keep || keep(k))) {
      (result ??= {})[k] = v;
      key = hashString(hashString(key, k), v);
    }
  }
  if (!result) return EMPTY;
  const known = mapPool.get(key);
  if (known && sameEntries(known, result)) return known;
  for (const k in result) {
    if (Object.hasOwn(result, k)) result[k] = intern(result[k]);
  }
  Object.freeze(result);
  if (mapPool.size >= MAP_POOL_LIMIT) mapPool.clear();
  mapPool.set(key, result);
  return result;
}

/**
 * Whether `value` would project (through {@link stringMap}) to exactly
 * `previous`: the same string entries that `keep` keeps, no more, no less.
 * Compares without building anything or interning.
 */
function sameStringMap(
  value: unknown,
  previous: Readonly<Record<string, string>>,
  keep?: (key: string) => boolean,
): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return previous === EMPTY;
  }
  let kept = 0;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v !== 'string' || (keep && !keep(k))) continue;
    if (previous[k] !== v || !Object.hasOwn(previous, k)) return false;
    kept++;
  }
  let count = 0;
  for (const k in previous) {
    if (Object.hasOwn(previous, k)) count++;
  }
  return kept === count;
}

const NO_OWNERS: readonly CachedOwnerReference[] = Object.freeze([]);

/**
 * One frozen owner list per owner, shared by the objects it owns (the pods
 * of a ReplicaSet, the TaskRuns of a PipelineRun): most objects have exactly
 * one owner, and a list of one costs ~120 bytes. Keyed by the owner's uid
 * and checked field by field, so a reused uid never shares a wrong list.
 * Cleared when full, so owners that come and go cannot grow it without limit.
 */
const OWNER_POOL_LIMIT = 100_000;
const ownerPool = new Map<string, readonly CachedOwnerReference[]>();

interface RawOwnerReference {
  apiVersion?: unknown;
  kind: string;
  name: string;
  uid: string;
  controller?: unknown;
}

function isOwnerReference(ref: unknown): ref is RawOwnerReference {
  const r = ref as Partial<Record<keyof RawOwnerReference, unknown>> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.kind === 'string' &&
    typeof r.name === 'string' &&
    typeof r.uid === 'string'
  );
}

function ownerReference(ref: RawOwnerReference): CachedOwnerReference {
  return Object.freeze({
    apiVersion: intern(
      typeof ref.apiVersion === 'string' ? ref.apiVersion : '',
    ),
    kind: intern(ref.kind),
    name: ref.name,
    uid: ref.uid,
    controller: ref.controller === true,
  });
}

function soleOwner(ref: RawOwnerReference): readonly CachedOwnerReference[] {
  const known = ownerPool.get(ref.uid)?.[0];
  if (
    known &&
    known.kind === ref.kind &&
    known.name === ref.name &&
    known.apiVersion ===
      (typeof ref.apiVersion === 'string' ? ref.apiVersion : '') &&
    known.controller === (ref.controller === true)
  ) {
    return ownerPool.get(ref.uid)!;
  }
  const owners = Object.freeze([ownerReference(ref)]);
  if (ownerPool.size >= OWNER_POOL_LIMIT) ownerPool.clear();
  ownerPool.set(ref.uid, owners);
  return owners;
}

function ownerReferences(value: unknown): readonly CachedOwnerReference[] {
  if (!Array.isArray(value) || value.length === 0) {
    return NO_OWNERS;
  }
  if (value.length === 1) {
    return isOwnerReference(value[0]) ? soleOwner(value[0]) : NO_OWNERS;
  }
  return Object.freeze(value.filter(isOwnerReference).map(ownerReference));
}

/** Whether `value` would project to exactly the owner list `previous`. */
function sameOwnerReferences(
  value: unknown,
  previous: readonly CachedOwnerReference[],
): boolean {
  if (!Array.isArray(value) || value.length === 0) {
    return previous === NO_OWNERS;
  }
  if (value.length !== previous.length) return false;
  for (let i = 0; i < value.length; i++) {
    const ref: unknown = value[i];
    const known = previous[i];
    if (
      !isOwnerReference(ref) ||
      ref.uid !== known.uid ||
      ref.name !== known.name ||
      ref.kind !== known.kind ||
      (typeof ref.apiVersion === 'string' ? ref.apiVersion : '') !==
        known.apiVersion ||
      (ref.controller === true) !== known.controller
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Objects made together (a rollout's pods, a run's TaskRuns) share their
 * timestamps: one copy each. A pool of its own, cleared when full, so
 * timestamps (unique over time) never crowd the value pool.
 */
const TIMESTAMP_POOL_LIMIT = 50_000;
const timestampPool = new Map<string, string>();

function timestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const known = timestampPool.get(value);
  if (known !== undefined) return known;
  if (timestampPool.size >= TIMESTAMP_POOL_LIMIT) timestampPool.clear();
  timestampPool.set(value, value);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The metadata the cache keeps, or undefined for an object without a name
 * (which the API server never sends, but a broken proxy might). With the
 * metadata of the version already stored, parts that did not change are
 * that version's (the same label map, owner list …), and so is the whole
 * when nothing changed.
 */
export function projectMetadata(
  object: KubeObject,
  annotations: AnnotationFilter,
  previous?: CachedMetadata,
): CachedMetadata | undefined {
  const meta = object.metadata;
  const name = optionalString(meta?.name);
  if (!meta || !name) {
    return undefined;
  }
  const keep = (k: string) => annotations.keeps(k);
  const labels =
    previous && sameStringMap(meta.labels, previous.labels)
      ? previous.labels
      : stringMap(meta.labels);
  let kept: Readonly<Record<string, string>> = EMPTY;
  if (!annotations.empty) {
    kept =
      previous && sameStringMap(meta.annotations, previous.annotations, keep)
        ? previous.annotations
        : stringMap(meta.annotations, keep);
  }
  const owners =
    previous &&
    sameOwnerReferences(meta.ownerReferences, previous.ownerReferences)
      ? previous.ownerReferences
      : ownerReferences(meta.ownerReferences);
  const uid = optionalString(meta.uid) ?? '';
  const namespace = optionalString(meta.namespace);
  const creationTimestamp = timestamp(meta.creationTimestamp);
  const deletionTimestamp = timestamp(meta.deletionTimestamp);
  const generation =
    typeof meta.generation === 'number' ? meta.generation : undefined;
  if (
    previous &&
    previous.uid === uid &&
    previous.name === name &&
    previous.namespace === namespace &&
    previous.labels === labels &&
    previous.annotations === kept &&
    previous.ownerReferences === owners &&
    previous.creationTimestamp === creationTimestamp &&
    previous.deletionTimestamp === deletionTimestamp &&
    previous.generation === generation
  ) {
    return previous;
  }
  return {
    uid,
    name,
    namespace: intern(namespace),
    labels,
    annotations: kept,
    ownerReferences: owners,
    creationTimestamp,
    deletionTimestamp,
    generation,
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
  failures: readonly string[];
}

const NO_FAILURES: readonly string[] = Object.freeze([]);

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What is wrong with the metadata of a named object, as the API server
 * would never send it (a broken proxy or aggregated server might): a field
 * of the wrong type, labels or annotations that are not maps of strings,
 * owner references that are not owner references. Those fields are read
 * as absent; the object is kept and the defect reported.
 */
function metadataDefect(meta: Record<string, unknown>): string | undefined {
  for (const key of [
    'namespace',
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'resourceVersion',
  ]) {
    const v = meta[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return `metadata.${key} is a ${describeJsonType(
        v,
      )}, not a string (read as absent)`;
    }
  }
  if (
    meta.generation !== undefined &&
    meta.generation !== null &&
    typeof meta.generation !== 'number'
  ) {
    return `metadata.generation is a ${describeJsonType(
      meta.generation,
    )}, not a number (read as absent)`;
  }
  for (const key of ['labels', 'annotations']) {
    const v = meta[key];
    if (v === undefined || v === null) continue;
    if (!isMap(v)) {
      return `metadata.${key} is a ${describeJsonType(
        v,
      )}, not a map (read as empty)`;
    }
    for (const k in v) {
      if (Object.hasOwn(v, k) && typeof v[k] !== 'string') {
        return `metadata.${key}['${k.slice(0, 63)}'] is a ${describeJsonType(
          v[k],
        )}, not a string (left out)`;
      }
    }
  }
  const owners = meta.ownerReferences;
  if (owners !== undefined && owners !== null) {
    if (!Array.isArray(owners)) {
      return `metadata.ownerReferences is a ${describeJsonType(
        owners,
      )}, not a list (read as none)`;
    }
    if (!owners.every(isOwnerReference)) {
      return 'metadata.ownerReferences holds an entry without kind, name and uid strings (left out)';
    }
  }
  return undefined;
}

/**
 * Projects an object for every consumer of its resource type. `previous`
 * is the version of the same object already stored, if any: its
 * unchanged metadata is reused.
 */
export function projectObject(
  object: KubeObject,
  consumers: readonly ResourceDeclaration<unknown>[],
  annotations: AnnotationFilter,
  previous?: StoredObject,
): ProjectionResult {
  // A list item or watch object can be anything a broken server sends.
  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    return {
      failures: [`an item that is not an object (${describeJsonType(object)})`],
    };
  }
  const metadata = projectMetadata(object, annotations, previous?.metadata);
  if (!metadata) {
    return { failures: ['object without metadata.name'] };
  }
  let failures: string[] | undefined;
  const defect = metadataDefect(object.metadata as Record<string, unknown>);
  if (defect) {
    // Kept (the rest of it is good), but reported: counted in the resource's health.
    failures = [`${metadata.namespace ?? ''}/${metadata.name}: ${defect}`];
  }
  const views = new Array<CachedObject<unknown> | undefined>(consumers.length);
  for (let i = 0; i < consumers.length; i++) {
    try {
      views[i] = { metadata, projection: consumers[i].project(object) };
    } catch (e) {
      (failures ??= []).push(
        `${metadata.namespace ?? ''}/${metadata.name}: ${toError(e).message}`,
      );
      views[i] = undefined;
    }
  }
  return { stored: { metadata, views }, failures: failures ?? NO_FAILURES };
}
