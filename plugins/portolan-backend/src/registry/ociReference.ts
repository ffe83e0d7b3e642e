/*
 * Image references checked against the OCI distribution reference grammar
 * before anything is sent to a registry. An image string comes from a pod
 * spec (or an image's labels) and is untrusted: its repository and tag go
 * into request paths, so `../`, `?`, `#`, `%2e%2e`, uppercase repositories
 * and anything else outside the grammar are refused here, never sent. Owns
 * the grammar only; it never contacts a registry. Every pattern is linear
 * (no nested quantifier can match the same text two ways).
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */

/** What a registry request names: host, repository path and a tag or digest. */
export interface OciReference {
  /** `registry.acme.example`, `localhost:5000`, `docker.io`. */
  registry: string;
  /** Path components (`payments/invoice-worker`; `library/nginx` on Docker Hub). */
  repository: string;
  /** A tag, or a digest (`sha256:…`) when the reference pins one. */
  reference: string;
}

// path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*. The spec writes the
// dash run as [-]*; -+ is the same language without an empty separator.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
// The digest algorithms a registry client can verify, with their lengths.
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const DOMAIN_COMPONENT =
  /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
// A port as a URL keeps it: no leading zero (`:0443` would become `:443`
// after the allow-list saw another string), 1-65535.
const PORT = /^[1-9][0-9]{0,4}$/;
const validPort = (p: string) => PORT.test(p) && Number(p) <= 65535;
// The grammar's ipv6address: hex digits and colons only.
const IPV6 = /^\[[0-9a-fA-F:]+\]$/;
const ENDS_IN_NUMBER = /^(?:[0-9]+|0[xX][0-9a-fA-F]*)$/;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** The grammar's limit on `domain/path` (NameTotalLengthMax). */
const NAME_MAX = 255;

/** Whether `text` is a tag by the grammar (`1.0`, `latest`, `v2_rc-1`). */
export function isValidTag(text: string): boolean {
  return TAG.test(text);
}

/** Whether `text` is a digest a registry request may name (`sha256:<64 hex>`). */
export function isValidDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** Whether `text` is a repository path by the grammar (no domain). */
export function isValidRepositoryPath(text: string): boolean {
  return text.split('/').every(c => PATH_COMPONENT.test(c));
}

/** Whether `text` is a registry host (`host[:port]`, `[v6]:port`). */
export function isValidRegistryHost(text: string): boolean {
  const v6 = /^(\[[^\]]*\])(?::([^:]*))?$/.exec(text);
  if (v6) return IPV6.test(v6[1]) && (v6[2] === undefined || validPort(v6[2]));
  const [host, port, extra] = text.split(':');
  if (extra !== undefined || (port !== undefined && !validPort(port))) {
    return false;
  }
  const labels = host.split('.');
  if (!labels.every(c => DOMAIN_COMPONENT.test(c))) return false;
  // A URL parser reads a host ending in a number as IPv4 (`0x7f.1` is
  // 127.0.0.1): only the canonical dotted form, so the host requested is
  // the host checked.
  return !ENDS_IN_NUMBER.test(labels[labels.length - 1]) || IPV4.test(host);
}

/** Why a registry/repository/reference triple is refused, or undefined when it is valid. */
export function ociReferenceProblem(ref: OciReference): string | undefined {
  if (!isValidRegistryHost(ref.registry)) {
    return `'${ref.registry}' is not a registry host`;
  }
  if (!isValidRepositoryPath(ref.repository)) {
    return `'${ref.repository}' is not a repository path (lowercase letters, digits and single . _ __ - separators between /)`;
  }
  if (ref.registry.length + 1 + ref.repository.length > NAME_MAX) {
    return `the name is longer than ${NAME_MAX} characters`;
  }
  if (!isValidTag(ref.reference) && !isValidDigest(ref.reference)) {
    return `'${ref.reference}' is neither a tag nor a sha256/sha512 digest`;
  }
  return undefined;
}

/**
 * Parses `[domain/]path[:tag][@digest]` strictly by the grammar (a digest
 * wins over a tag; no tag means `latest`); undefined for anything else. A
 * kubelet's `docker-pullable://` prefix is dropped. Docker Hub's implicit
 * `docker.io/library/` is made explicit.
 */
export function parseOciReference(text: string): OciReference | undefined {
  const rest0 = text.replace(/^docker-pullable:\/\//, '');
  if (rest0.length > NAME_MAX + 1 + 128 + 1 + 135) return undefined;
  let rest = rest0;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain =
    slash >= 0 &&
    (first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase());
  let registry = 'docker.io';
  let repository = rest;
  if (hasDomain) {
    registry = first;
    repository = rest.slice(slash + 1);
  } else if (slash < 0) {
    repository = `library/${rest}`;
  }
  const ref = { registry, repository, reference: digest ?? tag ?? 'latest' };
  return ociReferenceProblem(ref) ? undefined : ref;
}
