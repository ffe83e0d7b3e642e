import { screen } from '@testing-library/react';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { ClusterProblems } from './ClusterProblems';

const synced = {
  name: 'gke-prod-eu',
  state: 'synced' as const,
  since: '2025-01-31T11:00:00Z',
};

describe('ClusterProblems', () => {
  it('renders nothing when every cluster is synced', async () => {
    const { container } = await renderPortolan(
      <ClusterProblems clusters={[synced]} />,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('names each cluster that is not synced, since when and why', async () => {
    await renderPortolan(
      <ClusterProblems
        clusters={[
          synced,
          {
            name: 'eks-prod-us',
            state: 'stale',
            since: '2025-01-31T11:58:00Z',
            message: 'watch failed: 500',
          },
          {
            name: 'aks-staging',
            state: 'forbidden',
            since: '2025-01-31T11:00:00Z',
          },
        ]}
        sourceErrors={[{ source: 'argocd', message: 'boom' }]}
        unknownClusters={['gke-prod-us']}
      />,
    );
    const alert = screen.getByLabelText('Partial answer');
    expect(alert).toHaveTextContent('1 of 3 clusters up to date');
    expect(alert).toHaveTextContent(
      /eks-prod-us: Stale since .* \(updates stopped; the data shown is as of then\): watch failed: 500/,
    );
    expect(alert).toHaveTextContent(/aks-staging: Forbidden since/);
    expect(alert).toHaveTextContent('Source argocd failed: boom');
    expect(alert).toHaveTextContent(
      'annotation names clusters that are not configured: gke-prod-us',
    );
  });

  it('fits on one line in cards', async () => {
    await renderPortolan(
      <ClusterProblems
        compact
        clusters={[
          synced,
          {
            name: 'k3s-edge',
            state: 'unreachable',
            since: '2025-01-31T11:00:00Z',
          },
        ]}
      />,
    );
    expect(screen.getByLabelText('Partial answer')).toHaveTextContent(
      'Partial: k3s-edge unreachable',
    );
  });
});
