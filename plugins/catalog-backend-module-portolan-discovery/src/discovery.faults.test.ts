/*
 * End to end (issue 15): the real catalog, this module and the real
 * Portolan backend plugin in one backend, on the demo world's clusters in
 * kube-sim over HTTPS. While every cluster is down, while every token is
 * expired, and while every relist fails on an expired continue token, no
 * discovered entity leaves the catalog and an entity's page keeps showing
 * its last workloads; once the faults clear everything is synced again and
 * the same entities are there.
 */
import {
  type SchedulerService,
  type SchedulerServiceTaskInvocationDefinition,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  type KubeSim,
  demoFixturesDir,
  startKubeSim,
} from '@portolan/kube-sim';
// The end-to-end test needs the real plugin this module talks to.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import portolanPlugin from '@portolan/plugin-portolan-backend';
import request from 'supertest';
import { catalogModulePortolanDiscovery } from './module';

jest.setTimeout(300_000);

class ManualScheduler implements SchedulerService {
  readonly tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  async scheduleTask(task: SchedulerServiceTaskInvocationDefinition) {
    this.tasks.set(task.id, task);
  }
  createScheduledTaskRunner() {
    return {
      run: async (task: SchedulerServiceTaskInvocationDefinition) =>
        this.scheduleTask(task),
    };
  }
  async triggerTask(id: string) {
    await this.tasks.get(id)!.fn(new AbortController().signal);
  }
  async cancelTask() {}
  async getScheduledTasks() {
    return [];
  }
}

interface ClusterSummary {
  name: string;
  health: { state: string };
  resources: Array<{ kind: string; state: string }>;
}

async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('discovery through faults (catalog + Portolan + kube-sim)', () => {
  let sim: KubeSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const scheduler = new ManualScheduler();

  const discovered = async (): Promise<string[]> => {
    const res = await request(backend.server)
      .get('/api/catalog/entities')
      .query({
        filter:
          'metadata.annotations.backstage.io/managed-by-location=portolan-discovery:portolan-discovery',
      });
    expect(res.status).toBe(200);
    return (res.body as Entity[]).map(e => e.metadata.name).sort();
  };
  const clusters = async (): Promise<ClusterSummary[]> => {
    const res = await request(backend.server).get('/api/portolan/clusters');
    expect(res.status).toBe(200);
    return res.body.clusters;
  };
  const synced = (cs: ClusterSummary[]) =>
    cs.every(
      c =>
        c.health.state === 'synced' &&
        c.resources.every(
          r => r.state === 'synced' || r.state === 'not-installed',
        ),
    );
  /** Workloads on an entity's page, as `cluster/namespace/name`. */
  const workloads = async (name: string): Promise<string[]> => {
    const res = await request(backend.server).get(
      `/api/portolan/entities/default/component/${name}`,
    );
    expect(res.status).toBe(200);
    return (res.body.workloads ?? [])
      .map(
        (w: { cluster: string; namespace: string; name: string }) =>
          `${w.cluster}/${w.namespace}/${w.name}`,
      )
      .sort();
  };
  const runDiscovery = () =>
    scheduler.triggerTask('portolan-discovery:refresh');
  /** Discovery runs, and the catalog has had time to act on what it emitted. */
  const runAndSettle = async () => {
    await runDiscovery();
    await new Promise(r => setTimeout(r, 2_500));
  };

  beforeAll(async () => {
    sim = await startKubeSim({
      fixturesDir: demoFixturesDir,
      bookmarkIntervalMs: 1000,
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePortolanDiscovery,
        portolanPlugin,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            portolan: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: sim.clusters.map(c => ({
                    name: c.name,
                    url: c.url,
                    caData: c.caData,
                    serviceAccountToken: c.token,
                  })),
                },
              ],
              // Small pages (continue tokens on every list), frequent
              // relists, quick retries.
              cache: {
                pageSize: 5,
                resyncInterval: '2s',
                requestTimeout: '5s',
                backoff: { initial: '50ms', max: '500ms' },
              },
              discovery: {
                enabled: true,
                defaultOwner: 'group:default/platform-team',
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  it('deletes no discovered entity and hides no workload while clusters fail', async () => {
    await eventually('every cluster synced', async () =>
      synced(await clusters()),
    );
    await runDiscovery();
    // Every emitted entity processed: the same set twice, 3 s apart.
    let last: string[] = [];
    const before = await eventually(
      'the discovered entities, settled',
      async () => {
        const names = await discovered();
        const settled =
          names.length > 0 && JSON.stringify(names) === JSON.stringify(last);
        last = names;
        if (!settled) await new Promise(r => setTimeout(r, 3_000));
        return settled && names;
      },
    );
    // A discovered service and what its page shows now.
    const pages = new Map<string, string[]>();
    for (const name of before.slice(0, 4))
      pages.set(name, await workloads(name));
    expect([...pages.values()].some(w => w.length > 0)).toBe(true);

    const faults: Array<{
      name: string;
      inject: () => Promise<void> | void;
      /** The state every cluster shows while the fault holds. */
      shows: (c: ClusterSummary) => boolean;
    }> = [
      {
        name: 'outage',
        inject: async () => {
          for (const c of sim.clusters) await c.faults.down();
        },
        shows: c =>
          c.resources.some(
            r => r.state === 'stale' || r.state === 'unreachable',
          ),
      },
      {
        name: 'expired token',
        inject: () => {
          for (const c of sim.clusters) {
            c.faults.expireToken();
            c.faults.dropWatches();
          }
        },
        shows: c =>
          c.health.state === 'unauthorized' ||
          c.resources.some(r => r.state === 'unauthorized'),
      },
      {
        name: 'every relist expires mid-paging',
        inject: () => {
          for (const c of sim.clusters) {
            c.faults.expireContinue(100_000);
            c.compact();
            c.faults.dropWatches();
          }
        },
        shows: c => c.resources.some(r => r.state === 'stale'),
      },
    ];

    for (const fault of faults) {
      await fault.inject();
      await eventually(`${fault.name} visible on every cluster`, async () =>
        (await clusters()).every(fault.shows),
      );
      // Discovery runs (twice) while it holds: nothing leaves the catalog.
      await runAndSettle();
      await runAndSettle();
      expect({ fault: fault.name, entities: await discovered() }).toEqual({
        fault: fault.name,
        entities: before,
      });
      // The pages keep their last workloads.
      for (const [name, shown] of pages) {
        expect({
          fault: fault.name,
          name,
          workloads: await workloads(name),
        }).toEqual({
          fault: fault.name,
          name,
          workloads: shown,
        });
      }

      for (const c of sim.clusters) await c.faults.reset();
      await eventually(`recovery from ${fault.name}`, async () =>
        synced(await clusters()),
      );
      await runAndSettle();
      expect(await discovered()).toEqual(before);
    }
  });
});
