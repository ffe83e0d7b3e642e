import {
  getCompoundEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type {
  FleetOnboarding,
  OnboardingChecklist,
} from '@portolan/plugin-portolan-common';
import {
  PORTOLAN_FLEET_CHANNEL,
  portolanEntityChannel,
} from '@portolan/plugin-portolan-common';
import { useLiveQuery, type LiveQuery } from './useLiveQuery';

/** The entity's onboarding checklist, live: steps turn green as objects appear. */
export function useOnboardingChecklist(
  entity: Entity,
): LiveQuery<OnboardingChecklist> {
  const ref = getCompoundEntityRef(entity);
  const entityRef = stringifyEntityRef(ref);
  return useLiveQuery(
    `onboarding:${entityRef}`,
    (api, signal) => api.getOnboardingChecklist(ref, { signal }),
    { channel: portolanEntityChannel(entityRef) },
  );
}

/** Every service by onboarding completeness, live (`GET /onboarding`). */
export function useFleetOnboarding(): LiveQuery<FleetOnboarding> {
  return useLiveQuery(
    'onboarding',
    (api, signal) => api.getFleetOnboarding({ signal }),
    { channel: PORTOLAN_FLEET_CHANNEL },
  );
}
