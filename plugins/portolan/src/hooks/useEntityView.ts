import { getCompoundEntityRef, type Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { portolanEntityChannel } from '@portolan/plugin-portolan-common';
import type { PortolanEntityView } from '../api';
import { useLiveQuery, type LiveQuery } from './useLiveQuery';

/** The entity's delivery view, live (signalled on the entity's channel). */
export function useEntityView(entity: Entity): LiveQuery<PortolanEntityView> {
  const ref = getCompoundEntityRef(entity);
  const entityRef = stringifyEntityRef(ref);
  return useLiveQuery(
    `entity:${entityRef}`,
    (api, signal) => api.getEntityView(ref, { signal }),
    { channel: portolanEntityChannel(entityRef) },
  );
}
