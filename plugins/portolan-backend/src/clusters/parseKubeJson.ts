/*
 * JSON.parse for Kubernetes objects and watch events, without
 * `metadata.managedFields`. Every object the API server sends carries its
 * server-side-apply bookkeeping (~550 bytes and a dozen empty objects on a
 * pod, a sixth of its parse); no projection reads it (client-go's informers
 * strip it with a transform for the same reason). The text is scanned up to
 * that member, which is validated as strict JSON and cut out, and the rest is
 * parsed by `JSON.parse`, which checks it: the result is what `JSON.parse`
 * gives minus that member, and text `JSON.parse` rejects is rejected with
 * the same SyntaxError. Anything unexpected on the way (no such member, an
 * escaped key, a value of another type) falls back to `JSON.parse` of the
 * whole text, and the member is then deleted from the parsed value.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The member cut out, and where the object holding it is found. */
const MANAGED_FIELDS = 'managedFields';
const OBJECT_PATH: readonly string[] = ['metadata'];
const EVENT_PATH: readonly string[] = ['object', 'metadata'];

/** A Kubernetes object (a list item, a GET) parsed without `metadata.managedFields`. */
export function parseKubeObject(text: string): unknown {
  return parseWithout(text, OBJECT_PATH);
}

/** A watch event (`{"type":…,"object":{…}}`) parsed without `object.metadata.managedFields`. */
export function parseWatchEvent(text: string): unknown {
  return parseWithout(text, EVENT_PATH);
}

function parseWithout(text: string, path: readonly string[]): unknown {
  const cut = findMember(text, path, MANAGED_FIELDS);
  const value: unknown = cut
    ? JSON.parse(text.slice(0, cut[0]) + text.slice(cut[1]))
    : JSON.parse(text);
  // What the scan does not cut (a duplicate or escaped key, a member the
  // scan gave up before) goes here, so the result never depends on it.
  let holder: unknown = value;
  for (const key of path) {
    holder =
      typeof holder === 'object' && holder !== null
        ? (holder as Record<string, unknown>)[key]
        : undefined;
  }
  if (
    typeof holder === 'object' &&
    holder !== null &&
    !Array.isArray(holder) &&
    Object.hasOwn(holder, MANAGED_FIELDS)
  ) {
    delete (holder as Record<string, unknown>)[MANAGED_FIELDS];
  }
  return value;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    // space, tab, line feed, carriage return: JSON's whitespace.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
}

/**
 * The end (exclusive) of the string whose opening quote is at `at`, or -1
 * when it does not end. Does not validate escapes (JSON.parse does that
 * for text it parses).
 */
function endOfString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    // The quote ends the string unless an odd number of backslashes precede it.
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** The end (exclusive) of the value at `at` (not validated), or -1. */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return endOfString(text, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = at;
    const length = text.length;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = endOfString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  let i = at;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (
      c === COMMA ||
      c === CLOSE_BRACE ||
      c === CLOSE_BRACKET ||
      c === 0x20 ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d
    ) {
      break;
    }
    i++;
  }
  return i === at ? -1 : i;
}

/**
 * Where to cut `"name": value` (with one adjacent comma) out of the object
 * found by following `path` from the top-level object, or undefined when
 * it is not there as expected. The cut value is validated as JSON, so the
 * text with the member is valid exactly when the text without it is.
 */
export function findMember(
  text: string,
  path: readonly string[],
  name: string,
): [number, number] | undefined {
  let i = skipSpace(text, 0);
  let depth = 0;
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  for (;;) {
    // Inside an object, just after `{`: walk its members.
    i = skipSpace(text, i + 1);
    /** The end of the previous member's value, for a cut of the last member. */
    let previousEnd = -1;
    let descended = false;
    while (text.charCodeAt(i) === QUOTE) {
      const memberStart = i;
      const keyEnd = endOfString(text, i);
      if (keyEnd < 0) return undefined;
      // An escaped key cannot be compared as written: not ours.
      const raw = text.slice(i + 1, keyEnd - 1);
      const key = raw.includes('\\') ? undefined : raw;
      i = skipSpace(text, keyEnd);
      if (text.charCodeAt(i) !== COLON) return undefined;
      i = skipSpace(text, i + 1);
      if (depth === path.length && key === name) {
        const end = validValueEnd(text, i);
        if (end < 0) return undefined;
        const after = skipSpace(text, end);
        if (text.charCodeAt(after) === COMMA) {
          return [memberStart, skipSpace(text, after + 1)];
        }
        if (text.charCodeAt(after) !== CLOSE_BRACE) return undefined;
        return previousEnd >= 0 ? [previousEnd, after] : [memberStart, after];
      }
      if (depth < path.length && key === path[depth]) {
        if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
        depth++;
        descended = true;
        break;
      }
      const end = endOfValue(text, i);
      if (end < 0) return undefined;
      previousEnd = end;
      i = skipSpace(text, end);
      if (text.charCodeAt(i) !== COMMA) return undefined;
      i = skipSpace(text, i + 1);
    }
    if (!descended) return undefined;
  }
}

/** The end (exclusive) of the strictly valid JSON value at `at`, or -1. */
export function validValueEnd(text: string, at: number): number {
  /** Open containers: true for an object, false for an array. */
  const open: boolean[] = [];
  let i = at;
  for (;;) {
    i = skipSpace(text, i);
    // A value.
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const isObject = c === OPEN_BRACE;
      i = skipSpace(text, i + 1);
      const close = isObject ? CLOSE_BRACE : CLOSE_BRACKET;
      if (text.charCodeAt(i) === close) {
        i++;
      } else {
        open.push(isObject);
        if (isObject) {
          i = validKey(text, i);
          if (i < 0) return -1;
        }
        continue;
      }
    } else if (c === QUOTE) {
      i = validStringEnd(text, i);
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      i = validNumberEnd(text, i);
    } else if (text.startsWith('true', i)) {
      i += 4;
    } else if (text.startsWith('false', i)) {
      i += 5;
    } else if (text.startsWith('null', i)) {
      i += 4;
    } else {
      return -1;
    }
    if (i < 0) return -1;
    // After a value: close containers or go on to the next element.
    for (;;) {
      if (open.length === 0) return i;
      i = skipSpace(text, i);
      const d = text.charCodeAt(i);
      const isObject = open[open.length - 1];
      if (d === COMMA) {
        i++;
        if (isObject) {
          i = validKey(text, skipSpace(text, i));
          if (i < 0) return -1;
        }
        break;
      }
      if (d !== (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
      open.pop();
      i++;
    }
  }
}

/** Past `"key" :` when valid, else -1. */
function validKey(text: string, at: number): number {
  if (text.charCodeAt(at) !== QUOTE) return -1;
  const end = validStringEnd(text, at);
  if (end < 0) return -1;
  const colon = skipSpace(text, end);
  return text.charCodeAt(colon) === COLON ? colon + 1 : -1;
}

function isHex(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x46) ||
    (c >= 0x61 && c <= 0x66)
  );
}

function validStringEnd(text: string, at: number): number {
  const length = text.length;
  let i = at + 1;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        for (let k = 2; k < 6; k++) {
          if (!isHex(text.charCodeAt(i + k))) return -1;
        }
        i += 6;
        continue;
      }
      // " \ / b f n r t
      if (
        e !== QUOTE &&
        e !== BACKSLASH &&
        e !== 0x2f &&
        e !== 0x62 &&
        e !== 0x66 &&
        e !== 0x6e &&
        e !== 0x72 &&
        e !== 0x74
      ) {
        return -1;
      }
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

function digitsEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return i;
    i++;
  }
}

function validNumberEnd(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 0x2d) i++;
  const c = text.charCodeAt(i);
  if (c === 0x30) {
    i++;
  } else if (c >= 0x31 && c <= 0x39) {
    i = digitsEnd(text, i);
  } else {
    return -1;
  }
  if (text.charCodeAt(i) === 0x2e) {
    const end = digitsEnd(text, i + 1);
    if (end === i + 1) return -1;
    i = end;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const s = text.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) i++;
    const end = digitsEnd(text, i);
    if (end === i) return -1;
    i = end;
  }
  return i;
}
