/*
 * Scoped and optional resources of the ClusterCache, written once against
 * TestApiServer (apiServers.ts): cache/ClusterCache.scope.test.ts runs it
 * on kube-sim in every run, cache/ClusterCache.scope.real.test.ts on a real
 * kube-apiserver + etcd in the real gate (scripts/test-real.sh). The ROSA
 * signal reads one named ConfigMap (never the cluster's ConfigMaps: every
 * request the cache makes on configmaps is scoped to it, as the server's
 * own log shows), and a 403 on it costs that resource only, never the
 * cluster's health.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { SourceSet } from '@portolan/plugin-portolan-node';
import type { TestApiServer } from './apiServers';
import { KubeClient } from '../clusters/KubeClient';
import {
  namespaceResource,
  signalConfigMapResource,
} from '../sources/providers/ProvidersSource';
import { DEFAULT_CACHE_OPTIONS } from '../cache/CacheOptions';
import { ClusterCache } from '../cache/ClusterCache';

const sources = new SourceSet([
  { id: 'p', resources: [signalConfigMapResource, namespaceResource] },
]);
const [configMapNeed, namespaceNeed] = sources.needs;
const USER_AGENT = 'portolan-scope-test';

async function until(check: () => boolean, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

/** Defines the suite's tests on two servers `start` gives (one per cluster). */
// eslint-disable-next-line jest/no-export -- a shared suite, run by two test files
export function clusterCacheScopeSuite(
  title: string,
  start: (name: string) => Promise<TestApiServer>,
) {
  // eslint-disable-next-line jest/valid-title -- the caller names the server
  describe(title, () => {
    const servers = new Map<string, TestApiServer>();
    const clients: KubeClient[] = [];
    const caches: ClusterCache[] = [];

    beforeAll(async () => {
      await Promise.all(
        ['rosa', 'locked'].map(async name => {
          const server = await start(name);
          servers.set(name, server);
          for (const ns of ['openshift-config', 'team'])
            await server.admin('POST', '/api/v1/namespaces', {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: ns },
            });
          for (const [ns, cm] of [
            ['openshift-config', 'rosa-brand-logo'],
            ['openshift-config', 'other'],
            ['team', 'rosa-brand-logo'],
          ])
            await server.admin('POST', `/api/v1/namespaces/${ns}/configmaps`, {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { namespace: ns, name: cm },
              data: { secret: 'never cached' },
            });
        }),
      );
    });

    afterAll(async () => {
      for (const cache of caches) await cache.stop();
      for (const client of clients) client.close();
      for (const server of servers.values()) await server.stop();
    });

    function startCache(name: string, token: string): ClusterCache {
      const server = servers.get(name)!;
      const client = new KubeClient(
        {
          url: server.url,
          ca: Buffer.from(server.caData, 'base64'),
          skipTLSVerify: false,
          authorization: async () => `Bearer ${token}`,
        },
        USER_AGENT,
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
      const server = servers.get('rosa')!;
      const cache = startCache('rosa', server.readerToken);
      await until(() => cache.health.state === 'synced', 'sync');
      const informer = cache.informerOf(configMapNeed)!;
      expect(informer.store.size).toBe(1);
      expect(
        informer.store.get('openshift-config', 'rosa-brand-logo'),
      ).toBeDefined();
      // The list and the watch, once the server has logged both.
      let paths: string[] = [];
      const end = Date.now() + 10_000;
      const logged = () =>
        paths.some(p => /[?&]watch=(true|1)/.test(p)) &&
        paths.some(p => !/[?&]watch=(true|1)/.test(p));
      while (!logged() && Date.now() < end) {
        await new Promise(r => setTimeout(r, 100));
        paths = await server.requestPaths('configmaps', USER_AGENT);
      }
      expect(logged()).toBe(true);
      for (const path of paths) {
        expect(path).toMatch(
          /^\/api\/v1\/namespaces\/openshift-config\/configmaps\?.*fieldSelector=metadata\.name%3Drosa-brand-logo/,
        );
      }
    });

    it('a 403 on the optional ConfigMap costs that resource only', async () => {
      const server = servers.get('locked')!;
      const cache = startCache(
        'locked',
        await server.limitedToken(['namespaces']),
      );
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
}
