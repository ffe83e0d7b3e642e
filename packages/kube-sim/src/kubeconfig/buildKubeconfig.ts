import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  caData: string;
  token: string;
}

/**
 * A kubeconfig with one cluster, user and context per cluster, all named
 * after it; the first is the current context.
 */
export function buildKubeconfig(clusters: KubeconfigCluster[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: { server: c.url, 'certificate-authority-data': c.caData },
    })),
    users: clusters.map(c => ({ name: c.name, user: { token: c.token } })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: c.name },
    })),
    'current-context': clusters[0]?.name ?? '',
  });
}
