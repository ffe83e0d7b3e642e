/*
 * Namespace names and globs (`kube-*`, `*-system`) as one predicate, for
 * the namespaces discovery leaves out. `*` matches any run of characters;
 * nothing else is special. Globs are matched without regular expressions,
 * segment by segment (leftmost match of each literal between stars), so the
 * work is bounded by pattern length × name length whatever the pattern:
 * a hostile `*a*a*a…b` cannot backtrack. Never builds a RegExp from config.
 */

/** Counts character comparisons, for tests that bound the work. */
export interface MatchCounter {
  steps: number;
}

/** Index of `part` in `text` within [from, to), or -1; counts comparisons. */
function find(
  text: string,
  part: string,
  from: number,
  to: number,
  counter: MatchCounter,
): number {
  for (let i = from; i + part.length <= to; i++) {
    let j = 0;
    while (j < part.length) {
      counter.steps++;
      if (text.charCodeAt(i + j) !== part.charCodeAt(j)) break;
      j++;
    }
    if (j === part.length) return i;
  }
  return -1;
}

/** Whether `text` matches the glob `pattern` (`*` = any run), in bounded work. */
export function matchGlob(
  pattern: string,
  text: string,
  counter: MatchCounter = { steps: 0 },
): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) {
    counter.steps += Math.min(pattern.length, text.length) + 1;
    return pattern === text;
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (text.length < first.length + last.length) return false;
  if (find(text, first, 0, first.length, counter) !== 0) return false;
  const end = text.length - last.length;
  if (find(text, last, end, text.length, counter) !== end) return false;
  let pos = first.length;
  for (let k = 1; k < parts.length - 1; k++) {
    const part = parts[k];
    if (!part) continue;
    const at = find(text, part, pos, end, counter);
    if (at < 0) return false;
    pos = at + part.length;
  }
  return true;
}

/** True for a namespace any of `patterns` matches. */
export function namespaceMatcher(
  patterns: readonly string[],
): (namespace: string) => boolean {
  const exact = new Set(patterns.filter(p => !p.includes('*')));
  const globs = patterns.filter(p => p.includes('*'));
  return namespace =>
    exact.has(namespace) || globs.some(glob => matchGlob(glob, namespace));
}
