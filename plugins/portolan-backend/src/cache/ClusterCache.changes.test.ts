/*
 * The cluster cache's change events against kube-sim over real HTTPS: an
 * object change with its previous and next stored versions, nothing for a
 * relist that changes nothing, and a health event when the cluster goes
 * away and comes back.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { KubeClient } from '../clusters/KubeClient';
import { namespaceResource } from '../sources/providers/ProvidersSource';
import { DEFAULT_CACHE_OPTIONS } from './CacheOptions';
import { ClusterCache, type ClusterCacheChange } from './ClusterCache';

jest.setTimeout(60_000);

const sources = new SourceSet([{ id: 'p', resources: [namespaceResource] }]);

async function until(check: () => boolean, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('ClusterCache change events', () => {
  let sim: KubeSim;
  let client: KubeClient;
  let cache: ClusterCache;
  const heard: ClusterCacheChange[] = [];

  beforeAll(async () => {
    sim = await startKubeSim({
      bookmarkIntervalMs: 1000,
      clusters: [
        {
          name: 'alpha',
          objects: ['team-a', 'team-b'].map(name => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, labels: { team: name } },
          })),
        },
      ],
    });
    const cluster = sim.cluster('alpha');
    client = new KubeClient(
      {
        url: cluster.url,
        ca: Buffer.from(cluster.caData, 'base64'),
        skipTLSVerify: false,
        authorization: async () => `Bearer ${cluster.token}`,
      },
      'portolan-test',
    );
    cache = new ClusterCache(
      {
        name: 'alpha',
        title: 'alpha',
        locator: 'config',
        configKey: 'test.alpha',
        connection: {} as never,
      },
      client,
      sources.needs,
      { ...DEFAULT_CACHE_OPTIONS, backoff: { initialMs: 50, maxMs: 400 } },
      mockServices.logger.mock(),
    );
    cache.onChange(change => heard.push(change));
    cache.start();
    await until(() => cache.health.state === 'synced', 'sync');
  });

  afterAll(async () => {
    await cache?.stop();
    client?.close();
    await sim?.stop();
  });

  const objectChanges = () =>
    heard.flatMap(c => (c.kind === 'objects' ? c.changes : []));

  it('told of the first list, and of a modification with both versions', async () => {
    expect(
      objectChanges()
        .map(c => c.next?.metadata.name)
        .sort(),
    ).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'team-a',
      'team-b',
    ]);
    heard.length = 0;
    sim
      .cluster('alpha')
      .patch(
        { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' },
        { metadata: { labels: { team: 'renamed' } } },
      );
    await until(() => objectChanges().length > 0, 'the modification');
    const [change] = objectChanges();
    expect(change.previous?.metadata.labels.team).toBe('team-a');
    expect(change.next?.metadata.labels.team).toBe('renamed');
    expect(heard[0]).toMatchObject({ kind: 'objects', cluster: 'alpha' });
  });

  it('tells nothing of a relist that changes nothing', async () => {
    const alpha = sim.cluster('alpha');
    const lists = () =>
      alpha.requests.entries.filter(
        r => r.verb === 'list' && r.resource === 'namespaces',
      );
    const listed = lists().length;
    heard.length = 0;
    alpha.faults.expireNextWatch();
    alpha.faults.dropWatches();
    await until(() => lists().length > listed, 'the relist');
    const at = lists()[listed].at;
    await until(
      () =>
        alpha.requests.entries.some(
          r => r.verb === 'watch' && r.resource === 'namespaces' && r.at >= at,
        ),
      'the watch after the relist',
    );
    expect(heard).toEqual([]);
  });

  it('tells of health changes', async () => {
    heard.length = 0;
    const alpha = sim.cluster('alpha');
    await alpha.faults.down();
    try {
      await until(() => cache.health.state !== 'synced', 'not synced');
      expect(heard).toContainEqual({ kind: 'health', cluster: 'alpha' });
    } finally {
      await alpha.faults.up();
    }
    heard.length = 0;
    await until(() => cache.health.state === 'synced', 'synced again');
    expect(heard).toContainEqual({ kind: 'health', cluster: 'alpha' });
  });
});
