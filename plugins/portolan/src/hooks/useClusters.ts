import {
  PORTOLAN_FLEET_CHANNEL,
  type ClusterProfile,
  type ClustersResponse,
} from '@portolan/plugin-portolan-common';
import { useMemo } from 'react';
import { useLiveQuery, type LiveQuery } from './useLiveQuery';

/** The fleet, live (`GET /clusters`, signalled on the fleet channel). */
export function useClusters(): LiveQuery<ClustersResponse> {
  return useLiveQuery(
    'clusters',
    (api, signal) => api.getClusters({ signal }),
    {
      channel: PORTOLAN_FLEET_CHANNEL,
    },
  );
}

/**
 * Cluster profiles by name, for provider badges beside cluster names. Empty
 * while loading or when the user may not read the fleet: badges then say
 * the provider is not known rather than failing the view.
 */
export function useClusterProfiles(): Map<string, ClusterProfile> {
  const { value } = useClusters();
  return useMemo(
    () =>
      new Map(
        (value?.clusters ?? []).flatMap(c =>
          c.facts.profile ? [[c.name, c.facts.profile] as const] : [],
        ),
      ),
    [value],
  );
}
