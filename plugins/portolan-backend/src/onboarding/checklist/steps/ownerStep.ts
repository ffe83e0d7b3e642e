/*
 * Step `owner`: the entity names an owner, and that owner is in the catalog
 * (a dangling owner is as good as none: nobody gets notified, nobody may
 * read the logs).
 */
import type { OnboardingStep } from '@portolan/plugin-portolan-common';
import { ownerFix } from '../fixSnippets';
import type { StepContext } from '../OnboardingInput';

export const OWNER_STEP_TITLE = 'An owner is set';

export function ownerStep({ input, values }: StepContext): OnboardingStep {
  const base = { id: 'owner' as const, title: OWNER_STEP_TITLE };
  if (!values.owner) {
    return {
      ...base,
      state: 'unmet',
      evidence: [`${values.entityRef} has no spec.owner.`],
      fix: ownerFix(
        'Without an owner nobody answers for the service, and its logs are readable by nobody (they are for the owning team).',
        input.suggestedOwner,
      ),
    };
  }
  if (input.owner === undefined) {
    return {
      ...base,
      state: 'met',
      evidence: [
        `spec.owner is ${values.owner} (not checked against the catalog).`,
      ],
    };
  }
  if (!input.owner.found) {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        `spec.owner is ${values.owner}, but the catalog has no such group or user.`,
      ],
      fix: ownerFix(
        `The owner must be a Group or User in the catalog; ${values.owner} is not, so ownership (and the logs permission that follows it) resolves to nobody.`,
        input.suggestedOwner,
      ),
    };
  }
  return {
    ...base,
    state: 'met',
    evidence: [
      `spec.owner is ${values.owner}${
        input.owner.title ? ` (${input.owner.title})` : ''
      }, which is in the catalog.`,
    ],
  };
}
