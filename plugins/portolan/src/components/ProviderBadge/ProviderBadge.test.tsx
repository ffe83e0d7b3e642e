import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { gkeCluster } from '../../__fixtures__/clusters';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { ProviderBadge, providerShortName } from './ProviderBadge';

describe('ProviderBadge', () => {
  it('shows the offering’s short name with a full accessible label', async () => {
    await renderPortolan(<ProviderBadge profile={gkeCluster.facts.profile} />);
    const badge = screen.getByLabelText(
      'Provider GKE: Google Kubernetes Engine, high confidence',
    );
    expect(badge).toHaveTextContent('GKE');
  });

  it('shows the evidence on hover', async () => {
    await renderPortolan(<ProviderBadge profile={gkeCluster.facts.profile} />);
    await userEvent.hover(screen.getByText('GKE'));
    expect(
      await screen.findByText('Node providerID starts with gce:// on 4 nodes'),
    ).toBeInTheDocument();
  });

  it('says unknown rather than guessing', async () => {
    await renderPortolan(
      <ProviderBadge
        provider={{
          id: 'unknown',
          name: 'Unknown',
          confidence: 'none',
          evidence: [],
          candidates: [{ id: 'rke2', score: 0.2 }],
        }}
      />,
    );
    expect(screen.getByLabelText('Provider unknown')).toHaveTextContent(
      'Unknown',
    );
  });

  it('says when the profile is not known yet', async () => {
    await renderPortolan(<ProviderBadge />);
    expect(screen.getByLabelText('Provider not known yet')).toBeInTheDocument();
  });

  it('has short names for the offerings', () => {
    expect(
      ['eks', 'aks', 'doks', 'rosa', 'k3s'].map(id =>
        providerShortName(id as any),
      ),
    ).toEqual(['EKS', 'AKS', 'DOKS', 'ROSA', 'k3s']);
  });
});
