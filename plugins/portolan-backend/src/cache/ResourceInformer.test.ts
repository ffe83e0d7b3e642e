import { mockServices } from '@backstage/backend-test-utils';
import {
  defineResource,
  type KubeObject,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import {
  RequestAbortedError,
  splitList,
  type KubeClient,
  type KubeRequestOptions,
  type KubeWatchOptions,
} from '../clusters/KubeClient';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { ClusterStoreReader } from '@portolan/plugin-portolan-node';
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

/** A list page as an API server sends it, split as KubeClient.getList does. */
function servePage(
  items: readonly unknown[],
  onItem: (item: unknown) => void,
): ReturnType<KubeClient['getList']> {
  const body = JSON.stringify({
    kind: 'RunList',
    apiVersion: 'ci.example/v1',
    metadata: { resourceVersion: '100' },
    items,
  });
  return Promise.resolve(splitList(Buffer.from(body), onItem));
}

/** A watch that sends nothing until the informer stops it. */
function idleUntilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((_, reject) => {
    const abort = () => reject(new RequestAbortedError('aborted'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
  });
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

  getList(
    path: string,
    _options: KubeRequestOptions,
    onItem: (item: unknown) => void,
  ) {
    this.requests.push(`list ${path}`);
    return servePage(this.lists.shift() ?? [], onItem);
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
    await idleUntilAborted(options.signal);
  }
}

/** An informer of `runs` on one cluster, talking to a scripted client. */
function informerOf(client: object): ResourceInformer {
  return new ResourceInformer({
    clusterName: 'c1',
    client: client as KubeClient,
    resource: { ...runs.type, namespaced: true },
    consumers: need.consumers,
    annotations: need.annotations,
    indexes: need.indexes,
    options: DEFAULT_CACHE_OPTIONS,
    logger: mockServices.logger.mock(),
  });
}

function snapshotOf(informer: ResourceInformer): ClusterStoreReader {
  return new ClusterStoreReader(
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

function found(snapshot: ClusterStoreReader, repository: string): string[] {
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
    const informer = informerOf(client);
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

describe('ResourceInformer applies watch events in order', () => {
  /** Lists once, streams `events` and ends cleanly, then holds a watch. */
  class OneWatchClient {
    readonly requests: string[] = [];
    readonly watchingAgain = deferred();
    private watches = 0;

    constructor(
      private readonly items: object[],
      private readonly events: string[],
    ) {}

    getList(
      path: string,
      _options: KubeRequestOptions,
      onItem: (item: unknown) => void,
    ) {
      this.requests.push(`list ${path}`);
      return servePage(this.items, onItem);
    }

    async watch(path: string, options: KubeWatchOptions): Promise<void> {
      this.requests.push(`watch ${path}`);
      options.onOpen?.();
      if (this.watches++ === 0) {
        for (const line of this.events) options.onLine(line);
        return;
      }
      this.watchingAgain.resolve();
      await idleUntilAborted(options.signal);
    }
  }

  it('keeps labels, skips unknown deletions and resumes from the last version', async () => {
    const labelled = (
      name: string,
      labels: Record<string, string>,
      resourceVersion: string,
    ) => {
      const object = run(name, 'shop', resourceVersion);
      return { ...object, metadata: { ...object.metadata, labels } };
    };
    const client = new OneWatchClient(
      [labelled('a', { 'backstage.io/kubernetes-id': 'one' }, '1')],
      [
        // Same labels, a new version: the stored metadata is reused.
        event(
          'MODIFIED',
          labelled('a', { 'backstage.io/kubernetes-id': 'one' }, '5'),
        ),
        // A relabel right after: the label index must follow.
        event(
          'MODIFIED',
          labelled('a', { 'backstage.io/kubernetes-id': 'two' }, '6'),
        ),
        // Deleting what was never seen changes nothing.
        event('DELETED', run('never-seen', 'shop', '7')),
        event(
          'ADDED',
          labelled('b', { 'backstage.io/kubernetes-id': 'one' }, '8'),
        ),
        event('BOOKMARK', { metadata: { resourceVersion: '9' } }),
      ],
    );
    const informer = informerOf(client);
    informer.start();
    try {
      await client.watchingAgain.promise;
      const ids = (value: string) =>
        [
          ...informer.store.withIndexedLabel(
            'backstage.io/kubernetes-id',
            value,
          ),
        ].map(o => o.metadata.name);
      expect(ids('one')).toEqual(['b']);
      expect(ids('two')).toEqual(['a']);
      expect(informer.store.size).toBe(2);
      // One list; the second watch resumes from the bookmark's version.
      expect(client.requests.filter(r => r.startsWith('list'))).toHaveLength(1);
      expect(client.requests[2]).toContain('resourceVersion=9');
      expect(informer.healthValue.state).toBe('synced');
    } finally {
      await informer.stop();
    }
  });
});

describe('ResourceInformer skips malformed list items', () => {
  it('keeps the rest of the list and says how many it skipped', async () => {
    const watching = deferred();
    const client = {
      getList: (
        _path: string,
        _options: KubeRequestOptions,
        onItem: (item: unknown) => void,
      ) =>
        servePage(
          [
            run('a', 'shop', '1'),
            null,
            42,
            ['x'],
            { kind: 'Run', metadata: {} },
            run('b', 'cart', '2'),
            // Named, but with metadata no API server sends: kept, and counted.
            {
              ...run('c', 'till', '3'),
              metadata: { ...run('c', 'till', '3').metadata, labels: { a: 1 } },
            },
          ],
          onItem,
        ),
      watch: async (_path: string, options: KubeWatchOptions) => {
        options.onOpen?.();
        watching.resolve();
        await idleUntilAborted(options.signal);
      },
    };
    const informer = informerOf(client);
    informer.start();
    try {
      await watching.promise;
      expect(informer.store.size).toBe(3);
      expect(informer.healthValue.state).toBe('synced');
      expect(informer.healthValue.message).toMatch(
        /5 malformed object\(s\) skipped or read in part/,
      );
      expect(found(snapshotOf(informer), 'shop')).toEqual(['a']);
      expect(found(snapshotOf(informer), 'till')).toEqual(['c']);
      expect(informer.healthValue.message).toContain(
        "ci/c: metadata.labels['a'] is a number",
      );
    } finally {
      await informer.stop();
    }
  });
});
