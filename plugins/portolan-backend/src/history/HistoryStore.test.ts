import { HistoryStore, type RunRecord } from './HistoryStore';
import { TEST_ENGINES, testDatabases } from './__testUtils__/testDatabases';

const DAY = 86_400_000;
const T0 = Date.parse('2026-09-01T00:00:00Z');

function run(n: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    entityRef: 'component:default/shop',
    cluster: 'dev',
    uid: `uid-${n}`,
    source: 'tekton',
    kind: 'PipelineRun',
    namespace: 'shop',
    name: `shop-build-${n}`,
    status: 'Succeeded',
    startedAt: T0 + n * DAY,
    finishedAt: T0 + n * DAY + 60_000,
    commit: `c${n}`,
    ...overrides,
  };
}

describe('HistoryStore', () => {
  const dbs = testDatabases();

  describe.each(TEST_ENGINES)('on %s', engine => {
    async function store(now = () => T0 + 400 * DAY) {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      return { db, store: new HistoryStore(db, now) };
    }

    it('migrates twice without error and upserts instead of duplicating', async () => {
      const { db, store: s } = await store();
      await HistoryStore.migrate(db);
      await s.upsertRuns([
        run(1, { status: 'Running', finishedAt: undefined }),
      ]);
      await s.upsertRuns([
        run(1, {
          failedStep: 'test',
          exitCode: 2,
          logTail: 'boom',
          status: 'Failed',
        }),
      ]);
      // A second replica or a relist sees it again, now without its pod.
      await s.upsertRuns([run(1, { status: 'Failed' })]);
      const page = await s.query({
        entityRef: 'component:default/shop',
        type: 'pipelineRuns',
        limit: 10,
      });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        cluster: 'dev',
        source: 'tekton',
        kind: 'PipelineRun',
        status: 'Failed',
        commit: 'c1',
        live: true,
        startedAt: new Date(T0 + DAY).toISOString(),
        finishedAt: new Date(T0 + DAY + 60_000).toISOString(),
        details: { failedStep: 'test', exitCode: 2, logTail: 'boom' },
      });
      expect(page.nextCursor).toBeUndefined();
    }, 60_000);

    it('pages newest first with a cursor and honours since/until', async () => {
      const { store: s } = await store();
      await s.upsertRuns(Array.from({ length: 7 }, (_, i) => run(i)));
      // Another entity's runs never show.
      await s.upsertRuns([run(3, { entityRef: 'component:default/other' })]);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.query({
          entityRef: 'component:default/shop',
          type: 'pipelineRuns',
          limit: 3,
          cursor,
        });
        seen.push(...page.items.map(i => i.name!));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map(n => `shop-build-${n}`));

      const window = await s.query({
        entityRef: 'component:default/shop',
        type: 'pipelineRuns',
        limit: 10,
        since: T0 + 2 * DAY,
        until: T0 + 4 * DAY,
      });
      expect(window.items.map(i => i.name)).toEqual([
        'shop-build-4',
        'shop-build-3',
        'shop-build-2',
      ]);
      await expect(
        s.query({
          entityRef: 'component:default/shop',
          type: 'pipelineRuns',
          limit: 3,
          cursor: 'bm9wZQ',
        }),
      ).rejects.toThrow(/cursor/);
    }, 60_000);

    it('marks rows no longer in the cluster as not live, and back when seen again', async () => {
      const { store: s } = await store();
      await s.upsertRuns([run(1), run(2), run(3, { cluster: 'prod' })]);
      expect(await s.markGone('pipelineRuns', 'dev', new Set(['uid-2']))).toBe(
        1,
      );
      const items = (
        await s.query({
          entityRef: 'component:default/shop',
          type: 'pipelineRuns',
          limit: 10,
        })
      ).items;
      expect(items.map(i => [i.name, i.live])).toEqual([
        ['shop-build-3', true],
        ['shop-build-2', true],
        ['shop-build-1', false],
      ]);
      await s.upsertRuns([run(1)]);
      const again = await s.query({
        entityRef: 'component:default/shop',
        type: 'pipelineRuns',
        limit: 10,
      });
      expect(again.items.find(i => i.name === 'shop-build-1')?.live).toBe(true);
    }, 60_000);

    it('keeps first_seen and moves last_seen forward for image placements', async () => {
      const { store: s } = await store();
      const placement = {
        entityRef: 'component:default/shop',
        cluster: 'prod',
        namespace: 'shop',
        workload: 'Deployment/shop',
        imageDigest: 'sha256:aa',
        image: 'registry/shop@sha256:aa',
      };
      await s.upsertImagePlacements([{ ...placement, seenAt: T0 + 5 * DAY }]);
      await s.upsertImagePlacements([{ ...placement, seenAt: T0 + 9 * DAY }]);
      await s.upsertImagePlacements([{ ...placement, seenAt: T0 + 7 * DAY }]);
      const [item, ...rest] = (
        await s.query({
          entityRef: 'component:default/shop',
          type: 'images',
          limit: 10,
        })
      ).items;
      expect(rest).toEqual([]);
      expect(item).toMatchObject({
        source: 'pods',
        imageDigest: 'sha256:aa',
        startedAt: new Date(T0 + 5 * DAY).toISOString(),
        live: true,
        details: {
          workload: 'Deployment/shop',
          lastSeen: new Date(T0 + 9 * DAY).toISOString(),
        },
      });
    }, 60_000);

    it('upserts Argo CD deployments by application history id', async () => {
      const { store: s } = await store();
      const deployment = {
        entityRef: 'component:default/shop',
        cluster: 'hub',
        uid: 'app-uid/3',
        source: 'argocd' as const,
        application: 'shop-prod',
        revision: 'abc123',
        status: 'Succeeded',
        startedAt: T0,
        finishedAt: T0 + 30_000,
      };
      await s.upsertDeployments([deployment]);
      await s.upsertDeployments([{ ...deployment, health: 'Degraded' }]);
      const items = (
        await s.query({
          entityRef: 'component:default/shop',
          type: 'deployments',
          limit: 10,
        })
      ).items;
      expect(items).toEqual([
        expect.objectContaining({
          commit: 'abc123',
          status: 'Succeeded',
          details: expect.objectContaining({
            application: 'shop-prod',
            health: 'Degraded',
          }),
        }),
      ]);
    }, 60_000);

    it('prunes only rows older than the retention cut-off', async () => {
      const { store: s } = await store();
      await s.upsertRuns([run(1), run(50)]);
      expect(await s.prune(T0 + 10 * DAY)).toBe(1);
      const items = (
        await s.query({
          entityRef: 'component:default/shop',
          type: 'pipelineRuns',
          limit: 10,
        })
      ).items;
      expect(items.map(i => i.name)).toEqual(['shop-build-50']);
    }, 60_000);
  });
});
