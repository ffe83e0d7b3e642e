import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { componentEntity } from '../../delivery/__fixtures__/componentEntity';
import { DeploymentSchema } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../../entities/EntityResolver';
import { createEntityQuery } from '../../views/createEntityQuery';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { ArgoCdSource, argoCdAppMatcher } from './ArgoCdSource';

const objects = loadYamlDocuments(
  join(__dirname, '__fixtures__', 'applications.yaml'),
) as KubeObject[];

const source = new ArgoCdSource({
  knownClusters: () => [
    {
      name: 'gke-prod-eu',
      url: 'https://gke-prod-eu.clusters.acme.example:6443',
    },
    { name: 'eks-prod-us' },
  ],
});
const sources = new SourceSet([source]);
const tools = new FixtureClusterCache(sources, { name: 'doks-tools', objects });
// A cluster without Argo CD: the Application CRD is not installed.
const prod = new FixtureClusterCache(sources, {
  name: 'gke-prod-eu',
  objects: [],
});

function deploymentsOf(e: Entity) {
  const query = createEntityQuery(
    new EntityResolver(sources.matchers).resolve(e),
    [tools.snapshot(), prod.snapshot()],
  );
  const { deployments } = source.entityView(query);
  for (const deployment of deployments) {
    expect(DeploymentSchema.parse(deployment)).toEqual(deployment);
  }
  return deployments;
}

describe('ArgoCdSource through the source contract', () => {
  it("finds Applications labelled with the entity's kubernetes-id, attributed to their destination", () => {
    const deployments = deploymentsOf(componentEntity('payments-api'));
    expect(
      deployments.map(d => [d.application, d.cluster, d.destination.cluster]),
    ).toEqual([['payments-api-prod', 'doks-tools', 'gke-prod-eu']]);
  });

  it('finds Applications named by argocd/app-name', () => {
    expect(
      deploymentsOf(
        componentEntity('x', {
          'argocd/app-name': 'catalog-service-prod, argocd-self',
        }),
      ).map(d => d.application),
    ).toEqual(['argocd-self', 'catalog-service-prod']);
  });

  it('finds a multi-source Application by the repository of its values source', () => {
    const deployments = deploymentsOf(
      componentEntity('storefront-web', {
        'github.com/project-slug': 'acme/storefront-web',
      }),
    );
    expect(deployments.map(d => d.application)).toEqual([
      'storefront-web-prod',
    ]);
    expect(deployments[0]).toMatchObject({
      multiSource: true,
      destination: { cluster: 'eks-prod-us', match: 'name' },
    });
  });

  it('finds Applications by argocd/app-selector, and ignores a selector that does not parse', () => {
    const selected = deploymentsOf(
      componentEntity('x', {
        'argocd/app-selector': 'backstage.io/kubernetes-id=payments-api',
      }),
    );
    expect(selected.map(d => d.application)).toEqual(['payments-api-prod']);
    expect(
      deploymentsOf(componentEntity('y', { 'argocd/app-selector': '(((' })),
    ).toEqual([]);
  });

  it('resolves the Argo CD annotations only when the entity has them', () => {
    expect(argoCdAppMatcher.resolve(componentEntity('x'))).toBeUndefined();
    expect(
      argoCdAppMatcher.resolve(
        componentEntity('x', { 'argocd/app-name': 'a,b' }),
      ),
    ).toEqual({ names: ['a', 'b'] });
  });
});
