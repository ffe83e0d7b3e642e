/*
 * `type: kubernetesPlugin`: reuses the `config`-type clusters an adopter
 * already declared for the official Kubernetes plugin under
 * `kubernetes.clusterLocatorMethods`, so they are configured once. Clusters
 * that authenticate per user (`authProvider: google`, `oidc` …) cannot be
 * watched with the backend's credentials and are skipped with a warning.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readClusterEntry } from './ConfigClusterLocator';
import type { ClusterDefinition, ClusterLocator } from './types';

export class KubernetesPluginClusterLocator implements ClusterLocator {
  readonly type = 'kubernetesPlugin';

  private constructor(private readonly clusters: ClusterDefinition[]) {}

  static fromConfig(
    root: Config,
    key: string,
    logger: LoggerService,
  ): KubernetesPluginClusterLocator {
    const methods =
      root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    const clusters: ClusterDefinition[] = [];
    let configMethods = 0;
    methods.forEach((method, i) => {
      if (method.getOptionalString('type') !== 'config') return;
      configMethods++;
      const entries = method.getOptionalConfigArray('clusters') ?? [];
      entries.forEach((entry, j) => {
        const entryKey = `kubernetes.clusterLocatorMethods[${i}].clusters[${j}]`;
        const authProvider = entry.getOptionalString('authProvider');
        if (authProvider && authProvider !== 'serviceAccount') {
          logger.warn(
            `${key}: skipping ${entryKey} (${entry.getOptionalString(
              'name',
            )}): authProvider '${authProvider}' needs a user's credentials; Portolan watches with a service account`,
          );
          return;
        }
        clusters.push(readClusterEntry(entry, entryKey, 'kubernetesPlugin'));
      });
    });
    if (configMethods === 0) {
      throw new Error(
        `${key} (type kubernetesPlugin) found no 'config' entries under kubernetes.clusterLocatorMethods`,
      );
    }
    return new KubernetesPluginClusterLocator(clusters);
  }

  async getClusters(): Promise<ClusterDefinition[]> {
    return this.clusters;
  }
}
