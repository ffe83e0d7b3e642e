import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  guestToken,
  repoRoot,
  startExampleBackend,
  type RunningBackend,
} from './exampleBackend';

jest.setTimeout(240_000);

function catalogServices(): string[] {
  const text = readFileSync(
    path.join(repoRoot, 'catalog/services.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(doc => doc.toJSON())
    .filter(e => e?.kind === 'Component')
    .map(e => e.metadata.name)
    .sort();
}

describe('the example backend', () => {
  let backend: RunningBackend;
  let token: string;

  beforeAll(async () => {
    backend = await startExampleBackend();
    token = await guestToken(backend.baseUrl);
    // The catalog ingests catalog/ in the background after start; until the
    // guest's User entity is in, sign-in falls back to a token without groups.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const [names, guest] = await Promise.all([
        serviceNames(),
        api('/api/catalog/entities/by-name/user/default/guest'),
      ]);
      if (names.length >= catalogServices().length && guest.status === 200)
        break;
      await new Promise(r => setTimeout(r, 1000));
    }
    token = await guestToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  async function api(
    pathname: string,
    init?: RequestInit & { auth?: boolean },
  ) {
    const headers = new Headers(init?.headers);
    if (init?.auth !== false) headers.set('Authorization', `Bearer ${token}`);
    return fetch(`${backend.baseUrl}${pathname}`, { ...init, headers });
  }

  async function serviceNames(): Promise<string[]> {
    const res = await api(
      '/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name&limit=100',
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    return body.items.map((e: any) => e.metadata.name).sort();
  }

  it('serves every service in catalog/ to a signed-in user', async () => {
    const expected = catalogServices();
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(await serviceNames()).toEqual(expected);
  });

  it('refuses unauthenticated calls', async () => {
    const res = await api('/api/catalog/entities', { auth: false });
    expect(res.status).toBe(401);
  });

  it('signs the guest in as a member of team-storefront', async () => {
    const res = await fetch(`${backend.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const { identity } = (await res.json()).backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/guest');
    expect(identity.ownershipEntityRefs).toContain(
      'group:default/team-storefront',
    );
  });

  describe('the permission policy', () => {
    async function logsDecision(entityRef: string) {
      const res = await api('/api/permission/authorize', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          items: [
            {
              id: 'logs',
              permission: {
                type: 'resource',
                name: 'portolan.logs.read',
                attributes: { action: 'read' },
                resourceType: 'catalog-entity',
              },
              resourceRef: entityRef,
            },
          ],
        }),
      });
      expect(res.status).toBe(200);
      return (await res.json()).items[0].result;
    }

    it("lets the guest read logs of their team's services only", async () => {
      expect(await logsDecision('component:default/storefront-web')).toBe(
        'ALLOW',
      );
      expect(await logsDecision('component:default/payments-api')).toBe('DENY');
    });

    it('answers 403 when the guest deletes a service another team owns', async () => {
      const res = await api(
        '/api/catalog/entities/by-name/component/default/ledger',
      );
      expect(res.status).toBe(200);
      const entity = await res.json();
      const denied = await api(
        `/api/catalog/entities/by-uid/${entity.metadata.uid}`,
        { method: 'DELETE' },
      );
      expect(denied.status).toBe(403);
      const after = await api(
        '/api/catalog/entities/by-name/component/default/ledger',
      );
      expect(after.status).toBe(200);
    });
  });
});
