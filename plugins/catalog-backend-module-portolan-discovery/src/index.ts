/**
 * Catalog module: `Component` entities for the services Portolan finds
 * running in the clusters (labelled workloads, Argo CD Applications) that no
 * team has described yet. Also the module that lets the demo register
 * repositories published to a local git directory.
 *
 * @packageDocumentation
 */
export { catalogModulePortolanDiscovery as default } from './module';
export {
  DEFAULT_EXCLUDED_NAMESPACES,
  readDiscoveryConfig,
  type DiscoveryConfig,
} from './readDiscoveryConfig';
export { catalogModulePortolanLocalRepositories } from './localRepositoriesModule';
export {
  PortolanDiscoveryEntityProvider,
  DISCOVERY_PROVIDER_NAME,
  type DiscoveryRunResult,
  type PortolanDiscoveryEntityProviderOptions,
} from './PortolanDiscoveryEntityProvider';
export {
  HttpDiscoveryCandidatesClient,
  type DiscoveryCandidatesClient,
} from './DiscoveryCandidatesClient';
export {
  candidateToEntity,
  DISCOVERED_FROM_ANNOTATION,
  OWNER_FROM_ANNOTATION,
  UNKNOWN_OWNER,
  type DiscoveredEntityOptions,
} from './candidateToEntity';
