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
  defaultOwner?: string,
) {
  return new PortolanDiscoveryEntityProvider({
    client: { getCandidates },
    logger: mockServices.logger.mock(),
    excludeNamespaces: ['kube-*', 'argocd'],
    ...(defaultOwner ? { defaultOwner } : {}),
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

  it('passes the excluded namespaces to Portolan', async () => {
    const getCandidates = jest.fn(async () => response);
    const p = provider(getCandidates);
    await p.connect(connection());
    await p.refresh();
    expect(getCandidates).toHaveBeenCalledWith(
      expect.objectContaining({ excludeNamespaces: ['kube-*', 'argocd'] }),
    );
  });

  it('gives services nobody named an owner for the default owner, or group:default/unknown', async () => {
    const owners = async (defaultOwner?: string) => {
      const c = connection();
      const p = provider(async () => response, false, defaultOwner);
      await p.connect(c);
      await p.refresh();
      const [[mutation]] = c.applyMutation.mock.calls as any;
      return mutation.entities.map((e: any) => [
        e.entity.spec.owner,
        e.entity.metadata.annotations['portolan.dev/owner-from'],
      ]);
    };
    expect(await owners('group:default/platform-team')).toEqual([
      ['group:default/platform-team', 'default-owner'],
    ]);
    expect(await owners()).toEqual([['group:default/unknown', 'unknown']]);
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
