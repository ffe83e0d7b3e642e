import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { demoClusters, offeringsCatalogue } from '../__fixtures__/clusters';
import { storefrontView } from '../__fixtures__/entityView';
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
});
