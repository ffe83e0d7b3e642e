import { screen, within } from '@testing-library/react';
import { emptyView, partialView } from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  notAllowed,
  notFound,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import {
  byData,
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { EntityDeploymentsCard } from './EntityDeploymentsCard';

function row(application: string) {
  return within(byData('application', application));
}

describe('EntityDeploymentsCard', () => {
  it('shows each environment with its cluster, sync and health', async () => {
    const { container } = await renderPortolan(<EntityDeploymentsCard />);
    await screen.findByRole('table', { name: 'Deployment status' });
    const prod = row('storefront-web-prod');
    expect(prod.getByText('prod')).toBeInTheDocument();
    expect(prod.getByText('Synced')).toBeInTheDocument();
    expect(prod.getByText('Healthy')).toBeInTheDocument();
    expect(await prod.findByLabelText(/^Provider GKE/)).toBeInTheDocument();
    const staging = row('storefront-web-staging');
    expect(staging.getByText('staging')).toBeInTheDocument();
    expect(staging.getByText('Out of sync')).toBeInTheDocument();
    expect(staging.getByText('Degraded')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('still shows deployments when the fleet cannot be read', async () => {
    await renderPortolan(<EntityDeploymentsCard />, {
      answers: { getClusters: notAllowed('portolan.clusters.read') },
    });
    await screen.findByRole('table', { name: 'Deployment status' });
    expect(
      row('storefront-web-prod').getByLabelText('Provider not known yet'),
    ).toBeInTheDocument();
  });

  it('guides when no application matches', async () => {
    await renderPortolan(<EntityDeploymentsCard />, {
      answers: { getEntityView: emptyView },
    });
    await expectNote('No Argo CD applications match');
  });

  it('flags a partial answer', async () => {
    await renderPortolan(<EntityDeploymentsCard />, {
      answers: { getEntityView: partialView },
    });
    await expectPartialAnswer('eks-prod-us unreachable');
  });

  it('shows the backend’s error', async () => {
    await renderPortolan(<EntityDeploymentsCard />, {
      answers: {
        getEntityView: notFound(
          'No entity component:default/storefront-web in the catalog',
        ),
      },
    });
    await expectErrorPanel(
      /Could not load deployments/,
      /No entity component:default\/storefront-web/,
    );
  });
});
