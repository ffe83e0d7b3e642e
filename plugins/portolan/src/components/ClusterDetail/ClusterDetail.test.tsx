import { screen, within } from '@testing-library/react';
import { gkeCluster, openshiftCluster } from '../../__fixtures__/clusters';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { ClusterDetail } from './ClusterDetail';

describe('ClusterDetail', () => {
  it('shows what the cluster is, its pools, capabilities and watched resources', async () => {
    const { container } = await renderPortolan(
      <ClusterDetail cluster={gkeCluster} />,
      { entity: null },
    );
    expect(
      screen.getByRole('heading', { name: 'gke-prod-eu' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Google Kubernetes Engine (high confidence)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Node providerID starts with gce:// on 4 nodes'),
    ).toBeInTheDocument();
    const pools = screen.getByRole('table', { name: 'Node pools' });
    expect(within(pools).getByText('gpu-pool')).toBeInTheDocument();
    const caps = screen.getByRole('table', { name: 'Capabilities' });
    expect(within(caps).getByText('graduated')).toBeInTheDocument();
    expect(within(caps).getByText('not a CNCF project')).toBeInTheDocument();
    const resources = screen.getByRole('table', { name: 'Watched resources' });
    expect(within(resources).getByText('Not installed')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('lists OLM operators and other candidate offerings', async () => {
    await renderPortolan(<ClusterDetail cluster={openshiftCluster} />, {
      entity: null,
    });
    expect(screen.getByText('Also possible: OpenShift')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Operators' })).getByText(
        'cert-manager',
      ),
    ).toBeInTheDocument();
  });

  it('explains a cluster that is not synced', async () => {
    await renderPortolan(
      <ClusterDetail
        cluster={{
          ...gkeCluster,
          health: {
            state: 'unauthorized',
            since: '2025-01-31T11:00:00Z',
            message: 'token expired',
          },
        }}
      />,
      { entity: null },
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      /Unauthorized since .*refused Portolan’s credentials.*: token expired/,
    );
  });
});
