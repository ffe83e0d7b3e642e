import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  demoClusters,
  offeringsCatalogue,
  withUnreachable,
} from '../../__fixtures__/clusters';
import {
  backendError,
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { rootRouteRef } from '../../routes';
import { ClustersPage } from './ClustersPage';

const mountedRoutes = { '/portolan/clusters': rootRouteRef };

function renderPage(api = mockPortolanApi(), path = '/portolan/clusters') {
  return renderPortolan(
    <Routes>
      <Route path="/portolan/clusters/*" element={<ClustersPage />} />
    </Routes>,
    {
      api,
      entity: null,
      mountedRoutes,
      routeEntries: [path],
    },
  );
}

describe('ClustersPage', () => {
  it('lists the fleet', async () => {
    await renderPage();
    const table = await screen.findByRole('table', { name: 'Clusters' });
    expect(within(table).getAllByRole('row')).toHaveLength(7);
    expect(screen.getByText(/6 clusters/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Partial answer')).toBeNull();
  });

  it('names an unreachable cluster above the table', async () => {
    const api = mockPortolanApi({
      getClusters: jest.fn().mockResolvedValue(withUnreachable()),
    });
    await renderPage(api);
    expect(await screen.findByLabelText('Partial answer')).toHaveTextContent(
      /eks-prod-us: Unreachable since/,
    );
  });

  it('explains an empty fleet', async () => {
    const api = mockPortolanApi({
      getClusters: jest.fn().mockResolvedValue({ clusters: [] }),
    });
    await renderPage(api);
    expect(await screen.findByRole('note')).toHaveTextContent(
      'No clusters configured: add portolan.clusterLocatorMethods',
    );
  });

  it('shows the backend’s message when the fleet may not be read', async () => {
    const api = mockPortolanApi({
      getClusters: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            403,
            'NotAllowedError',
            'Not allowed: portolan.clusters.read',
          ),
        ),
    });
    await renderPage(api);
    expect(
      await screen.findByText(/Could not load the clusters/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/portolan\.clusters\.read/).length,
    ).toBeGreaterThan(0);
  });

  it('has an offerings tab', async () => {
    const api = mockPortolanApi({
      getOfferings: jest.fn().mockResolvedValue(offeringsCatalogue),
    });
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Offerings' }),
    );
    expect(
      await screen.findByRole('table', { name: 'Offerings' }),
    ).toBeInTheDocument();
  });

  it('has an onboarding tab listing the services least complete first', async () => {
    const api = mockPortolanApi();
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Onboarding' }),
    );
    const table = await screen.findByRole('table', {
      name: 'Services by onboarding',
    });
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('1/6');
    expect(api.getFleetOnboarding).toHaveBeenCalled();
  });

  it('shows one cluster in detail', async () => {
    await renderPage(mockPortolanApi(), '/portolan/clusters/cluster/k3s-edge');
    expect(
      await screen.findByRole('heading', { name: 'k3s-edge' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '← All clusters' }),
    ).toHaveAttribute('href', '/portolan/clusters');
  });

  it('says when a cluster does not exist', async () => {
    await renderPage(mockPortolanApi(), '/portolan/clusters/cluster/nope');
    expect(await screen.findByRole('note')).toHaveTextContent(
      'No cluster named nope is configured.',
    );
    expect(demoClusters.clusters.some(c => c.name === 'nope')).toBe(false);
  });
});
