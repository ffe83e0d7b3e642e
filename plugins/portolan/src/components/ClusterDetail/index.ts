export { ClusterDetail } from './ClusterDetail';
