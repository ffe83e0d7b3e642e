/*
 * Attributes an Application's destination to a Portolan cluster. Argo CD
 * names its own cluster `in-cluster` (server `https://kubernetes.default.svc`);
 * other destinations are matched by server URL against the clusters Portolan
 * knows, then by name. Argo CD's own cluster list lives in Secrets, which
 * Portolan never reads, so names are compared as written.
 */
import type { DeploymentDestination } from '@portolan/plugin-portolan-common';

/** A cluster Portolan knows, as destination matching needs it. */
export interface KnownCluster {
  name: string;
  /** The API server URL, when configured. */
  url?: string;
}

const IN_CLUSTER_SERVER = 'kubernetes.default.svc';

/** Reduces an API server URL to `host:port` for comparison; undefined when it does not parse. */
export function apiServerIdentity(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    const port = url.port || (url.protocol === 'http:' ? '80' : '443');
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.hostname.toLowerCase()}:${port}${path}`;
  } catch {
    return undefined;
  }
}

function isInCluster(server: string | undefined, name: string | undefined) {
  if (name === 'in-cluster') {
    return true;
  }
  if (!server) {
    return false;
  }
  const identity = apiServerIdentity(server);
  return (
    identity !== undefined &&
    (identity.startsWith(`${IN_CLUSTER_SERVER}:`) ||
      identity.startsWith(`${IN_CLUSTER_SERVER}.cluster.local:`))
  );
}

/**
 * Resolves a destination. `argoCluster` is the cluster the Application was
 * read from, which is where Argo CD runs.
 */
export function resolveArgoDestination(
  destination: { server?: string; name?: string; namespace?: string },
  argoCluster: string,
  knownClusters: readonly KnownCluster[],
): DeploymentDestination {
  const base = {
    ...(destination.server ? { server: destination.server } : {}),
    ...(destination.name ? { name: destination.name } : {}),
    ...(destination.namespace ? { namespace: destination.namespace } : {}),
  };
  if (isInCluster(destination.server, destination.name)) {
    return { ...base, cluster: argoCluster, match: 'in-cluster' };
  }
  if (destination.server) {
    const wanted = apiServerIdentity(destination.server);
    const byServer = knownClusters.find(
      cluster => cluster.url && apiServerIdentity(cluster.url) === wanted,
    );
    if (wanted && byServer) {
      return { ...base, cluster: byServer.name, match: 'server' };
    }
  }
  if (destination.name) {
    const byName = knownClusters.find(
      cluster => cluster.name === destination.name,
    );
    if (byName) {
      return { ...base, cluster: byName.name, match: 'name' };
    }
  }
  return { ...base, match: 'unresolved' };
}
