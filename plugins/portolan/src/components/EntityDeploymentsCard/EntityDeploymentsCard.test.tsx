import { screen, within } from '@testing-library/react';
import { emptyView, partialView } from '../../__fixtures__/entityView';
import {
  backendError,
  expectStatusesReadable,
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { EntityDeploymentsCard } from './EntityDeploymentsCard';

function row(application: string) {
  return within(
    document.querySelector(
      `tr[data-application="${application}"]`,
    ) as HTMLElement,
  );
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
    await renderPortolan(<EntityDeploymentsCard />, { api });
    await screen.findByRole('table', { name: 'Deployment status' });
    expect(
      row('storefront-web-prod').getByLabelText('Provider not known yet'),
    ).toBeInTheDocument();
  });

  it('guides when no application matches', async () => {
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(emptyView),
    });
    await renderPortolan(<EntityDeploymentsCard />, { api });
    expect(await screen.findByRole('note')).toHaveTextContent(
      'No Argo CD applications match',
    );
  });

  it('flags a partial answer', async () => {
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(partialView),
    });
    await renderPortolan(<EntityDeploymentsCard />, { api });
    expect(await screen.findByLabelText('Partial answer')).toHaveTextContent(
      'eks-prod-us unreachable',
    );
  });

  it('shows the backend’s error', async () => {
    const api = mockPortolanApi({
      getEntityView: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            404,
            'NotFoundError',
            'No entity component:default/storefront-web in the catalog',
          ),
        ),
    });
    await renderPortolan(<EntityDeploymentsCard />, { api });
    expect(
      await screen.findByText(/Could not load deployments/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/No entity component:default\/storefront-web/).length,
    ).toBeGreaterThan(0);
  });
});
