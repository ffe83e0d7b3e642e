import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { KubeObject } from '@portolan/kube-sim';
import { DEFAULT_DISCOVERY_EXCLUDED_NAMESPACES } from '@portolan/plugin-portolan-common';
import { component } from '../../__testUtils__/portolanTestBackend';
import { demoCatalogEntities, demoFleet } from '../__testUtils__/demoFleet';
import { DiscoveryService } from './DiscoveryService';

// Starts kube-sim with the demo world; generous for a loaded 2-core machine.
jest.setTimeout(120_000);

const DEMO_SERVICES = [
  'payments-api',
  'ledger',
  'fraud-detector',
  'invoice-worker',
  'storefront-web',
  'cart-service',
  'catalog-service',
  'search-indexer',
  'edge-gateway',
];

/** A labelled Deployment nobody described yet. */
const wishlist: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'wishlist',
    namespace: 'storefront',
    labels: {
      'app.kubernetes.io/name': 'wishlist',
      'app.kubernetes.io/part-of': 'storefront',
    },
  },
  spec: {
    replicas: 1,
    template: { spec: { containers: [{ name: 'app', image: 'x' }] } },
  },
  status: { replicas: 1, readyReplicas: 1 },
};

async function candidates(
  extra: Record<string, KubeObject[]> = {},
  entities: Entity[] = demoCatalogEntities(),
  excludeNamespace: readonly string[] = DEFAULT_DISCOVERY_EXCLUDED_NAMESPACES,
) {
  const fleet = await demoFleet(extra);
  const service = new DiscoveryService({
    snapshots: () => fleet.snapshots,
    views: fleet.views,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return service.candidates({ excludeNamespace: [...excludeNamespace] });
}

describe('DiscoveryService on the demo world', () => {
  it('finds every demo service described by its catalog entity, and nothing else with the default exclusions', async () => {
    const response = await candidates();
    expect(response.complete).toBe(true);
    for (const name of DEMO_SERVICES) {
      const found = response.candidates.find(c => c.appName === name);
      // cart-service selects every storefront application (argocd/app-selector).
      expect(found?.describedBy).toContain(`component:default/${name}`);
    }
    const payments = response.candidates.find(c => c.name === 'payments-api')!;
    expect(payments.links.argocdAppNames).toEqual(
      expect.arrayContaining(['payments-api-prod', 'payments-api-staging']),
    );
    // Services only: the platform's components are not proposed.
    expect(
      response.candidates
        .filter(c => c.describedBy.length === 0)
        .map(c => c.name),
    ).toEqual([]);
  });

  it('would propose the platform components without the default exclusions', async () => {
    const response = await candidates({}, demoCatalogEntities(), []);
    const undescribed = response.candidates
      .filter(c => c.describedBy.length === 0)
      .map(
        c =>
          `${c.name} (${[...new Set(c.workloads.map(w => w.namespace))].join(
            ',',
          )})`,
      );
    expect(undescribed).toEqual(
      expect.arrayContaining([
        'argocd-server (argocd)',
        'tekton-pipelines-controller (tekton-pipelines)',
        'kpack-controller (kpack)',
        'jx-build-controller (jx)',
        'istiod (istio-system)',
        'dns-default (openshift-dns)',
        'coredns (kube-system)',
      ]),
    );
  });

  it('proposes a new labelled workload, and forgets it once it is gone', async () => {
    const withIt = await candidates({ 'gke-prod-eu': [wishlist] });
    expect(withIt.candidates.find(c => c.name === 'wishlist')).toEqual({
      name: 'wishlist',
      appName: 'wishlist',
      partOf: 'storefront',
      system: 'storefront',
      owner: 'team-storefront',
      ownerFrom: 'system',
      links: {
        labelSelector:
          'app.kubernetes.io/name=wishlist,app.kubernetes.io/part-of=storefront',
        argocdAppNames: [],
      },
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
    });
    const without = await candidates();
    expect(without.candidates.find(c => c.name === 'wishlist')).toBeUndefined();
  });

  it('does not let an entity discovery created describe its own workloads away', async () => {
    const discovered = component('wishlist', 'team-storefront', {
      'backstage.io/managed-by-location':
        'portolan-discovery:portolan-discovery',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=wishlist,app.kubernetes.io/part-of=storefront',
    });
    const response = await candidates({ 'gke-prod-eu': [wishlist] }, [
      ...demoCatalogEntities(),
      discovered,
    ]);
    expect(
      response.candidates.find(c => c.name === 'wishlist')?.describedBy,
    ).toEqual([]);
  });

  it('counts a team-written entity that selects the workload as describing it', async () => {
    const teamWritten = component('wish-list-service', 'team-storefront', {
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=wishlist',
    });
    const response = await candidates({ 'gke-prod-eu': [wishlist] }, [
      ...demoCatalogEntities(),
      teamWritten,
    ]);
    expect(
      response.candidates.find(c => c.name === 'wishlist')?.describedBy,
    ).toEqual(['component:default/wish-list-service']);
  });
});
