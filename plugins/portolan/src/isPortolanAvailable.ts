import type { Entity } from '@backstage/catalog-model';

/**
 * True for entities Portolan has a delivery view for: Components (services,
 * websites, libraries with workloads). Every Component qualifies — without
 * annotations its name is its `backstage.io/kubernetes-id` — so the tab
 * shows guidance, not nothing, until its objects are labelled.
 *
 * @public
 */
export function isPortolanAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}
