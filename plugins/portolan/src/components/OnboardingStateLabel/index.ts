export { OnboardingStateLabel } from './OnboardingStateLabel';
export type { OnboardingStateLabelProps } from './OnboardingStateLabel';
