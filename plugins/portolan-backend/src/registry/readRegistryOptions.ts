/*
 * Reads `portolan.registries`: the allow-list of registry hosts (with their
 * credentials) and the tunables of registry reads. A bad entry stops the
 * backend at start with a message naming the key; a host that is a
 * link-local or metadata address is a bad entry.
 */
import type { Config } from '@backstage/config';
import { readDurationMs } from '../config/readDurationMs';
import { isForbiddenHostName, type RegistryHost } from './RegistryAccessPolicy';

/** How Portolan reads registries. */
export interface RegistryOptions {
  hosts: RegistryHost[];
  /** Per HTTP request (connect, headers, body). */
  requestTimeoutMs: number;
  /** How long a tag's resolution is trusted (run image tags, for rebases). */
  tagTtlMs: number;
  /** How often a scheduler re-resolves the tags in use. */
  tagRefreshIntervalMs: number;
  /** How long a failed lookup is remembered before asking again. */
  errorTtlMs: number;
  /** Registry requests in flight at once. */
  maxConcurrentRequests: number;
}

/** The defaults, with no registry allowed. */
export const DEFAULT_REGISTRY_OPTIONS: RegistryOptions = {
  hosts: [],
  requestTimeoutMs: 10_000,
  tagTtlMs: 15 * 60_000,
  tagRefreshIntervalMs: 5 * 60_000,
  errorTtlMs: 60_000,
  maxConcurrentRequests: 8,
};

const durationMs = (config: Config, key: string, fallback: number) =>
  readDurationMs(config, key, fallback, 'portolan.registries');

const HOST =
  /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

function readHost(config: Config, index: number): RegistryHost {
  const where = `portolan.registries.hosts[${index}]`;
  const host = config.getString('host').trim().toLowerCase();
  if (!HOST.test(host)) {
    throw new Error(
      `Invalid ${where}.host '${host}': expected a host name or address with an optional port, or *.domain`,
    );
  }
  if (isForbiddenHostName(host.replace(/:\d+$/, '').replace(/^\*\./, ''))) {
    throw new Error(
      `Invalid ${where}.host '${host}': link-local and cloud metadata addresses are never contacted`,
    );
  }
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  if ((username === undefined) !== (password === undefined)) {
    throw new Error(
      `Invalid ${where}: set both username and password, or neither`,
    );
  }
  return {
    host,
    username,
    password,
    insecure: config.getOptionalBoolean('insecure') ?? false,
  };
}

/** Reads `portolan.registries`; throws naming the key on a bad value. */
export function readRegistryOptions(root: Config): RegistryOptions {
  const config = root.getOptionalConfig('portolan.registries');
  if (!config) {
    return DEFAULT_REGISTRY_OPTIONS;
  }
  const hosts = (config.getOptionalConfigArray('hosts') ?? []).map(readHost);
  const maxConcurrentRequests =
    config.getOptionalNumber('maxConcurrentRequests') ??
    DEFAULT_REGISTRY_OPTIONS.maxConcurrentRequests;
  if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
    throw new Error(
      'Invalid portolan.registries.maxConcurrentRequests: must be a positive integer',
    );
  }
  return {
    hosts,
    requestTimeoutMs: durationMs(
      config,
      'requestTimeout',
      DEFAULT_REGISTRY_OPTIONS.requestTimeoutMs,
    ),
    tagTtlMs: durationMs(config, 'tagTtl', DEFAULT_REGISTRY_OPTIONS.tagTtlMs),
    tagRefreshIntervalMs: durationMs(
      config,
      'tagRefreshInterval',
      DEFAULT_REGISTRY_OPTIONS.tagRefreshIntervalMs,
    ),
    errorTtlMs: durationMs(
      config,
      'errorTtl',
      DEFAULT_REGISTRY_OPTIONS.errorTtlMs,
    ),
    maxConcurrentRequests,
  };
}
