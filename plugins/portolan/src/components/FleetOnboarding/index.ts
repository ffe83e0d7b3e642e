export { FleetOnboarding } from './FleetOnboarding';
