/*
 * Cross-team log reads through ownership claims, over the real HTTP router
 * against kube-sim: an entity's selector is a claim, not ownership. The
 * permission mock mirrors the example policy (logs for the owning team).
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
  serviceObjects,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice'; // team-payments
const CAROL = 'user:default/carol'; // team-storefront
const SELECTOR = 'backstage.io/kubernetes-label-selector';

const storefront = 'group:default/team-storefront';
const owners: Record<string, string[]> = {
  'component:default/payments-api': [ALICE],
  'component:default/cart-service': [CAROL],
  'component:default/storefront-all': [CAROL],
  'component:default/storefront-notin': [CAROL],
  'component:default/storefront-empty-value': [CAROL],
  'component:default/storefront-wide': [CAROL],
};

const authorize = jest.fn<
  ReturnType<PermissionsService['authorize']>,
  Parameters<PermissionsService['authorize']>
>(async (requests, { credentials }) => {
  const principal = credentials.principal as { userEntityRef?: string };
  return (requests as EvaluatePermissionRequest[]).map(r => {
    if (r.permission.name !== 'portolan.logs.read') {
      return { result: AuthorizeResult.ALLOW };
    }
    const ref = (r as { resourceRef?: string }).resourceRef ?? '';
    return {
      result: owners[ref]?.includes(principal.userEntityRef ?? '')
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
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
            log: 'payments card numbers',
          }),
          ...serviceObjects('cart-service', 'storefront', {
            log: 'cart started',
          }),
        ],
      },
    ],
    entities: [
      component('payments-api', 'group:default/team-payments'),
      component('cart-service', storefront),
      // Team storefront's entities claiming more than their own pods.
      component('storefront-all', storefront, { [SELECTOR]: '!foo' }),
      component('storefront-notin', storefront, {
        [SELECTOR]: 'app.kubernetes.io/name notin (cart-service)',
      }),
      component('storefront-empty-value', storefront, {
        [SELECTOR]: 'app.kubernetes.io/name',
      }),
      component('storefront-wide', storefront, {
        [SELECTOR]: 'app.kubernetes.io/name in (payments-api,cart-service)',
      }),
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

const logs = (entity: string, pod: string, namespace: string, user: string) =>
  request(t.server)
    .get(
      `/api/portolan/entities/default/component/${entity}/logs?${new URLSearchParams(
        { cluster: 'alpha', namespace, pod },
      )}`,
    )
    .set('Authorization', mockCredentials.user.header(user));

const paymentsPod = ['payments-api-abc-1', 'payments'] as const;
const cartPod = ['cart-service-abc-1', 'storefront'] as const;

describe('pod logs are decided by the pod owner, not by whoever matched it', () => {
  it.each(['storefront-all', 'storefront-notin', 'storefront-empty-value'])(
    "a team-B entity with a match-all selector (%s) cannot read team A's pod logs (403)",
    async entity => {
      const res = await logs(entity, ...paymentsPod, CAROL);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(JSON.stringify(res.body)).not.toContain('card numbers');
    },
  );

  it('refuses a match-all selector in the entity view, naming the problem (400)', async () => {
    const res = await request(t.server)
      .get('/api/portolan/entities/default/component/storefront-all')
      .set('Authorization', mockCredentials.user.header(CAROL));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /Refused backstage.io\/kubernetes-label-selector annotation '!foo'.*matches every pod/,
    );
  });

  it("a team-B selector naming team A's service is a claim, not ownership (403), and its owners still read their own pods (200)", async () => {
    const theirs = await logs('storefront-wide', ...paymentsPod, CAROL);
    expect(theirs.status).toBe(403);
    expect(JSON.stringify(theirs.body)).not.toContain('card numbers');

    const own = await logs('storefront-wide', ...cartPod, CAROL);
    expect(own.status).toBe(200);
    expect(own.body.log).toContain('cart started');
    const ownService = await logs('cart-service', ...cartPod, CAROL);
    expect(ownService.status).toBe(200);
  });

  it("team A still reads its own pod's logs though team B claims it (200)", async () => {
    const res = await logs('payments-api', ...paymentsPod, ALICE);
    expect(res.status).toBe(200);
    expect(res.body.log).toContain('card numbers');
  });
});
