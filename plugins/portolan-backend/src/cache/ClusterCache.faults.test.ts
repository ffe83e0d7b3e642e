/*
 * ClusterCache under injected 429 and 5xx answers, against kube-sim over
 * real HTTPS: throttling and server errors are not "not installed". The
 * faulted cluster keeps its data with a visible stale state, honours
 * Retry-After, recovers once the fault clears; the other cluster never
 * notices.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import {
  defineResource,
  type KubeObject,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import { KubeClient } from '../clusters/KubeClient';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { DEFAULT_CACHE_OPTIONS } from './CacheOptions';
import { ClusterCache } from './ClusterCache';

jest.setTimeout(40_000);

const configMaps = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  project: (o: KubeObject) => ({ name: String(o.metadata?.name) }),
});
const sources = new SourceSet([
  { id: 'cm', resources: [configMaps] } satisfies PortolanSource,
]);
const [need] = sources.needs;

function configMap(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'team' },
    data: { k: name },
  };
}

async function until(check: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

const CLUSTERS = ['one', 'two'];

describe('ClusterCache under 429 and 5xx (kube-sim, HTTPS)', () => {
  let sim: KubeSim;
  const clients: KubeClient[] = [];
  let caches: Map<string, ClusterCache>;

  beforeEach(async () => {
    sim = await startKubeSim({
      clusters: CLUSTERS.map(name => ({
        name,
        token: `token-${name}`,
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
          ...['a', 'b', 'c', 'd', 'e'].map(configMap),
        ],
      })),
    });
    caches = new Map();
    for (const name of CLUSTERS) {
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
        {
          ...DEFAULT_CACHE_OPTIONS,
          // Discovery again every ~300 ms, so a fault meets it at once.
          rediscoveryIntervalMs: 300,
          backoff: { initialMs: 50, maxMs: 200 },
        },
        mockServices.logger.mock(),
      );
      caches.set(name, cache);
      cache.start();
    }
    for (const cache of caches.values()) {
      await until(() => cache.needHealth(need).state === 'synced', 'sync');
    }
  });

  afterEach(async () => {
    for (const cache of caches.values()) await cache.stop();
    for (const client of clients.splice(0)) client.close();
    await sim.stop();
  });

  const count = (name: string) =>
    caches.get(name)!.informerOf(need)?.store.size ?? 0;

  it.each([429, 500, 503] as const)(
    'discovery answering %i keeps the informer and its data (not "not installed")',
    async status => {
      const one = caches.get('one')!;
      sim.cluster('one').clearRequests();
      sim.cluster('one').faults.failRequests({ pattern: '/api/v1$', status });
      await until(
        () =>
          sim
            .cluster('one')
            .requests.entries.filter(
              r => r.path === '/api/v1' && r.status === status,
            ).length >= 2,
        'two faulted discovery runs',
      );
      expect(one.needHealth(need).state).not.toBe('not-installed');
      expect(one.informerOf(need)).toBeDefined();
      expect(count('one')).toBe(5);
      // Still watching: a change on the cluster arrives.
      sim.cluster('one').create(configMap('f'));
      await until(() => count('one') === 6, 'the new object');

      await sim.cluster('one').faults.reset();
      await until(() => one.health.state === 'synced', 'recovery');
      expect(caches.get('two')!.health.state).toBe('synced');
      expect(count('two')).toBe(5);
    },
  );

  it('a throttled (429) or failing (503) list and watch keep the data, show stale, honour Retry-After and recover', async () => {
    const one = caches.get('one')!;
    const faults = sim.cluster('one').faults;
    faults.failRequests({
      pattern: 'configmaps',
      status: 429,
      retryAfterSeconds: 1,
    });
    sim.cluster('one').clearRequests();
    sim.cluster('one').faults.dropWatches();
    await until(() => one.needHealth(need).state === 'stale', 'stale');
    expect(one.needHealth(need).message).toMatch(/429/);
    expect(count('one')).toBe(5);
    // Retry-After: 1 s between throttled attempts, not the 50 ms backoff.
    await new Promise(r => setTimeout(r, 2500));
    const throttled = sim
      .cluster('one')
      .requests.entries.filter(
        r => r.path.includes('configmaps') && r.status === 429,
      )
      .map(r => r.at);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < throttled.length; i++) {
      expect(throttled[i] - throttled[i - 1]).toBeGreaterThanOrEqual(900);
    }

    await faults.reset();
    faults.failRequests({ pattern: 'configmaps', status: 503, times: 3 });
    sim.cluster('one').create(configMap('f'));
    await until(
      () => one.needHealth(need).state === 'synced' && count('one') === 6,
      'recovery after the 503s',
    );
    expect(caches.get('two')!.health.state).toBe('synced');
    expect(count('two')).toBe(5);
  });
});
