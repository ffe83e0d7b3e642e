/*
 * The history API on the real plugin against kube-sim over HTTPS, with the
 * plugin database on a real PostgreSQL: a pruned run stays in history as not
 * live, survives a backend restart, and two backends on one database record
 * it once. Identity, permission and input checks as on the live routes.
 */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import {
  type PortolanTestBackend,
  component,
  namespaceObject,
  serviceObjects,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';
import { HistoryStore } from '../history/HistoryStore';
import {
  type TestPostgres,
  startTestPostgres,
} from '../history/__testUtils__/testDatabases';

jest.setTimeout(120_000);

const ALICE = mockCredentials.user.header('user:default/alice');
const MALLORY = mockCredentials.user.header('user:default/mallory');
/** May read entities, not their logs. */
const BOB = mockCredentials.user.header('user:default/bob');
const HISTORY = '/api/portolan/entities/default/component/payments-api/history';

const authorize = jest.fn<
  ReturnType<PermissionsService['authorize']>,
  Parameters<PermissionsService['authorize']>
>(async (requests, { credentials }) => {
  const principal = credentials.principal as { userEntityRef?: string };
  return (requests as EvaluatePermissionRequest[]).map(r => ({
    result:
      principal.userEntityRef === 'user:default/mallory' ||
      (principal.userEntityRef === 'user:default/bob' &&
        r.permission.name === 'portolan.logs.read')
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  }));
});

function pipelineRun(name: string, reason: string, at: string) {
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name,
      namespace: 'payments',
      labels: {
        'backstage.io/kubernetes-id': 'payments-api',
        'tekton.dev/pipeline': 'payments-api-build',
      },
    },
    spec: { pipelineRef: { name: 'payments-api-build' } },
    status: {
      startTime: at.replace('T10', 'T09'),
      completionTime: at,
      conditions: [
        {
          type: 'Succeeded',
          status: reason === 'Succeeded' ? 'True' : 'False',
          reason,
        },
      ],
    },
  };
}

let postgres: TestPostgres;
let db: Knex;
const started: PortolanTestBackend[] = [];
const pools: Knex[] = [];

async function backend(first?: PortolanTestBackend) {
  // Each backend has its own pool to the one database, as replicas do.
  const knex = knexFactory(db.client.config);
  pools.push(knex);
  const t = await startPortolanTestBackend({
    sim: first?.sim,
    clusters: [
      {
        name: 'alpha',
        objects: [
          namespaceObject('payments'),
          ...serviceObjects('payments-api', 'payments'),
          pipelineRun(
            'payments-api-build-1',
            'Succeeded',
            '2026-11-20T10:00:00Z',
          ),
          pipelineRun('payments-api-build-2', 'Failed', '2026-11-21T10:00:00Z'),
        ],
      },
    ],
    entities: [
      component('payments-api', 'group:default/team-payments'),
      // No objects in the cluster: history only from the database.
      component('cart-service', 'team-storefront'),
    ],
    permissions: { authorize, authorizeConditional: jest.fn() },
    portolanConfig: { history: { scanInterval: '200ms' } },
    features: [mockServices.database.factory({ knex })],
  });
  started.push(t);
  return t;
}

async function history(t: PortolanTestBackend, query = 'type=pipelineRuns') {
  const res = await request(t.server)
    .get(`${HISTORY}?${query}`)
    .set('Authorization', ALICE);
  if (res.status !== 200) {
    throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as {
    items: Array<{
      name: string;
      live: boolean;
      status: string;
      cluster: string;
      source: string;
      startedAt: string;
    }>;
    nextCursor?: string;
  };
}

beforeAll(async () => {
  postgres = await startTestPostgres();
  db = await postgres.createDatabase();
});

afterAll(async () => {
  for (const t of started.reverse()) await t.stop().catch(() => undefined);
  await Promise.all(pools.map(p => p.destroy()));
  await postgres?.stop();
});

it('keeps a pruned run as not live across a restart, recorded once by two backends', async () => {
  const a = await backend();
  const first = await waitFor('both runs in history', async () => {
    const body = await history(a);
    return body.items.length === 2 && body;
  });
  expect(
    first.items.map(i => [i.name, i.status, i.live, i.cluster, i.source]),
  ).toEqual([
    ['payments-api-build-2', 'failed', true, 'alpha', 'tekton'],
    ['payments-api-build-1', 'succeeded', true, 'alpha', 'tekton'],
  ]);

  // The cluster prunes build-1.
  a.sim.cluster('alpha').delete({
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    namespace: 'payments',
    name: 'payments-api-build-1',
  });
  await waitFor('build-1 marked not live', async () => {
    const body = await history(a);
    return (
      body.items.find(i => i.name === 'payments-api-build-1')?.live === false
    );
  });

  // A second backend on the same database and cluster.
  const b = await backend(a);
  await waitFor('second backend recorded a pass', async () => {
    const res = await request(b.server)
      .get('/api/portolan/history/status')
      .set('Authorization', ALICE);
    return res.status === 200 && res.body.written > 0;
  });
  const rows = await db('portolan_history_runs').count({ n: '*' });
  expect(Number(rows[0].n)).toBe(2);

  // A restart: stop the first backend, start a new one on the same database.
  await a.stop();
  started.splice(started.indexOf(a), 1);
  const restarted = await backend(b);
  const after = await history(restarted);
  expect(after.items.map(i => [i.name, i.live])).toEqual([
    ['payments-api-build-2', true],
    ['payments-api-build-1', false],
  ]);

  // Paging: one at a time, newest first.
  const page1 = await history(restarted, 'type=pipelineRuns&limit=1');
  expect(page1.items.map(i => i.name)).toEqual(['payments-api-build-2']);
  const page2 = await history(
    restarted,
    `type=pipelineRuns&limit=1&cursor=${page1.nextCursor}`,
  );
  expect(page2.items.map(i => i.name)).toEqual(['payments-api-build-1']);
  expect(page2.nextCursor).toBeUndefined();

  // Identity, permission and input checks.
  const denied = await request(restarted.server)
    .get(`${HISTORY}?type=pipelineRuns`)
    .set('Authorization', MALLORY);
  expect(denied.status).toBe(403);
  for (const header of [
    mockCredentials.none.header(),
    mockCredentials.user.invalidHeader(),
  ]) {
    const anonymous = await request(restarted.server)
      .get(`${HISTORY}?type=pipelineRuns`)
      .set('Authorization', header);
    expect(anonymous.status).toBe(401);
  }
  const badType = await request(restarted.server)
    .get(`${HISTORY}?type=builds`)
    .set('Authorization', ALICE);
  expect(badType.status).toBe(400);
  expect(badType.body.error.message).toMatch(/type/);
  const badSince = await request(restarted.server)
    .get(`${HISTORY}?type=pipelineRuns&since=yesterday`)
    .set('Authorization', ALICE);
  expect(badSince.status).toBe(400);
  const dora = await request(restarted.server)
    .get(
      '/api/portolan/entities/default/component/payments-api/dora?window=30d',
    )
    .set('Authorization', ALICE);
  expect(dora.status).toBe(200);
  expect(dora.body.deploymentFrequency).toEqual({ count: 0, perDay: 0 });
  const badWindow = await request(restarted.server)
    .get('/api/portolan/entities/default/component/payments-api/dora?window=1y')
    .set('Authorization', ALICE);
  expect(badWindow.status).toBe(400);
  const doraDenied = await request(restarted.server)
    .get('/api/portolan/entities/default/component/payments-api/dora')
    .set('Authorization', MALLORY);
  expect(doraDenied.status).toBe(403);
  const unknown = await request(restarted.server)
    .get('/api/portolan/entities/default/component/nope/history?type=images')
    .set('Authorization', ALICE);
  expect(unknown.status).toBe(404);
});

it('fleet DORA per owner and service over what the caller may read; log tails only with the logs permission', async () => {
  const t = await backend(started[0]);
  const store = new HistoryStore(db);
  const DAY = 86_400_000;
  const now = Date.now();
  const sync = (
    entityRef: string,
    uid: string,
    revision: string,
    ago: number,
  ) => ({
    entityRef,
    cluster: 'alpha',
    uid,
    source: 'argocd' as const,
    application: `${entityRef.split('/')[1]}-prod`,
    revision,
    status: 'succeeded',
    finishedAt: now - ago * DAY,
  });
  await store.upsertDeployments([
    sync('component:default/payments-api', 'p1', 'p1', 12),
    sync('component:default/payments-api', 'p2', 'p2', 5),
    sync('component:default/cart-service', 'c1', 'c1', 3),
  ]);
  await store.upsertRuns([
    {
      entityRef: 'component:default/cart-service',
      cluster: 'alpha',
      uid: 'cart-run-1',
      source: 'tekton',
      kind: 'PipelineRun',
      name: 'cart-run-1',
      status: 'failed',
      startedAt: now - DAY,
      failedStep: 'test/go-test',
      logTail: 'FAIL TestCart\n',
    },
  ]);

  const get = (path: string, header = ALICE) =>
    request(t.server).get(`/api/portolan${path}`).set('Authorization', header);
  const fleet = await get('/dora?window=30d');
  expect(fleet.status).toBe(200);
  expect(fleet.body.deploymentFrequency).toEqual({ count: 3, perDay: 3 / 30 });
  expect(
    fleet.body.owners.map((o: { owner: string; services: number }) => [
      o.owner,
      o.services,
    ]),
  ).toEqual([
    ['group:default/team-payments', 1],
    ['group:default/team-storefront', 1],
  ]);
  expect(
    fleet.body.services.map(
      (s: {
        entityRef: string;
        dora: { deploymentFrequency: { count: number } };
      }) => [s.entityRef, s.dora.deploymentFrequency.count],
    ),
  ).toEqual([
    ['component:default/payments-api', 2],
    ['component:default/cart-service', 1],
  ]);
  // One team's, by full or shorthand ref.
  for (const owner of ['group:default/team-storefront', 'team-storefront']) {
    const one = await get(`/dora?owner=${encodeURIComponent(owner)}`);
    expect(one.status).toBe(200);
    expect(
      one.body.services.map((s: { entityRef: string }) => s.entityRef),
    ).toEqual(['component:default/cart-service']);
  }
  const badOwner = await get('/dora?owner=group%3A');
  expect(badOwner.status).toBe(400);
  expect(badOwner.body.error.message).toMatch(/owner/);
  const badWindow = await get('/dora?window=forever');
  expect(badWindow.status).toBe(400);
  // Nothing readable: nothing counted.
  const denied = await get('/dora', MALLORY);
  expect(denied.status).toBe(200);
  expect(denied.body.services).toEqual([]);
  expect(denied.body.deploymentFrequency.count).toBe(0);

  // The failed run's log tail is pod log content.
  const CART =
    '/entities/default/component/cart-service/history?type=pipelineRuns';
  const withLogs = await get(CART);
  expect(withLogs.body.items[0].details).toMatchObject({
    failedStep: 'test/go-test',
    logTail: 'FAIL TestCart\n',
  });
  const withoutLogs = await get(CART, BOB);
  expect(withoutLogs.status).toBe(200);
  expect(withoutLogs.body.items[0].details.failedStep).toBe('test/go-test');
  expect(withoutLogs.body.items[0].details).not.toHaveProperty('logTail');
});
