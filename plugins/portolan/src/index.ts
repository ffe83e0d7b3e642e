/**
 * Portolan frontend plugin: legacy exports. The new frontend system's plugin
 * is the default export of `@portolan/plugin-portolan/alpha`.
 *
 * @packageDocumentation
 */
export {
  portolanPlugin,
  PortolanClustersPage,
  EntityPortolanDeliveryContent,
  EntityPortolanPipelineCard,
  EntityPortolanDeploymentsCard,
  EntityPortolanImageCard,
  EntityPortolanOnboardingCard,
} from './plugin';
export { isPortolanAvailable } from './isPortolanAvailable';
export { portolanApiRef, PortolanClient } from './api';
export type {
  PortolanApi,
  PortolanRequestOptions,
  PodLogRequest,
  PortolanEntityView,
  FleetPipelineRun,
  FleetPipelineRunsResponse,
} from './api';
export { rootRouteRef as portolanRootRouteRef } from './routes';
