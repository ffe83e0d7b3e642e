import { mockServices } from '@backstage/backend-test-utils';
import {
  defineResource,
  type KubeObject,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  RequestAbortedError,
  type KubeClient,
  type KubeRequestOptions,
  type KubeWatchOptions,
} from '../clusters/KubeClient';
import { SourceSet } from '../sources/SourceSet';
import { CacheClusterSnapshot } from './CacheClusterSnapshot';
import { DEFAULT_CACHE_OPTIONS } from './CacheOptions';
import { ResourceInformer } from './ResourceInformer';

const runs = defineResource({
  type: { group: 'ci.example', version: 'v1', plural: 'runs', kind: 'Run' },
  project: (o: KubeObject) => ({
    repository: String((o.spec as { repository?: string })?.repository),
  }),
  indexes: { repository: object => [object.projection.repository] },
});
const sources = new SourceSet([
  { id: 'ci', resources: [runs] } satisfies PortolanSource,
]);
const [need] = sources.needs;

function run(name: string, repository: string, resourceVersion: string) {
  return {
    apiVersion: 'ci.example/v1',
    kind: 'Run',
    metadata: { name, namespace: 'ci', uid: name, resourceVersion },
    spec: { repository },
  };
}

function event(type: string, object: object): string {
  return JSON.stringify({ type, object });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * An API server that lists, streams a few events, expires the watch with
 * 410 Gone, then serves a different list (the relist) and an idle watch.
 */
class ScriptedClient {
  readonly requests: string[] = [];
  readonly lists: object[][];
  readonly firstEventsApplied = deferred();
  readonly releaseGone = deferred();
  readonly watchingAgain = deferred();
  private watches = 0;

  constructor(lists: object[][], private readonly events: string[]) {
    this.lists = [...lists];
  }

  async getJson<T>(path: string, _options: KubeRequestOptions): Promise<T> {
    this.requests.push(`list ${path}`);
    const items = this.lists.shift() ?? [];
    return { metadata: { resourceVersion: '100' }, items } as T;
  }

  async watch(path: string, options: KubeWatchOptions): Promise<void> {
    this.requests.push(`watch ${path}`);
    options.onOpen?.();
    if (this.watches++ === 0) {
      for (const line of this.events) options.onLine(line);
      this.firstEventsApplied.resolve();
      await this.releaseGone.promise;
      // What an API server sends when the watched version was compacted away.
      options.onLine(
        event('ERROR', {
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: 'too old resource version',
        }),
      );
      return;
    }
    this.watchingAgain.resolve();
    await new Promise<void>((_, reject) => {
      const abort = () => reject(new RequestAbortedError('aborted'));
      if (options.signal.aborted) abort();
      options.signal.addEventListener('abort', abort, { once: true });
    });
  }
}

function snapshotOf(informer: ResourceInformer): CacheClusterSnapshot {
  return new CacheClusterSnapshot(
    {
      cluster: { name: 'c1', title: 'c1' },
      health: { state: 'synced', since: new Date(0).toISOString() },
      apiGroups: ['', 'ci.example'],
      needHealth: () => informer.healthValue,
      informerOf: () => informer,
    },
    sources,
  );
}

function found(snapshot: CacheClusterSnapshot, repository: string): string[] {
  return snapshot
    .byIndex(runs, 'repository', repository)
    .map(o => o.metadata.name)
    .sort();
}

describe('ResourceInformer keeps declared indexes exact', () => {
  it('through added, modified and deleted events and a relist after 410 Gone', async () => {
    const client = new ScriptedClient(
      [
        [run('a', 'shop', '1'), run('b', 'shop', '2'), run('c', 'cart', '3')],
        // The relist: `a` moved again, `b` and `d` are gone, `e` is new.
        [run('a', 'shop', '20'), run('e', 'cart', '21')],
      ],
      [
        event('ADDED', run('d', 'shop', '4')),
        // `a` now builds another repository: it must leave `shop`.
        event('MODIFIED', run('a', 'cart', '5')),
        event('DELETED', run('b', 'shop', '6')),
        event('BOOKMARK', { metadata: { resourceVersion: '7' } }),
      ],
    );
    const informer = new ResourceInformer({
      clusterName: 'c1',
      client: client as unknown as KubeClient,
      resource: { ...runs.type, namespaced: true },
      consumers: need.consumers,
      annotations: need.annotations,
      indexes: need.indexes,
      options: DEFAULT_CACHE_OPTIONS,
      logger: mockServices.logger.mock(),
    });
    const snapshot = snapshotOf(informer);
    informer.start();
    try {
      await client.firstEventsApplied.promise;
      expect(found(snapshot, 'shop')).toEqual(['d']);
      expect(found(snapshot, 'cart')).toEqual(['a', 'c']);
      expect(informer.store.size).toBe(3);

      client.releaseGone.resolve();
      await client.watchingAgain.promise;
      expect(client.requests.filter(r => r.startsWith('list'))).toHaveLength(2);
      // Nothing of the old index survives the relist.
      expect(found(snapshot, 'shop')).toEqual(['a']);
      expect(found(snapshot, 'cart')).toEqual(['e']);
      expect(informer.store.size).toBe(2);
      expect(informer.healthValue.state).toBe('synced');
    } finally {
      await informer.stop();
    }
  });
});
