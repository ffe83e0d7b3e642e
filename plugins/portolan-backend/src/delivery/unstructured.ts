/*
 * Safe reads from unstructured Kubernetes objects (parsed JSON of unknown
 * shape). Projections use these so that a malformed object yields missing
 * fields and a warning, never an exception. Nothing here interprets fields.
 */

/** A JSON object whose shape is not known yet. */
export type Unstructured = Record<string, unknown>;

/** Collects what did not fit while reading one object. */
export class ReadWarnings {
  constructor(readonly messages: string[] = [], private readonly prefix = '') {}

  add(message: string): void {
    const full = this.prefix + message;
    if (!this.messages.includes(full)) {
      this.messages.push(full);
    }
  }

  /** Warnings about a nested value: messages are prefixed with its path. */
  within(path: string): ReadWarnings {
    return new ReadWarnings(this.messages, `${this.prefix}${path}.`);
  }
}

/** The value as an object, or undefined when it is not one. */
export function asObject(value: unknown): Unstructured | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Unstructured)
    : undefined;
}

/**
 * Follows `path` through nested objects. Undefined when a step is missing or
 * is not an object.
 */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const object = asObject(current);
    if (!object) {
      return undefined;
    }
    current = object[key];
  }
  return current;
}

/**
 * A string at `path`. Numbers and booleans are stringified (YAML authors write
 * `build: 12`); anything else is reported once and read as missing.
 */
export function readString(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): string | undefined {
  const found = readPath(value, path);
  if (found === undefined || found === null) {
    return undefined;
  }
  if (typeof found === 'string') {
    return found;
  }
  if (typeof found === 'number' || typeof found === 'boolean') {
    return String(found);
  }
  warnings?.add(`${path.join('.')} is not a string`);
  return undefined;
}

/** A non-empty string at `path`, or undefined. */
export function readNonEmptyString(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): string | undefined {
  const found = readString(value, path, warnings);
  return found === undefined || found === '' ? undefined : found;
}

/** An integer at `path` (numeric strings accepted), or undefined with a warning. */
export function readInteger(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): number | undefined {
  const found = readPath(value, path);
  if (found === undefined || found === null) {
    return undefined;
  }
  const number = typeof found === 'string' ? Number(found) : found;
  if (typeof number === 'number' && Number.isInteger(number)) {
    return number;
  }
  warnings?.add(`${path.join('.')} is not an integer`);
  return undefined;
}

/** A boolean at `path` (`"true"`/`"false"` accepted), or undefined. */
export function readBoolean(
  value: unknown,
  path: readonly string[],
): boolean | undefined {
  const found = readPath(value, path);
  if (typeof found === 'boolean') {
    return found;
  }
  if (found === 'true' || found === 'false') {
    return found === 'true';
  }
  return undefined;
}

/** A list at `path`; a non-list is reported and read as empty. */
export function readArray(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): unknown[] {
  const found = readPath(value, path);
  if (found === undefined || found === null) {
    return [];
  }
  if (Array.isArray(found)) {
    return found;
  }
  warnings?.add(`${path.join('.')} is not a list`);
  return [];
}

/** A list of strings at `path`; other entries are dropped and reported. */
export function readStringArray(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): string[] {
  const result: string[] = [];
  for (const entry of readArray(value, path, warnings)) {
    if (typeof entry === 'string') {
      result.push(entry);
    } else {
      warnings?.add(`${path.join('.')} has a non-string entry`);
    }
  }
  return result;
}

/** A string-to-string map at `path` (labels, annotations); other values are dropped. */
export function readStringMap(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): Record<string, string> {
  const found = readPath(value, path);
  if (found === undefined || found === null) {
    return {};
  }
  const object = asObject(found);
  if (!object) {
    warnings?.add(`${path.join('.')} is not a map`);
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(object)) {
    if (typeof entry === 'string') {
      result[key] = entry;
    } else {
      warnings?.add(`${path.join('.')}.${key} is not a string`);
    }
  }
  return result;
}

/**
 * A timestamp at `path`, normalised to ISO 8601 UTC. Only RFC 3339 strings
 * are accepted (what Kubernetes writes); anything else is reported and read
 * as missing so that durations are never computed from garbage.
 */
export function readTimestamp(
  value: unknown,
  path: readonly string[],
  warnings?: ReadWarnings,
): string | undefined {
  const found = readPath(value, path);
  if (found === undefined || found === null || found === '') {
    return undefined;
  }
  if (typeof found !== 'string') {
    warnings?.add(`${path.join('.')} is not a timestamp: ${String(found)}`);
    return undefined;
  }
  return normalizeTimestamp(found, path.join('.'), warnings);
}

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Normalises one RFC 3339 timestamp string, reporting it when it is not one. */
export function normalizeTimestamp(
  text: string,
  field: string,
  warnings?: ReadWarnings,
): string | undefined {
  return fastTimestamp(text) ?? slowTimestamp(text, field, warnings);
}

/** The general case: any RFC 3339 form, through `Date`. */
export function slowTimestamp(
  text: string,
  field: string,
  warnings?: ReadWarnings,
): string | undefined {
  const millis = RFC3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(millis)) {
    warnings?.add(`${field} is not a timestamp: ${text}`);
    return undefined;
  }
  return new Date(millis).toISOString();
}

/** The value of two ASCII digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9
    ? tens * 10 + ones
    : -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The form the API server writes (`2024-05-01T12:00:00Z`, or with a
 * fraction of a second), normalised without `Date`: a watch event carries
 * several timestamps and the `Date` round trip was ~6 % of its cost.
 * Undefined for anything else, including every value that is out of range
 * (a 30 February, a leap second, 24:00), which the general case then
 * treats exactly as before. Returns flat strings (`join`, not `+`), since a
 * concatenation would keep a rope of three strings in the cache.
 */
export function fastTimestamp(text: string): string | undefined {
  const length = text.length;
  if (
    length < 20 ||
    length > 30 ||
    text.charCodeAt(length - 1) !== 90 /* Z */ ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58
  ) {
    return undefined;
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) {
    return undefined;
  }
  const year = century * 100 + yearOfCentury;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (
    day > days ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return undefined;
  }
  if (length === 20) {
    return [text.slice(0, 19), '.000Z'].join('');
  }
  // A fraction: `.` and 1–9 digits, cut (not rounded) to milliseconds as
  // `Date.parse` does.
  if (text.charCodeAt(19) !== 46 /* . */ || length === 21) {
    return undefined;
  }
  for (let i = 20; i < length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (length === 24) {
    return text;
  }
  const fraction =
    length > 24
      ? text.slice(20, 23)
      : text.slice(20, length - 1).padEnd(3, '0');
  return [text.slice(0, 20), fraction, 'Z'].join('');
}

/** Keeps only entries whose key starts with one of `prefixes`. */
export function pickByPrefix(
  map: Record<string, string>,
  prefixes: readonly string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(map)) {
    if (prefixes.some(prefix => key.startsWith(prefix))) {
      result[key] = entry;
    }
  }
  return result;
}

/** Milliseconds between two ISO timestamps, when both exist and are ordered. */
export function durationBetween(
  startedAt: string | undefined,
  finishedAt: string | undefined,
): number | undefined {
  if (!startedAt || !finishedAt) {
    return undefined;
  }
  const duration = Date.parse(finishedAt) - Date.parse(startedAt);
  return duration >= 0 ? duration : undefined;
}

/**
 * Drops keys whose value is undefined, so records serialise without them and
 * compare equal to literals in tests.
 */
export function withoutUndefined<T extends object>(value: T): T {
  // A plain loop: `Object.fromEntries(Object.entries(…).filter(…))` built
  // three arrays per record and was 7 % of an entity view.
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry !== undefined) result[key] = entry;
  }
  return result as T;
}

/**
 * The name and namespace of a namespaced object, reporting what is missing
 * (and an object that is not one at all) as `''` plus a warning.
 */
export function readNamespacedIdentity(
  raw: unknown,
  warnings: ReadWarnings,
): { name: string; namespace: string } {
  if (!asObject(raw)) {
    warnings.add('not an object');
  }
  const name = readNonEmptyString(raw, ['metadata', 'name'], warnings);
  const namespace = readNonEmptyString(
    raw,
    ['metadata', 'namespace'],
    warnings,
  );
  if (!name) {
    warnings.add('metadata.name is missing');
  }
  if (!namespace) {
    warnings.add('metadata.namespace is missing');
  }
  return { name: name ?? '', namespace: namespace ?? '' };
}
