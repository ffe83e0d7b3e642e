export { portolanApiRef } from './PortolanApi';
export type {
  PortolanApi,
  PortolanRequestOptions,
  PodLogRequest,
} from './PortolanApi';
export { PortolanClient } from './PortolanClient';
export type {
  PortolanEntityView,
  FleetPipelineRun,
  FleetPipelineRunsResponse,
} from './types';
