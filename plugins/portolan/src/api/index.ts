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
export type {
  DoraBand,
  DoraMetrics,
  FleetDora,
  HistoryItem,
  HistoryPage,
  HistoryQuery,
  HistoryType,
} from './historyTypes';
