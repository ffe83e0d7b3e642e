export { EntityDeploymentsCard, environmentOf } from './EntityDeploymentsCard';
