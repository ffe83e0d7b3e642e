/*
 * The view cache's memory bounds, on fixture caches whose stores report
 * their changes as a cluster cache does: kept views are evicted least
 * recently used past `maxBytes` while their dependency records stay (an
 * evicted view still gets its change events), and at most `maxEntities`
 * records are kept.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import {
  component,
  serviceObjects,
} from '../__testUtils__/portolanTestBackend';
import type { ClusterCacheChange } from '../cache/ClusterCache';
import type { FleetCache } from '../cache/FleetCache';
import { EntityResolver } from '../entities/EntityResolver';
import { projectObject } from '@portolan/plugin-portolan-node';
import { RunningImagesSource } from '../images/RunningImagesSource';
import { workloadsSource } from '../sources/workloads/workloadsSource';
import type { EntityViewChange } from './changeFeed';
import { FleetViews } from './FleetViews';
import { type ViewCacheOptions, ViewCache } from './ViewCache';

const services = ['one', 'two', 'three'];
const workloadsOnly = new SourceSet([workloadsSource]);

function world(
  options: Partial<ViewCacheOptions>,
  {
    sources = workloadsOnly,
    now,
  }: { sources?: SourceSet; now?: () => number } = {},
) {
  const podNeed = sources.needs.find(n => n.plural === 'pods')!;
  const fixture = new FixtureClusterCache(sources, {
    name: 'alpha',
    objects: services.flatMap(s => serviceObjects(s, 'team')),
  });
  const snapshot = fixture.snapshot();
  const fleet = {
    sources,
    snapshotAll: () => [snapshot],
    onChange(listener: (change: ClusterCacheChange) => void) {
      const offs = sources.needs.map(need =>
        fixture
          .informerOf(need)
          ?.store.onChange(changes =>
            listener({ kind: 'objects', cluster: 'alpha', need, changes }),
          ),
      );
      return () => offs.forEach(off => off?.());
    },
  };
  const logger = mockServices.logger.mock();
  const views = new FleetViews(
    fleet as unknown as FleetCache,
    new EntityResolver(sources.matchers),
    logger,
  );
  const cache = new ViewCache({
    fleet,
    views,
    redact: body => body,
    logger,
    options,
    now,
  });
  const changes: EntityViewChange[] = [];
  cache.feed.onEntityChange(c => changes.push(c));
  /** Restarts the pod of a service (a real change of what its view reads). */
  const restart = (service: string) => {
    const pod = serviceObjects(service, 'team')[2];
    const status = pod.status as { containerStatuses: Array<object> };
    const object = {
      ...pod,
      status: {
        ...status,
        containerStatuses: status.containerStatuses.map(c => ({
          ...c,
          restartCount: 3,
        })),
      },
    };
    const store = fixture.informerOf(podNeed)!.store;
    store.upsert(
      projectObject(object, podNeed.consumers, podNeed.annotations).stored!,
    );
  };
  /** Writes an object into its store, as a watch event would. */
  const put = (object: KubeObject) => {
    const need = sources.needs.find(n => n.kind === object.kind)!;
    fixture
      .informerOf(need)!
      .store.upsert(
        projectObject(object, need.consumers, need.annotations).stored!,
      );
  };
  const remove = (kind: string, namespace: string, name: string) => {
    const need = sources.needs.find(n => n.kind === kind)!;
    fixture.informerOf(need)!.store.remove(namespace, name);
  };
  return { cache, changes, restart, put, remove };
}

const entity = (name: string) => component(name, 'group:default/team');

describe('ViewCache bounds', () => {
  it('evicts the least recently used views past maxBytes, keeping their dependency records', async () => {
    const probe = world({});
    await probe.cache.entityResponse(entity('one'));
    const oneView = probe.cache.stats.bytes;
    expect(oneView).toBeGreaterThan(0);

    // Room for two views, not three.
    const { cache, changes, restart } = world({
      maxBytes: Math.floor(oneView * 2.5),
    });
    for (const name of services) await cache.entityResponse(entity(name));
    expect(cache.stats.bytes).toBeLessThanOrEqual(Math.floor(oneView * 2.5));
    expect(cache.stats.entities).toBe(3);
    expect((await cache.entityResponse(entity('three'))).cached).toBe(true);
    expect((await cache.entityResponse(entity('two'))).cached).toBe(true);

    // 'one' was evicted, yet its change still reaches the feed.
    restart('one');
    expect(changes.map(c => c.entityRef)).toEqual(['component:default/one']);
    const builds = cache.stats.builds;
    expect((await cache.entityResponse(entity('one'))).cached).toBe(false);
    expect(cache.stats.builds).toBe(builds + 1);
  });

  it('keeps the bytes and ETag of a rebuild that reads the same, and stamps a changed one anew', async () => {
    let clock = Date.parse('2026-12-07T10:00:00Z');
    const { cache, restart } = world(
      { registryTtlMs: 1_000 },
      {
        sources: new SourceSet([workloadsSource, new RunningImagesSource()]),
        now: () => clock,
      },
    );
    const first = await cache.entityResponse(entity('one'));
    const stampOf = (body: Buffer) => JSON.parse(body.toString()).generatedAt;
    expect(Object.keys(JSON.parse(first.body.toString()))[0]).toBe(
      'generatedAt',
    );

    // Its registry facts expired: the route is rebuilt and reads the same.
    clock += 2_000;
    const again = await cache.entityResponse(entity('one'));
    expect(again.cached).toBe(false);
    expect(again.etag).toBe(first.etag);
    expect(again.body.equals(first.body)).toBe(true);

    // A real change: new bytes, a new ETag, and its own stamp.
    await new Promise(r => setTimeout(r, 5));
    restart('one');
    const changed = await cache.entityResponse(entity('one'));
    expect(changed.etag).not.toBe(first.etag);
    expect(stampOf(changed.body)).not.toBe(stampOf(first.body));
    const view = JSON.parse(changed.body.toString());
    expect(view.workloads[0].pods[0].restarts).toBe(3);
    expect(view.entityRef).toBe('component:default/one');
  });

  it('files an entity under what partial reads read besides its full build, and lets a read of every source drop what they no longer read', async () => {
    const { cache, put, remove } = world(
      {},
      { sources: new SourceSet([workloadsSource, new RunningImagesSource()]) },
    );
    await cache.entityResponse(entity('one'));
    const filed = cache.stats.readKeys;
    expect(filed).toBeGreaterThan(0);

    // A rollout: a new ReplicaSet and its pod, found by the pods' labels.
    const [, replicaSet, pod] = serviceObjects('one', 'team');
    const rs = {
      ...replicaSet,
      metadata: { ...replicaSet.metadata, name: 'one-def', uid: 'one-rs2' },
    };
    put(rs);
    put({
      ...pod,
      metadata: {
        ...pod.metadata,
        name: 'one-def-1',
        uid: 'one-p2',
        ownerReferences: [
          {
            ...pod.metadata!.ownerReferences![0],
            name: 'one-def',
            uid: 'one-rs2',
          },
        ],
      },
    });
    const images = new Set(['images'] as const);
    // After a change: the named sources only, added to what it is filed under.
    cache.transientView(entity('one'), {
      sections: images,
      sources: new Set(['images']),
    });
    expect(cache.stats.readKeys).toBeGreaterThan(filed);

    remove('Pod', 'team', 'one-def-1');
    remove('ReplicaSet', 'team', 'one-def');
    // The timed pass reads every source's sections: the earlier partial
    // reads are replaced, the full build's reads stay.
    cache.transientView(entity('one'), { sections: images });
    expect(cache.stats.readKeys).toBe(filed);
    expect(cache.stats.builds).toBe(1);
  });

  it('keeps the dependency records of at most maxEntities entities', async () => {
    const { cache, changes, restart } = world({ maxEntities: 2 });
    for (const name of services) await cache.entityResponse(entity(name));
    expect(cache.stats.entities).toBe(2);
    restart('one'); // the oldest record was dropped
    restart('three');
    expect(changes.map(c => c.entityRef)).toEqual(['component:default/three']);
  });
});
