/*
 * Scoped and optional resources against kube-sim over real HTTPS: the ROSA
 * signal reads one named ConfigMap (never the cluster's ConfigMaps), and a
 * 403 on it costs that resource only, never the cluster's health.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import { KubeClient } from '../clusters/KubeClient';
import {
  namespaceResource,
  signalConfigMapResource,
} from '../sources/providers/ProvidersSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { DEFAULT_CACHE_OPTIONS } from './CacheOptions';
import { ClusterCache } from './ClusterCache';

jest.setTimeout(30_000);

const sources = new SourceSet([
  { id: 'p', resources: [signalConfigMapResource, namespaceResource] },
]);
const [configMapNeed, namespaceNeed] = sources.needs;

async function until(check: () => boolean, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

function configMap(namespace: string, name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace, name },
    data: { secret: 'never cached' },
  };
}

describe('ClusterCache reads only what a scoped, optional need asks for', () => {
  let sim: KubeSim;
  const clients: KubeClient[] = [];
  const caches: ClusterCache[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      clusters: ['rosa', 'locked'].map(name => ({
        name,
        token: `token-${name}`,
        objects: [
          ...['openshift-config', 'team'].map(ns => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: ns },
          })),
          configMap('openshift-config', 'rosa-brand-logo'),
          configMap('openshift-config', 'other'),
          configMap('team', 'rosa-brand-logo'),
        ],
      })),
    });
    sim.cluster('locked').faults.forbid('*', {
      group: '',
      resource: 'configmaps',
    });
  });

  afterAll(async () => {
    for (const cache of caches) await cache.stop();
    for (const client of clients) client.close();
    await sim.stop();
  });

  function startCache(name: string): ClusterCache {
    const cluster = sim.cluster(name);
    const client = new KubeClient(
      {
        url: cluster.url,
        ca: Buffer.from(cluster.caData, 'base64'),
        skipTLSVerify: false,
        authorization: async () => `Bearer ${cluster.token}`,
      },
      'portolan-test',
    );
    clients.push(client);
    const cache = new ClusterCache(
      {
        name,
        title: name,
        locator: 'config',
        configKey: `test.${name}`,
        connection: {} as never,
      },
      client,
      sources.needs,
      DEFAULT_CACHE_OPTIONS,
      mockServices.logger.mock(),
    );
    caches.push(cache);
    cache.start();
    return cache;
  }

  it('watches the single named ConfigMap, in its namespace only', async () => {
    const cache = startCache('rosa');
    await until(() => cache.health.state === 'synced', 'sync');
    const informer = cache.informerOf(configMapNeed)!;
    expect(informer.store.size).toBe(1);
    expect(
      informer.store.get('openshift-config', 'rosa-brand-logo'),
    ).toBeDefined();
    const paths = sim
      .cluster('rosa')
      .requests.entries.filter(r => r.resource === 'configmaps')
      .map(r => r.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path).toMatch(
        /^\/api\/v1\/namespaces\/openshift-config\/configmaps\?.*fieldSelector=metadata.name%3Drosa-brand-logo/,
      );
    }
  });

  it('a 403 on the optional ConfigMap costs that resource only', async () => {
    const cache = startCache('locked');
    await until(
      () => cache.needHealth(configMapNeed).state === 'forbidden',
      'the ConfigMap forbidden',
    );
    await until(
      () => cache.needHealth(namespaceNeed).state === 'synced',
      'namespaces synced',
    );
    expect(cache.health.state).toBe('synced');
    const resources = cache.status().resources;
    expect(resources.find(r => r.plural === 'configmaps')?.state).toBe(
      'forbidden',
    );
  });
});
