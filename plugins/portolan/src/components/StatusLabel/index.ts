export {
  StatusLabel,
  RunStatusLabel,
  SyncStatusLabel,
  HealthStatusLabel,
  ClusterStateLabel,
  WorkloadStatusLabel,
  ContainerStateLabel,
  RebaseLabel,
  DeniedLabel,
  runStatusText,
  clusterStateText,
  toneColor,
} from './StatusLabel';
export type { StatusTone, StatusLabelProps } from './StatusLabel';
