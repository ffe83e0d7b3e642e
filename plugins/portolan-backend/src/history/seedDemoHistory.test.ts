import { doraForEntity } from '../dora/doraFromHistory';
import { HistoryStore } from './HistoryStore';
import { seedDemoHistory } from './seedDemoHistory';
import { TEST_ENGINES, testDatabases } from './__testUtils__/testDatabases';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY = 86_400_000;

describe('seedDemoHistory', () => {
  const dbs = testDatabases();

  it.each(TEST_ENGINES)(
    '%s: 90 days per service, DORA measurable in every key, written once',
    async engine => {
      const db = await dbs.create(engine);
      await HistoryStore.migrate(db);
      const store = new HistoryStore(db);
      const services = ['payments-api', 'ledger', 'storefront-web'].map(
        name => ({
          entityRef: `component:default/${name}`,
          application: `${name}-prod`,
          cluster: 'doks-tools',
        }),
      );
      expect(await seedDemoHistory(store, services, NOW)).toEqual(
        services.map(s => s.entityRef),
      );
      const count = async () =>
        Number(
          (await db('portolan_history_deployments').count({ n: '*' }))[0].n,
        );
      const deployments = await count();
      expect(deployments).toBeGreaterThan(10);

      // A restart seeds nothing again.
      expect(await seedDemoHistory(store, services, NOW + DAY)).toEqual([]);
      expect(await count()).toBe(deployments);

      for (const service of services) {
        const dora = await doraForEntity(
          store,
          service.entityRef,
          90 * DAY,
          NOW,
        );
        expect(dora.deploymentFrequency.count).toBeGreaterThan(0);
        expect(dora.leadTimeForChanges.basis).toBe('firstRun');
        expect(dora.performance.leadTimeForChanges).not.toBeNull();
        expect(dora.performance.changeFailureRate).not.toBeNull();
      }
      // Across the fleet some services had incidents, restored.
      const restores = await Promise.all(
        services.map(s => doraForEntity(store, s.entityRef, 90 * DAY, NOW)),
      );
      expect(restores.some(d => d.timeToRestore.incidents > 0)).toBe(true);
      // Failed runs are there too, with their failing step.
      const failed = await db('portolan_history_runs')
        .where({ status: 'failed' })
        .first();
      expect(failed?.failed_step).toBe('unit-test/go-test');
    },
    60_000,
  );
});
