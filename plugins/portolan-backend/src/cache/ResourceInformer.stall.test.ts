/*
 * A stalled watch (issue 15): the API server (or a proxy) answers the watch
 * and then sends nothing, not even bookmarks, while the cluster changes.
 * Against kube-sim over real HTTPS: the informer notices by its bookmark
 * deadline (long before the idle timeout), shows the resource stale with
 * the reason, keeps its data, watches again, and catches up once the
 * stream delivers; the other cluster never notices.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import {
  defineResource,
  type KubeObject,
  type PortolanSource,
  SourceSet,
} from '@portolan/plugin-portolan-node';
import { KubeClient } from '../clusters/KubeClient';
import { DEFAULT_CACHE_OPTIONS } from './CacheOptions';
import { ResourceInformer } from './ResourceInformer';

jest.setTimeout(150_000);

const configMaps = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  project: (o: KubeObject) => ({ name: String(o.metadata?.name) }),
});
const [need] = new SourceSet([
  { id: 'cm', resources: [configMaps] } satisfies PortolanSource,
]).needs;

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'team' },
  data: { k: name },
});

async function until(check: () => boolean, what: string, ms = 45_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('ResourceInformer on a stalled watch (kube-sim, HTTPS)', () => {
  let sim: KubeSim;
  const clients: KubeClient[] = [];
  const informers = new Map<string, ResourceInformer>();
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    sim = await startKubeSim({
      // Bookmarks every 300 ms: the deadline is 3 periods, at least 2 s.
      bookmarkIntervalMs: 300,
      clusters: ['one', 'two'].map(name => ({
        name,
        token: `token-${name}`,
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
          ...['a', 'b', 'c'].map(configMap),
        ],
      })),
    });
    for (const name of ['one', 'two']) {
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
        // The defaults (7 min idle timeout, 30 min resync, 4-6 min server
        // timeout): only the bookmark deadline can notice within the test.
        options: {
          ...DEFAULT_CACHE_OPTIONS,
          backoff: { initialMs: 50, maxMs: 200 },
        },
        logger,
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

  const watches = (cluster: string) =>
    sim.cluster(cluster).requests.entries.filter(r => r.verb === 'watch')
      .length;

  it('notices by the bookmark deadline, shows stale with the reason, keeps the data and catches up', async () => {
    const one = informers.get('one')!;
    const two = informers.get('two')!;
    // Let the informer see the bookmark period (two bookmarks on one stream).
    await new Promise(r => setTimeout(r, 1_000));
    const faults = sim.cluster('one').faults;
    faults.stallWatches(true);
    faults.dropWatches();
    sim.cluster('one').create(configMap('d'));
    const watchesBefore = watches('one');

    await until(() => one.healthValue.state === 'stale', 'stale');
    expect(one.healthValue.message).toMatch(
      /no event or bookmark for \d+ s .*the stream stalled/,
    );
    // The last data is kept (and the change is not there yet).
    expect(
      one.store
        .list()
        .map(o => o.metadata.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    // It keeps watching again, and stays stale while every stream stalls.
    await until(() => watches('one') >= watchesBefore + 2, 'watching again');
    expect(one.healthValue.state).toBe('stale');
    expect(two.healthValue.state).toBe('synced');

    faults.stallWatches(false);
    await until(
      () => one.healthValue.state === 'synced' && one.store.size === 4,
      'catching up',
    );
    expect(one.healthValue.message).toBeUndefined();
    expect(two.store.size).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^one: configmaps: stale: watch configmaps: no event or bookmark/,
      ),
    );
  });

  it('waits longer after each stall, so a quiet stream whose bookmarks come late is not stalled forever', async () => {
    const one = informers.get('one')!;
    await new Promise(r => setTimeout(r, 1_000));
    sim.cluster('one').faults.stallWatches(true);
    sim.cluster('one').faults.dropWatches();
    const deadlines: number[] = [];
    await until(() => {
      const m = /no event or bookmark for (\d+) s/.exec(
        one.healthValue.message ?? '',
      );
      const s = m ? Number(m[1]) : undefined;
      if (s !== undefined && s !== deadlines[deadlines.length - 1]) {
        deadlines.push(s);
      }
      return deadlines.length >= 2;
    }, 'two stalls');
    expect(deadlines).toEqual([2, 6]);
  });
});
