import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import type { DiscoveryCandidate } from '@portolan/plugin-portolan-common';
import { candidateToEntity } from './candidateToEntity';

const candidate: DiscoveryCandidate = {
  name: 'wishlist',
  appName: 'wishlist',
  partOf: 'storefront',
  system: 'storefront',
  owner: 'team-storefront',
  links: {
    labelSelector:
      'app.kubernetes.io/name=wishlist,app.kubernetes.io/part-of=storefront',
    argocdAppNames: ['wishlist-prod'],
  },
  workloads: [
    {
      cluster: 'gke-prod-eu',
      namespace: 'storefront',
      kind: 'Deployment',
      name: 'wishlist',
    },
  ],
  applications: [
    { cluster: 'doks-tools', namespace: 'argocd', name: 'wishlist-prod' },
  ],
  describedBy: [],
};

const options = {
  providerName: 'portolan-discovery',
  defaultOwner: 'unknown',
  lifecycle: 'production',
};

describe('candidateToEntity', () => {
  it('writes a valid Component with the annotations that link it to what runs', async () => {
    const entity = candidateToEntity(candidate, options);
    const policy = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    await expect(policy.enforce(entity)).resolves.toBeDefined();
    await expect(componentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/managed-by-location':
        'portolan-discovery:portolan-discovery',
      'backstage.io/managed-by-origin-location':
        'portolan-discovery:portolan-discovery',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=wishlist,app.kubernetes.io/part-of=storefront',
      'argocd/app-name': 'wishlist-prod',
      'portolan.dev/discovered-from':
        'gke-prod-eu/storefront/Deployment/wishlist,doks-tools/argocd/Application/wishlist-prod',
    });
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
      system: 'storefront',
    });
    expect(entity.metadata.description).toBe(
      'Found running by Portolan, not yet described by a team: Deployment storefront/wishlist on gke-prod-eu, Argo CD Application wishlist-prod on doks-tools.',
    );
  });

  it('uses backstage.io/kubernetes-id when the workloads carry it, and the default owner without a system', () => {
    const entity = candidateToEntity(
      {
        ...candidate,
        system: undefined,
        owner: undefined,
        links: { kubernetesId: 'wishlist', argocdAppNames: [] },
        applications: [],
      },
      options,
    );
    expect(entity.metadata.annotations?.['backstage.io/kubernetes-id']).toBe(
      'wishlist',
    );
    expect(
      entity.metadata.annotations?.['backstage.io/kubernetes-label-selector'],
    ).toBeUndefined();
    expect(entity.metadata.annotations?.['argocd/app-name']).toBeUndefined();
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'unknown',
    });
  });
});
