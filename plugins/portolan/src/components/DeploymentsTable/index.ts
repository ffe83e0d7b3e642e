export { DeploymentsTable, Revision, deploymentKey } from './DeploymentsTable';
export type { DeploymentsTableProps } from './DeploymentsTable';
