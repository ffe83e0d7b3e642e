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
  EntityPortolanDoraCard,
  PortolanDoraPage,
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
  DoraBand,
  DoraMetrics,
  FleetDora,
  HistoryItem,
  HistoryPage,
  HistoryQuery,
  HistoryType,
} from './api';
export {
  rootRouteRef as portolanRootRouteRef,
  doraRouteRef as portolanDoraRouteRef,
} from './routes';
