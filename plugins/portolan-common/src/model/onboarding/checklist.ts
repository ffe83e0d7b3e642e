/*
 * A service's onboarding checklist: each step Portolan checks against what
 * it watches (not only against annotations), whether it is met, the
 * evidence that decided it and, when it is not met, the exact snippet to add
 * with this service's values, and why.
 */
import { z } from 'zod';

/**
 * The steps, in the order a team goes through them.
 *
 * - `owner`: the entity names an owner the catalog knows.
 * - `workloads`: workloads of the entity run on some cluster.
 * - `pipeline-runs`: pipeline runs of the entity were found (and by which matcher).
 * - `image`: the image the workloads run was built by Cloud Native Buildpacks
 *   and is the latest one built.
 * - `argocd`: Argo CD applications of the entity were found, synced and healthy.
 * - `logs`: the entity's pod logs can be read through Portolan.
 */
export const ONBOARDING_STEP_IDS = [
  'owner',
  'workloads',
  'pipeline-runs',
  'image',
  'argocd',
  'logs',
] as const;
/** The onboarding steps. */
export const OnboardingStepIdSchema = z.enum(ONBOARDING_STEP_IDS);
/** The onboarding steps. */
export type OnboardingStepId = z.infer<typeof OnboardingStepIdSchema>;

/**
 * Whether a step is done.
 *
 * - `met`: the live data shows it.
 * - `unmet`: the live data shows it is not (with a fix).
 * - `unknown`: Portolan cannot tell yet (a cluster is not synced, a resource
 *   type is not watched, a fact is not available); the evidence says why.
 */
export const ONBOARDING_STEP_STATES = ['met', 'unmet', 'unknown'] as const;
/** Whether a step is done. */
export const OnboardingStepStateSchema = z.enum(ONBOARDING_STEP_STATES);
/** Whether a step is done. */
export type OnboardingStepState = z.infer<typeof OnboardingStepStateSchema>;

/** What to add to meet a step: where, the snippet with this service's values, and why. */
export const OnboardingFixSchema = z.object({
  /** Why the step matters and what the snippet changes. */
  why: z.string(),
  /** The file or object the snippet belongs in (`catalog-info.yaml`, `deploy/prod/deployment.yaml` …). */
  file: z.string(),
  /** The snippet, ready to paste. */
  snippet: z.string(),
  /** The snippet's language, for highlighting. */
  language: z.enum(['yaml', 'shell']),
});
/** What to add to meet a step. */
export type OnboardingFix = z.infer<typeof OnboardingFixSchema>;

/** One step of the checklist. */
export const OnboardingStepSchema = z.object({
  id: OnboardingStepIdSchema,
  title: z.string(),
  state: OnboardingStepStateSchema,
  /** The facts that decided the state, one sentence each. */
  evidence: z.array(z.string()),
  /** Absent when the step is met. */
  fix: OnboardingFixSchema.optional(),
});
/** One step of the checklist. */
export type OnboardingStep = z.infer<typeof OnboardingStepSchema>;

/** How many steps are in each state. */
export const OnboardingCountsSchema = z.object({
  met: z.number().int().nonnegative(),
  unmet: z.number().int().nonnegative(),
  unknown: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
/** How many steps are in each state. */
export type OnboardingCounts = z.infer<typeof OnboardingCountsSchema>;

/** `GET /entities/:namespace/:kind/:name/onboarding`: one service's checklist. */
export const OnboardingChecklistSchema = z.object({
  entityRef: z.string(),
  /** RFC 3339 time the checklist was evaluated (from memory). */
  generatedAt: z.string(),
  /** True when some cluster asked for the entity is not synced: `unknown` steps may turn either way. */
  partial: z.boolean(),
  counts: OnboardingCountsSchema,
  steps: z.array(OnboardingStepSchema),
});
/** One service's onboarding checklist. */
export type OnboardingChecklist = z.infer<typeof OnboardingChecklistSchema>;
