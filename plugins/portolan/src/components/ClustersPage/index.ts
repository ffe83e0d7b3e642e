export {
  ClustersPage,
  ClustersPageContent,
  FleetView,
  OfferingsView,
  ClusterDetailView,
} from './ClustersPage';
