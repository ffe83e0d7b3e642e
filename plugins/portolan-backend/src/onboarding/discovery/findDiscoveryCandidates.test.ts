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
        ownerFrom: 'system',
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

  it('leaves out namespaces matched by name or glob, judging Argo CD Applications by their destination', () => {
    const labelled = (name: string) => ({ 'app.kubernetes.io/name': name });
    const response = run(
      observation(
        [
          deployment(
            'gke-prod-eu',
            'kube-system',
            'coredns',
            labelled('coredns'),
          ),
          deployment(
            'gke-prod-eu',
            'kube-flannel',
            'flannel',
            labelled('flannel'),
          ),
          deployment(
            'doks-tools',
            'argocd',
            'argocd-server',
            labelled('argocd-server'),
          ),
          deployment(
            'doks-tools',
            'tekton-pipelines',
            'tekton-pipelines-controller',
            labelled('tekton-pipelines-controller'),
          ),
          deployment(
            'doks-tools',
            'tekton-chains',
            'chains',
            labelled('chains'),
          ),
          // Globs match whole names: `kube-*` is not `kubeflow`.
          deployment(
            'gke-prod-eu',
            'kubeflow',
            'pipelines-ui',
            labelled('pipelines-ui'),
          ),
          deployment('gke-prod-eu', 'storefront', 'wishlist', wishlist),
        ],
        [
          application('tekton', labelled('tekton'), 'tekton-pipelines'),
          application('wishlist-prod', labelled('wishlist')),
        ],
      ),
      [],
      ['kube-*', 'argocd', 'tekton-*'],
    );
    expect(
      response.candidates.map(c => [
        c.name,
        c.workloads.map(w => w.namespace),
        c.applications.map(a => a.name),
      ]),
    ).toEqual([
      ['pipelines-ui', ['kubeflow'], []],
      ['wishlist', ['storefront'], ['wishlist-prod']],
    ]);
  });

  it('takes the owner from the portolan.dev/owner label, else from the System', () => {
    const response = run(
      observation(
        [
          // labelled: the label wins over the System's owner
          deployment('gke-prod-eu', 'storefront', 'wishlist', {
            ...wishlist,
            'portolan.dev/owner': 'team-wishes',
          }),
          // the objects disagree: the System decides
          deployment('gke-prod-eu', 'storefront', 'reviews', {
            'app.kubernetes.io/name': 'reviews',
            'app.kubernetes.io/part-of': 'storefront',
            'portolan.dev/owner': 'team-a',
          }),
          deployment('eks-prod-us', 'storefront', 'reviews', {
            'app.kubernetes.io/name': 'reviews',
            'app.kubernetes.io/part-of': 'storefront',
            'portolan.dev/owner': 'team-b',
          }),
          // one labelled workload (another team's, elsewhere) does not take
          // the service: every workload must name the owner
          deployment('gke-prod-eu', 'ledger', 'ledger', {
            'app.kubernetes.io/name': 'ledger',
          }),
          deployment('eks-prod-us', 'sandbox', 'ledger', {
            'app.kubernetes.io/name': 'ledger',
            'portolan.dev/owner': 'team-intruder',
          }),
          // a label value that is no entity name is ignored
          deployment('gke-prod-eu', 'storefront', 'loyalty', {
            'app.kubernetes.io/name': 'loyalty',
            'portolan.dev/owner': 'team--x',
          }),
          // no label, no System: no owner; the catalog module picks one
          deployment('gke-prod-eu', 'reporting', 'reports', {
            'app.kubernetes.io/name': 'reports',
            'app.kubernetes.io/part-of': 'back-office',
          }),
        ],
        // an Application's label counts like a workload's
        [
          application('coupons-prod', {
            'app.kubernetes.io/name': 'coupons',
            'portolan.dev/owner': 'team-coupons',
          }),
        ],
      ),
    );
    expect(
      response.candidates.map(c => [c.name, c.owner, c.ownerFrom, c.system]),
    ).toEqual([
      ['coupons', 'team-coupons', 'label', undefined],
      ['ledger', undefined, undefined, undefined],
      ['loyalty', undefined, undefined, undefined],
      ['reports', undefined, undefined, undefined],
      ['reviews', 'team-storefront', 'system', 'storefront'],
      ['wishlist', 'team-wishes', 'label', 'storefront'],
    ]);
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
