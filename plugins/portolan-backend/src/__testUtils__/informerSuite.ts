/*
 * The backend-core integration suite of ResourceInformer and KubeClient,
 * written once against TestApiServer (apiServers.ts):
 * cache/ResourceInformer.servers.test.ts runs it on kube-sim in every run,
 * cache/ResourceInformer.real.test.ts on a real kube-apiserver + etcd in the
 * real gate (scripts/test-real.sh). Same assertions on both: sync, watch
 * events, relist after 410 Gone, an expired `continue`, RBAC 403 on one
 * resource, a CRD installed while running and deleted while watched, a
 * token that stops working.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  defineResource,
  SourceSet,
  type KubeObject,
  type PortolanSource,
} from '@portolan/plugin-portolan-node';
import type { TestApiServer } from './apiServers';
import { KubeClient, KubeRequestError } from '../clusters/KubeClient';
import {
  DEFAULT_CACHE_OPTIONS,
  type CacheOptions,
} from '../cache/CacheOptions';
import { ResourceInformer } from '../cache/ResourceInformer';

const configMaps = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  project: (o: KubeObject) => ({ data: o.data }),
});
const services = defineResource({
  type: { group: '', version: 'v1', plural: 'services', kind: 'Service' },
  project: () => ({}),
});
const pipelineRuns = defineResource({
  type: {
    group: 'tekton.dev',
    version: 'v1',
    plural: 'pipelineruns',
    kind: 'PipelineRun',
  },
  project: (o: KubeObject) => ({ status: o.status }),
});
const widgets = defineResource({
  type: {
    group: 'later.example.com',
    version: 'v1',
    plural: 'widgets',
    kind: 'Widget',
  },
  project: () => ({}),
});
const sources = new SourceSet([
  {
    id: 'real',
    resources: [configMaps, services, pipelineRuns, widgets],
  } satisfies PortolanSource,
]);

const FAST: CacheOptions = {
  ...DEFAULT_CACHE_OPTIONS,
  requestTimeoutMs: 10_000,
  backoff: { initialMs: 100, maxMs: 500 },
};

/** Defines the suite's tests on the server `start` gives. */
// eslint-disable-next-line jest/no-export -- a shared suite, run by two test files
export function informerSuite(
  title: string,
  start: () => Promise<TestApiServer>,
) {
  // eslint-disable-next-line jest/valid-title -- the caller names the server
  describe(title, () => {
    let cluster: TestApiServer;
    const clients: KubeClient[] = [];
    const informers: ResourceInformer[] = [];

    function clientOf(token: string): KubeClient {
      const client = new KubeClient(
        {
          url: cluster.url,
          ca: Buffer.from(cluster.caData, 'base64'),
          skipTLSVerify: false,
          authorization: async () => `Bearer ${token}`,
        },
        'portolan-real-test',
      );
      clients.push(client);
      return client;
    }

    function informerOf(
      type: { group: string; version: string; plural: string; kind: string },
      client: KubeClient,
      options: CacheOptions = FAST,
    ): ResourceInformer {
      const need = sources.needs.find(n => n.plural === type.plural)!;
      const informer = new ResourceInformer({
        clusterName: 'real',
        client,
        resource: { ...type, namespaced: true },
        consumers: need.consumers,
        annotations: need.annotations,
        indexes: need.indexes,
        options,
        logger: mockServices.logger.mock(),
      });
      informers.push(informer);
      return informer;
    }

    async function until(what: string, check: () => boolean, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!check()) {
        if (Date.now() > deadline)
          throw new Error(
            `timed out waiting for ${what}; informers: ${JSON.stringify(
              informers.map(i => i.healthValue),
            )}`,
          );
        await new Promise(r => setTimeout(r, 50));
      }
    }

    const admin = (method: string, path: string, body?: unknown) =>
      cluster.admin(method, path, body);

    const namespace = (name: string) =>
      admin('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });

    const configMap = (ns: string, name: string, value = '1') =>
      admin('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: ns },
        data: { value },
      });

    const names = (informer: ResourceInformer, ns?: string) =>
      informer.store
        .list(ns)
        .map(o => o.metadata.name)
        .sort();

    beforeAll(async () => {
      cluster = await start();
      await namespace('team');
    });

    afterEach(async () => {
      await Promise.all(informers.splice(0).map(i => i.stop()));
      await cluster.reset();
    });

    afterAll(async () => {
      for (const c of clients) c.close();
      await cluster?.stop();
    });

    it('syncs a paged list and applies added, modified and deleted events', async () => {
      await namespace('sync');
      for (const n of ['a', 'b', 'c', 'd', 'e']) await configMap('sync', n);
      const informer = informerOf(
        configMaps.type,
        clientOf(cluster.readerToken),
        {
          ...FAST,
          pageSize: 2,
        },
      );
      informer.start();
      await until(
        'the first sync',
        () => informer.healthValue.state === 'synced',
      );
      expect(names(informer, 'sync')).toEqual(['a', 'b', 'c', 'd', 'e']);

      await configMap('sync', 'f');
      const patched = await cluster.request(
        'PATCH',
        '/api/v1/namespaces/sync/configmaps/a',
        { data: { value: '2' } },
        { contentType: 'application/merge-patch+json' },
      );
      expect(patched.status).toBe(200);
      await admin('DELETE', '/api/v1/namespaces/sync/configmaps/b');
      await until('the events', () => {
        const a = informer.store.get('sync', 'a');
        return (
          names(informer, 'sync').join() === 'a,c,d,e,f' &&
          (a?.views[0]?.projection as { data?: { value?: string } })?.data
            ?.value === '2'
        );
      });
      expect(informer.healthValue.state).toBe('synced');
    });

    it('relists after the server answers 410 Gone for a compacted resourceVersion', async () => {
      const client = clientOf(cluster.readerToken);
      let lists = 0;
      const counting = Object.create(client) as KubeClient;
      counting.getList = (...args: Parameters<KubeClient['getList']>) => {
        lists++;
        return client.getList(...args);
      };
      const informer = informerOf(pipelineRuns.type, counting, {
        ...FAST,
        watchTimeoutSeconds: [2, 2],
      });
      informer.start();
      await until(
        'the first sync',
        () => informer.healthValue.state === 'synced',
      );
      expect(lists).toBe(1);
      // Writes elsewhere move etcd's revision past the informer's version,
      // then compaction removes the history it would resume from.
      await namespace('elsewhere');
      for (let i = 0; i < 3; i++) await configMap('elsewhere', `x${i}`);
      await cluster.compact();
      // The watch ends after 2 s; resuming from the compacted version is
      // 410. (A run created before that could still arrive on the open
      // watch, which etcd keeps serving across a compaction.)
      await until('a relist', () => lists >= 2);
      await admin('POST', '/apis/tekton.dev/v1/namespaces/team/pipelineruns', {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name: 'after-compaction', namespace: 'team' },
        spec: {},
      });
      await until('the new run', () =>
        names(informer, 'team').includes('after-compaction'),
      );
      expect(informer.healthValue.state).toBe('synced');
    });

    it('starts the list over when the server expires a continue token', async () => {
      await namespace('paged');
      for (let i = 0; i < 6; i++) await configMap('paged', `p${i}`);
      const client = clientOf(cluster.readerToken);
      const continues: number[] = [];
      const compacting = Object.create(client) as KubeClient;
      compacting.getList = async (
        ...args: Parameters<KubeClient['getList']>
      ) => {
        if (args[0].includes('continue=')) {
          continues.push(Date.now());
          if (continues.length === 1) {
            // Between pages: new writes, then compaction past the list's snapshot.
            await configMap('paged', 'late');
            await cluster.compact();
          }
        }
        return client.getList(...args);
      };
      // First, the fault itself, straight from the server.
      const page = await cluster.request(
        'GET',
        '/api/v1/namespaces/paged/configmaps?limit=2',
        undefined,
        { token: cluster.readerToken },
      );
      const token = JSON.parse(page.body).metadata.continue as string;
      await configMap('paged', 'later');
      await cluster.compact();
      const expired = await cluster.request(
        'GET',
        `/api/v1/namespaces/paged/configmaps?limit=2&continue=${encodeURIComponent(
          token,
        )}`,
        undefined,
        { token: cluster.readerToken },
      );
      expect(expired.status).toBe(410);
      expect(JSON.parse(expired.body)).toMatchObject({
        kind: 'Status',
        reason: 'Expired',
        code: 410,
      });

      const informer = informerOf(configMaps.type, compacting, {
        ...FAST,
        pageSize: 2,
      });
      informer.start();
      await until('the sync', () => informer.healthValue.state === 'synced');
      expect(names(informer, 'paged')).toEqual([
        'late',
        'later',
        'p0',
        'p1',
        'p2',
        'p3',
        'p4',
        'p5',
      ]);
      expect(continues.length).toBeGreaterThan(1);
    });

    it('says forbidden for the one resource RBAC denies and syncs the others', async () => {
      const token = await cluster.limitedToken(['configmaps']);
      const client = clientOf(token);
      const allowed = informerOf(configMaps.type, client);
      const denied = informerOf(services.type, client);
      allowed.start();
      denied.start();
      await until(
        'configmaps synced',
        () => allowed.healthValue.state === 'synced',
      );
      await until(
        'services forbidden',
        () => denied.healthValue.state === 'forbidden',
      );
      expect(denied.store.size).toBe(0);
    });

    it('says not-installed until the CRD is installed, then syncs it', async () => {
      const informer = informerOf(widgets.type, clientOf(cluster.readerToken));
      informer.start();
      await until(
        'not-installed',
        () => informer.healthValue.state === 'not-installed',
      );
      await admin(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.later.example.com' },
          spec: {
            group: 'later.example.com',
            scope: 'Namespaced',
            names: {
              kind: 'Widget',
              listKind: 'WidgetList',
              plural: 'widgets',
              singular: 'widget',
            },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: {
                  openAPIV3Schema: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                },
              },
            ],
          },
        },
      );
      let created = false;
      await until(
        'a widget created',
        () => {
          if (!created) {
            created = true;
            admin(
              'POST',
              '/apis/later.example.com/v1/namespaces/team/widgets',
              {
                apiVersion: 'later.example.com/v1',
                kind: 'Widget',
                metadata: { name: 'w1', namespace: 'team' },
              },
            ).catch(() => {
              created = false;
            });
          }
          return names(informer, 'team').includes('w1');
        },
        60_000,
      );
      expect(informer.healthValue.state).toBe('synced');

      // Deleted while watched: the watch ends and the relist is 404.
      await admin(
        'DELETE',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.later.example.com',
      );
      await until(
        'not-installed again',
        () => informer.healthValue.state === 'not-installed',
        60_000,
      );
    });

    it('says unauthorized when its ServiceAccount token stops working', async () => {
      await configMap('team', 'kept');
      const { token, revoke } = await cluster.revocableToken();
      const informer = informerOf(configMaps.type, clientOf(token), {
        ...FAST,
        watchTimeoutSeconds: [1, 1],
      });
      informer.start();
      await until('synced', () => informer.healthValue.state === 'synced');
      await revoke();
      await until(
        'unauthorized',
        () => informer.healthValue.state === 'unauthorized',
      );
      // What was synced is kept, not hidden.
      expect(informer.store.size).toBeGreaterThan(0);
      const err = await clientOf(token)
        .getJson('/api/v1/namespaces', {
          signal: new AbortController().signal,
          timeoutMs: 5000,
        })
        .catch(e => e);
      expect(err).toBeInstanceOf(KubeRequestError);
      expect((err as KubeRequestError).status).toBe(401);
    });
  });
}
