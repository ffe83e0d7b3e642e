/*
 * The entity route and the fleet runs through the view cache, on the real
 * plugin against kube-sim over HTTPS: ETag, If-None-Match → 304,
 * Server-Timing, a permission decided on every request even when the bytes
 * are kept, and a change in the cluster reaching the next answer.
 */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  PortolanTestBackend,
  component,
  namespaceObject,
  pipelineRunObject,
  serviceObjects,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';

jest.setTimeout(90_000);

const ALICE = 'user:default/alice';
const MALLORY = 'user:default/mallory';

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

let t: PortolanTestBackend;

beforeAll(async () => {
  t = await startPortolanTestBackend({
    clusters: [
      {
        name: 'alpha',
        objects: [
          namespaceObject('payments'),
          ...serviceObjects('payments-api', 'payments'),
          pipelineRunObject('payments-api', 'payments', 'payments-api-build-1'),
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

const VIEW = '/api/portolan/entities/default/component/payments-api';

const get = (path: string, user: string, etag?: string) => {
  const req = request(t.server)
    .get(path)
    .set('Authorization', mockCredentials.user.header(user));
  return etag ? req.set('If-None-Match', etag) : req;
};

describe('GET /entities/{namespace}/{kind}/{name} from the view cache', () => {
  it('sends an ETag, answers an unchanged view from its bytes and a matching If-None-Match with 304', async () => {
    const first = await get(VIEW, ALICE);
    expect(first.status).toBe(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['server-timing']).toMatch(
      /^view;dur=\d+(\.\d+)?;desc="(cached|rebuilt)", route;dur=\d+(\.\d+)?$/,
    );
    expect(first.body.entityRef).toBe('component:default/payments-api');

    const second = await get(VIEW, ALICE);
    expect(second.status).toBe(200);
    expect(second.headers.etag).toBe(etag);
    expect(second.headers['server-timing']).toMatch(/desc="cached"/);
    expect(second.body).toEqual(first.body);

    const notModified = await get(VIEW, ALICE, etag);
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBeFalsy();
    expect(notModified.headers.etag).toBe(etag);

    const otherTag = await get(VIEW, ALICE, '"something-else"');
    expect(otherTag.status).toBe(200);
  });

  it('refuses a denied caller even while the bytes are kept', async () => {
    const allowed = await get(VIEW, ALICE);
    expect(allowed.headers['server-timing']).toMatch(/desc="cached"/);
    const denied = await get(VIEW, MALLORY);
    expect(denied.status).toBe(403);
    // (Express tags the error body itself, weakly: never the view's tag.)
    expect(denied.headers.etag).not.toBe(allowed.headers.etag);
    expect(denied.headers['server-timing']).toBeUndefined();
    expect(JSON.stringify(denied.body)).not.toContain('payments-api-abc-1');
    const deniedWithTag = await get(VIEW, MALLORY, allowed.headers.etag);
    expect(deniedWithTag.status).toBe(403);
  });

  it('answers 200 with a new ETag once the pod changed', async () => {
    const before = await get(VIEW, ALICE);
    const etag = before.headers.etag;
    t.sim.cluster('alpha').patch(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'payments',
        name: 'payments-api-abc-1',
      },
      { status: { phase: 'Failed' } },
    );
    const changed = await waitFor('the changed view', async () => {
      const res = await get(VIEW, ALICE, etag);
      return res.status === 200 && res;
    });
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.headers['server-timing']).toMatch(/desc="rebuilt"/);
    const phases = changed.body.workloads.flatMap(
      (w: { pods: Array<{ phase: string }> }) => w.pods.map(p => p.phase),
    );
    expect(phases).toContain('failed');
    expect((await get(VIEW, ALICE, changed.headers.etag)).status).toBe(304);
  });

  it('shows a new run in GET /pipeline-runs after it appears in the cluster', async () => {
    const runs = async () =>
      (await get('/api/portolan/pipeline-runs', ALICE)).body.items.map(
        (r: { name: string }) => r.name,
      );
    expect(await runs()).toEqual(['payments-api-build-1']);
    t.sim
      .cluster('alpha')
      .create(
        pipelineRunObject('payments-api', 'payments', 'payments-api-build-2'),
      );
    const after = await waitFor('the new run', async () => {
      const names = await runs();
      return names.length === 2 && names;
    });
    expect([...after].sort()).toEqual([
      'payments-api-build-1',
      'payments-api-build-2',
    ]);
  });
});
