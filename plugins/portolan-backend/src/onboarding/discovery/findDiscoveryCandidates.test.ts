import { DiscoveryCandidatesResponseSchema } from '@portolan/plugin-portolan-common';
import {
  type DescribedEntity,
  findDiscoveryCandidates,
} from './findDiscoveryCandidates';
import type {
  FleetObservation,
  ObservedApplication,
  ObservedWorkload,
} from './observeFleet';

function deployment(
  cluster: string,
  namespace: string,
  name: string,
  labels: Record<string, string>,
): ObservedWorkload {
  return { cluster, namespace, kind: 'Deployment', name, labels };
}

function application(
  name: string,
  labels: Record<string, string> = {},
  destinationNamespace = 'storefront',
): ObservedApplication {
  return {
    cluster: 'doks-tools',
    namespace: 'argocd',
    name,
    labels,
    destination: 'gke-prod-eu',
    destinationNamespace,
  };
}

function observation(
  workloads: ObservedWorkload[],
  applications: ObservedApplication[] = [],
  complete = true,
): FleetObservation {
  return {
    workloads,
    applications,
    clusters: [
      { name: 'gke-prod-eu', state: 'synced' },
      { name: 'doks-tools', state: 'synced' },
    ],
    complete,
  };
}

function described(
  name: string,
  workloads: string[] = [],
  applications: string[] = [],
): DescribedEntity {
  return {
    entityRef: `component:default/${name}`,
    name,
    namespace: 'default',
    workloads: new Set(workloads),
    applications: new Set(applications),
  };
}

const wishlist = {
  'app.kubernetes.io/name': 'wishlist',
  'app.kubernetes.io/part-of': 'storefront',
};

function run(
  obs: FleetObservation,
  describedEntities: DescribedEntity[] = [],
  excludeNamespaces: string[] = ['kube-system'],
) {
  const response = findDiscoveryCandidates({
    observation: obs,
    described: describedEntities,
    systems: new Map([['storefront', { owner: 'team-storefront' }]]),
    excludeNamespaces,
    now: new Date('2026-11-20T08:00:00Z'),
  });
  expect(DiscoveryCandidatesResponseSchema.parse(response)).toEqual(response);
  return response;
}

describe('findDiscoveryCandidates', () => {
  it('proposes a new labelled service across clusters, with the Argo CD applications that manage it', () => {
    const response = run(
      observation(
        [
          deployment('gke-prod-eu', 'storefront', 'wishlist', {
            ...wishlist,
            'app.kubernetes.io/instance': 'wishlist-prod',
          }),
          deployment('aks-staging', 'storefront-staging', 'wishlist', {
            ...wishlist,
            'app.kubernetes.io/instance': 'wishlist-staging',
          }),
        ],
        [
          application('wishlist-prod'),
          application('wishlist-staging', {}, 'storefront-staging'),
        ],
      ),
    );
    expect(response.complete).toBe(true);
    expect(response.candidates).toEqual([
      {
        name: 'wishlist',
        appName: 'wishlist',
        partOf: 'storefront',
        system: 'storefront',
        owner: 'team-storefront',
        links: {
          labelSelector:
            'app.kubernetes.io/name=wishlist,app.kubernetes.io/part-of=storefront',
          argocdAppNames: ['wishlist-prod', 'wishlist-staging'],
        },
        workloads: [
          {
            cluster: 'aks-staging',
            namespace: 'storefront-staging',
            kind: 'Deployment',
            name: 'wishlist',
          },
          {
            cluster: 'gke-prod-eu',
            namespace: 'storefront',
            kind: 'Deployment',
            name: 'wishlist',
          },
        ],
        applications: [
          {
            cluster: 'doks-tools',
            namespace: 'argocd',
            name: 'wishlist-prod',
            destination: 'gke-prod-eu',
            destinationNamespace: 'storefront',
          },
          {
            cluster: 'doks-tools',
            namespace: 'argocd',
            name: 'wishlist-staging',
            destination: 'gke-prod-eu',
            destinationNamespace: 'storefront-staging',
          },
        ],
        describedBy: [],
      },
    ]);
  });

  it('links by backstage.io/kubernetes-id when every workload carries one value', () => {
    const [candidate] = run(
      observation([
        deployment('gke-prod-eu', 'storefront', 'wishlist', {
          ...wishlist,
          'backstage.io/kubernetes-id': 'wishlist',
        }),
      ]),
    ).candidates;
    expect(candidate.links).toEqual({
      kubernetesId: 'wishlist',
      argocdAppNames: [],
    });
  });

  it('marks candidates a team-written entity already shows, or whose name it has', () => {
    const obs = observation(
      [
        deployment('gke-prod-eu', 'storefront', 'wishlist', wishlist),
        deployment('gke-prod-eu', 'storefront', 'reviews', {
          'app.kubernetes.io/name': 'reviews',
        }),
        deployment('gke-prod-eu', 'storefront', 'search', {
          'app.kubernetes.io/name': 'search',
        }),
      ],
      [application('search-prod', { 'app.kubernetes.io/name': 'search' })],
    );
    const response = run(obs, [
      described('wishlist-service', [
        'gke-prod-eu/storefront/Deployment/wishlist',
      ]),
      described('reviews'),
      described('search-indexer', [], ['doks-tools/argocd/search-prod']),
    ]);
    expect(response.candidates.map(c => [c.name, c.describedBy])).toEqual([
      ['reviews', ['component:default/reviews']],
      ['search', ['component:default/search-indexer']],
      ['wishlist', ['component:default/wishlist-service']],
    ]);
  });

  it('proposes an Argo CD application whose workloads are not seen as its own candidate', () => {
    const [candidate] = run(
      observation(
        [],
        [
          application('loyalty-prod', {
            'app.kubernetes.io/part-of': 'storefront',
          }),
        ],
      ),
    ).candidates;
    expect(candidate).toMatchObject({
      name: 'loyalty-prod',
      partOf: 'storefront',
      system: 'storefront',
      links: {
        labelSelector: 'app.kubernetes.io/name=loyalty-prod',
        argocdAppNames: ['loyalty-prod'],
      },
      workloads: [],
    });
  });

  it('ignores unlabelled workloads and excluded namespaces', () => {
    const response = run(
      observation(
        [
          deployment('gke-prod-eu', 'kube-system', 'coredns', {
            'app.kubernetes.io/name': 'coredns',
          }),
          deployment('gke-prod-eu', 'storefront', 'legacy', { app: 'legacy' }),
        ],
        [application('dns', {}, 'kube-system')],
      ),
    );
    expect(response.candidates).toEqual([]);
  });

  it('gives services of different systems with one app name distinct names', () => {
    const response = run(
      observation([
        deployment('doks-tools', 'knative-serving', 'controller', {
          'app.kubernetes.io/name': 'controller',
          'app.kubernetes.io/part-of': 'knative-serving',
        }),
        deployment('doks-tools', 'kpack', 'controller', {
          'app.kubernetes.io/name': 'controller',
          'app.kubernetes.io/part-of': 'kpack',
        }),
      ]),
    );
    expect(response.candidates.map(c => c.name)).toEqual([
      'knative-serving-controller',
      'kpack-controller',
    ]);
  });

  it('says when the caches cannot tell that something vanished', () => {
    expect(run(observation([], [], false)).complete).toBe(false);
  });
});
