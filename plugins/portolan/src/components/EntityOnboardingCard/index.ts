export { EntityOnboardingCard } from './EntityOnboardingCard';
