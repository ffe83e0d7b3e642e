/*
 * `type: inCluster`: the cluster the backend runs in, through the pod's
 * service account (the API server address from the environment, the CA and
 * token from the mounted service account). The token is re-read before
 * every request because Kubernetes rotates projected tokens.
 */
import { join } from 'node:path';
import type { Config } from '@backstage/config';
import {
  checkClusterName,
  readConfiguredFile,
  tokenFileAuthorization,
} from './ConfigClusterLocator';
import type { ClusterDefinition, ClusterLocator } from './types';

/** Where Kubernetes mounts a pod's service account. */
export const SERVICE_ACCOUNT_DIR =
  '/var/run/secrets/kubernetes.io/serviceaccount';

export class InClusterClusterLocator implements ClusterLocator {
  readonly type = 'inCluster';

  private constructor(private readonly cluster: ClusterDefinition) {}

  static fromConfig(
    config: Config,
    key: string,
    env: NodeJS.ProcessEnv = process.env,
    serviceAccountDir: string = SERVICE_ACCOUNT_DIR,
  ): InClusterClusterLocator {
    const name = checkClusterName(
      config.getOptionalString('name') ?? 'in-cluster',
      `${key}.name`,
    );
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? '443';
    if (!host) {
      throw new Error(
        `${key} (type inCluster): KUBERNETES_SERVICE_HOST is not set; the backend is not running in a Kubernetes pod`,
      );
    }
    const tokenFile = join(serviceAccountDir, 'token');
    readConfiguredFile(tokenFile, `${key} service account token`);
    const ca = readConfiguredFile(
      join(serviceAccountDir, 'ca.crt'),
      `${key} service account CA`,
    );
    const hostPart = host.includes(':') ? `[${host}]` : host;
    return new InClusterClusterLocator({
      name,
      title: config.getOptionalString('title') ?? name,
      locator: 'inCluster',
      configKey: key,
      connection: {
        url: `https://${hostPart}:${port}`,
        ca,
        skipTLSVerify: false,
        authorization: tokenFileAuthorization(tokenFile),
      },
    });
  }

  async getClusters(): Promise<ClusterDefinition[]> {
    return [this.cluster];
  }
}
