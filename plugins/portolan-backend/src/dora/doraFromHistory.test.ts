import { HistoryStore } from '../history/HistoryStore';
import {
  TEST_ENGINES,
  testDatabases,
} from '../history/__testUtils__/testDatabases';
import { ConfigReader } from '@backstage/config';
import type { HistoryItem } from '../history/HistoryStore';
import {
  doraForEntity,
  doraForFleet,
  parseDoraWindow,
  productionRule,
  readProductionRule,
} from './doraFromHistory';

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

  it.each(TEST_ENGINES)(
    '%s: syncs before the window tell rollbacks and resyncs, per application',
    async engine => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const D = 24 * H;
      const sync = (
        uid: string,
        app: string,
        revision: string,
        at: number,
      ) => ({
        entityRef: ENTITY,
        cluster: 'hub',
        uid,
        source: 'argocd' as const,
        application: app,
        revision,
        status: 'succeeded',
        finishedAt: NOW - at,
      });
      await store.upsertDeployments([
        // Before the 7-day window.
        sync('a/1', 'shop-prod', 'r1', 20 * D),
        sync('a/2', 'shop-prod', 'r2', 15 * D),
        sync('b/1', 'other-prod', 'r9', 20 * D),
        sync('b/2', 'other-prod', 'r3', 19 * D),
        sync('b/3', 'other-prod', 'r9', 18 * D),
        // In the window.
        sync('a/3', 'shop-prod', 'r1', 5 * D), // back to r1: a rollback
        sync('a/4', 'shop-prod', 'r3', 3 * D), // new for shop-prod: counted
        sync('a/5', 'shop-prod', 'r3', 2 * D), // a resync
        sync('b/4', 'other-prod', 'r9', 4 * D), // runs r9 already: a resync
        sync('b/5', 'other-prod', 'r3', 1 * D), // back to r3: a rollback
      ]);
      const dora = await doraForEntity(store, ENTITY, 7 * D, NOW);
      expect(dora.deploymentFrequency).toEqual({ count: 1, perDay: 1 / 7 });
      expect(dora.changeFailureRate).toEqual({
        ratio: 0,
        failed: 0,
        total: 1,
      });
      // Without the syncs before the window, r1, r9 and r3 of other-prod
      // would count as new deployments too.
    },
    60_000,
  );

  it.each(TEST_ENGINES)(
    '%s: SCM commit times win over first runs; basis commit, then mixed',
    async engine => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const [c1, c2] = ['1'.repeat(40), '2'.repeat(40)];
      await store.upsertDeployments(
        [
          ['p/1', c1, NOW - 20 * 24 * H],
          ['p/2', c2, NOW - 10 * 24 * H],
        ].map(([uid, revision, finishedAt]) => ({
          entityRef: ENTITY,
          cluster: 'hub',
          uid: String(uid),
          source: 'argocd' as const,
          application: 'shop-prod',
          revision: String(revision),
          status: 'succeeded',
          finishedAt: Number(finishedAt),
        })),
      );
      await store.upsertRuns(
        [c1, c2].map((commit, i) => ({
          entityRef: ENTITY,
          cluster: 'ci',
          uid: `run-${i}`,
          source: 'tekton' as const,
          kind: 'PipelineRun',
          commit,
          startedAt: NOW - (20 - 10 * i) * 24 * H - H,
        })),
      );
      // c1 committed 5 h before its deployment (its run 1 h before).
      await store.putCommit({
        repository: 'github.com/acme/shop',
        sha: c1,
        outcome: 'found',
        committedAt: NOW - 20 * 24 * H - 5 * H,
        checkedAt: NOW,
      });
      let dora = await doraForEntity(store, ENTITY, 30 * 24 * H, NOW);
      // 5 h (commit) and 1 h (first run) → median 3 h.
      expect(dora.leadTimeForChanges).toEqual({
        medianSeconds: 3 * 3600,
        basis: 'mixed',
      });
      await store.putCommit({
        repository: 'github.com/acme/shop',
        sha: c2,
        outcome: 'found',
        committedAt: NOW - 10 * 24 * H - 9 * H,
        checkedAt: NOW,
      });
      dora = await doraForEntity(store, ENTITY, 30 * 24 * H, NOW);
      // 5 h and 9 h → median 7 h.
      expect(dora.leadTimeForChanges).toEqual({
        medianSeconds: 7 * 3600,
        basis: 'commit',
      });
    },
    60_000,
  );
});

describe('production rule', () => {
  const item = (
    application: string,
    destinationNamespace?: string,
    destinationCluster?: string,
  ): HistoryItem => ({
    cluster: 'hub',
    source: 'argocd',
    live: true,
    details: {
      application,
      ...(destinationNamespace ? { destinationNamespace } : {}),
      ...(destinationCluster ? { destinationCluster } : {}),
    },
  });

  it('defaults to `prod` in the application name or destination namespace', () => {
    const rule = readProductionRule(new ConfigReader({}));
    expect(rule(item('shop-prod', 'shop'))).toBe(true);
    expect(rule(item('shop', 'shop-production'))).toBe(true);
    expect(rule(item('shop', 'shop-live', 'live-eu'))).toBe(false);
  });

  it('uses the configured matchers instead: every given field must match, any matcher will do', () => {
    const rule = readProductionRule(
      new ConfigReader({
        portolan: {
          dora: {
            production: [
              { cluster: 'live-*' },
              { application: '*-release', namespace: 'shop' },
            ],
          },
        },
      }),
    );
    expect(rule(item('shop', 'shop-live', 'live-eu'))).toBe(true);
    expect(rule(item('shop-release', 'shop'))).toBe(true);
    expect(rule(item('shop-release', 'shop-staging'))).toBe(false);
    // The default rule no longer applies.
    expect(rule(item('shop-prod', 'shop-prod', 'staging'))).toBe(false);
    // Globs are whole-value, and only `*` is special.
    expect(
      productionRule([{ cluster: 'live.eu' }])(item('a', 'b', 'liveXeu')),
    ).toBe(false);
  });

  it('refuses a matcher that names nothing', () => {
    expect(() =>
      readProductionRule(
        new ConfigReader({ portolan: { dora: { production: [{}] } } }),
      ),
    ).toThrow(/portolan\.dora\.production\[0\]: give at least one/);
  });
});

describe('doraForFleet', () => {
  const dbs = testDatabases();

  it.each(TEST_ENGINES)(
    '%s: per service, per owner and pooled, same-named applications kept apart',
    async engine => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const D = 24 * H;
      const sync = (
        entityRef: string,
        uid: string,
        revision: string,
        finishedAt: number,
        status = 'succeeded',
      ) => ({
        entityRef,
        cluster: 'hub',
        uid,
        source: 'argocd' as const,
        // Both services call their application `app-prod`.
        application: 'app-prod',
        revision,
        status,
        finishedAt,
      });
      const A = 'component:default/a';
      const B = 'component:default/b';
      const C = 'component:default/c';
      await store.upsertDeployments([
        // A monorepo: both services deploy revision m1.
        sync(A, '1', 'm1', NOW - 9 * D),
        sync(A, '2', 'a2', NOW - 6 * D),
        sync(A, '3', 'a3', NOW - 3 * D),
        sync(B, '1', 'm1', NOW - 8 * D),
        // B's second deployment is followed by a failed sync.
        sync(B, '2', 'b2', NOW - 4 * D),
        sync(B, 'op', 'b3', NOW - 2 * D, 'failed'),
        // Outside the 10-day window.
        sync(C, '1', 'c1', NOW - 20 * D),
      ]);
      const fleet = await doraForFleet(
        store,
        [
          { entityRef: A, owner: 'group:default/red' },
          { entityRef: B, owner: 'group:default/blue', title: 'B' },
          { entityRef: C, owner: 'group:default/red' },
        ],
        10 * D,
        NOW,
      );
      // Pooled: 5 deployments in 10 days, 1 failed. Were the two
      // `app-prod` applications taken as one, B's m1 would be a resync of
      // A's m1 and not count (4).
      expect(fleet.deploymentFrequency).toEqual({ count: 5, perDay: 0.5 });
      expect(fleet.changeFailureRate).toEqual({
        ratio: 0.2,
        failed: 1,
        total: 5,
      });
      expect(
        fleet.owners.map(o => [
          o.owner,
          o.services,
          o.dora.deploymentFrequency.count,
          o.dora.changeFailureRate.failed,
        ]),
      ).toEqual([
        ['group:default/blue', 1, 2, 1],
        ['group:default/red', 2, 3, 0],
      ]);
      expect(
        fleet.services.map(s => [
          s.entityRef,
          s.title ?? null,
          s.dora.deploymentFrequency.count,
          s.dora.changeFailureRate.ratio,
          s.dora.performance.deploymentFrequency,
        ]),
      ).toEqual([
        [A, null, 3, 0, 'high'],
        [B, 'B', 2, 0.5, 'high'],
        [C, null, 0, null, 'low'],
      ]);
    },
    60_000,
  );
});
