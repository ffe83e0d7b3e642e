/*
 * Which registries Portolan may contact. An image string comes from a pod
 * spec and is untrusted input: only hosts on the configured allow-list are
 * ever contacted, and link-local and cloud metadata addresses are refused
 * even when configured — as names, as IP literals in any spelling, and as
 * what a name resolves to (checked again at connect time by the transport).
 */
import { isIP } from 'node:net';

/** One configured registry host and how to talk to it. */
export interface RegistryHost {
  /** `registry.acme.example`, `localhost:5000`, `[::1]:5000`, or `*.acme.example` (subdomains). */
  host: string;
  username?: string;
  password?: string;
  /** Plain HTTP instead of HTTPS. */
  insecure: boolean;
}

/** The answer to "may Portolan contact this host?". */
export type AccessDecision =
  | { allowed: true; entry: RegistryHost; origin: string }
  | { allowed: false; reason: string };

// Names that reach cloud metadata services from inside a VM or pod.
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

// IPv4 metadata endpoints outside 169.254.0.0/16: Alibaba Cloud, Azure WireServer.
const METADATA_IPV4 = new Set(['100.100.100.200', '168.63.129.16']);

/** Docker Hub answers the registry API only on `registry-1.docker.io`. */
const DOCKER_HUB_NAMES = new Set(['docker.io', 'index.docker.io']);
const DOCKER_HUB_API = 'registry-1.docker.io';

function ipv4Octets(address: string): number[] | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map(Number);
  return octets.every(o => Number.isInteger(o) && o >= 0 && o <= 255)
    ? octets
    : undefined;
}

function forbiddenIpv4(address: string): boolean {
  const octets = ipv4Octets(address);
  if (!octets) return false;
  return (
    (octets[0] === 169 && octets[1] === 254) || // link-local, metadata
    octets[0] === 0 || // "this network"; 0.0.0.0 reaches local services
    METADATA_IPV4.has(address)
  );
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const octets = ipv4Octets(dotted[1]);
    if (!octets) return undefined;
    text = `${text.slice(0, dotted.index)}${(
      (octets[0] << 8) |
      octets[1]
    ).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) =>
    part === '' ? [] : part.split(':').map(h => parseInt(h, 16));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...new Array(missing).fill(0), ...tail];
  return groups.every(g => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

function forbiddenIpv6(address: string): boolean {
  const g = ipv6Groups(address);
  if (!g) return false;
  if (g.every(group => group === 0)) return true; // unspecified
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  // AWS's IPv6 metadata endpoint fd00:ec2::254.
  if (
    g[0] === 0xfd00 &&
    g[1] === 0x0ec2 &&
    g.slice(2, 7).every(group => group === 0) &&
    g[7] === 0x254
  ) {
    return true;
  }
  // IPv4-mapped addresses (::ffff:a.b.c.d) reach the IPv4 address they carry.
  if (g.slice(0, 5).every(group => group === 0) && g[5] === 0xffff) {
    const v4 = `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
    return forbiddenIpv4(v4);
  }
  return false;
}

/** True for link-local, unspecified and cloud metadata addresses. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address.replace(/^\[|\]$/g, ''));
  if (family === 4) return forbiddenIpv4(address);
  if (family === 6) return forbiddenIpv6(address);
  return false;
}

/** True for host names that reach metadata services. */
export function isForbiddenHostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return METADATA_NAMES.has(name) || isForbiddenAddress(name);
}

/** The registry API host for an image's registry name (Docker Hub's differs). */
export function registryApiHost(registry: string): string {
  const lower = registry.toLowerCase();
  return DOCKER_HUB_NAMES.has(lower) ? DOCKER_HUB_API : lower;
}

interface ParsedAuthority {
  hostname: string;
  /** The port as written; '' for the scheme default. */
  port: string;
}

/**
 * Parses `host[:port]` the way the connection will: WHATWG URL rules turn
 * `2852039166` or `0xa9.0xfe.0xa9.0xfe` into `169.254.169.254`, so checks
 * see what would be dialled.
 */
function parseAuthority(authority: string): ParsedAuthority | undefined {
  if (!authority || /[/?#@\s\\]/.test(authority)) {
    return undefined;
  }
  try {
    const url = new URL(`https://${authority}`);
    return { hostname: url.hostname.replace(/\.$/, ''), port: url.port };
  } catch {
    return undefined;
  }
}

function entryMatches(
  entry: RegistryHost,
  parsed: ParsedAuthority,
  defaultPort: string,
): boolean {
  const pattern = parseAuthority(entry.host.replace(/^\*\./, ''));
  if (!pattern) return false;
  const port = (p: string) => (p === '' ? defaultPort : p);
  if (port(pattern.port) !== port(parsed.port)) return false;
  if (entry.host.startsWith('*.')) {
    return parsed.hostname.endsWith(`.${pattern.hostname}`);
  }
  return parsed.hostname === pattern.hostname;
}

export class RegistryAccessPolicy {
  constructor(readonly hosts: readonly RegistryHost[]) {}

  /** True when any registry is configured at all. */
  get configured(): boolean {
    return this.hosts.length > 0;
  }

  /**
   * Whether `authority` (`host[:port]`, as an image names its registry or a
   * token realm or redirect names its host) may be contacted, and how.
   */
  check(authority: string): AccessDecision {
    const parsed = parseAuthority(registryApiHost(authority));
    if (!parsed) {
      return {
        allowed: false,
        reason: `'${authority}' is not a valid registry host`,
      };
    }
    if (isForbiddenHostName(parsed.hostname)) {
      return {
        allowed: false,
        reason: `${authority} is a link-local or metadata address; Portolan never contacts it`,
      };
    }
    for (const entry of this.hosts) {
      const defaultPort = entry.insecure ? '80' : '443';
      if (entryMatches(entry, parsed, defaultPort)) {
        const scheme = entry.insecure ? 'http' : 'https';
        return {
          allowed: true,
          entry,
          // WHATWG hostnames keep IPv6 brackets, so this is a valid origin.
          origin: `${scheme}://${parsed.hostname}${
            parsed.port ? `:${parsed.port}` : ''
          }`,
        };
      }
    }
    return {
      allowed: false,
      reason: `${authority} is not on the portolan.registries allow-list`,
    };
  }

  /**
   * Whether a URL a registry handed back (a token realm, a blob redirect)
   * may be fetched: its host must be allowed too, and plain HTTP only where
   * the host's entry says `insecure`.
   */
  checkUrl(url: URL): AccessDecision {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { allowed: false, reason: `${url.protocol} URLs are not fetched` };
    }
    if (url.username || url.password) {
      return {
        allowed: false,
        reason: 'URLs with credentials are not fetched',
      };
    }
    const decision = this.check(url.host);
    if (
      decision.allowed &&
      url.protocol === 'http:' &&
      !decision.entry.insecure
    ) {
      return {
        allowed: false,
        reason: `${url.host} is not configured as insecure; plain HTTP is refused`,
      };
    }
    return decision;
  }
}
