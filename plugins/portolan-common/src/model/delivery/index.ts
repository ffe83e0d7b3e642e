/*
 * The delivery model: pipeline runs, deployments, the commit timeline that
 * links them, cluster profiles and the offerings catalogue.
 */
export * from './common';
export * from './pipelineRun';
export * from './deployment';
export * from './timeline';
export * from './clusterProfile';
export * from './offering';
