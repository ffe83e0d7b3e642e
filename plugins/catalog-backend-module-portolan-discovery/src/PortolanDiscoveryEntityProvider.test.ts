import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { DiscoveryCandidatesResponse } from '@portolan/plugin-portolan-common';
import { PortolanDiscoveryEntityProvider } from './PortolanDiscoveryEntityProvider';

function connection() {
  return {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(),
  } satisfies EntityProviderConnection;
}

const response: DiscoveryCandidatesResponse = {
  generatedAt: '2026-11-20T08:00:00Z',
  complete: true,
  clusters: [{ name: 'gke-prod-eu', state: 'synced' }],
  candidates: [
    {
      name: 'wishlist',
      appName: 'wishlist',
      links: { kubernetesId: 'wishlist', argocdAppNames: [] },
      workloads: [
        {
          cluster: 'gke-prod-eu',
          namespace: 'storefront',
          kind: 'Deployment',
          name: 'wishlist',
        },
      ],
      applications: [],
      describedBy: [],
    },
  ],
};

function provider(
  getCandidates: () => Promise<DiscoveryCandidatesResponse>,
  clearOnConnect = false,
) {
  return new PortolanDiscoveryEntityProvider({
    client: { getCandidates },
    logger: mockServices.logger.mock(),
    excludeNamespaces: [],
    defaultOwner: 'unknown',
    lifecycle: 'production',
    clearOnConnect,
  });
}

describe('PortolanDiscoveryEntityProvider', () => {
  it('emits without a location key, so a team-written entity can take over', async () => {
    const c = connection();
    const p = provider(async () => response);
    await p.connect(c);
    expect(await p.refresh()).toEqual({
      mutation: 'full',
      emitted: ['wishlist'],
      described: [],
    });
    const [[mutation]] = c.applyMutation.mock.calls as any;
    expect(mutation.type).toBe('full');
    expect(mutation.entities[0].locationKey).toBeUndefined();
  });

  it('changes nothing when Portolan does not answer', async () => {
    const c = connection();
    const p = provider(async () => {
      throw new Error('ECONNREFUSED');
    });
    await p.connect(c);
    await expect(p.refresh()).rejects.toThrow('ECONNREFUSED');
    expect(c.applyMutation).not.toHaveBeenCalled();
  });

  it('refuses to run before the catalog connects it', async () => {
    await expect(provider(async () => response).refresh()).rejects.toThrow(
      /not connected/,
    );
  });

  it('removes everything it emitted when discovery is turned off', async () => {
    const c = connection();
    await provider(async () => response, true).connect(c);
    expect(c.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });
});
