/*
 * The module on a test backend with the real catalog: a fake Portolan
 * plugin serves the candidates over HTTP (checking the caller is a service),
 * the test runs the scheduled task by hand and reads the catalog's REST API.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type SchedulerService,
  type SchedulerServiceTaskInvocationDefinition,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type {
  DiscoveryCandidate,
  DiscoveryCandidatesResponse,
} from '@portolan/plugin-portolan-common';
import express from 'express';
import request from 'supertest';
import { catalogModulePortolanLocalRepositories } from './localRepositoriesModule';
import { catalogModulePortolanDiscovery } from './module';

jest.setTimeout(60_000);

/** A scheduler that records tasks; the test runs them. */
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
    return [...this.tasks.keys()].map(id => ({
      id,
      pluginId: 'catalog',
      scope: 'global' as const,
      settings: { version: 2 },
    }));
  }
}

function candidate(
  name: string,
  describedBy: string[] = [],
): DiscoveryCandidate {
  return {
    name,
    appName: name,
    partOf: 'storefront',
    links: {
      labelSelector: `app.kubernetes.io/name=${name}`,
      argocdAppNames: [`${name}-prod`],
    },
    workloads: [
      {
        cluster: 'gke-prod-eu',
        namespace: 'storefront',
        kind: 'Deployment',
        name,
      },
    ],
    applications: [
      { cluster: 'doks-tools', namespace: 'argocd', name: `${name}-prod` },
    ],
    describedBy,
  };
}

describe('catalogModulePortolanDiscovery', () => {
  let dir: string;
  let answer: DiscoveryCandidatesResponse;
  const callers: string[] = [];
  const scheduler = new ManualScheduler();
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  const fakePortolan = createBackendPlugin({
    pluginId: 'portolan',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.get('/discovery/candidates', (req, res, next) => {
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(credentials => {
                callers.push(`${credentials.principal.subject} ${req.url}`);
                res.json(answer);
              })
              .catch(next);
          });
          httpRouter.use(router);
        },
      });
    },
  });

  const respond = (candidates: DiscoveryCandidate[], complete = true) => {
    answer = {
      generatedAt: new Date().toISOString(),
      complete,
      clusters: [
        { name: 'gke-prod-eu', state: complete ? 'synced' : 'unreachable' },
        { name: 'doks-tools', state: 'synced' },
      ],
      candidates,
    };
  };

  async function entity(name: string): Promise<Entity | undefined> {
    const res = await request(backend.server).get(
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    return res.status === 200 ? res.body : undefined;
  }

  async function eventually<T>(
    what: string,
    check: () => Promise<T | undefined | false>,
  ): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 100));
    }
  }

  const run = () => scheduler.triggerTask('portolan-discovery:refresh');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portolan-discovery-'));
    // What a team wrote: `reviews`, owned by team-storefront.
    writeFileSync(
      join(dir, 'reviews.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: reviews',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-storefront',
        '',
      ].join('\n'),
    );
    respond([]);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePortolanDiscovery,
        catalogModulePortolanLocalRepositories,
        fakePortolan,
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              locations: [{ type: 'file', target: join(dir, 'reviews.yaml') }],
            },
            portolan: {
              scaffolder: { localGit: { baseDir: dir } },
              discovery: {
                enabled: true,
                excludeNamespaces: ['kube-*', 'monitoring'],
                defaultOwner: 'platform-team',
              },
            },
          },
        }),
      ],
    });
    await eventually('the team-written entity', () => entity('reviews'));
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks Portolan as the catalog plugin, passing the excluded namespaces', async () => {
    respond([]);
    await run();
    expect(callers.at(-1)).toBe(
      'plugin:catalog /discovery/candidates?excludeNamespace=kube-*&excludeNamespace=monitoring',
    );
  });

  it('emits a Component for a new service, and none for an already described one', async () => {
    respond([
      candidate('wishlist'),
      candidate('search', ['component:default/search-indexer']),
    ]);
    await run();
    const wishlist = await eventually('wishlist', () => entity('wishlist'));
    expect(wishlist.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location':
        'portolan-discovery:portolan-discovery',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=wishlist',
      'argocd/app-name': 'wishlist-prod',
    });
    expect(wishlist.spec).toMatchObject({
      type: 'service',
      owner: 'group:default/platform-team',
    });
    expect(wishlist.metadata.annotations?.['portolan.dev/owner-from']).toBe(
      'default-owner',
    );
    expect(await entity('search')).toBeUndefined();
  });

  it('never overwrites an entity a team wrote', async () => {
    // A race: the candidate is not marked described yet.
    respond([candidate('wishlist'), candidate('reviews')]);
    await run();
    await new Promise(r => setTimeout(r, 2000));
    const reviews = await entity('reviews');
    expect(reviews?.spec?.owner).toBe('team-storefront');
    expect(
      reviews?.metadata.annotations?.['backstage.io/managed-by-location'],
    ).toMatch(/^file:/);
  });

  it('keeps entities while a cluster is unreachable, and removes them once their workloads are gone', async () => {
    respond([], false);
    await run();
    await new Promise(r => setTimeout(r, 1500));
    expect(await entity('wishlist')).toBeDefined();

    respond([]);
    await run();
    await eventually(
      'wishlist removed',
      async () => !(await entity('wishlist')),
    );
    expect(await entity('reviews')).toBeDefined();
  });

  it('lets a team take over a discovered entity by writing its own', async () => {
    respond([candidate('loyalty')]);
    await run();
    await eventually('loyalty discovered', () => entity('loyalty'));
    writeFileSync(
      join(dir, 'loyalty.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: loyalty',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-storefront',
        '',
      ].join('\n'),
    );
    // catalogModulePortolanLocalRepositories lets the catalog take file locations.
    const res = await request(backend.server)
      .post('/api/catalog/locations')
      .send({ type: 'file', target: join(dir, 'loyalty.yaml') });
    expect(res.status).toBe(201);
    const taken = await eventually('loyalty taken over', async () => {
      const e = await entity('loyalty');
      return (
        e?.metadata.annotations?.[
          'backstage.io/managed-by-location'
        ]?.startsWith('file:') && e
      );
    });
    expect(taken.spec?.owner).toBe('team-storefront');

    // Discovery still proposing it (before Portolan sees the team's entity) takes nothing back.
    await run();
    await new Promise(r => setTimeout(r, 1500));
    expect((await entity('loyalty'))?.spec?.owner).toBe('team-storefront');
    // Once Portolan marks it described, discovery stops emitting it; the team's entity stays.
    respond([candidate('loyalty', ['component:default/loyalty'])]);
    await run();
    await new Promise(r => setTimeout(r, 1500));
    expect((await entity('loyalty'))?.spec?.owner).toBe('team-storefront');
  });
});

describe('catalogModulePortolanDiscovery with bad settings', () => {
  it('stops the backend at start, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          catalogPlugin,
          catalogModulePortolanDiscovery,
          mockServices.rootConfig.factory({
            data: {
              portolan: {
                discovery: {
                  enabled: true,
                  excludeNamespaces: ['kube-system', 'Tekton Pipelines'],
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /Invalid portolan\.discovery\.excludeNamespaces\[1\] 'Tekton Pipelines'/,
    );
  });
});
