/*
 * `./portolan start --real`: the `demo` locator with `realClusters` serves
 * one demo cluster from a real kube-apiserver + etcd loaded with its
 * fixture folder, the others from kube-sim, and the backend syncs all of
 * them. Run by scripts/test-real.sh.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClusterSummary } from '@portolan/plugin-portolan-common';
import request from 'supertest';
import { waitFor } from '../__testUtils__/portolanTestBackend';
import { portolanPlugin } from '../plugin';

jest.setTimeout(180_000);

describe('demo cluster locator with a real cluster', () => {
  it('serves k3s-edge from a real kube-apiserver and syncs it beside the kube-sim clusters', async () => {
    const backend = await startTestBackend({
      features: [
        portolanPlugin,
        mockServices.rootConfig.factory({
          data: {
            portolan: {
              clusterLocatorMethods: [
                { type: 'demo', scenario: false, realClusters: ['k3s-edge'] },
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    try {
      const header = mockCredentials.user.header();
      const clusters: ClusterSummary[] = await waitFor(
        'every demo cluster synced',
        async () => {
          const res = await request(backend.server)
            .get('/api/portolan/clusters')
            .set('Authorization', header);
          const all: ClusterSummary[] = res.body.clusters;
          if (!all.every(c => c.health.state === 'synced')) {
            throw new Error(
              all
                .map(
                  c => `${c.name}=${c.health.state} ${c.health.message ?? ''}`,
                )
                .join(', '),
            );
          }
          return all;
        },
        150_000,
      );
      expect(clusters.map(c => c.name).sort()).toEqual([
        'aks-staging',
        'doks-tools',
        'eks-prod-us',
        'gke-prod-eu',
        'k3s-edge',
        'openshift-dev',
      ]);
      // The real server reports its own version, not the fixture's k3s one.
      expect(clusters.find(c => c.name === 'k3s-edge')).toMatchObject({
        locator: 'demo',
        version: { gitVersion: expect.stringMatching(/^v1\.36\./) },
      });
      expect(clusters.find(c => c.name === 'gke-prod-eu')).toMatchObject({
        version: { gitVersion: 'v1.31.4-gke.1200000' },
      });
    } finally {
      await backend.stop();
    }
  });
});
