/*
 * The view cache on the real watch caches against kube-sim over HTTPS:
 * which change invalidates which entity, a relist that changes nothing,
 * entity revisions, single-flight rebuilds, health, fleet runs. The
 * registry stage is a counting pass-through (registries are not ours to
 * emulate here; images/ tests them).
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startKubeSim, type KubeSim } from '@portolan/kube-sim';
import {
  type EntityView,
  FleetPipelineRunsQuerySchema,
} from '@portolan/plugin-portolan-common';
import { SourceSet } from '@portolan/plugin-portolan-node';
import {
  component,
  namespaceObject,
  pipelineRunObject,
  serviceObjects,
} from '../__testUtils__/portolanTestBackend';
import { DEFAULT_CACHE_OPTIONS } from '../cache/CacheOptions';
import { FleetCache } from '../cache/FleetCache';
import { KubeClient } from '../clusters/KubeClient';
import { EntityResolver } from '../entities/EntityResolver';
import { RunningImagesSource } from '../images/RunningImagesSource';
import { redactResponseBody } from '../redaction/redactSecrets';
import { TektonSource } from '../sources/tekton/TektonSource';
import { workloadsSource } from '../sources/workloads/workloadsSource';
import type { EntityViewChange, FleetChange } from './changeFeed';
import { FleetViews } from './FleetViews';
import { ViewCache } from './ViewCache';

jest.setTimeout(90_000);

async function until<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

const A = component('payments-api', 'team-payments');
const B = component('cart-service', 'team-storefront');
const A_REF = 'component:default/payments-api';
const B_REF = 'component:default/cart-service';
const user = mockCredentials.user('user:default/alice');

let sim: KubeSim;
let fleet: FleetCache;
let cache: ViewCache;
const clients: KubeClient[] = [];
const entityChanges: EntityViewChange[] = [];
const fleetChanges: FleetChange[] = [];
let registryCalls = 0;
let registryFails = false;

/** A status patch of one of A's objects on alpha: a real change of what its view reads. */
const patchStatusOfA = (
  object: { apiVersion: string; kind: string; name: string },
  status: Record<string, unknown>,
) =>
  sim.cluster('alpha').patch({ ...object, namespace: 'payments' }, { status });
const setReadyReplicas = (readyReplicas: number) =>
  patchStatusOfA(
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-api' },
    { readyReplicas },
  );
const setPodPhase = (phase: string) =>
  patchStatusOfA(
    { apiVersion: 'v1', kind: 'Pod', name: 'payments-api-abc-1' },
    { phase },
  );

const parse = (body: Buffer) => JSON.parse(body.toString()) as EntityView;
const changesOf = (ref: string) =>
  entityChanges.filter(c => c.entityRef === ref);

beforeAll(async () => {
  sim = await startKubeSim({
    bookmarkIntervalMs: 1000,
    clusters: [
      {
        name: 'alpha',
        objects: [
          namespaceObject('payments'),
          namespaceObject('storefront'),
          ...serviceObjects('payments-api', 'payments'),
          ...serviceObjects('cart-service', 'storefront'),
          pipelineRunObject('payments-api', 'payments', 'payments-api-build-1'),
        ],
      },
      {
        name: 'beta',
        objects: [
          namespaceObject('storefront'),
          ...serviceObjects('cart-service', 'storefront'),
        ],
      },
    ],
  });
  const sources = new SourceSet([
    workloadsSource,
    new TektonSource(),
    new RunningImagesSource(),
  ]);
  const logger = mockServices.logger.mock();
  fleet = new FleetCache(
    sim.clusters.map(c => {
      const client = new KubeClient(
        {
          url: c.url,
          ca: Buffer.from(c.caData, 'base64'),
          skipTLSVerify: false,
          authorization: async () => `Bearer ${c.token}`,
        },
        'portolan-test',
      );
      clients.push(client);
      return {
        definition: {
          name: c.name,
          title: c.name,
          locator: 'config',
          configKey: `test.${c.name}`,
          connection: {} as never,
        },
        client,
      };
    }),
    sources,
    {
      ...DEFAULT_CACHE_OPTIONS,
      requestTimeoutMs: 5_000,
      backoff: { initialMs: 50, maxMs: 400 },
    },
    logger,
  );
  const views = new FleetViews(
    fleet,
    new EntityResolver(sources.matchers),
    logger,
    {
      images: {
        imagesForEntity: async view => {
          registryCalls++;
          // Slow enough that concurrent requests overlap it.
          await new Promise(r => setTimeout(r, 50));
          if (registryFails) throw new Error('registry.acme.example: 503');
          return [...(view.images ?? [])];
        },
        fleetImages: async () => {
          throw new Error('not used: the view cache assembles fleet images');
        },
      },
      catalog: catalogServiceMock({ entities: [A, B] }),
      permissions: mockServices.permissions(),
    },
  );
  cache = new ViewCache({ fleet, views, redact: redactResponseBody, logger });
  cache.feed.onEntityChange(c => entityChanges.push(c));
  cache.feed.onFleetChange(c => fleetChanges.push(c));
  fleet.start();
  await until('both clusters synced', () =>
    fleet.clusters.every(c => c.health.state === 'synced'),
  );
});

afterAll(async () => {
  cache?.stop();
  await fleet?.stop();
  for (const client of clients) client.close();
  await sim?.stop();
});

beforeEach(async () => {
  // Both views kept and current before each test.
  await cache.entityResponse(A);
  await cache.entityResponse(B);
  entityChanges.length = 0;
  fleetChanges.length = 0;
});

describe('ViewCache', () => {
  it('answers an unchanged view from its bytes, with the same ETag', async () => {
    const before = cache.stats;
    const first = await cache.entityResponse(A);
    const second = await cache.entityResponse(A);
    expect(first.cached).toBe(true);
    expect(second.etag).toBe(first.etag);
    expect(second.body.equals(first.body)).toBe(true);
    expect(cache.stats.builds).toBe(before.builds);
    expect(cache.stats.registryBuilds).toBe(before.registryBuilds);
    expect(parse(first.body).entityRef).toBe(A_REF);
  });

  it("invalidates A on a change of A's pod, and not B", async () => {
    const before = await cache.entityResponse(A);
    const bBefore = await cache.entityResponse(B);
    setPodPhase('Failed');
    await until('A invalidated', () =>
      changesOf(A_REF).some(c => c.changed.includes('workloads')),
    );
    const after = await cache.entityResponse(A);
    expect(after.cached).toBe(false);
    expect(after.etag).not.toBe(before.etag);
    expect(after.version).toBeGreaterThan(before.version);
    const pods = parse(after.body).workloads!.flatMap(w => w.pods);
    expect(pods.map(p => p.phase)).toContain('failed');

    expect(changesOf(B_REF)).toEqual([]);
    const b = await cache.entityResponse(B);
    expect(b.cached).toBe(true);
    expect(b.etag).toBe(bBefore.etag);
    expect(fleetChanges.length).toBeGreaterThan(0);
  });

  it('invalidates nothing on a relist of an unchanged cluster', async () => {
    const alpha = sim.cluster('alpha');
    const before = cache.stats;
    const lists = () =>
      alpha.requests.entries.filter(r => r.verb === 'list' && r.resource);
    const listed = lists().length;
    // The next watch gets 410 Expired: its resource relists everything.
    alpha.faults.expireNextWatch();
    alpha.faults.dropWatches();
    const relist = await until(
      'a resource relisted',
      () => lists().length > listed && lists()[listed],
    );
    await until('its watch reopened after the relist', () =>
      alpha.requests.entries.some(
        r =>
          r.verb === 'watch' &&
          r.resource === relist.resource &&
          r.at >= relist.at &&
          r.path.includes('resourceVersion='),
      ),
    );
    // Every other watch reconnected too (from its resourceVersion).
    await until('the pod watch reopened', () =>
      alpha.requests.entries.some(
        r => r.verb === 'watch' && r.resource === 'pods' && r.at >= relist.at,
      ),
    );
    expect(changesOf(A_REF)).toEqual([]);
    expect(changesOf(B_REF)).toEqual([]);
    expect(cache.stats.invalidations).toBe(before.invalidations);
    expect((await cache.entityResponse(A)).cached).toBe(true);
    expect((await cache.entityResponse(B)).cached).toBe(true);
  });

  it('rebuilds an entity whose catalog revision changed', async () => {
    const before = await cache.entityResponse(A);
    const edited: Entity = {
      ...A,
      metadata: {
        ...A.metadata,
        etag: 'edited-1',
        annotations: {
          ...A.metadata.annotations,
          'backstage.io/kubernetes-namespace': 'storefront',
        },
      },
    };
    const after = await cache.entityResponse(edited);
    expect(after.cached).toBe(false);
    expect(changesOf(A_REF)).toEqual([
      expect.objectContaining({ changed: ['entity'] }),
    ]);
    expect(parse(after.body).selection.namespace).toBe('storefront');
    expect(after.etag).not.toBe(before.etag);
    expect((await cache.entityResponse(edited)).cached).toBe(true);
    // Back to the catalog's own entity for the other tests.
    expect((await cache.entityResponse(A)).cached).toBe(false);
  });

  it('rebuilds an invalidated view once for 20 concurrent requests', async () => {
    setReadyReplicas(0);
    await until('A invalidated', () => changesOf(A_REF).length > 0);
    const before = cache.stats;
    const calls = registryCalls;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cache.entityResponse(A)),
    );
    expect(cache.stats.builds - before.builds).toBe(1);
    expect(cache.stats.registryBuilds - before.registryBuilds).toBe(1);
    expect(registryCalls - calls).toBe(1);
    expect(new Set(answers.map(a => a.etag)).size).toBe(1);
    expect((await cache.entityResponse(A)).cached).toBe(true);
  });

  it('invalidates the views covering a cluster whose health changed', async () => {
    const beta = sim.cluster('beta');
    await beta.faults.down();
    try {
      await until('B invalidated by beta', () =>
        changesOf(B_REF).some(c => c.changed.includes('clusters')),
      );
      const b = parse((await cache.entityResponse(B)).body);
      await until('beta no longer synced', async () => {
        const view = parse((await cache.entityResponse(B)).body);
        return view.clusters.find(c => c.name === 'beta')?.state !== 'synced';
      });
      expect(b.entityRef).toBe(B_REF);
      expect(fleetChanges.some(c => c.changed.includes('clusters'))).toBe(true);
    } finally {
      await beta.faults.up();
    }
    await until('beta synced again', () =>
      fleet.clusters.every(c => c.health.state === 'synced'),
    );
    const view = parse((await cache.entityResponse(B)).body);
    expect(view.clusters.find(c => c.name === 'beta')?.state).toBe('synced');
  });

  it('shows a new run in the fleet runs, recomputing only the changed entity', async () => {
    const query = FleetPipelineRunsQuerySchema.parse({});
    const first = await cache.fleetPipelineRuns(user, query);
    expect(first.items.map(r => r.name)).toEqual(['payments-api-build-1']);
    const before = cache.stats;
    sim
      .cluster('alpha')
      .create(
        pipelineRunObject('payments-api', 'payments', 'payments-api-build-2'),
      );
    await until('A invalidated', () =>
      changesOf(A_REF).some(c => c.changed.includes('tekton')),
    );
    const second = await cache.fleetPipelineRuns(user, query);
    expect(second.items.map(r => r.name).sort()).toEqual([
      'payments-api-build-1',
      'payments-api-build-2',
    ]);
    expect(second.items.every(r => r.entityRef === A_REF)).toBe(true);
    // Only A's view was rebuilt for it.
    expect(cache.stats.builds - before.builds).toBe(1);
  });

  it('reads a changed view for a background reader without keeping it; its changes still reach the feed', async () => {
    const readyOf = (view: EntityView) =>
      view.workloads!.find(w => w.name === 'payments-api')!.replicas!.ready;
    // A kept, current view is answered as kept.
    const builds = cache.stats.builds;
    expect(cache.transientView(A).entityRef).toBe(A_REF);
    expect(cache.stats.builds).toBe(builds);

    setReadyReplicas(2);
    await until('A invalidated', () => changesOf(A_REF).length > 0);
    const bytes = cache.stats.bytes;
    expect(readyOf(cache.transientView(A))).toBe(2);
    expect(readyOf(cache.transientView(A))).toBe(2);
    // Built for each read, never kept.
    expect(cache.stats.builds).toBe(builds + 2);
    expect(cache.stats.bytes).toBe(bytes);

    // What the background read read is still watched.
    entityChanges.length = 0;
    setReadyReplicas(3);
    await until('A invalidated again', () => changesOf(A_REF).length > 0);
    const after = await cache.entityResponse(A);
    expect(after.cached).toBe(false);
    expect(readyOf(parse(after.body))).toBe(3);
  });

  it('reads only the wanted sections from the named sources for a background reader, and keeps what the full view read watched', async () => {
    setPodPhase('Pending');
    await until('A invalidated', () =>
      changesOf(A_REF).some(c => c.changed.includes('images')),
    );
    const { builds, partialBuilds, bytes } = cache.stats;
    const view = cache.transientView(A, {
      sections: new Set(['images', 'pipelineRuns']),
      sources: new Set(['images']),
    });
    expect(view.images?.length).toBeGreaterThan(0);
    expect(view.workloads).toBeUndefined();
    // Tekton fills a wanted section, but the change did not name it.
    expect(view.pipelineRuns).toBeUndefined();
    expect(view.timeline).toBeUndefined();
    expect(cache.stats.partialBuilds).toBe(partialBuilds + 1);
    expect(cache.stats.builds).toBe(builds);
    expect(cache.stats.bytes).toBe(bytes);

    // The images source reads no Deployment; the full view did, and the
    // entity is still filed under it.
    entityChanges.length = 0;
    setReadyReplicas(4);
    await until('A invalidated by its Deployment', () =>
      changesOf(A_REF).some(c => c.changed.includes('workloads')),
    );
    const after = await cache.entityResponse(A);
    expect(
      parse(after.body).workloads!.find(w => w.name === 'payments-api')!
        .replicas!.ready,
    ).toBe(4);

    // A read of every source's recorded sections (the timed pass) keeps
    // the full build's reads too.
    setPodPhase('Running');
    await until('A invalidated again', () =>
      changesOf(A_REF).some(c => c.changed.includes('images')),
    );
    expect(
      cache.transientView(A, { sections: new Set(['images']) }).workloads,
    ).toBeUndefined();
    entityChanges.length = 0;
    setReadyReplicas(5);
    await until('A invalidated by its Deployment once more', () =>
      changesOf(A_REF).some(c => c.changed.includes('workloads')),
    );
  });

  it('sends but does not keep a view whose registry stage failed', async () => {
    setReadyReplicas(1);
    await until('A invalidated', () => changesOf(A_REF).length > 0);
    registryFails = true;
    try {
      const failed = await cache.entityResponse(A);
      expect(parse(failed.body).sourceErrors).toContainEqual({
        source: 'images',
        message: 'registry.acme.example: 503',
      });
      const calls = registryCalls;
      const builds = cache.stats.builds;
      expect((await cache.entityResponse(A)).cached).toBe(false);
      expect(registryCalls - calls).toBe(1);
      // The view from memory stays kept: only the registry stage ran again.
      expect(cache.stats.builds).toBe(builds);
      const images = await cache.fleetImages(user);
      expect(images.errors).toContainEqual({
        entityRef: A_REF,
        message: 'registry.acme.example: 503',
      });
    } finally {
      registryFails = false;
    }
    const healed = await cache.entityResponse(A);
    expect(parse(healed.body).sourceErrors).toEqual([]);
    expect((await cache.entityResponse(A)).cached).toBe(true);
  });
});
