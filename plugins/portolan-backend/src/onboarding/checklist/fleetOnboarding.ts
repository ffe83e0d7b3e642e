/*
 * The fleet onboarding view: services by how complete their onboarding is,
 * least complete first, and per step how many services meet it. Pure.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DISCOVERY_LOCATION_PREFIX,
  type FleetOnboarding,
  type FleetOnboardingService,
  ONBOARDING_STEP_IDS,
  type OnboardingChecklist,
} from '@portolan/plugin-portolan-common';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** One service's line in the fleet view. */
export function fleetService(
  entity: Entity,
  checklist: OnboardingChecklist,
): FleetOnboardingService {
  const { counts } = checklist;
  return {
    entityRef: checklist.entityRef,
    ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
    ...(typeof entity.spec?.owner === 'string'
      ? { owner: entity.spec.owner }
      : {}),
    ...(typeof entity.spec?.system === 'string'
      ? { system: entity.spec.system }
      : {}),
    discovered: (
      entity.metadata.annotations?.[MANAGED_BY_LOCATION] ?? ''
    ).startsWith(DISCOVERY_LOCATION_PREFIX),
    counts,
    completeness: counts.total ? counts.met / counts.total : 0,
    steps: checklist.steps.map(s => ({ id: s.id, state: s.state })),
  };
}

export function fleetOnboarding(
  services: readonly { entity: Entity; checklist: OnboardingChecklist }[],
  now: Date = new Date(),
): FleetOnboarding {
  const lines = services
    .map(s => fleetService(s.entity, s.checklist))
    .sort(
      (a, b) =>
        a.completeness - b.completeness ||
        b.counts.unmet - a.counts.unmet ||
        a.entityRef.localeCompare(b.entityRef),
    );
  const titles = new Map(
    services.flatMap(s => s.checklist.steps.map(step => [step.id, step.title])),
  );
  const steps = ONBOARDING_STEP_IDS.map(id => {
    const tally = { met: 0, unmet: 0, unknown: 0 };
    for (const line of lines) {
      const step = line.steps.find(s => s.id === id);
      if (step) tally[step.state]++;
    }
    return { id, title: titles.get(id) ?? id, ...tally };
  });
  return {
    generatedAt: now.toISOString(),
    services: lines,
    steps,
    totals: {
      services: lines.length,
      complete: lines.filter(l => l.counts.met === l.counts.total).length,
      needHelp: lines.filter(l => l.counts.unmet > 0).length,
    },
  };
}
