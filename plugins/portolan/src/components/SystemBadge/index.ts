export { SystemBadge, systemName } from './SystemBadge';
