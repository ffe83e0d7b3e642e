import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { demoClusters, offeringsCatalogue } from '../__fixtures__/clusters';
import { failedTektonRun, storefrontView } from '../__fixtures__/entityView';
import { fleetOnboarding, pendingChecklist } from '../__fixtures__/onboarding';
import {
  fleetDora,
  runsHistoryPage1,
  storefrontDora,
} from '../__fixtures__/dora';
import { PortolanClient } from './PortolanClient';

const BASE = 'http://portolan.test/api/portolan';
const server = setupServer();
registerMswTestHooks(server);

function client(): PortolanClient {
  return new PortolanClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://portolan.test' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

const storefront = {
  kind: 'Component',
  namespace: 'default',
  name: 'storefront-web',
};

describe('PortolanClient', () => {
  it('reads and checks the clusters', async () => {
    server.use(
      http.get(`${BASE}/clusters`, () => HttpResponse.json(demoClusters)),
    );
    const answer = await client().getClusters();
    expect(answer.clusters.map(c => c.name)).toEqual(
      demoClusters.clusters.map(c => c.name),
    );
    expect(answer.clusters[0].facts.profile?.provider.id).toBe('gke');
  });

  it('reads an entity view by its ref and keeps sections it does not know', async () => {
    let path = '';
    server.use(
      http.get(`${BASE}/entities/:namespace/:kind/:name`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ ...storefrontView, newSection: [1] });
      }),
    );
    const view = await client().getEntityView(storefront);
    expect(path).toBe(
      '/api/portolan/entities/default/Component/storefront-web',
    );
    expect(view.timeline).toHaveLength(3);
    expect((view as any).newSection).toEqual([1]);
  });

  it('throws a ResponseError with the backend’s message', async () => {
    server.use(
      http.get(`${BASE}/entities/:namespace/:kind/:name`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: portolan.entity.read',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client()
      .getEntityView(storefront)
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe('Not allowed: portolan.entity.read');
  });

  it('refuses an answer that does not match the model, naming the field', async () => {
    server.use(
      http.get(`${BASE}/clusters`, () =>
        HttpResponse.json({ clusters: [{ name: 'x' }] }),
      ),
    );
    await expect(client().getClusters()).rejects.toThrow(
      /Unexpected answer from \/clusters: clusters\.0\.title: Required/,
    );
  });

  it('asks for a step log with its query', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(
        `${BASE}/entities/:namespace/:kind/:name/logs`,
        ({ request }) => {
          query = new URL(request.url).searchParams;
          return HttpResponse.json({
            entityRef: 'component:default/storefront-web',
            cluster: 'doks-tools',
            namespace: 'ci',
            pod: 'p',
            container: 'step-build',
            tailLines: 100,
            truncated: false,
            log: 'hello',
          });
        },
      ),
    );
    const log = await client().getPodLog(storefront, {
      cluster: 'doks-tools',
      namespace: 'ci',
      pod: 'p',
      container: 'step-build',
      tailLines: 100,
    });
    expect(log.log).toBe('hello');
    expect(Object.fromEntries(query!)).toEqual({
      cluster: 'doks-tools',
      namespace: 'ci',
      pod: 'p',
      container: 'step-build',
      tailLines: '100',
    });
  });

  it('reads the offerings and fleet images', async () => {
    let rebase: string | null = null;
    server.use(
      http.get(`${BASE}/offerings`, () =>
        HttpResponse.json(offeringsCatalogue),
      ),
      http.get(`${BASE}/images`, ({ request }) => {
        rebase = new URL(request.url).searchParams.get('rebase');
        return HttpResponse.json({
          items: [],
          generatedAt: '2025-01-31T12:00:00Z',
          entities: 9,
          partial: false,
          errors: [],
        });
      }),
    );
    expect((await client().getOfferings()).offerings).toHaveLength(3);
    expect((await client().getImages({ rebase: 'available' })).entities).toBe(
      9,
    );
    expect(rebase).toBe('available');
  });

  it('asks for fleet pipeline runs with its query and checks the answer', async () => {
    let search = '';
    server.use(
      http.get(`${BASE}/pipeline-runs`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({
          items: [
            {
              ...failedTektonRun,
              entityRef: 'component:default/storefront-web',
            },
          ],
          generatedAt: '2025-01-31T12:00:00Z',
          entities: 9,
          total: 4,
          truncated: true,
          partial: false,
          errors: [],
        });
      }),
    );
    const answer = await client().getPipelineRuns({
      status: 'failed,timed-out',
      system: 'tekton',
      limit: 1,
    });
    expect(new URLSearchParams(search).getAll('status')).toEqual([
      'failed,timed-out',
    ]);
    expect(search).toContain('system=tekton');
    expect(search).toContain('limit=1');
    expect(answer.items[0].entityRef).toBe('component:default/storefront-web');
    expect(answer).toMatchObject({ total: 4, truncated: true });

    server.use(
      http.get(`${BASE}/pipeline-runs`, () => HttpResponse.json({ items: [] })),
    );
    await expect(client().getPipelineRuns()).rejects.toThrow(
      /pipeline-runs.*generatedAt/,
    );
  });

  it('reads an entity’s onboarding checklist by its ref', async () => {
    let path = '';
    server.use(
      http.get(
        `${BASE}/entities/:namespace/:kind/:name/onboarding`,
        ({ request }) => {
          path = new URL(request.url).pathname;
          return HttpResponse.json(pendingChecklist);
        },
      ),
    );
    const checklist = await client().getOnboardingChecklist(storefront);
    expect(path).toBe(
      '/api/portolan/entities/default/Component/storefront-web/onboarding',
    );
    expect(checklist).toEqual(pendingChecklist);
  });

  it('refuses a checklist step in a state the model does not know, naming it', async () => {
    server.use(
      http.get(`${BASE}/entities/:namespace/:kind/:name/onboarding`, () =>
        HttpResponse.json({
          ...pendingChecklist,
          steps: [{ ...pendingChecklist.steps[0], state: 'done' }],
        }),
      ),
    );
    await expect(client().getOnboardingChecklist(storefront)).rejects.toThrow(
      /Unexpected answer from \/entities\/default\/Component\/storefront-web\/onboarding: steps\.0\.state: Invalid enum value/,
    );
  });

  it('reads and checks the fleet’s onboarding', async () => {
    server.use(
      http.get(`${BASE}/onboarding`, () => HttpResponse.json(fleetOnboarding)),
    );
    const fleet = await client().getFleetOnboarding();
    expect(fleet.services.map(s => s.entityRef)).toEqual(
      fleetOnboarding.services.map(s => s.entityRef),
    );
    expect(fleet.totals).toEqual({ services: 3, complete: 1, needHelp: 2 });

    server.use(
      http.get(`${BASE}/onboarding`, () =>
        HttpResponse.json({ ...fleetOnboarding, totals: undefined }),
      ),
    );
    await expect(client().getFleetOnboarding()).rejects.toThrow(
      /Unexpected answer from \/onboarding: totals: Required/,
    );
  });

  it('passes the abort signal on', async () => {
    server.use(
      http.get(`${BASE}/clusters`, async () => {
        await new Promise(r => setTimeout(r, 1000));
        return HttpResponse.json(demoClusters);
      }),
    );
    const controller = new AbortController();
    const pending = client().getClusters({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('asks for history with the query it is given, and refuses an answer without items', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entities/:namespace/:kind/:name/history`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return urls.length === 1
            ? HttpResponse.json(runsHistoryPage1)
            : HttpResponse.json({ nothing: true });
        },
      ),
    );
    const page = await client().getEntityHistory(storefront, {
      type: 'deployments',
      since: '2025-01-01T00:00:00.000Z',
      cursor: 'abc',
      limit: 10,
    });
    expect(page.nextCursor).toBe('cursor-2');
    expect(urls[0].pathname).toBe(
      '/api/portolan/entities/default/Component/storefront-web/history',
    );
    expect(Object.fromEntries(urls[0].searchParams)).toEqual({
      type: 'deployments',
      since: '2025-01-01T00:00:00.000Z',
      cursor: 'abc',
      limit: '10',
    });
    await expect(
      client().getEntityHistory(storefront, { type: 'images' }),
    ).rejects.toThrow(/Unexpected answer from .*history: items/);
  });

  it('reads DORA for a service and for the fleet, with window and owner', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(
        `${BASE}/entities/:namespace/:kind/:name/dora`,
        ({ request }) => {
          urls.push(new URL(request.url));
          return HttpResponse.json(storefrontDora);
        },
      ),
      http.get(`${BASE}/dora`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json(fleetDora);
      }),
    );
    const one = await client().getEntityDora(storefront, { window: '90d' });
    expect(one.performance.leadTimeForChanges).toBe('elite');
    const fleet = await client().getFleetDora({
      window: '7d',
      owner: 'group:default/team-payments',
    });
    expect(fleet.services).toHaveLength(3);
    expect(urls.map(u => `${u.pathname}${u.search}`)).toEqual([
      '/api/portolan/entities/default/Component/storefront-web/dora?window=90d',
      '/api/portolan/dora?window=7d&owner=group%3Adefault%2Fteam-payments',
    ]);
    server.use(
      http.get(`${BASE}/dora`, () => HttpResponse.json({ items: [] })),
    );
    await expect(client().getFleetDora()).rejects.toThrow(
      /Unexpected answer from \/dora/,
    );
  });
});
