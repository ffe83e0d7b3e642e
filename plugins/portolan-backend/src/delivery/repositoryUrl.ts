/*
 * Repository identity. Delivery systems write the same repository many ways
 * (`https://github.com/Acme/Shop.git`, `git@github.com:acme/shop`,
 * `ssh://git@github.com/acme/shop`, a Backstage `url:…/tree/main/` location);
 * all of them reduce to one key, `github.com/acme/shop`, so that an entity's
 * repository can be compared with what a run or an application recorded.
 */

/** `host/owner/repo`, lowercased, without scheme, user, port or `.git`. */
export type RepositoryKey = string;

// Path markers after which a web URL stops naming the repository.
const WEB_PATH_MARKERS = ['-', 'tree', 'blob', 'src', 'commit', 'commits'];

function splitPath(path: string): string[] {
  return path
    .split('/')
    .map(segment => segment.trim())
    .filter(segment => segment.length > 0);
}

function keyFrom(host: string, rawPath: string): RepositoryKey | undefined {
  const normalizedHost = host.toLowerCase().replace(/^www\./, '');
  let segments = splitPath(rawPath.replace(/[?#].*$/, ''));
  // GitHub repositories are always owner/name; everything after is a web page.
  if (normalizedHost === 'github.com') {
    segments = segments.slice(0, 2);
  } else {
    const marker = segments.findIndex(
      (segment, index) => index >= 2 && WEB_PATH_MARKERS.includes(segment),
    );
    if (marker >= 0) {
      segments = segments.slice(0, marker);
    }
  }
  if (!normalizedHost || segments.length < 2) {
    return undefined;
  }
  const last = segments.length - 1;
  segments[last] = segments[last].replace(/\.git$/i, '');
  if (!segments[last]) {
    return undefined;
  }
  return `${normalizedHost}/${segments.join('/')}`.toLowerCase();
}

/**
 * Keys by text: every projected run and every view normalises the same few
 * repository URLs again, and `new URL` is not cheap. Bounded: cleared when
 * full, so unique texts cannot grow it without limit.
 */
const KEY_CACHE_LIMIT = 10_000;
const keyCache = new Map<string, RepositoryKey | undefined>();

/**
 * Reduces a repository URL (https, http, ssh, scp-like `git@host:path`,
 * `git+https`, a Backstage `url:` location) to its key. Undefined when the
 * text does not name a repository.
 */
export function normalizeRepositoryUrl(
  text: string | undefined,
): RepositoryKey | undefined {
  if (!text) {
    return undefined;
  }
  if (keyCache.has(text)) {
    return keyCache.get(text);
  }
  const key = parseRepositoryUrl(text);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(text, key);
  return key;
}

function parseRepositoryUrl(text: string): RepositoryKey | undefined {
  let value = text
    .trim()
    .replace(/^url:/, '')
    .replace(/^git\+/, '');
  // scp-like syntax: [user@]host:path (no scheme, no slash before the colon).
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(value);
  if (scpLike && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return keyFrom(scpLike[1], scpLike[2]);
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // `github.com/acme/shop` without a scheme; only for git hosts, since
    // `registry.example/team/app:1.0` (an image) has the same shape.
    const host = /^([a-z0-9.-]+\.[a-z]{2,})\//i.exec(value)?.[1]?.toLowerCase();
    if (host && (host.includes('git') || host === 'bitbucket.org')) {
      value = `https://${value}`;
    } else {
      return undefined;
    }
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'ssh:', 'git:'].includes(url.protocol)) {
    return undefined;
  }
  return keyFrom(url.hostname, decodeURIComponent(url.pathname));
}

/** The key of a GitHub `owner/repo` slug (`github.com/project-slug`). */
export function repositoryKeyFromSlug(
  slug: string | undefined,
  host = 'github.com',
): RepositoryKey | undefined {
  if (!slug) {
    return undefined;
  }
  const segments = splitPath(slug);
  if (segments.length !== 2) {
    return undefined;
  }
  return keyFrom(host, segments.join('/'));
}

/** The `owner/repo` part of a key (everything after the host). */
export function repositoryPath(key: RepositoryKey): string {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(slash + 1);
}

/** True when the text is a plausible git commit SHA (abbreviated or full, SHA-1 or SHA-256). */
export function isCommitSha(text: string | undefined): text is string {
  return text !== undefined && /^[0-9a-f]{7,64}$/i.test(text);
}

/**
 * True when two SHAs name the same commit: equal, or one is an abbreviation
 * (at least 7 characters) of the other.
 */
export function sameCommit(a: string, b: string): boolean {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  if (left.length < 7 || right.length < 7) {
    return false;
  }
  return left.startsWith(right) || right.startsWith(left);
}
