import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { demoClusters, withUnreachable } from '../../__fixtures__/clusters';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { rootRouteRef } from '../../routes';
import { ClustersTable } from './ClustersTable';

const mountedRoutes = { '/portolan/clusters': rootRouteRef };

function row(name: string) {
  return within(
    document.querySelector(`tr[data-cluster="${name}"]`) as HTMLElement,
  );
}

describe('ClustersTable', () => {
  it('lists every cluster with provider, version, nodes, special nodes, capabilities and health', async () => {
    const { container } = await renderPortolan(
      <ClustersTable clusters={demoClusters.clusters} />,
      { mountedRoutes, entity: null },
    );
    const expected: Array<[string, string]> = [
      ['gke-prod-eu', 'GKE'],
      ['eks-prod-us', 'EKS'],
      ['aks-staging', 'AKS'],
      ['openshift-dev', 'ROSA'],
      ['k3s-edge', 'k3s'],
      ['doks-tools', 'DOKS'],
    ];
    for (const [name, provider] of expected) {
      expect(row(name).getByRole('link', { name })).toHaveAttribute(
        'href',
        `/portolan/clusters/cluster/${name}`,
      );
      expect(
        row(name).getByLabelText(new RegExp(`^Provider ${provider}:`)),
      ).toHaveTextContent(provider);
      expect(row(name).getByText('Synced')).toBeInTheDocument();
    }
    const gke = row('gke-prod-eu');
    expect(gke.getByText('v1.31.4-gke.1200000')).toBeInTheDocument();
    expect(gke.getByText('europe-west1')).toBeInTheDocument();
    expect(gke.getByText('2 × nvidia.com/gpu on 1 node')).toBeInTheDocument();
    expect(gke.getByText('gVisor · sandboxed runtime')).toBeInTheDocument();
    expect(gke.getByText('Istio · service mesh')).toBeInTheDocument();
    expect(
      row('eks-prod-us').getByText('EKS Fargate: 1 node'),
    ).toBeInTheDocument();
    expect(row('k3s-edge').getByText('amd64 1 · arm64 1')).toBeInTheDocument();
    expect(row('k3s-edge').getByText('Cilium · CNI')).toBeInTheDocument();
    expect(
      row('doks-tools').getByText('Knative Serving · serverless'),
    ).toBeInTheDocument();
    expect(
      row('openshift-dev').getByText('1 OLM operators'),
    ).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('shows the evidence behind a provider on hover', async () => {
    await renderPortolan(<ClustersTable clusters={demoClusters.clusters} />, {
      mountedRoutes,
      entity: null,
    });
    await userEvent.hover(row('k3s-edge').getByText('k3s'));
    expect(
      await screen.findByText(
        'Server version v1.31.3+k3s1 has the +k3s suffix',
      ),
    ).toBeInTheDocument();
  });

  it('shows an unreachable cluster with its message', async () => {
    await renderPortolan(
      <ClustersTable clusters={withUnreachable().clusters} />,
      { mountedRoutes, entity: null },
    );
    const eks = row('eks-prod-us');
    expect(eks.getByText('Unreachable')).toBeInTheDocument();
    expect(
      eks.getByText('connect ECONNREFUSED 127.0.0.1:6443'),
    ).toBeInTheDocument();
    expect(row('gke-prod-eu').getByText('Synced')).toBeInTheDocument();
  });

  it('says a profile is not known yet', async () => {
    await renderPortolan(
      <ClustersTable
        clusters={[
          {
            ...demoClusters.clusters[0],
            health: { state: 'syncing', since: '2025-01-31T12:00:00Z' },
            facts: {},
          },
        ]}
      />,
      { mountedRoutes, entity: null },
    );
    expect(screen.getByLabelText('Provider not known yet')).toBeInTheDocument();
    expect(screen.getByText('not known yet')).toBeInTheDocument();
    expect(screen.getByText('Syncing')).toBeInTheDocument();
  });
});
