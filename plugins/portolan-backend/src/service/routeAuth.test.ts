/*
 * Every route the router serves, enumerated from the router itself and
 * cross-checked against openapi.yaml, answers 401 without credentials and
 * refuses a caller the permission policy says no to. A route added without
 * an entry in DENIED below fails here, so none goes untested.
 */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  type PortolanTestBackend,
  component,
  namespaceObject,
  serviceObjects,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';
import { createRouter, type RouterOptions } from './router';

jest.setTimeout(60_000);

const MALLORY = 'user:default/mallory';

/** `get /entities/{namespace}/{kind}/{name}` for every route layer of the router. */
async function routesOfRouter(): Promise<string[]> {
  // Building the router calls none of its dependencies.
  const router = await createRouter({} as RouterOptions);
  return (
    router.stack as Array<{
      route?: { path: string; methods: Record<string, boolean> };
    }>
  )
    .filter(layer => layer.route)
    .flatMap(layer =>
      Object.keys(layer.route!.methods).map(
        method => `${method} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    )
    .sort();
}

/**
 * Served by @backstage/backend-openapi-utils' router itself: the spec, to
 * any signed-in caller (it holds no data), so it is in the 401 check only.
 */
const SPEC_DOCUMENT_ROUTE = 'get /openapi.json';

function routesOfSpec(): string[] {
  const spec = parse(
    readFileSync(join(__dirname, '../schema/openapi.yaml'), 'utf8'),
  );
  return Object.entries(spec.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, methods]) =>
      Object.keys(methods).map(method => `${method} ${path}`),
    )
    .sort();
}

/**
 * What each route answers a signed-in user every permission is denied to:
 * 403, or `filtered` for fleet routes that answer only over what the caller
 * may read (so, nothing). The query makes the request valid up to the
 * permission check.
 */
const DENIED: Record<string, { status: 403 | 'filtered'; query?: string }> = {
  'get /clusters': { status: 403 },
  'get /offerings': { status: 403 },
  'get /onboarding': { status: 403 },
  'get /images': { status: 'filtered' },
  'get /pipeline-runs': { status: 'filtered' },
  // For the catalog's discovery module (a service principal) only.
  'get /discovery/candidates': { status: 403 },
  'get /entities/{namespace}/{kind}/{name}': { status: 403 },
  'get /entities/{namespace}/{kind}/{name}/onboarding': { status: 403 },
  'get /entities/{namespace}/{kind}/{name}/history': {
    status: 403,
    query: 'type=pipelineRuns',
  },
  'get /entities/{namespace}/{kind}/{name}/dora': { status: 403 },
  // Over the services the caller may read: none.
  'get /dora': { status: 'filtered' },
  'get /history/status': { status: 403 },
  'get /entities/{namespace}/{kind}/{name}/logs': {
    status: 403,
    query: 'cluster=alpha&namespace=payments&pod=payments-api-abc-1',
  },
};

const PARAMS: Record<string, string> = {
  namespace: 'default',
  kind: 'component',
  name: 'payments-api',
};

function concrete(route: string): { method: string; path: string } {
  const [method, template] = route.split(' ');
  const query = DENIED[route]?.query;
  const path = template.replace(/\{(\w+)\}/g, (_, p: string) => PARAMS[p]);
  return {
    method,
    path: `/api/portolan${path}${query ? `?${query}` : ''}`,
  };
}

const authorize = jest.fn<
  ReturnType<PermissionsService['authorize']>,
  Parameters<PermissionsService['authorize']>
>(async (requests, { credentials }) => {
  const principal = credentials.principal as { userEntityRef?: string };
  return (requests as EvaluatePermissionRequest[]).map(() => ({
    result:
      principal.userEntityRef === MALLORY
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  }));
});

let routes: string[];
let t: PortolanTestBackend;

beforeAll(async () => {
  routes = await routesOfRouter();
  t = await startPortolanTestBackend({
    clusters: [
      {
        name: 'alpha',
        objects: [
          namespaceObject('payments'),
          ...serviceObjects('payments-api', 'payments', { log: 'hello' }),
        ],
      },
    ],
    entities: [component('payments-api', 'group:default/team-payments')],
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

const send = (route: string, header: string) => {
  const { method, path } = concrete(route);
  return (
    request(t.server) as unknown as Record<string, (p: string) => request.Test>
  )
    [method](path)
    .set('Authorization', header);
};

describe('route authentication, enumerated from the router', () => {
  it('serves exactly the routes openapi.yaml describes, each with an entry here', () => {
    expect(routes.length).toBeGreaterThanOrEqual(9);
    expect([...routesOfSpec(), SPEC_DOCUMENT_ROUTE].sort()).toEqual(routes);
    expect([...Object.keys(DENIED), SPEC_DOCUMENT_ROUTE].sort()).toEqual(
      routes,
    );
  });

  it('answers 401 on every route without credentials or with invalid ones', async () => {
    for (const route of routes) {
      for (const header of [
        mockCredentials.none.header(),
        mockCredentials.user.invalidHeader(),
      ]) {
        const res = await send(route, header);
        expect([route, res.status]).toEqual([route, 401]);
        expect(res.body.error?.name).toBe('AuthenticationError');
      }
    }
  });

  it('answers 403 (or nothing readable) on every route where the permission says no', async () => {
    const mallory = mockCredentials.user.header(MALLORY);
    const answered: Array<[string, object]> = [];
    const guarded = routes.filter(route => route !== SPEC_DOCUMENT_ROUTE);
    for (const route of guarded) {
      const res = await send(route, mallory);
      answered.push([
        route,
        res.status === 200
          ? // The fleet DORA route lists services, the others items.
            { status: 200, items: res.body.items ?? res.body.services }
          : { status: res.status, error: res.body.error?.name },
      ]);
    }
    expect(answered).toEqual(
      guarded.map(route => [
        route,
        DENIED[route].status === 'filtered'
          ? { status: 200, items: [] }
          : { status: 403, error: 'NotAllowedError' },
      ]),
    );
    // The same routes answer an allowed user (the denial above is the policy's).
    const allowed = await send(
      'get /entities/{namespace}/{kind}/{name}',
      mockCredentials.user.header(),
    );
    expect(allowed.status).toBe(200);
  });

  it('answers an unknown path or method with a Backstage 404 body', async () => {
    const header = mockCredentials.user.header();
    for (const res of [
      await request(t.server)
        .get('/api/portolan/nope')
        .set('Authorization', header),
      await request(t.server)
        .delete('/api/portolan/clusters')
        .set('Authorization', header),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
  });
});
