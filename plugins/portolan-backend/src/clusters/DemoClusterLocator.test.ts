/*
 * The `demo` locator end to end: the plugin starts kube-sim's demo clusters
 * in-process and watches them over HTTPS like any other cluster.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  ClusterSummary,
  EntityView,
} from '@portolan/plugin-portolan-common';
import request from 'supertest';
import { component, waitFor } from '../__testUtils__/portolanTestBackend';
import { portolanPlugin } from '../plugin';

jest.setTimeout(120_000);

const DEMO_CLUSTERS = [
  'aks-staging',
  'doks-tools',
  'eks-prod-us',
  'gke-prod-eu',
  'k3s-edge',
  'openshift-dev',
];

describe('demo cluster locator', () => {
  it('starts the demo clusters and serves their workloads over HTTPS', async () => {
    const backend = await startTestBackend({
      features: [
        portolanPlugin,
        mockServices.rootConfig.factory({
          data: {
            portolan: {
              clusterLocatorMethods: [{ type: 'demo', scenario: false }],
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [component('payments-api', 'group:default/team-payments')],
        }),
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
        90_000,
      );
      expect(clusters.map(c => c.name).sort()).toEqual(DEMO_CLUSTERS);
      expect(clusters.find(c => c.name === 'gke-prod-eu')).toMatchObject({
        locator: 'demo',
        version: { gitVersion: 'v1.31.4-gke.1200000' },
      });

      const res = await request(backend.server)
        .get('/api/portolan/entities/default/component/payments-api')
        .set('Authorization', header);
      expect(res.status).toBe(200);
      const view: EntityView = res.body;
      expect(view.partial).toBe(false);
      const running = new Set(
        view.workloads
          ?.filter(w => w.kind === 'Deployment')
          .map(w => w.cluster),
      );
      expect([...running].sort()).toEqual(
        expect.arrayContaining(['gke-prod-eu', 'eks-prod-us']),
      );
      // Pipeline step pods on doks-tools are builds, not workloads.
      expect(view.workloads?.some(w => w.cluster === 'doks-tools')).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
