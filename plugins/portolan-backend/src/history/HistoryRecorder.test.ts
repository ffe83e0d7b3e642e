import { mockServices } from '@backstage/backend-test-utils';
import type {
  Deployment,
  EntityView,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import knexFactory from 'knex';
import {
  changedRead,
  HistoryRecorder,
  RECORDED_SECTIONS,
  tailBytes,
} from './HistoryRecorder';
import { HistoryStore } from './HistoryStore';
import { TEST_ENGINES, testDatabases } from './__testUtils__/testDatabases';
import { ViewChangeEmitter } from '../views/changeFeed';
import { doraForEntity } from '../dora/doraFromHistory';
import { waitFor } from '../__testUtils__/portolanTestBackend';

/** Waits (on real timers) until `condition` holds; fails after 10 s. */
async function eventually(condition: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in 10 s');
    await new Promise(r => setTimeout(r, 5));
  }
}

const ENTITY = 'component:default/shop';
const signal = new AbortController().signal;

function pipelineRun(
  name: string,
  overrides: Partial<PipelineRun> = {},
): PipelineRun {
  return {
    system: 'tekton',
    cluster: 'dev',
    namespace: 'shop',
    name,
    status: 'succeeded',
    createdAt: '2026-11-01T10:00:00Z',
    startedAt: '2026-11-01T10:00:01Z',
    finishedAt: '2026-11-01T10:05:00Z',
    trigger: { kind: 'manual' },
    commit: { sha: 'abc', repositoryUrl: 'https://git.example/shop' },
    tasks: [],
    taskCounts: {
      total: 0,
      succeeded: 0,
      failed: 0,
      running: 0,
      pending: 0,
      cancelled: 0,
      timedOut: 0,
      skipped: 0,
      unknown: 0,
    },
    results: [],
    images: [{ url: 'reg/shop', digest: 'sha256:11' }],
    links: [],
    warnings: [],
    ...overrides,
  };
}

const failedRun = pipelineRun('shop-run-2', {
  status: 'failed',
  tasks: [
    {
      name: 'unit-test',
      role: 'task',
      status: 'failed',
      reason: 'Failed',
      podName: 'shop-run-2-unit-test-pod',
      steps: [
        { name: 'prepare', status: 'succeeded', container: 'step-prepare' },
        {
          name: 'go-test',
          status: 'failed',
          container: 'step-go-test',
          exitCode: 3,
          terminationReason: 'Error',
        },
      ],
      results: [],
    },
  ],
});

const application: Deployment = {
  system: 'argocd',
  cluster: 'hub',
  namespace: 'argocd',
  application: 'shop-prod',
  project: 'default',
  destination: { namespace: 'shop-prod', cluster: 'prod', match: 'name' },
  sources: [],
  multiSource: false,
  sync: 'synced',
  health: 'healthy',
  upstream: {},
  revisions: ['r2'],
  images: [],
  history: [
    {
      id: 1,
      revisions: ['r1'],
      deployStartedAt: '2026-11-01T09:00:00Z',
      deployedAt: '2026-11-01T09:01:00Z',
    },
    {
      id: 2,
      revisions: ['r2'],
      deployStartedAt: '2026-11-02T09:00:00Z',
      deployedAt: '2026-11-02T09:01:00Z',
    },
  ],
  links: [],
  warnings: [],
} as unknown as Deployment;

function view(
  sections: Partial<EntityView>,
  clusterState: 'synced' | 'syncing' = 'synced',
): { entityRef: string; view: EntityView } {
  return {
    entityRef: ENTITY,
    view: {
      entityRef: ENTITY,
      generatedAt: '2026-11-03T00:00:00Z',
      partial: false,
      selection: {} as EntityView['selection'],
      sourceErrors: [],
      clusters: ['dev', 'hub'].map(name => ({
        name,
        title: name,
        state: clusterState,
      })) as unknown as EntityView['clusters'],
      ...sections,
    },
  };
}

describe('tailBytes', () => {
  it('keeps the last bytes from a line start', () => {
    expect(tailBytes('aaaa\nbbbb\ncccc\n', 8)).toBe('cccc\n');
    expect(tailBytes('short', 100)).toBe('short');
  });
});

/** A store that keeps nothing; `onRun` hears each upserted run's entity. */
function memoryStore(onRun: (entityRef: string) => void = () => {}): never {
  return {
    async upsertRuns(records: { entityRef: string }[]) {
      for (const r of records) onRun(r.entityRef);
    },
    async upsertDeployments() {},
    async upsertImagePlacements() {},
    async markGone() {
      return 0;
    },
    async ping() {},
  } as never;
}

describe('HistoryRecorder', () => {
  const dbs = testDatabases();

  describe.each(TEST_ENGINES)('on %s', engine => {
    async function setup() {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      return db;
    }
    const runs = (store: HistoryStore) =>
      store.query({ entityRef: ENTITY, type: 'pipelineRuns', limit: 50 });

    it('records terminal runs with the failing step and a bounded log tail, keeps pruned runs as not live, survives a restart', async () => {
      const db = await setup();
      const store = new HistoryStore(db);
      const readLogTail = jest.fn(
        async () => `${'x'.repeat(5000)}\nlast line\n`,
      );
      const recorder = new HistoryRecorder({
        store,
        logger: mockServices.logger.mock(),
        readLogTail,
        logTailBytes: 64,
      });
      await recorder.recordScan(
        [
          view({
            pipelineRuns: [
              pipelineRun('shop-run-1'),
              failedRun,
              pipelineRun('shop-run-3', {
                status: 'running',
                finishedAt: undefined,
              }),
            ],
            deployments: [application],
          }),
        ],
        signal,
      );
      await recorder.flush();
      expect(readLogTail).toHaveBeenCalledWith(
        expect.objectContaining({
          pod: 'shop-run-2-unit-test-pod',
          container: 'step-go-test',
          maxBytes: 64,
        }),
      );
      let page = await runs(store);
      expect(page.items.map(i => [i.name, i.status, i.live])).toEqual([
        ['shop-run-2', 'failed', true],
        ['shop-run-1', 'succeeded', true],
      ]);
      const failed = page.items.find(i => i.name === 'shop-run-2')!;
      expect(failed.details).toMatchObject({
        failedStep: 'unit-test/go-test',
        failureReason: 'Error',
        exitCode: 3,
        logTail: 'last line\n',
      });
      expect(failed).toMatchObject({
        commit: 'abc',
        imageDigest: 'sha256:11',
        source: 'tekton',
      });

      const deployments = await store.query({
        entityRef: ENTITY,
        type: 'deployments',
        limit: 50,
      });
      expect(
        deployments.items.map(d => [
          d.details.revision,
          d.details.health ?? null,
        ]),
      ).toEqual([
        ['r2', 'healthy'],
        ['r1', null],
      ]);

      // The cluster prunes shop-run-1; a scan of a still-syncing cluster changes nothing.
      await recorder.recordScan(
        [view({ pipelineRuns: [failedRun] }, 'syncing')],
        signal,
      );
      await recorder.flush();
      expect((await runs(store)).items.every(i => i.live)).toBe(true);
      await recorder.recordScan(
        [view({ pipelineRuns: [failedRun], deployments: [application] })],
        signal,
      );
      await recorder.flush();
      page = await runs(store);
      expect(page.items.find(i => i.name === 'shop-run-1')?.live).toBe(false);
      expect(page.items.find(i => i.name === 'shop-run-2')?.live).toBe(true);

      // A backend restart: a new store and recorder over the same database.
      const restarted = new HistoryRecorder({
        store: new HistoryStore(db),
        logger: mockServices.logger.mock(),
      });
      await restarted.recordScan(
        [view({ pipelineRuns: [failedRun], deployments: [application] })],
        signal,
      );
      await restarted.flush();
      page = await runs(new HistoryStore(db));
      expect(page.items.map(i => [i.name, i.live])).toEqual(
        expect.arrayContaining([
          ['shop-run-1', false],
          ['shop-run-2', true],
        ]),
      );
      expect(page.items).toHaveLength(2);
      // The restarted recorder had no pod log to read, and kept the stored tail.
      expect(
        page.items.find(i => i.name === 'shop-run-2')?.details.logTail,
      ).toBe('last line\n');
      expect(recorder.status()).toMatchObject({
        state: 'ok',
        dropped: 0,
        queued: 0,
      });
    }, 60_000);

    it('records health over time, a restore after a degraded state, the earliest sighting across replicas; DORA time to restore from it', async () => {
      const db = await setup();
      let clock = Date.parse('2026-11-02T10:00:00Z');
      const recorder = (store: HistoryStore) =>
        new HistoryRecorder({
          store,
          logger: mockServices.logger.mock(),
          now: () => clock,
        });
      const a = recorder(new HistoryStore(db));
      const b = recorder(new HistoryStore(db));
      const at = (health: string) => [
        view({ deployments: [{ ...application, health } as Deployment] }),
      ];
      const pass = async (r: HistoryRecorder, health: string) => {
        await r.recordScan(at(health), signal);
        await r.flush();
      };
      await pass(a, 'healthy'); // 10:00
      clock = Date.parse('2026-11-02T12:00:00Z');
      await pass(a, 'degraded');
      clock = Date.parse('2026-11-02T12:10:00Z');
      // A second replica sees the same incident later: the earlier time stays.
      await pass(b, 'degraded');
      await pass(a, 'progressing'); // neither failure nor restore
      clock = Date.parse('2026-11-02T12:30:00Z');
      await pass(a, 'healthy');
      clock = Date.parse('2026-11-02T12:40:00Z');
      await pass(b, 'healthy');
      await pass(a, 'healthy'); // no new row for a steady state

      const events = await new HistoryStore(db).healthEvents(
        [ENTITY],
        0,
        Date.parse('2026-12-01T00:00:00Z'),
      );
      expect(events.map(e => [e.health, new Date(e.at).toISOString()])).toEqual(
        [
          ['healthy', '2026-11-02T10:00:00.000Z'],
          ['degraded', '2026-11-02T12:00:00.000Z'],
          ['healthy', '2026-11-02T12:30:00.000Z'],
        ],
      );
      const dora = await doraForEntity(
        new HistoryStore(db),
        ENTITY,
        30 * 86_400_000,
        Date.parse('2026-11-10T00:00:00Z'),
      );
      // r1 then r2 deployed; r2 degraded at 12:00 before any next deployment.
      expect(dora.changeFailureRate).toEqual({
        ratio: 0.5,
        failed: 1,
        total: 2,
      });
      expect(dora.timeToRestore).toEqual({ medianSeconds: 1800, incidents: 1 });
      expect(dora.performance.timeToRestore).toBe('elite');
    }, 60_000);

    it('records TaskRuns as rows of their own (listed by kind) and kpack Builds; pruned ones not live', async () => {
      const db = await setup();
      const store = new HistoryStore(db);
      const recorder = new HistoryRecorder({
        store,
        logger: mockServices.logger.mock(),
      });
      const withTaskRuns = pipelineRun('shop-run-1', {
        tasks: [
          {
            name: 'build',
            role: 'task',
            status: 'succeeded',
            objectKind: 'TaskRun',
            objectName: 'shop-run-1-build',
            startedAt: '2026-11-01T10:00:02Z',
            finishedAt: '2026-11-01T10:03:00Z',
            steps: [],
            results: [],
          },
          {
            name: 'deploy',
            role: 'task',
            status: 'running',
            objectKind: 'TaskRun',
            objectName: 'shop-run-1-deploy',
            steps: [],
            results: [],
          },
        ],
      });
      const build = (name: string, status: string, createdAt: string) => ({
        cluster: 'dev',
        namespace: 'shop',
        name,
        status,
        createdAt,
        startedAt: createdAt,
        finishedAt: status === 'running' ? undefined : createdAt,
        conditionReason: status === 'failed' ? 'BuildFailed' : undefined,
        commit: { sha: 'abc' },
        digest: 'sha256:22',
        reasons: [],
        upstreamReasons: [],
        changes: [],
        buildpacks: [],
        tags: [],
        warnings: [],
      });
      const kpackImages = (builds: unknown[]) =>
        [
          { cluster: 'dev', namespace: 'shop', name: 'shop', builds },
        ] as unknown as EntityView['kpackImages'];
      await recorder.recordScan(
        [
          view({
            pipelineRuns: [withTaskRuns],
            kpackImages: kpackImages([
              build('shop-build-1', 'succeeded', '2026-10-30T08:00:00Z'),
              build('shop-build-2', 'failed', '2026-10-31T08:00:00Z'),
              build('shop-build-3', 'running', '2026-11-02T08:00:00Z'),
            ]),
          }),
        ],
        signal,
      );
      await recorder.flush();
      const list = async (kind?: string) =>
        (
          await store.query({
            entityRef: ENTITY,
            type: 'pipelineRuns',
            limit: 50,
            kind,
          })
        ).items.map(i => [i.kind, i.name, i.status, i.live]);
      // Without a kind: runs and builds, no TaskRuns.
      expect(await list()).toEqual([
        ['PipelineRun', 'shop-run-1', 'succeeded', true],
        ['Build', 'shop-build-2', 'failed', true],
        ['Build', 'shop-build-1', 'succeeded', true],
      ]);
      expect(await list('TaskRun')).toEqual([
        ['TaskRun', 'shop-run-1-build', 'succeeded', true],
      ]);
      const [taskRun] = (
        await store.query({
          entityRef: ENTITY,
          type: 'pipelineRuns',
          limit: 1,
          kind: 'TaskRun',
        })
      ).items;
      expect(taskRun.details).toMatchObject({ parent: 'shop-run-1' });
      const [failedBuild] = (
        await store.query({
          entityRef: ENTITY,
          type: 'pipelineRuns',
          limit: 1,
          kind: 'Build',
        })
      ).items;
      expect(failedBuild).toMatchObject({
        source: 'kpack',
        commit: 'abc',
        imageDigest: 'sha256:22',
        details: { failureReason: 'BuildFailed' },
      });
      // kpack prunes build 1 (its history limit), Tekton the run and its TaskRuns.
      await recorder.recordScan(
        [
          view({
            kpackImages: kpackImages([
              build('shop-build-2', 'failed', '2026-10-31T08:00:00Z'),
            ]),
          }),
        ],
        signal,
      );
      await recorder.flush();
      expect(await list()).toEqual([
        ['PipelineRun', 'shop-run-1', 'succeeded', false],
        ['Build', 'shop-build-2', 'failed', true],
        ['Build', 'shop-build-1', 'succeeded', false],
      ]);
      expect(await list('TaskRun')).toEqual([
        ['TaskRun', 'shop-run-1-build', 'succeeded', false],
      ]);
    }, 60_000);

    it('two backends on one database record a run once', async () => {
      const db = await setup();
      // A second replica: its own connection pool to the same database
      // (in-memory SQLite has one connection, so it shares it).
      const replicaDb =
        engine === 'postgres' ? knexFactory(db.client.config) : db;
      try {
        const scan = [
          view({ pipelineRuns: [pipelineRun('shop-run-1'), failedRun] }),
        ];
        const a = new HistoryRecorder({
          store: new HistoryStore(db),
          logger: mockServices.logger.mock(),
        });
        const b = new HistoryRecorder({
          store: new HistoryStore(replicaDb),
          logger: mockServices.logger.mock(),
        });
        await Promise.all([
          a.recordScan(scan, signal),
          b.recordScan(scan, signal),
        ]);
        await Promise.all([a.flush(), b.flush()]);
        const items = (await runs(new HistoryStore(db))).items;
        expect(items.map(i => i.name)).toEqual(['shop-run-2', 'shop-run-1']);
      } finally {
        if (replicaDb !== db) await replicaDb.destroy();
      }
    }, 60_000);
  });

  describe.each(TEST_ENGINES)('from the change feed on %s', engine => {
    it('records a changed entity soon after its change, once per burst, and not after stop', async () => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const feed = new ViewChangeEmitter();
      let current = view({ pipelineRuns: [pipelineRun('shop-run-1')] }).view;
      const readView = jest.fn(async (ref: string) =>
        ref === ENTITY ? current : undefined,
      );
      const recorder = new HistoryRecorder({
        store,
        logger: mockServices.logger.mock(),
        changes: feed,
        readView,
        changeDelayMs: 20,
      });
      recorder.start();
      const names = async () =>
        (
          await store.query({
            entityRef: ENTITY,
            type: 'pipelineRuns',
            limit: 50,
          })
        ).items.map(i => i.name);

      // A burst of changes for one entity: one read of its view.
      for (let version = 1; version <= 5; version++) {
        feed.emitEntity({ entityRef: ENTITY, version, changed: ['tekton'] });
      }
      expect(recorder.status().changesPending).toBe(1);
      await eventually(async () => (await names()).length === 1);
      expect(await names()).toEqual(['shop-run-1']);
      expect(readView).toHaveBeenCalledTimes(1);

      // The next run finishes: recorded from its change, no timed pass.
      current = view({
        pipelineRuns: [pipelineRun('shop-run-1'), failedRun],
        deployments: [application],
      }).view;
      feed.emitEntity({ entityRef: ENTITY, version: 6, changed: ['tekton'] });
      // An entity the catalog no longer has is skipped, not an error.
      feed.emitEntity({
        entityRef: 'component:default/gone',
        version: 1,
        changed: ['entity'],
      });
      await eventually(async () => (await names()).length === 2);
      expect(await names()).toEqual(['shop-run-2', 'shop-run-1']);
      const deployments = await store.query({
        entityRef: ENTITY,
        type: 'deployments',
        limit: 50,
      });
      expect(deployments.items.map(d => d.details.revision)).toEqual([
        'r2',
        'r1',
      ]);
      // A change pass never marks rows gone (only the full pass does).
      current = view({ pipelineRuns: [] }).view;
      feed.emitEntity({ entityRef: ENTITY, version: 7, changed: ['tekton'] });
      await eventually(() => readView.mock.calls.length === 4);
      await eventually(() => recorder.status().changesPending === 0);
      await recorder.flush();
      const items = (
        await store.query({
          entityRef: ENTITY,
          type: 'pipelineRuns',
          limit: 50,
        })
      ).items;
      expect(items.map(i => i.live)).toEqual([true, true]);

      await recorder.stop();
      current = view({
        pipelineRuns: [pipelineRun('shop-run-9'), failedRun],
      }).view;
      feed.emitEntity({ entityRef: ENTITY, version: 8, changed: ['tekton'] });
      expect(recorder.status().changesPending).toBe(0);
      await new Promise(r => setTimeout(r, 60));
      expect(readView).toHaveBeenCalledTimes(4);
      expect(await names()).toEqual(['shop-run-2', 'shop-run-1']);
    }, 60_000);
  });

  it('bounds the entities waiting after changes and counts what it leaves to the timed pass', async () => {
    const feed = new ViewChangeEmitter();
    const upserted: string[] = [];
    const recorder = new HistoryRecorder({
      store: memoryStore(entityRef => upserted.push(entityRef)),
      logger: mockServices.logger.mock(),
      changes: feed,
      readView: async ref => {
        if (ref.endsWith('/broken')) throw new Error('bad annotation');
        return {
          ...view({ pipelineRuns: [pipelineRun('r')] }).view,
          entityRef: ref,
        };
      },
      // Never fires by itself here: the test drives recordChanges().
      changeDelayMs: 3_600_000,
      maxPendingChanges: 3,
    });
    recorder.start();
    for (const name of ['a', 'b', 'broken', 'c', 'd']) {
      feed.emitEntity({
        entityRef: `component:default/${name}`,
        version: 1,
        changed: ['tekton'],
      });
    }
    // A known entity's newer change still coalesces into its pending entry.
    feed.emitEntity({
      entityRef: 'component:default/a',
      version: 2,
      changed: ['argocd'],
    });
    expect(recorder.status()).toMatchObject({
      changesPending: 3,
      changesDropped: 2,
    });
    await recorder.recordChanges();
    expect(upserted.sort()).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    expect(recorder.status()).toMatchObject({ changesPending: 0, written: 2 });
    await recorder.stop();
  });

  it('names to the view reader what the coalesced changes of each entity named', async () => {
    const feed = new ViewChangeEmitter();
    const asked = new Map<string, string[]>();
    const recorder = new HistoryRecorder({
      store: memoryStore(),
      logger: mockServices.logger.mock(),
      changes: feed,
      readView: async (ref, _signal, changed) => {
        asked.set(ref, [...changed].sort());
        return { ...view({}).view, entityRef: ref };
      },
      changeDelayMs: 3_600_000,
    });
    recorder.start();
    const emit = (name: string, version: number, changed: string[]) =>
      feed.emitEntity({
        entityRef: `component:default/${name}`,
        version,
        changed,
      });
    emit('a', 1, ['workloads', 'images']);
    emit('a', 2, ['tekton']);
    emit('a', 3, ['images']);
    emit('b', 1, ['argocd']);
    await recorder.recordChanges();
    expect(Object.fromEntries(asked)).toEqual({
      'component:default/a': ['images', 'tekton', 'workloads'],
      'component:default/b': ['argocd'],
    });
    // The next pass starts afresh.
    emit('a', 4, ['argocd']);
    await recorder.recordChanges();
    expect(asked.get('component:default/a')).toEqual(['argocd']);
    await recorder.stop();
  });

  it('builds only the recorded sections from the sources a change named, every source after a catalog or health change', () => {
    expect(changedRead(new Set(['images', 'workloads']))).toEqual({
      sections: RECORDED_SECTIONS,
      sources: new Set(['images', 'workloads']),
    });
    for (const all of ['entity', 'clusters']) {
      expect(changedRead(new Set(['images', all]))).toEqual({
        sections: RECORDED_SECTIONS,
      });
    }
  });

  it('reads no section of a changed view beyond the recorded ones', async () => {
    const read = new Set<string>();
    const full = view({
      pipelineRuns: [pipelineRun('r'), failedRun],
      deployments: [application],
    }).view;
    const watched = new Proxy(full, {
      get(target, key, receiver) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key, receiver);
      },
    });
    const recorder = new HistoryRecorder({
      store: memoryStore(),
      logger: mockServices.logger.mock(),
    });
    await recorder.recordEntity(ENTITY, watched, new AbortController().signal);
    await recorder.stop();
    const sections = [
      'workloads',
      'pipelineRuns',
      'deployments',
      'timeline',
      'images',
      'kpackImages',
    ];
    const readSections = sections.filter(k => read.has(k));
    expect(readSections.length).toBeGreaterThan(0);
    expect(
      readSections.filter(k => !RECORDED_SECTIONS.has(k as never)),
    ).toEqual([]);
  });

  it('leaves changes during the first sync to the timed pass, and paces change passes to a share of the clock', async () => {
    const feed = new ViewChangeEmitter();
    const viewsRead: string[] = [];
    let settled = false;
    const recorder = new HistoryRecorder({
      store: memoryStore(),
      logger: mockServices.logger.mock(),
      changes: feed,
      settled: () => settled,
      maxShare: 0.5,
      readView: async ref => {
        viewsRead.push(ref);
        // A view that takes 40 ms to build.
        const until = performance.now() + 40;
        while (performance.now() < until);
        return {
          ...view({ pipelineRuns: [pipelineRun('r')] }).view,
          entityRef: ref,
        };
      },
      changeDelayMs: 5,
    });
    recorder.start();
    feed.emitEntity({ entityRef: ENTITY, version: 1, changed: ['tekton'] });
    feed.emitEntity({ entityRef: ENTITY, version: 2, changed: ['tekton'] });
    expect(recorder.status()).toMatchObject({
      changesPending: 0,
      changesBeforeSync: 2,
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(viewsRead).toEqual([]);

    settled = true;
    feed.emitEntity({ entityRef: ENTITY, version: 3, changed: ['tekton'] });
    await waitFor('the first change pass', () => viewsRead.length === 1);
    // The first pass took ≥ 40 ms; at a share of 0.5 the next one waits as
    // long again, not the 5 ms change delay.
    const afterFirst = performance.now();
    await new Promise(resolve => setTimeout(resolve, 10));
    feed.emitEntity({ entityRef: ENTITY, version: 4, changed: ['tekton'] });
    await waitFor('the second change pass', () => viewsRead.length === 2);
    expect(performance.now() - afterFirst).toBeGreaterThanOrEqual(35);
    await recorder.stop();
  });

  it('reads the views of a pass one at a time, and marks nothing gone when the pass is cut short', async () => {
    const gone: string[] = [];
    const store = {
      ...(memoryStore() as object),
      async markGone(table: string, cluster: string) {
        gone.push(`${table}@${cluster}`);
        return 0;
      },
    };
    const recorder = new HistoryRecorder({
      store: store as never,
      logger: mockServices.logger.mock(),
    });
    const built: string[] = [];
    // As the timed pass builds them: each view when asked, none once stopped.
    function* views(stop?: AbortController) {
      for (const name of ['a', 'b', 'c']) {
        if (stop?.signal.aborted) return;
        built.push(name);
        yield view({ pipelineRuns: [pipelineRun(name)] });
        stop?.abort();
      }
    }
    const cut = new AbortController();
    await recorder.recordScan(views(cut), cut.signal);
    await recorder.flush();
    // The pass stopped after the first view: it was never asked for the rest.
    expect(built).toEqual(['a']);
    expect(gone).toEqual([]);

    built.length = 0;
    await recorder.recordScan(views(), signal);
    await recorder.flush();
    expect(built).toEqual(['a', 'b', 'c']);
    expect(gone.sort()).toEqual(
      ['dev', 'hub']
        .flatMap(c =>
          ['deployments', 'images', 'pipelineRuns'].map(t => `${t}@${c}`),
        )
        .sort(),
    );
  });

  it('never blocks on a failing database: bounded queue, drops counted, failing health, recovery', async () => {
    let down = true;
    const written: string[] = [];
    const store = {
      async upsertRuns(records: { name?: string }[]) {
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        written.push(...records.map(r => r.name!));
      },
      async upsertDeployments() {},
      async upsertImagePlacements() {},
      async markGone() {
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return 0;
      },
      async ping() {
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    };
    const recorder = new HistoryRecorder({
      store: store as never,
      logger: mockServices.logger.mock(),
      maxQueued: 3,
    });
    const scan = [
      view({
        pipelineRuns: ['a', 'b', 'c', 'd', 'e'].map(n => pipelineRun(n)),
      }),
    ];
    await recorder.recordScan(scan, signal);
    await recorder.flush();
    await recorder.check();
    expect(recorder.status()).toMatchObject({
      state: 'failing',
      queued: 3,
      dropped: 2 + 6, // two runs, then the six "gone" checks (2 clusters × 3 tables)
      lastError: 'connect ECONNREFUSED 127.0.0.1:5432',
    });
    down = false;
    await recorder.flush();
    // What was dropped comes back from the cache on the next scans.
    for (let i = 0; i < 3; i++) {
      await recorder.recordScan(scan, signal);
      await recorder.flush();
    }
    expect(recorder.status()).toMatchObject({ state: 'ok', queued: 0 });
    expect([...new Set(written)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('names each deployed revision with the first source repository for its commit time, without waiting', async () => {
    const wanted: Array<[string | undefined, string | undefined]> = [];
    const recorder = new HistoryRecorder({
      store: {
        upsertRuns: async () => {},
        upsertDeployments: async () => {},
        upsertImagePlacements: async () => {},
        upsertHealth: async () => {},
        markGone: async () => 0,
        ping: async () => {},
      },
      logger: mockServices.logger.mock(),
      commitTimes: {
        want: (repositoryUrl, revision) =>
          wanted.push([repositoryUrl, revision]),
      },
    });
    const app = {
      ...application,
      sources: [
        { repoUrl: 'https://github.com/acme/shop-deploy.git' },
        { repoUrl: 'https://github.com/acme/values.git', ref: 'values' },
      ],
    } as Deployment;
    await recorder.recordScan([view({ deployments: [app] })], signal);
    expect(wanted).toEqual([
      ['https://github.com/acme/shop-deploy.git', 'r1'],
      ['https://github.com/acme/shop-deploy.git', 'r2'],
    ]);
  });
});
