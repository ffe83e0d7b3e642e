/*
 * ResourceInformer under injected API server faults, against kube-sim over
 * real HTTPS: the faulted cluster shows the reason, keeps its last complete
 * list, recovers fully once the fault clears, and the other cluster never
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
import { ResourceInformer } from './ResourceInformer';

jest.setTimeout(30_000);

const configMaps = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  project: (o: KubeObject) => ({ name: String(o.metadata?.name) }),
});
const [need] = new SourceSet([
  { id: 'cm', resources: [configMaps] } satisfies PortolanSource,
]).needs;

function configMap(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'team' },
    data: { k: name },
  };
}

const CLUSTERS = ['one', 'two'];

async function until(check: () => boolean, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('ResourceInformer under faults (kube-sim, HTTPS)', () => {
  let sim: KubeSim;
  const clients: KubeClient[] = [];
  let informers: Map<string, ResourceInformer>;
  /** Every store size a relist published, per cluster. */
  let published: Map<string, number[]>;
  let loggers: Map<string, ReturnType<typeof mockServices.logger.mock>>;

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
    informers = new Map();
    published = new Map();
    loggers = new Map();
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
      const informer = new ResourceInformer({
        clusterName: name,
        client,
        resource: { ...configMaps.type, namespaced: true },
        consumers: need.consumers,
        annotations: need.annotations,
        indexes: need.indexes,
        // Pages of 2 (so 5 objects take 3 pages); a relist every ~1 s.
        options: {
          ...DEFAULT_CACHE_OPTIONS,
          pageSize: 2,
          resyncIntervalMs: 1000,
          backoff: { initialMs: 50, maxMs: 200 },
        },
        // 1 MiB, so the over-long line test need not send 16 MiB.
        maxWatchLineLength: 1024 * 1024,
        logger: loggers.set(name, mockServices.logger.mock()).get(name)!,
      });
      const sizes: number[] = [];
      published.set(name, sizes);
      const replaceAll = informer.store.replaceAll.bind(informer.store);
      jest.spyOn(informer.store, 'replaceAll').mockImplementation(objects => {
        const list = [...objects];
        sizes.push(list.length);
        replaceAll(list);
      });
      informers.set(name, informer);
      informer.start();
    }
    for (const informer of informers.values()) {
      await until(() => informer.healthValue.state === 'synced', 'sync');
    }
  });

  afterEach(async () => {
    for (const informer of informers.values()) await informer.stop();
    for (const client of clients.splice(0)) client.close();
    await sim.stop();
  });

  it('relists from the start on an expired continue token, never publishing a partial list', async () => {
    const one = informers.get('one')!;
    const two = informers.get('two')!;
    const relistsBefore = published.get('one')!.length;
    sim.cluster('one').faults.expireContinue(1);
    sim.cluster('one').create(configMap('f'));
    const expired = () =>
      sim
        .cluster('one')
        .requests.entries.filter(
          r => r.path.includes('continue=') && r.status === 410,
        ).length;
    await until(
      () => expired() === 1 && published.get('one')!.length > relistsBefore,
      'a relist through an expired continue token',
    );
    // The relist restarted from the start and completed: nothing partial
    // (or empty) was ever published.
    expect(published.get('one')!.slice(relistsBefore)).toEqual([6]);
    expect(Math.min(...published.get('one')!)).toBeGreaterThanOrEqual(5);
    expect(one.store.size).toBe(6);
    expect(one.healthValue.state).toBe('synced');
    expect(two.healthValue.state).toBe('synced');
    expect(two.store.size).toBe(5);
  });

  it('keeps the last complete list, shows stale with the reason while every relist expires, and recovers', async () => {
    const one = informers.get('one')!;
    const two = informers.get('two')!;
    sim.cluster('one').faults.expireContinue(1_000);
    sim.cluster('one').create(configMap('f'));
    await until(() => one.healthValue.state === 'stale', 'stale');
    expect(one.healthValue.message).toMatch(/continue token expired/);
    // The last complete list is kept.
    expect(one.store.size).toBeGreaterThanOrEqual(5);
    expect(Math.min(...published.get('one')!)).toBeGreaterThanOrEqual(5);
    expect(two.healthValue.state).toBe('synced');

    await sim.cluster('one').faults.reset();
    await until(
      () => one.healthValue.state === 'synced' && one.store.size === 6,
      'recovery',
    );
    expect(two.store.size).toBe(5);
  });

  it('skips null and nameless list items, counted in the health message, and keeps the rest', async () => {
    const one = informers.get('one')!;
    const relistsBefore = published.get('one')!.length;
    sim.cluster('one').faults.badListItems(true);
    await until(
      () => published.get('one')!.length > relistsBefore + 1,
      'a relist with bad items',
    );
    expect(one.store.size).toBe(5);
    expect(one.healthValue.state).toBe('synced');
    expect(one.healthValue.message).toMatch(
      /malformed object\(s\) skipped or read in part/,
    );
    expect(informers.get('two')!.healthValue.message).toBeUndefined();

    await sim.cluster('one').faults.reset();
    const afterReset = published.get('one')!.length;
    await until(
      () => published.get('one')!.length > afterReset + 1,
      'a clean relist',
    );
    expect(one.healthValue).toEqual(
      expect.objectContaining({ state: 'synced', message: undefined }),
    );
    expect(one.store.size).toBe(5);
  });

  it('ends a watch on an over-long line with the reason, keeps the data and watches again', async () => {
    const one = informers.get('one')!;
    const faults = sim.cluster('one').faults;
    faults.overlongNextWatchLine(2 * 1024 * 1024);
    faults.dropWatches();
    await until(
      () =>
        loggers
          .get('one')!
          .warn.mock.calls.some(([m]) => /longer than \d+ characters/.test(m)),
      'the over-long line refused',
    );
    expect(one.store.size).toBe(5);
    // The fault was one-shot: the next watch delivers again.
    sim.cluster('one').create(configMap('f'));
    await until(() => one.store.size === 6, 'the next watch');
    expect(one.healthValue.state).toBe('synced');
    expect(informers.get('two')!.store.size).toBe(5);
  });
});
