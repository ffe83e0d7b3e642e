//

export * from '../models/ClusterHealth.model';
export * from '../models/ClusterSummary.model';
export * from '../models/ClusterSummaryResourcesInner.model';
export * from '../models/ClusterSummaryVersion.model';
export * from '../models/EntityView.model';
export * from '../models/EntityViewClustersInner.model';
export * from '../models/EntityViewSelection.model';
export * from '../models/EntityViewSourceErrorsInner.model';
export * from '../models/ErrorError.model';
export * from '../models/HealthState.model';
export * from '../models/ListClusters200Response.model';
export * from '../models/ListFleetImages200Response.model';
export * from '../models/ListFleetPipelineRuns200Response.model';
export * from '../models/ListOfferings200Response.model';
export * from '../models/ModelError.model';
export * from '../models/PodLog.model';
export * from '../models/Workload.model';
export * from '../models/WorkloadImagesInner.model';
export * from '../models/WorkloadPodsInner.model';
export * from '../models/WorkloadPodsInnerContainersInner.model';
export * from '../models/WorkloadPodsInnerContainersInnerLastTermination.model';
export * from '../models/WorkloadReplicas.model';
