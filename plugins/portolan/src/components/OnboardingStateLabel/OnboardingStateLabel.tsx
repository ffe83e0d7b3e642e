/*
 * An onboarding step's state in words — met, not met, unknown — through the
 * same icon-and-words label as every other Portolan status. Where the label
 * stands alone (an icon in a table cell) the step's title is part of its
 * accessible name.
 */
import type { OnboardingStepState } from '@portolan/plugin-portolan-common';
import { StatusLabel, type StatusTone } from '../StatusLabel';

const STATES: Record<OnboardingStepState, [StatusTone, string]> = {
  met: ['ok', 'Met'],
  unmet: ['warning', 'Not met'],
  unknown: ['unknown', 'Unknown'],
};

export interface OnboardingStateLabelProps {
  state: OnboardingStepState;
  /** The step's title: named in the accessible label of a compact label. */
  step?: string;
  /** Only the icon; `step: state` becomes its accessible name and tooltip. */
  compact?: boolean;
}

/** Whether an onboarding step is met. */
export function OnboardingStateLabel(props: OnboardingStateLabelProps) {
  // A state this plugin does not know (a newer backend) reads as unknown.
  const [tone, words] = STATES[props.state] ?? STATES.unknown;
  return (
    <StatusLabel
      tone={tone}
      label={props.compact && props.step ? `${props.step}: ${words}` : words}
      compact={props.compact}
    />
  );
}
