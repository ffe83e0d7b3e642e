/*
 * Namespace names and globs (`kube-*`, `*-system`) as one predicate, for
 * the namespaces discovery leaves out. `*` matches any run of characters;
 * nothing else is special, so a pattern can never become a regular
 * expression of its own.
 */

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** True for a namespace any of `patterns` matches. */
export function namespaceMatcher(
  patterns: readonly string[],
): (namespace: string) => boolean {
  const exact = new Set(patterns.filter(p => !p.includes('*')));
  const globs = patterns.filter(p => p.includes('*')).map(globToRegExp);
  return namespace =>
    exact.has(namespace) || globs.some(glob => glob.test(namespace));
}
