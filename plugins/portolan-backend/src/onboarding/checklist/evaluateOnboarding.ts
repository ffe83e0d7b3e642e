/*
 * The onboarding checklist of one service: every rule applied to the same
 * input, in order. Pure: the input holds everything the rules read.
 */
import type {
  OnboardingChecklist,
  OnboardingCounts,
  OnboardingStep,
} from '@portolan/plugin-portolan-common';
import type { OnboardingInput, StepContext } from './OnboardingInput';
import { serviceValues } from './serviceValues';
import { argoCdStep } from './steps/argoCdStep';
import { imageStep } from './steps/imageStep';
import { logsStep } from './steps/logsStep';
import { ownerStep } from './steps/ownerStep';
import { pipelineRunsStep } from './steps/pipelineRunsStep';
import { workloadsStep } from './steps/workloadsStep';

/** The rules, in checklist order. */
export const ONBOARDING_RULES: readonly ((
  context: StepContext,
) => OnboardingStep)[] = [
  ownerStep,
  workloadsStep,
  pipelineRunsStep,
  imageStep,
  argoCdStep,
  logsStep,
];

export function countSteps(steps: readonly OnboardingStep[]): OnboardingCounts {
  const counts = { met: 0, unmet: 0, unknown: 0, total: steps.length };
  for (const step of steps) counts[step.state]++;
  return counts;
}

export function evaluateOnboarding(
  input: OnboardingInput,
  now: Date = new Date(),
): OnboardingChecklist {
  const context: StepContext = {
    input,
    values: serviceValues(input.entity, input.view, input.conventions),
  };
  const steps = ONBOARDING_RULES.map(rule => rule(context));
  return {
    entityRef: input.view.entityRef,
    generatedAt: now.toISOString(),
    partial: input.view.clusters.some(c => c.state !== 'synced'),
    counts: countSteps(steps),
    steps,
  };
}
