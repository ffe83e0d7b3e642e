import type { Entity } from '@backstage/catalog-model';
import { componentEntity } from '../delivery/__fixtures__/componentEntity';
import { EntityResolver } from './EntityResolver';

function component(annotations: Record<string, string> = {}): Entity {
  return componentEntity('payments-api', annotations);
}

describe('EntityResolver', () => {
  const resolver = new EntityResolver([]);

  it('defaults to the entity name as kubernetes id, like the official plugin', () => {
    const resolved = resolver.resolve(component());
    expect(resolved.entityRef).toBe('component:default/payments-api');
    expect(resolved.kubernetes).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
      labelSelectorFrom: 'entity-name',
    });
  });

  it('uses backstage.io/kubernetes-id, namespace and clusters', () => {
    const resolved = resolver.resolve(
      component({
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'payments',
        'backstage.io/kubernetes-cluster': 'gke-prod-eu, eks-prod-us',
      }),
    );
    expect(resolved.kubernetes).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=payments',
      labelSelectorFrom: 'kubernetes-id',
      namespace: 'payments',
      clusters: ['gke-prod-eu', 'eks-prod-us'],
    });
  });

  it('lets the label selector annotation win', () => {
    const resolved = resolver.resolve(
      component({
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-label-selector': 'app in (a,b)',
      }),
    );
    expect(resolved.kubernetes.labelSelector).toBe('app in (a,b)');
    expect(resolved.kubernetes.labelSelectorFrom).toBe(
      'kubernetes-label-selector',
    );
    expect(resolved.selector.requirements).toEqual([
      { key: 'app', operator: 'in', values: ['a', 'b'] },
    ]);
  });

  it('rejects an unparsable selector annotation naming it', () => {
    expect(() =>
      resolver.resolve(
        component({ 'backstage.io/kubernetes-label-selector': 'app in' }),
      ),
    ).toThrow(/backstage.io\/kubernetes-label-selector annotation/);
  });

  it('resolves source matchers and isolates failing ones', () => {
    const withMatchers = new EntityResolver([
      {
        id: 'repository',
        resolve: e => e.metadata.annotations?.['github.com/project-slug'],
      },
      { id: 'never', resolve: () => undefined },
      {
        id: 'broken',
        resolve: () => {
          throw new Error('boom');
        },
      },
    ]);
    const resolved = withMatchers.resolve(
      component({ 'github.com/project-slug': 'acme/payments-api' }),
    );
    expect([...resolved.matched.entries()]).toEqual([
      ['repository', 'acme/payments-api'],
    ]);
    expect(resolved.matcherErrors).toEqual([
      { source: 'matcher:broken', message: 'boom' },
    ]);
  });
});
