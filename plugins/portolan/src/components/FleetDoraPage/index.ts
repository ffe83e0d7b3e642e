export { FleetDoraPage, FleetDoraContent } from './FleetDoraPage';
