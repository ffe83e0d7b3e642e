/*
 * What a cluster locator produces: a named cluster and how to connect to it.
 * Credentials stay inside `ClusterConnection`; nothing outside the HTTP
 * client reads them, and nothing logs them.
 */

/** How to reach one API server. */
export interface ClusterConnection {
  /** `https://host:port` (no trailing slash). */
  url: string;
  /** PEM CA bundle to verify the server with; the system's CAs when absent. */
  ca?: string | Buffer;
  /** PEM client certificate and key, for clusters that authenticate by certificate. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Turns TLS verification off; only when configured explicitly. */
  skipTLSVerify: boolean;
  /** Server name to verify the certificate against, when it differs from the URL's host. */
  tlsServerName?: string;
  /**
   * The `Authorization` header for the next request, or undefined for none.
   * Called before every request, so rotated token files are picked up.
   */
  authorization(): Promise<string | undefined>;
}

/** One cluster to watch. */
export interface ClusterDefinition {
  /** Unique across all locators; the name users and annotations refer to. */
  name: string;
  title: string;
  /** The locator type that produced it (`config`, `kubeconfig` …). */
  locator: string;
  /** Where in the configuration it was declared, for error messages. */
  configKey: string;
  connection: ClusterConnection;
}

/** Turns one `portolan.clusterLocatorMethods` entry into clusters. */
export interface ClusterLocator {
  readonly type: string;
  /** The clusters, read and validated at start; throws naming the config key. */
  getClusters(): Promise<ClusterDefinition[]>;
  /** Releases what the locator started (the demo's kube-sim). */
  stop?(): Promise<void>;
}
