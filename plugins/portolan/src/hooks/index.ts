export {
  useLiveQuery,
  DEFAULT_REFRESH_INTERVAL_MS,
  SAFETY_REFRESH_INTERVAL_MS,
} from './useLiveQuery';
export type { LiveQuery } from './useLiveQuery';
export { useEntityView } from './useEntityView';
export { useClusters, useClusterProfiles } from './useClusters';
export { useOnboardingChecklist, useFleetOnboarding } from './useOnboarding';
