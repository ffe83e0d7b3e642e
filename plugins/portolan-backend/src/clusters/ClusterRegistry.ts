/*
 * Turns `portolan.clusterLocatorMethods` into connected clusters: one
 * locator per entry, their clusters checked for unique names, and one HTTP
 * client per cluster. Refuses bad configuration at start with the key that
 * is wrong. Owns the clients and the locators' resources (the demo's
 * kube-sim) until `stop`.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConfigClusterLocator } from './ConfigClusterLocator';
import { DemoClusterLocator } from './DemoClusterLocator';
import { InClusterClusterLocator } from './InClusterClusterLocator';
import { KubeClient } from './KubeClient';
import { KubeconfigClusterLocator } from './KubeconfigClusterLocator';
import { KubernetesPluginClusterLocator } from './KubernetesPluginClusterLocator';
import type { ClusterDefinition, ClusterLocator } from './types';

/** The locator types `portolan.clusterLocatorMethods[].type` accepts. */
export const CLUSTER_LOCATOR_TYPES = [
  'config',
  'kubeconfig',
  'inCluster',
  'kubernetesPlugin',
  'demo',
] as const;

const USER_AGENT = 'portolan-backend';

/** A cluster with its client. */
export interface RegisteredCluster {
  definition: ClusterDefinition;
  client: KubeClient;
}

/** Builds the locators of `portolan.clusterLocatorMethods`, failing on the first bad entry. */
export async function createClusterLocators(
  root: Config,
  logger: LoggerService,
): Promise<ClusterLocator[]> {
  const methods =
    root.getOptionalConfigArray('portolan.clusterLocatorMethods') ?? [];
  const locators: ClusterLocator[] = [];
  for (const [i, method] of methods.entries()) {
    const key = `portolan.clusterLocatorMethods[${i}]`;
    const type = method.getString('type');
    switch (type) {
      case 'config':
        locators.push(ConfigClusterLocator.fromConfig(method, key));
        break;
      case 'kubeconfig':
        locators.push(
          await KubeconfigClusterLocator.fromConfig(method, key, logger),
        );
        break;
      case 'inCluster':
        locators.push(InClusterClusterLocator.fromConfig(method, key));
        break;
      case 'kubernetesPlugin':
        locators.push(
          KubernetesPluginClusterLocator.fromConfig(root, key, logger),
        );
        break;
      case 'demo':
        locators.push(DemoClusterLocator.fromConfig(method, key, logger));
        break;
      default:
        throw new Error(
          `Unknown cluster locator type '${type}' at ${key}.type; use one of ${CLUSTER_LOCATOR_TYPES.join(
            ', ',
          )}`,
        );
    }
  }
  return locators;
}

export class ClusterRegistry {
  private constructor(
    readonly clusters: readonly RegisteredCluster[],
    private readonly locators: readonly ClusterLocator[],
  ) {}

  /**
   * Reads the configuration and gathers every locator's clusters. Does not
   * contact any API server (the demo locator starts its local kube-sim).
   */
  static async fromConfig(
    config: Config,
    logger: LoggerService,
  ): Promise<ClusterRegistry> {
    const locators = await createClusterLocators(config, logger);
    return ClusterRegistry.fromLocators(locators, logger);
  }

  static async fromLocators(
    locators: readonly ClusterLocator[],
    logger: LoggerService,
  ): Promise<ClusterRegistry> {
    const definitions: ClusterDefinition[] = [];
    const byName = new Map<string, ClusterDefinition>();
    try {
      for (const locator of locators) {
        for (const cluster of await locator.getClusters()) {
          const existing = byName.get(cluster.name);
          if (existing) {
            throw new Error(
              `Two clusters are named '${cluster.name}': ${existing.configKey} and ${cluster.configKey}`,
            );
          }
          byName.set(cluster.name, cluster);
          definitions.push(cluster);
        }
      }
    } catch (e) {
      await Promise.all(locators.map(l => l.stop?.()));
      throw e;
    }
    if (definitions.length === 0) {
      logger.warn(
        'No clusters configured; add portolan.clusterLocatorMethods (see the plugin README)',
      );
    }
    return new ClusterRegistry(
      definitions.map(definition => ({
        definition,
        client: new KubeClient(definition.connection, USER_AGENT),
      })),
      locators,
    );
  }

  get(name: string): RegisteredCluster | undefined {
    return this.clusters.find(c => c.definition.name === name);
  }

  async stop(): Promise<void> {
    for (const c of this.clusters) c.client.close();
    await Promise.all(this.locators.map(l => l.stop?.()));
  }
}
