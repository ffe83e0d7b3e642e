import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { demoProfiles } from '../../__fixtures__/clusters';
import {
  SHA_A,
  prodDeployment,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { byData } from '../../__testUtils__/viewStates';
import { DeploymentsTable } from './DeploymentsTable';

function row(application: string) {
  return within(byData('application', application));
}

describe('DeploymentsTable', () => {
  it('shows each application with destination, sync, health and revisions', async () => {
    const { container } = await renderPortolan(
      <DeploymentsTable
        deployments={storefrontView.deployments}
        profiles={demoProfiles}
      />,
    );
    const prod = row('storefront-web-prod');
    expect(prod.getByText('Synced')).toBeInTheDocument();
    expect(prod.getByText('Healthy')).toBeInTheDocument();
    expect(prod.getByText('multi-source')).toBeInTheDocument();
    expect(prod.getByLabelText(/^Provider GKE/)).toBeInTheDocument();
    expect(prod.getByRole('link', { name: /3f2a9c1/ })).toHaveAttribute(
      'href',
      `https://github.com/acme/storefront-web/commit/${SHA_A}`,
    );
    expect(prod.getByText('ref values')).toBeInTheDocument();

    const staging = row('storefront-web-staging');
    expect(staging.getByText('Out of sync')).toBeInTheDocument();
    expect(staging.getByText('Degraded')).toBeInTheDocument();
    expect(
      staging.getByText('Deployment storefront-web has 0/1 ready replicas'),
    ).toBeInTheDocument();
    expect(staging.getByLabelText(/^Provider AKS/)).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('shows the sync history on demand', async () => {
    await renderPortolan(
      <DeploymentsTable
        deployments={[prodDeployment]}
        profiles={demoProfiles}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: '1 syncs' }));
    const history = screen.getByRole('table', {
      name: 'History of storefront-web-prod',
    });
    expect(within(history).getByText('#12')).toBeInTheDocument();
    expect(within(history).getByText('automated sync')).toBeInTheDocument();
  });

  it('says when a destination matches no known cluster', async () => {
    await renderPortolan(
      <DeploymentsTable
        deployments={[
          {
            ...prodDeployment,
            destination: {
              server: 'https://elsewhere.example',
              namespace: 'shop',
              match: 'unresolved',
            },
          },
        ]}
        profiles={demoProfiles}
      />,
    );
    expect(
      screen.getByText('Unresolved: https://elsewhere.example/shop'),
    ).toBeInTheDocument();
  });

  it('guides when no application matches', async () => {
    await renderPortolan(
      <DeploymentsTable deployments={[]} profiles={demoProfiles} />,
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'No Argo CD applications match: add the argocd/app-name or argocd/app-selector annotation',
    );
  });
});
