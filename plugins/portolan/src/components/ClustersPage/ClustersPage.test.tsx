import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  demoClusters,
  offeringsCatalogue,
  withUnreachable,
} from '../../__fixtures__/clusters';
import {
  notAllowed,
  renderPortolan,
  type PortolanAnswers,
} from '../../__testUtils__/renderPortolan';
import {
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { rootRouteRef } from '../../routes';
import { ClustersPage } from './ClustersPage';

const mountedRoutes = { '/portolan/clusters': rootRouteRef };

function renderPage(
  answers: PortolanAnswers = {},
  path = '/portolan/clusters',
) {
  return renderPortolan(
    <Routes>
      <Route path="/portolan/clusters/*" element={<ClustersPage />} />
    </Routes>,
    {
      answers,
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
    await renderPage({ getClusters: withUnreachable() });
    await expectPartialAnswer(/eks-prod-us: Unreachable since/);
  });

  it('explains an empty fleet', async () => {
    await renderPage({ getClusters: { clusters: [] } });
    await expectNote(
      'No clusters configured: add portolan.clusterLocatorMethods',
    );
  });

  it('shows the backend’s message when the fleet may not be read', async () => {
    await renderPage({ getClusters: notAllowed('portolan.clusters.read') });
    await expectErrorPanel(
      /Could not load the clusters/,
      /portolan\.clusters\.read/,
    );
  });

  it('has an offerings tab', async () => {
    await renderPage({ getOfferings: offeringsCatalogue });
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Offerings' }),
    );
    expect(
      await screen.findByRole('table', { name: 'Offerings' }),
    ).toBeInTheDocument();
  });

  it('has an onboarding tab listing the services least complete first', async () => {
    const { api } = await renderPage();
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
    await renderPage({}, '/portolan/clusters/cluster/k3s-edge');
    expect(
      await screen.findByRole('heading', { name: 'k3s-edge' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '← All clusters' }),
    ).toHaveAttribute('href', '/portolan/clusters');
  });

  it('says when a cluster does not exist', async () => {
    await renderPage({}, '/portolan/clusters/cluster/nope');
    await expectNote('No cluster named nope is configured.');
    expect(demoClusters.clusters.some(c => c.name === 'nope')).toBe(false);
  });
});
