import { HistoryStore } from '../history/HistoryStore';
import {
  TEST_ENGINES,
  testDatabases,
} from '../history/__testUtils__/testDatabases';
import { doraForEntity, parseDoraWindow } from './doraFromHistory';

const ENTITY = 'component:default/shop';
const NOW = Date.parse('2026-12-01T00:00:00Z');
const H = 3_600_000;

describe('parseDoraWindow', () => {
  it('reads days and refuses anything else', () => {
    expect(parseDoraWindow(undefined)).toBe(30 * 24 * H);
    expect(parseDoraWindow('7d')).toBe(7 * 24 * H);
    expect(() => parseDoraWindow('0d')).toThrow(/1d to 365d/);
    expect(() => parseDoraWindow('2w')).toThrow(/Invalid window/);
  });
});

describe('doraForEntity', () => {
  const dbs = testDatabases();

  it.each(TEST_ENGINES)(
    '%s: production deployments with first-run lead times and rollbacks',
    async engine => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const deployment = (
        uid: string,
        app: string,
        revision: string,
        finishedAt: number,
        status = 'succeeded',
      ) => ({
        entityRef: ENTITY,
        cluster: 'hub',
        uid,
        source: 'argocd' as const,
        application: app,
        revision,
        status,
        destinationNamespace: app === 'shop-prod' ? 'shop-prod' : 'shop-dev',
        finishedAt,
      });
      await store.upsertDeployments([
        deployment('p/1', 'shop-prod', 'r1', NOW - 20 * 24 * H),
        deployment('p/2', 'shop-prod', 'r2', NOW - 10 * 24 * H),
        deployment('p/3', 'shop-prod', 'r1', NOW - 9 * 24 * H), // rollback
        deployment('d/1', 'shop-dev', 'r3', NOW - 5 * 24 * H), // not production
        deployment('p/op', 'shop-prod', 'r3', NOW - 2 * 24 * H, 'failed'),
      ]);
      await store.upsertRuns([
        {
          entityRef: ENTITY,
          cluster: 'ci',
          uid: 'run-1',
          source: 'tekton',
          kind: 'PipelineRun',
          commit: 'r1',
          startedAt: NOW - 20 * 24 * H - 2 * H,
        },
        {
          entityRef: ENTITY,
          cluster: 'ci',
          uid: 'run-2',
          source: 'tekton',
          kind: 'PipelineRun',
          commit: 'r2',
          startedAt: NOW - 10 * 24 * H - 4 * H,
        },
      ]);
      const dora = await doraForEntity(store, ENTITY, 30 * 24 * H, NOW);
      expect(dora.deploymentFrequency).toEqual({ count: 2, perDay: 2 / 30 });
      // Lead times 2 h and 4 h → median 3 h, from first runs.
      expect(dora.leadTimeForChanges).toEqual({
        medianSeconds: 3 * 3600,
        basis: 'firstRun',
      });
      // r1 (d-20) is followed by r2's deployment (d-10) with nothing in
      // between: fine. r2 is followed by a rollback (d-9) and a failed sync
      // (d-2) with no later deployment: failed. 1 of 2.
      expect(dora.changeFailureRate).toEqual({
        ratio: 0.5,
        failed: 1,
        total: 2,
      });
      expect(dora.timeToRestore).toEqual({ medianSeconds: null, incidents: 0 });
    },
    60_000,
  );
});
