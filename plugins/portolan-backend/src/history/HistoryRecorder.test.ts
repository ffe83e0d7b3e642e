import { mockServices } from '@backstage/backend-test-utils';
import type {
  Deployment,
  EntityView,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import knexFactory from 'knex';
import { HistoryRecorder, tailBytes } from './HistoryRecorder';
import { HistoryStore } from './HistoryStore';
import { TEST_ENGINES, testDatabases } from './__testUtils__/testDatabases';

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
});
