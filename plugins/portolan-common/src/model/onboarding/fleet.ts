/*
 * The fleet onboarding view on the clusters page: every service by how
 * complete its onboarding is, least complete first, so a platform team sees
 * who still needs help, and per step how many services meet it.
 */
import { z } from 'zod';
import {
  OnboardingCountsSchema,
  OnboardingStepIdSchema,
  OnboardingStepStateSchema,
} from './checklist';

/** One service in the fleet view. */
export const FleetOnboardingServiceSchema = z.object({
  entityRef: z.string(),
  title: z.string().optional(),
  /** `spec.owner` as written, when set. */
  owner: z.string().optional(),
  /** `spec.system` as written, when set. */
  system: z.string().optional(),
  /** True for entities Portolan's discovery created (`portolan-discovery:` location). */
  discovered: z.boolean(),
  counts: OnboardingCountsSchema,
  /** Met steps over all steps, 0 to 1. */
  completeness: z.number().min(0).max(1),
  /** Each step's state, in checklist order. */
  steps: z.array(
    z.object({ id: OnboardingStepIdSchema, state: OnboardingStepStateSchema }),
  ),
});
/** One service in the fleet view. */
export type FleetOnboardingService = z.infer<
  typeof FleetOnboardingServiceSchema
>;

/** How many services are in each state for one step. */
export const FleetOnboardingStepSchema = z.object({
  id: OnboardingStepIdSchema,
  title: z.string(),
  met: z.number().int().nonnegative(),
  unmet: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
});
/** How many services are in each state for one step. */
export type FleetOnboardingStep = z.infer<typeof FleetOnboardingStepSchema>;

/** `GET /onboarding`: the fleet onboarding view. */
export const FleetOnboardingSchema = z.object({
  generatedAt: z.string(),
  /** Services, least complete first (then by entity ref). */
  services: z.array(FleetOnboardingServiceSchema),
  steps: z.array(FleetOnboardingStepSchema),
  totals: z.object({
    services: z.number().int().nonnegative(),
    /** Services with every step met. */
    complete: z.number().int().nonnegative(),
    /** Services with some step unmet. */
    needHelp: z.number().int().nonnegative(),
  }),
});
/** The fleet onboarding view. */
export type FleetOnboarding = z.infer<typeof FleetOnboardingSchema>;
