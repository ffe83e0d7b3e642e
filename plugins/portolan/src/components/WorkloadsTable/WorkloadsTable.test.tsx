import { screen, within } from '@testing-library/react';
import { demoProfiles } from '../../__fixtures__/clusters';
import {
  emptyView,
  partialView,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { WorkloadsTable } from './WorkloadsTable';

describe('WorkloadsTable', () => {
  it('groups workloads by cluster with readiness, pods, restarts and images', async () => {
    const { container } = await renderPortolan(
      <WorkloadsTable
        workloads={storefrontView.workloads}
        clusters={storefrontView.clusters}
        profiles={demoProfiles}
      />,
    );
    const gke = within(
      screen.getByRole('region', { name: 'Workloads on gke-prod-eu' }),
    );
    expect(gke.getByText('Deployment/storefront-web')).toBeInTheDocument();
    expect(gke.getByLabelText('3/3 replicas ready')).toBeInTheDocument();
    expect(gke.getByText('Healthy')).toBeInTheDocument();
    expect(gke.getByLabelText(/^Provider GKE/)).toBeInTheDocument();
    const aks = within(
      screen.getByRole('region', { name: 'Workloads on aks-staging' }),
    );
    expect(aks.getByText('Degraded')).toBeInTheDocument();
    expect(aks.getAllByText('CrashLoopBackOff').length).toBeGreaterThan(0);
    expect(aks.getByText('4')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('shows a cluster that could not be read instead of leaving it out', async () => {
    await renderPortolan(
      <WorkloadsTable
        workloads={partialView.workloads}
        clusters={partialView.clusters}
        profiles={demoProfiles}
      />,
    );
    const eks = within(
      screen.getByRole('region', { name: 'Workloads on eks-prod-us' }),
    );
    expect(eks.getByText('Unreachable')).toBeInTheDocument();
    expect(eks.getByRole('note')).toHaveTextContent(
      'connect ECONNREFUSED 127.0.0.1:6443',
    );
    expect(
      screen.getByRole('region', { name: 'Workloads on gke-prod-eu' }),
    ).toBeInTheDocument();
  });

  it('guides when nothing matches the selector', async () => {
    await renderPortolan(
      <WorkloadsTable
        workloads={emptyView.workloads}
        clusters={emptyView.clusters}
        profiles={demoProfiles}
        selection={emptyView.selection}
      />,
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'No workloads match backstage.io/kubernetes-id=storefront-web: label your Deployments (and their pod templates) backstage.io/kubernetes-id=storefront-web',
    );
  });
});
