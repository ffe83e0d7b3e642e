/*
 * How times, durations, commits and digests read in the UI. Luxon for
 * dates; every function accepts missing input and says so in words.
 */
import { DateTime, Duration } from 'luxon';

/** `1h 2m`, `3m 20s`, `45s`, `0.4s`; `—` when unknown. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${(ms / 1000).toFixed(1)}s`;
  const d = Duration.fromMillis(ms).shiftTo('hours', 'minutes', 'seconds');
  const h = Math.floor(d.hours);
  const m = Math.floor(d.minutes);
  const s = Math.floor(d.seconds);
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** The duration between two RFC 3339 times, or from `start` until now when running. */
export function durationBetween(
  start: string | undefined,
  end: string | undefined,
  now: DateTime = DateTime.now(),
): number | undefined {
  if (!start) return undefined;
  const from = DateTime.fromISO(start);
  const to = end ? DateTime.fromISO(end) : now;
  if (!from.isValid || !to.isValid) return undefined;
  return Math.max(0, to.toMillis() - from.toMillis());
}

/** `3 minutes ago`; `unknown time` when missing or unparsable. */
export function formatRelative(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const t = DateTime.fromISO(iso);
  if (!t.isValid) return iso;
  return t.toRelative() ?? t.toISO() ?? iso;
}

/** How long a run, task or stage took: its recorded duration, else start to finish (or now). */
export function formatRunDuration(record: {
  durationMs?: number;
  startedAt?: string;
  finishedAt?: string;
}): string {
  return formatDuration(
    record.durationMs ?? durationBetween(record.startedAt, record.finishedAt),
  );
}

/** `2025-01-31 12:00 UTC`, for tooltips beside relative times. */
export function formatAbsolute(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const t = DateTime.fromISO(iso);
  if (!t.isValid) return iso;
  return t.toUTC().toFormat("yyyy-LL-dd HH:mm:ss 'UTC'");
}

/** The first 7 characters of a commit SHA. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : 'unknown commit';
}

/** `sha256:1a2b3c4d5e6f`, from a digest or an image reference with one. */
export function shortDigest(digest: string | undefined): string {
  if (!digest) return 'unknown digest';
  const at = digest.lastIndexOf('@');
  const d = at >= 0 ? digest.slice(at + 1) : digest;
  const [algo, hex] = d.includes(':') ? d.split(':', 2) : ['sha256', d];
  return `${algo}:${hex.slice(0, 12)}`;
}

/** The repository part of an image reference (`registry/path`), without tag or digest. */
export function imageRepository(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
}

/** A link to a commit on a known forge, from a repository URL and a SHA. */
export function commitUrl(
  repositoryUrl: string | undefined,
  sha: string | undefined,
): string | undefined {
  if (!repositoryUrl || !sha || !/^[0-9a-f]{7,64}$/i.test(sha))
    return undefined;
  const base = repositoryUrl
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  if (!/^https:\/\/(github\.com|gitlab\.com|bitbucket\.org)\//.test(base)) {
    return undefined;
  }
  return base.includes('bitbucket.org')
    ? `${base}/commits/${sha}`
    : `${base}/commit/${sha}`;
}

/** Cuts a long message (a backend error listing every resource) for inline display. */
export function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** `paketobuildpacks/run-jammy-base@sha256:76f363890836`: an image reference short enough for a cell. */
export function shortImageReference(reference: string | undefined): string {
  if (!reference) return '—';
  const withoutHub = reference.replace(/^(index\.)?docker\.io\//, '');
  const at = withoutHub.indexOf('@');
  return at < 0
    ? withoutHub
    : `${withoutHub.slice(0, at)}@${shortDigest(withoutHub.slice(at + 1))}`;
}
