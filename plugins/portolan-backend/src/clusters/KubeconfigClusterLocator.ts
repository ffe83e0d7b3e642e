/*
 * `type: kubeconfig`: one cluster per context of a kubeconfig file (all of
 * them, or the listed ones). @kubernetes/client-node reads the file and
 * produces each request's Authorization header, so every user kind kubectl
 * knows works, exec plugins (EKS, GKE) included; the TLS material is read
 * once at start.
 */
import { toError } from '@backstage/errors';
import { homedir } from 'node:os';
import { delimiter } from 'node:path';
import type { RequestOptions } from 'node:https';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import {
  checkClusterName,
  checkServerUrl,
  decodePem,
  readConfiguredFile,
} from './ConfigClusterLocator';
import type { ClusterDefinition, ClusterLocator } from './types';

/** A context to watch, as listed in config. */
interface ContextChoice {
  context: string;
  name: string;
  title?: string;
  key: string;
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/')
    ? `${homedir()}${path.slice(1)}`
    : path;
}

/** The kubeconfig path: configured, else the first of $KUBECONFIG, else ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.KUBECONFIG?.split(delimiter).find(p => p);
  return fromEnv ?? `${homedir()}/.kube/config`;
}

/** The `contexts` list: names, or `{ context, name?, title? }` entries. */
function readChoices(config: Config, key: string): ContextChoice[] | undefined {
  if (!config.has('contexts')) {
    return undefined;
  }
  const raw = config.get('contexts');
  if (Array.isArray(raw) && raw.every(item => typeof item === 'string')) {
    return (raw as string[]).map((context, i) => ({
      context,
      name: checkClusterName(context, `${key}.contexts[${i}]`),
      key: `${key}.contexts[${i}]`,
    }));
  }
  return config.getConfigArray('contexts').map((entry, i) => {
    const itemKey = `${key}.contexts[${i}]`;
    const context = entry.getString('context');
    return {
      context,
      name: checkClusterName(
        entry.getOptionalString('name') ?? context,
        `${itemKey}.name`,
      ),
      title: entry.getOptionalString('title'),
      key: itemKey,
    };
  });
}

export class KubeconfigClusterLocator implements ClusterLocator {
  readonly type = 'kubeconfig';

  private constructor(private readonly clusters: ClusterDefinition[]) {}

  static async fromConfig(
    config: Config,
    key: string,
    logger: LoggerService,
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<KubeconfigClusterLocator> {
    const configured = config.getOptionalString('path');
    const path = expandHome(configured ?? defaultKubeconfigPath(env));
    const pathKey = configured ? `${key}.path` : `${key} (default kubeconfig)`;
    const text = readConfiguredFile(path, pathKey).toString('utf8');
    const kc = new KubeConfig();
    try {
      kc.loadFromString(text);
    } catch (e) {
      throw new Error(
        `Invalid kubeconfig at ${pathKey} '${path}': ${toError(e).message}`,
      );
    }
    const choices: ContextChoice[] =
      readChoices(config, key) ??
      kc.contexts.map(c => ({
        context: c.name,
        name: checkClusterName(c.name, `${pathKey} context '${c.name}'`),
        key: `${pathKey} context '${c.name}'`,
      }));
    if (choices.length === 0) {
      throw new Error(`${pathKey} '${path}' has no contexts to watch`);
    }
    const clusters = choices.map(choice => {
      const context = kc.getContextObject(choice.context);
      if (!context) {
        throw new Error(
          `${choice.key}: no context '${
            choice.context
          }' in ${path}; it has ${kc.contexts.map(c => c.name).join(', ')}`,
        );
      }
      const cluster = kc.getCluster(context.cluster);
      if (!cluster) {
        throw new Error(
          `${choice.key}: context '${choice.context}' names a missing cluster`,
        );
      }
      const user = context.user ? kc.getUser(context.user) : null;
      const contextConfig = new KubeConfig();
      contextConfig.loadFromOptions({
        clusters: kc.clusters,
        users: kc.users,
        contexts: kc.contexts,
        currentContext: choice.context,
      });
      const fileOrData = (file?: string, data?: string, what = '') => {
        if (data) return decodePem(data, `${choice.key} ${what}`);
        if (file) {
          return readConfiguredFile(expandHome(file), `${choice.key} ${what}`);
        }
        return undefined;
      };
      return {
        name: choice.name,
        title: choice.title ?? choice.name,
        locator: 'kubeconfig',
        configKey: choice.key,
        connection: {
          url: checkServerUrl(cluster.server, `${choice.key} server`),
          ca: fileOrData(
            cluster.caFile,
            cluster.caData,
            'certificate-authority',
          ),
          cert: fileOrData(
            user?.certFile,
            user?.certData,
            'client-certificate',
          ),
          key: fileOrData(user?.keyFile, user?.keyData, 'client-key'),
          skipTLSVerify: cluster.skipTLSVerify === true,
          tlsServerName: cluster.tlsServerName,
          authorization: async () => {
            const options: RequestOptions = { headers: {} };
            await contextConfig.applyToHTTPSOptions(options);
            const headers = options.headers as Record<
              string,
              string | undefined
            >;
            if (headers.Authorization) return headers.Authorization;
            if (options.auth) {
              return `Basic ${Buffer.from(options.auth).toString('base64')}`;
            }
            return undefined;
          },
        },
      } satisfies ClusterDefinition;
    });
    logger.debug(`${key}: ${clusters.length} context(s) from ${path}`);
    return new KubeconfigClusterLocator(clusters);
  }

  async getClusters(): Promise<ClusterDefinition[]> {
    return this.clusters;
  }
}
