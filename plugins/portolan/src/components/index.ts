export { EntityDeliveryContent } from './EntityDeliveryContent';
export { EntityPipelineCard } from './EntityPipelineCard';
export { EntityDeploymentsCard } from './EntityDeploymentsCard';
export { EntityImageCard } from './EntityImageCard';
export { EntityOnboardingCard } from './EntityOnboardingCard';
export { ClustersPage, ClustersPageContent } from './ClustersPage';
export { EntityDoraCard } from './EntityDoraCard';
export { FleetDoraPage, FleetDoraContent } from './FleetDoraPage';
