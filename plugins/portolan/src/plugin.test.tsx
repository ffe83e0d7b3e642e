import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { demoClusters } from './__fixtures__/clusters';
import { renderPortolan } from './__testUtils__/renderPortolan';
import {
  EntityPortolanDeliveryContent,
  EntityPortolanDeploymentsCard,
  EntityPortolanImageCard,
  EntityPortolanOnboardingCard,
  EntityPortolanPipelineCard,
  PortolanClustersPage,
  portolanPlugin,
} from './index';
import { rootRouteRef } from './routes';

describe('legacy exports', () => {
  it('registers an API factory whose client reads the portolan backend through discovery and fetch', async () => {
    expect(portolanPlugin.getId()).toBe('portolan');
    const factories = [...portolanPlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual(['plugin.portolan.api']);
    const fetch = jest.fn(
      async (_url: string) =>
        new Response(JSON.stringify(demoClusters), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const client = factories[0].factory({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://backend.test/api/${pluginId}`,
      },
      fetchApi: { fetch },
    }) as { getClusters(): Promise<unknown> };
    await expect(client.getClusters()).resolves.toEqual(demoClusters);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend.test/api/portolan/clusters',
      expect.anything(),
    );
  });

  it.each([
    [
      'EntityPortolanPipelineCard',
      <EntityPortolanPipelineCard />,
      () => screen.findByText('storefront-web-build-8'),
    ],
    [
      'EntityPortolanDeploymentsCard',
      <EntityPortolanDeploymentsCard />,
      () => screen.findByRole('table', { name: 'Deployment status' }),
    ],
    [
      'EntityPortolanImageCard',
      <EntityPortolanImageCard />,
      () => screen.findByLabelText('Built with Cloud Native Buildpacks'),
    ],
    [
      'EntityPortolanOnboardingCard',
      <EntityPortolanOnboardingCard />,
      () => screen.findByRole('list', { name: 'Onboarding steps' }),
    ],
    [
      'EntityPortolanDeliveryContent',
      <EntityPortolanDeliveryContent />,
      () => screen.findByRole('table', { name: 'Delivery timeline' }),
    ],
  ])(
    '%s renders the entity view it is named for',
    async (_name, element, find) => {
      const { api } = await renderPortolan(element);
      expect(await find()).toBeInTheDocument();
      expect(
        (api.getEntityView as jest.Mock).mock.calls.length +
          (api.getOnboardingChecklist as jest.Mock).mock.calls.length,
      ).toBeGreaterThan(0);
    },
  );

  it('PortolanClustersPage renders the fleet at its mount point', async () => {
    await renderPortolan(
      <Routes>
        <Route path="/portolan/clusters/*" element={<PortolanClustersPage />} />
      </Routes>,
      {
        entity: null,
        mountedRoutes: { '/portolan/clusters': rootRouteRef },
        routeEntries: ['/portolan/clusters'],
      },
    );
    expect(
      await screen.findByRole('table', { name: 'Clusters' }),
    ).toBeInTheDocument();
  });
});
