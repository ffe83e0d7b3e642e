/*
 * `type: config`: clusters written out in app-config, with the same fields
 * as the official Kubernetes plugin's `config` locator so entries can be
 * copied over. Reads and checks every field at start; a bad entry stops the
 * backend with the key that is wrong.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Config } from '@backstage/config';
import type { ClusterDefinition, ClusterLocator } from './types';

/**
 * Cluster names are what annotations (comma-separated) and queries refer to:
 * no spaces or commas. Kubeconfig context names such as EKS ARNs pass.
 */
const CLUSTER_NAME = /^[^\s,]{1,253}$/;

/** Reads a file named in config, or fails naming the key. */
export function readConfiguredFile(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new Error(`Cannot read ${key} '${path}': ${code}`);
  }
}

/** PEM from a `*Data` field: base64 of PEM (as kubeconfig writes it) or PEM itself. */
export function decodePem(value: string, key: string): Buffer {
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return Buffer.from(trimmed);
  }
  const decoded = Buffer.from(trimmed, 'base64');
  if (!decoded.toString('utf8').includes('-----BEGIN')) {
    throw new Error(`Invalid ${key}: expected base64-encoded PEM`);
  }
  return decoded;
}

/** Checks a cluster name, failing with the key it came from. */
export function checkClusterName(name: string, key: string): string {
  if (!CLUSTER_NAME.test(name)) {
    throw new Error(
      `Invalid cluster name '${name}' at ${key}: at most 253 characters, no spaces or commas`,
    );
  }
  return name;
}

/** Checks an API server URL, failing with the key it came from. */
export function checkServerUrl(url: string, key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid ${key} '${url}': not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(
      `Invalid ${key} '${url}': use https:// (or http:// for a local proxy)`,
    );
  }
  return url.replace(/\/+$/, '');
}

/** A bearer token read from a file before every request (service account tokens rotate). */
export function tokenFileAuthorization(path: string): () => Promise<string> {
  return async () => {
    const token = (await readFile(path, 'utf8')).trim();
    return `Bearer ${token}`;
  };
}

/**
 * Reads one cluster entry (the official plugin's shape). `key` is where it
 * is, for messages.
 */
export function readClusterEntry(
  config: Config,
  key: string,
  locator: string,
): ClusterDefinition {
  const name = checkClusterName(config.getString('name'), `${key}.name`);
  const url = checkServerUrl(config.getString('url'), `${key}.url`);
  const authProvider = config.getOptionalString('authProvider');
  if (authProvider && authProvider !== 'serviceAccount') {
    throw new Error(
      `Unsupported ${key}.authProvider '${authProvider}': Portolan watches with the backend's own credentials (serviceAccountToken, tokenFile or a client certificate)`,
    );
  }

  const caData = config.getOptionalString('caData');
  const caFile = config.getOptionalString('caFile');
  if (caData && caFile) {
    throw new Error(`Set only one of ${key}.caData and ${key}.caFile`);
  }
  let ca: Buffer | undefined;
  if (caData) {
    ca = decodePem(caData, `${key}.caData`);
  } else if (caFile) {
    ca = readConfiguredFile(caFile, `${key}.caFile`);
  }

  const token = config.getOptionalString('serviceAccountToken');
  const tokenFile = config.getOptionalString('tokenFile');
  const certData = config.getOptionalString('clientCertData');
  const keyData = config.getOptionalString('clientKeyData');
  if (token && tokenFile) {
    throw new Error(
      `Set only one of ${key}.serviceAccountToken and ${key}.tokenFile`,
    );
  }
  if (Boolean(certData) !== Boolean(keyData)) {
    throw new Error(
      `Set both ${key}.clientCertData and ${key}.clientKeyData, or neither`,
    );
  }
  if (tokenFile) {
    readConfiguredFile(tokenFile, `${key}.tokenFile`);
  }

  const skipTLSVerify = config.getOptionalBoolean('skipTLSVerify') ?? false;
  let authorization: () => Promise<string | undefined> = async () => undefined;
  if (token) {
    const header = `Bearer ${token}`;
    authorization = async () => header;
  } else if (tokenFile) {
    authorization = tokenFileAuthorization(tokenFile);
  }
  return {
    name,
    title: config.getOptionalString('title') ?? name,
    locator,
    configKey: key,
    connection: {
      url,
      ca,
      cert: certData ? decodePem(certData, `${key}.clientCertData`) : undefined,
      key: keyData ? decodePem(keyData, `${key}.clientKeyData`) : undefined,
      skipTLSVerify,
      authorization,
    },
  };
}

export class ConfigClusterLocator implements ClusterLocator {
  readonly type = 'config';

  private constructor(private readonly clusters: ClusterDefinition[]) {}

  /** Reads `clusters` of a `type: config` entry at `key`. */
  static fromConfig(config: Config, key: string): ConfigClusterLocator {
    const entries = config.getConfigArray('clusters');
    return new ConfigClusterLocator(
      entries.map((entry, i) =>
        readClusterEntry(entry, `${key}.clusters[${i}]`, 'config'),
      ),
    );
  }

  async getClusters(): Promise<ClusterDefinition[]> {
    return this.clusters;
  }
}
