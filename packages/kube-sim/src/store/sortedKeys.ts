/** First index whose key is >= `key`. */
export function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > `key`. */
export function upperBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `key` keeping `keys` sorted (no-op if present). */
export function insertSorted(keys: string[], key: string): void {
  const i = lowerBound(keys, key);
  if (keys[i] !== key) keys.splice(i, 0, key);
}

/** Removes `key` from sorted `keys` (no-op if absent). */
export function removeSorted(keys: string[], key: string): void {
  const i = lowerBound(keys, key);
  if (keys[i] === key) keys.splice(i, 1);
}

/**
 * The end (exclusive) of the range of keys starting with `prefix`, where
 * prefix ends with '/': '0' is the character after '/'.
 */
export function prefixEnd(keys: string[], prefix: string): number {
  if (!prefix) return keys.length;
  return lowerBound(keys, `${prefix.slice(0, -1)}0`);
}
