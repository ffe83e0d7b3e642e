import {
  type Entity,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryCandidate } from '@portolan/plugin-portolan-common';
import { candidateToEntity } from './candidateToEntity';

const candidate: DiscoveryCandidate = {
  name: 'wishlist',
  appName: 'wishlist',
  partOf: 'storefront',
  system: 'storefront',
  owner: 'team-storefront',
  ownerFrom: 'system',
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
  lifecycle: 'production',
};

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

describe('candidateToEntity', () => {
  it('writes a valid Component with the annotations that link it to what runs', async () => {
    const entity = candidateToEntity(candidate, options);
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
      'portolan.dev/owner-from': 'system',
    });
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
      system: 'storefront',
    });
    expect(entity.metadata.description).toBe(
      'Found running by Portolan, not yet described by a team: Deployment storefront/wishlist on gke-prod-eu, Argo CD Application wishlist-prod on doks-tools. Owner from System storefront (app.kubernetes.io/part-of).',
    );
  });

  it('uses backstage.io/kubernetes-id when the workloads carry it', () => {
    const entity = candidateToEntity(
      {
        ...candidate,
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
  });

  describe('the owner', () => {
    const ownerless = {
      ...candidate,
      system: undefined,
      owner: undefined,
      ownerFrom: undefined,
    };
    const ownerOf = (entity: Entity) => ({
      owner: entity.spec?.owner,
      from: entity.metadata.annotations?.['portolan.dev/owner-from'],
      why: entity.metadata.description?.replace(/^.*\. (?=Owner)/, ''),
    });

    it('is the one the objects name with portolan.dev/owner', () => {
      expect(
        ownerOf(
          candidateToEntity(
            { ...candidate, owner: 'team-wishes', ownerFrom: 'label' },
            { ...options, defaultOwner: 'group:default/platform-team' },
          ),
        ),
      ).toEqual({
        owner: 'team-wishes',
        from: 'label',
        why: 'Owner from the portolan.dev/owner label of its objects.',
      });
    });

    it('is the configured default owner when nothing names one', () => {
      expect(
        ownerOf(
          candidateToEntity(ownerless, {
            ...options,
            defaultOwner: 'group:default/platform-team',
          }),
        ),
      ).toEqual({
        owner: 'group:default/platform-team',
        from: 'default-owner',
        why: 'Owner is the default for discovered services (portolan.discovery.defaultOwner); to name the real owner, label its workloads portolan.dev/owner=<group> or app.kubernetes.io/part-of=<a catalog System>.',
      });
    });

    it('is group:default/unknown, explained, when no default owner is configured', async () => {
      const entity = candidateToEntity(ownerless, options);
      expect(ownerOf(entity)).toEqual({
        owner: 'group:default/unknown',
        from: 'unknown',
        why: 'Owner unknown: label its workloads portolan.dev/owner=<group> or app.kubernetes.io/part-of=<a catalog System>, or set portolan.discovery.defaultOwner.',
      });
      expect(entity.spec).toEqual({
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/unknown',
      });
      // A valid entity whose owner reads as a Group ref.
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      await expect(
        componentEntityV1alpha1Validator.check(entity),
      ).resolves.toBe(true);
      expect(
        parseEntityRef(entity.spec!.owner as string, { defaultKind: 'group' }),
      ).toEqual({ kind: 'group', namespace: 'default', name: 'unknown' });
    });
  });
});
