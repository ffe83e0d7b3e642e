export { FleetAttention } from './FleetAttention';
