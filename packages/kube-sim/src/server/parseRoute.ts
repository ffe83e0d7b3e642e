/** What a request path addresses. */
export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'openapi' }
  | { kind: 'coreVersions' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      watchPath: boolean;
    }
  | { kind: 'unknown' };

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

/** Splits an API path into the thing it addresses. */
export function parseRoute(pathname: string): Route {
  const path =
    pathname.length > 1 && pathname.endsWith('/')
      ? pathname.slice(0, -1)
      : pathname;
  if (path === '/version') return { kind: 'version' };
  if (
    HEALTH.has(path) ||
    path.startsWith('/healthz/') ||
    path.startsWith('/livez/') ||
    path.startsWith('/readyz/')
  ) {
    return { kind: 'health' };
  }
  if (
    path.startsWith('/openapi/') ||
    path === '/openapi' ||
    path === '/swagger.json'
  ) {
    return { kind: 'openapi' };
  }
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'coreVersions' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'groups' };
    if (segs.length === 2) return { kind: 'group', group: segs[1] };
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return { kind: 'unknown' };
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) {
    return watchPath
      ? { kind: 'unknown' }
      : { kind: 'resources', group, version };
  }
  const namespaceSub =
    group === '' &&
    rest[0] === 'namespaces' &&
    rest.length === 3 &&
    ['status', 'finalize'].includes(rest[2]);
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSub) {
    if (rest.length > 5) return { kind: 'unknown' };
    return {
      kind: 'resource',
      group,
      version,
      namespace: rest[1],
      plural: rest[2],
      name: rest[3],
      subresource: rest[4],
      watchPath,
    };
  }
  if (rest.length > 3) return { kind: 'unknown' };
  return {
    kind: 'resource',
    group,
    version,
    plural: rest[0],
    name: rest[1],
    subresource: rest[2],
    watchPath,
  };
}
