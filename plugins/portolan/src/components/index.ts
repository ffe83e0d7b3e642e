export { EntityDeliveryContent } from './EntityDeliveryContent';
export { EntityPipelineCard } from './EntityPipelineCard';
export { EntityDeploymentsCard } from './EntityDeploymentsCard';
export { EntityImageCard } from './EntityImageCard';
export { ClustersPage, ClustersPageContent } from './ClustersPage';
