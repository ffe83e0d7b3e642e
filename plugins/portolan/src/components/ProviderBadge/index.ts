export {
  ProviderBadge,
  ClusterWithProvider,
  ProviderEvidence,
  providerShortName,
} from './ProviderBadge';
export type { ProviderBadgeProps } from './ProviderBadge';
