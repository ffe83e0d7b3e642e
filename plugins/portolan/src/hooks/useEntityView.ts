import { getCompoundEntityRef, type Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { PortolanEntityView } from '../api';
import { useLiveQuery, type LiveQuery } from './useLiveQuery';

/** The entity's delivery view, live. */
export function useEntityView(entity: Entity): LiveQuery<PortolanEntityView> {
  const ref = getCompoundEntityRef(entity);
  return useLiveQuery(`entity:${stringifyEntityRef(ref)}`, (api, signal) =>
    api.getEntityView(ref, { signal }),
  );
}
