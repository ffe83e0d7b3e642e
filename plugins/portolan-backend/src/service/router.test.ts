/*
 * The HTTP API's identity, permission and input checks, on the real plugin
 * against a kube-sim cluster. The permission mock mirrors the example
 * policy: everyone reads clusters and views, only the owning team reads
 * logs, and `mallory` is denied everything.
 */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  PortolanTestBackend,
  component,
  namespaceObject,
  pipelineRunObject as pipelineRun,
  serviceObjects,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';
import { spec as generatedSpec } from '../schema/openapi';
import { createRouter, type RouterOptions } from './router';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice'; // team-payments
const CAROL = 'user:default/carol'; // team-storefront
const MALLORY = 'user:default/mallory';

const owners: Record<string, string[]> = {
  'component:default/payments-api': [ALICE],
  'component:default/cart-service': [CAROL],
};

const authorize = jest.fn<
  ReturnType<PermissionsService['authorize']>,
  Parameters<PermissionsService['authorize']>
>(async (requests, { credentials }) => {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  return (requests as EvaluatePermissionRequest[]).map(r => {
    if (principal.userEntityRef === MALLORY)
      return { result: AuthorizeResult.DENY };
    if (r.permission.name === 'portolan.logs.read') {
      const ref = (r as { resourceRef?: string }).resourceRef ?? '';
      const allowed =
        principal.type === 'user' &&
        owners[ref]?.includes(principal.userEntityRef!);
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  });
});

let t: PortolanTestBackend;

beforeAll(async () => {
  t = await startPortolanTestBackend({
    clusters: [
      {
        name: 'alpha',
        objects: [
          namespaceObject('payments'),
          namespaceObject('storefront'),
          ...serviceObjects('payments-api', 'payments', {
            log: 'payments-api started\nready to serve',
          }),
          ...serviceObjects('cart-service', 'storefront', {
            log: 'cart secrets',
          }),
          pipelineRun('payments-api', 'payments', 'payments-api-build-1', {
            reason: 'Succeeded',
            at: '2026-11-20T10:00:00Z',
          }),
          pipelineRun('payments-api', 'payments', 'payments-api-build-2', {
            reason: 'Failed',
            at: '2026-11-21T10:00:00Z',
          }),
          pipelineRun('cart-service', 'storefront', 'cart-service-build-7', {
            reason: 'PipelineRunTimeout',
            at: '2026-11-22T10:00:00Z',
          }),
        ],
      },
    ],
    entities: [
      component('payments-api', 'group:default/team-payments'),
      component('cart-service', 'group:default/team-storefront'),
    ],
    permissions: { authorize, authorizeConditional: jest.fn() },
  });
  await waitFor(
    'alpha synced',
    async () => (await t.clusters())[0].health.state === 'synced',
  );
});

afterAll(async () => {
  await t?.stop();
});

const get = (path: string, header?: string) => {
  const req = request(t.server).get(`/api/portolan${path}`);
  return header ? req.set('Authorization', header) : req;
};

const logsPath = (entity: string, query: Record<string, string>) =>
  `/entities/default/component/${entity}/logs?${new URLSearchParams(query)}`;

const paymentsPod = {
  cluster: 'alpha',
  namespace: 'payments',
  pod: 'payments-api-abc-1',
};

// Authentication of every route: routeAuth.test.ts, enumerated from the router.

describe('GET /clusters', () => {
  it('serves users and service principals, and checks portolan.clusters.read', async () => {
    expect(
      (await get('/clusters', mockCredentials.user.header(CAROL))).status,
    ).toBe(200);
    const asService = await get('/clusters', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    expect(asService.body.clusters[0]).toMatchObject({
      name: 'alpha',
      locator: 'config',
      health: { state: 'synced' },
      version: { gitVersion: expect.any(String) },
    });
    expect(authorize).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'portolan.clusters.read',
          }),
        },
      ],
      expect.anything(),
    );
    expect(
      (await get('/clusters', mockCredentials.user.header(MALLORY))).status,
    ).toBe(403);
  });
});

describe('GET /offerings', () => {
  it('lists the offerings, places each cluster on its detected one, and checks portolan.clusters.read', async () => {
    const res = await get('/offerings', mockCredentials.user.header(CAROL));
    expect(res.status).toBe(200);
    expect(res.body.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ids = res.body.offerings.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining(['gke', 'eks', 'aks', 'k3s']));
    const cluster = (await get('/clusters', mockCredentials.user.header(CAROL)))
      .body.clusters[0];
    const placed = res.body.offerings.filter((o: { clusters: unknown[] }) =>
      JSON.stringify(o.clusters).includes('"alpha"'),
    );
    // The test cluster carries no provider signals: it is on no offering
    // unless detection named one, and then on exactly that one.
    expect(placed.map((o: { id: string }) => o.id)).toEqual(
      cluster.profile?.provider.id && cluster.profile.provider.id !== 'unknown'
        ? [cluster.profile.provider.id]
        : [],
    );
    expect(
      (await get('/offerings', mockCredentials.user.header(MALLORY))).status,
    ).toBe(403);
  });
});

describe('GET /images', () => {
  it('answers for the entities the caller may read, and validates the filter', async () => {
    const res = await get('/images', mockCredentials.user.header(CAROL));
    expect(res.status).toBe(200);
    // Both services run one image each on alpha, pinned to the digest the
    // pod's imageID reports; no registry is configured, so each says so.
    expect(res.body).toMatchObject({ entities: 2, partial: false, errors: [] });
    expect(
      res.body.items.map(
        (i: { entityRef: string; cluster: string; reference: string }) => [
          i.entityRef,
          i.cluster,
          i.reference,
        ],
      ),
    ).toEqual([
      [
        'component:default/cart-service',
        'alpha',
        `registry.acme.example/storefront/cart-service@sha256:${'a'.repeat(
          64,
        )}`,
      ],
      [
        'component:default/payments-api',
        'alpha',
        `registry.acme.example/payments/payments-api@sha256:${'a'.repeat(64)}`,
      ],
    ]);
    for (const item of res.body.items) {
      expect(item).toMatchObject({
        digest: `sha256:${'a'.repeat(64)}`,
        registry: { state: 'not-configured' },
      });
    }
    // A caller who may read no entity sees no images, not an error.
    const denied = await get('/images', mockCredentials.user.header(MALLORY));
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ items: [], entities: 0 });
    const filtered = await get(
      '/images?rebase=rebase-available',
      mockCredentials.user.header(CAROL),
    );
    expect(filtered.status).toBe(200);
    // No registry is configured and no kpack data exists here: nothing can
    // be known to need a rebase.
    expect(filtered.body.items).toEqual([]);
    expect(
      (await get('/images?rebase=bogus', mockCredentials.user.header(CAROL)))
        .status,
    ).toBe(400);
  });
});

describe('GET /pipeline-runs', () => {
  const runNames = (body: { items: Array<{ name: string }> }) =>
    body.items.map(run => run.name);

  it('lists the runs of every readable service, newest first, each with its service', async () => {
    await waitFor('the runs are cached', async () => {
      const res = await get(
        '/pipeline-runs',
        mockCredentials.user.header(CAROL),
      );
      return res.body.items?.length === 3;
    });
    const res = await get('/pipeline-runs', mockCredentials.user.header(CAROL));
    expect(res.status).toBe(200);
    expect(runNames(res.body)).toEqual([
      'cart-service-build-7',
      'payments-api-build-2',
      'payments-api-build-1',
    ]);
    expect(res.body.items[0]).toMatchObject({
      entityRef: 'component:default/cart-service',
      system: 'tekton',
      cluster: 'alpha',
      status: 'timed-out',
    });
    expect(res.body).toMatchObject({
      entities: 2,
      total: 3,
      truncated: false,
      partial: false,
      errors: [],
    });
  });

  it('filters by one or several statuses and by system, and says when the limit cut the list', async () => {
    const failed = await get(
      '/pipeline-runs?status=failed',
      mockCredentials.user.header(CAROL),
    );
    expect(runNames(failed.body)).toEqual(['payments-api-build-2']);
    const failing = await get(
      '/pipeline-runs?status=failed,timed-out',
      mockCredentials.user.header(CAROL),
    );
    expect(runNames(failing.body)).toEqual([
      'cart-service-build-7',
      'payments-api-build-2',
    ]);
    const jenkinsX = await get(
      '/pipeline-runs?system=jenkins-x',
      mockCredentials.user.header(CAROL),
    );
    expect(jenkinsX.body.items).toEqual([]);
    const limited = await get(
      '/pipeline-runs?limit=1',
      mockCredentials.user.header(CAROL),
    );
    expect(limited.body).toMatchObject({ total: 3, truncated: true });
    expect(runNames(limited.body)).toEqual(['cart-service-build-7']);
  });

  it('covers only the services the caller may read', async () => {
    const res = await get(
      '/pipeline-runs',
      mockCredentials.user.header(MALLORY),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ items: [], entities: 0, total: 0 });
  });

  it.each([
    ['status=broken', 'status'],
    ['status=', 'status'],
    ['system=gitlab', 'system'],
    ['limit=0', 'limit'],
    ['limit=5000', 'limit'],
  ])('refuses ?%s (400) naming the parameter', async (query, param) => {
    const res = await get(
      `/pipeline-runs?${query}`,
      mockCredentials.user.header(CAROL),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      new RegExp(`^Invalid pipeline runs query: ${param}(\\.\\d+)?: `),
    );
  });
});

describe('GET /entities/:namespace/:kind/:name', () => {
  it('serves the view and checks portolan.entity.read on the entity', async () => {
    const res = await get(
      '/entities/default/component/payments-api',
      mockCredentials.service.header(),
    );
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/payments-api');
    expect(res.body.workloads.map((w: { name: string }) => w.name)).toEqual([
      'payments-api',
    ]);
    expect(authorize).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'portolan.entity.read' }),
          resourceRef: 'component:default/payments-api',
        },
      ],
      expect.anything(),
    );
  });

  it('answers 403, 404 and 400 where it should', async () => {
    expect(
      (
        await get(
          '/entities/default/component/payments-api',
          mockCredentials.user.header(MALLORY),
        )
      ).status,
    ).toBe(403);
    const missing = await get(
      '/entities/default/component/nope',
      mockCredentials.user.header(ALICE),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.name).toBe('NotFoundError');
    const bad = await get(
      '/entities/default/comp%20onent/payments-api',
      mockCredentials.user.header(ALICE),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/kind: invalid kind/);
  });
});

describe('GET /entities/:namespace/:kind/:name/logs', () => {
  it('serves an owner the log of a pod of the entity', async () => {
    const res = await get(
      logsPath('payments-api', { ...paymentsPod, tailLines: '10' }),
      mockCredentials.user.header(ALICE),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/payments-api',
      ...paymentsPod,
      container: 'app',
      tailLines: 10,
      truncated: false,
    });
    expect(res.body.log).toContain('ready to serve');
    expect(authorize).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'portolan.logs.read' }),
          resourceRef: 'component:default/payments-api',
        },
      ],
      expect.anything(),
    );
  });

  it('refuses service principals and non-owners (403)', async () => {
    const asService = await get(
      logsPath('payments-api', paymentsPod),
      mockCredentials.service.header(),
    );
    expect(asService.status).toBe(403);
    const asCarol = await get(
      logsPath('payments-api', paymentsPod),
      mockCredentials.user.header(CAROL),
    );
    expect(asCarol.status).toBe(403);
  });

  it("answers 403 for another team's pod, 404 for an unknown pod or container, and an unknown entity", async () => {
    const alice = mockCredentials.user.header(ALICE);
    // The pod's owner (cart-service) decides, and Alice does not own it.
    const otherPod = await get(
      logsPath('payments-api', {
        cluster: 'alpha',
        namespace: 'storefront',
        pod: 'cart-service-abc-1',
      }),
      alice,
    );
    expect(otherPod.status).toBe(403);
    expect(otherPod.body.error.message).toBe(
      'Not allowed: portolan.logs.read on the entity that owns pod alpha/storefront/cart-service-abc-1',
    );
    expect(JSON.stringify(otherPod.body)).not.toContain('cart secrets');
    expect(
      (
        await get(
          logsPath('payments-api', { ...paymentsPod, cluster: 'beta' }),
          alice,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await get(
          logsPath('payments-api', { ...paymentsPod, pod: 'nope' }),
          alice,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await get(
          logsPath('payments-api', { ...paymentsPod, container: 'sidecar' }),
          alice,
        )
      ).status,
    ).toBe(404);
    expect((await get(logsPath('nope', paymentsPod), alice)).status).toBe(404);
  });

  it('validates the query (400)', async () => {
    const alice = mockCredentials.user.header(ALICE);
    const noPod = await get(
      logsPath('payments-api', { cluster: 'alpha', namespace: 'payments' }),
      alice,
    );
    expect(noPod.status).toBe(400);
    expect(noPod.body.error.message).toMatch(/pod/);
    expect(
      (
        await get(
          logsPath('payments-api', { ...paymentsPod, tailLines: '0' }),
          alice,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await get(
          logsPath('payments-api', { ...paymentsPod, tailLines: 'many' }),
          alice,
        )
      ).status,
    ).toBe(400);
  });
});

describe('openapi.yaml', () => {
  it('is the spec the generated router validates against (regenerate with scripts/openapi.sh)', () => {
    const yaml = parse(
      readFileSync(join(__dirname, '../schema/openapi.yaml'), 'utf8'),
    );
    expect(generatedSpec).toEqual(yaml);
  });

  it('describes exactly the routes the router serves', async () => {
    const spec = parse(
      readFileSync(join(__dirname, '../schema/openapi.yaml'), 'utf8'),
    );
    // Building the router calls none of its dependencies.
    const router = await createRouter({} as RouterOptions);
    type Layer = {
      route?: { path: string; methods: object };
      handle?: { stack?: Layer[] };
    };
    // The validated router mounts the routes on an inner router.
    const routes = (stack: Layer[]): Layer[] =>
      stack.flatMap(layer =>
        layer.route ? [layer] : routes(layer.handle?.stack ?? []),
      );
    const served = routes(router.stack as Layer[])
      .map(
        layer =>
          `${Object.keys(layer.route!.methods).join(
            ',',
          )} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
      )
      .sort();
    const described = Object.entries(
      spec.paths as Record<string, Record<string, unknown>>,
    )
      .map(([path, methods]) => `${Object.keys(methods).join(',')} ${path}`)
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(4);
    // `GET /openapi.json` serves the spec itself (backend-openapi-utils).
    expect(served).toContain('get /openapi.json');
    expect(described).toEqual(
      served.filter(route => route !== 'get /openapi.json'),
    );
  });
});
