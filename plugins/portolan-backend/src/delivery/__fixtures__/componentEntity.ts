/*
 * Test-only: a catalog Component with the given annotations, as sources see
 * entities through an EntityQuery.
 */
import type { Entity } from '@backstage/catalog-model';

/** A Component named `name` in the default namespace. */
export function componentEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}
