const STABILITY: Record<string, number> = { ga: 2, beta: 1, alpha: 0 };
const PATTERN = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Orders API versions as Kubernetes does: GA before beta before alpha, higher
 * numbers first, anything not matching the pattern last (alphabetically).
 */
export function compareVersions(a: string, b: string): number {
  const ma = PATTERN.exec(a);
  const mb = PATTERN.exec(b);
  if (!ma || !mb) {
    if (ma) return -1;
    if (mb) return 1;
    return a.localeCompare(b);
  }
  const rank = (m: RegExpExecArray) => STABILITY[m[2] ?? 'ga'];
  const ra = rank(ma);
  const rb = rank(mb);
  if (ra !== rb) return rb - ra;
  const major = Number(mb[1]) - Number(ma[1]);
  if (major !== 0) return major;
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}
