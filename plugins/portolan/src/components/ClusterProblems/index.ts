export { ClusterProblems, describeClusterProblem } from './ClusterProblems';
export type { ClusterProblemsProps, ClusterFreshness } from './ClusterProblems';
