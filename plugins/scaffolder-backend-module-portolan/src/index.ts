/**
 * Scaffolder actions for Portolan's onboarding template ("New service on
 * Kubernetes"): publish to a local git directory, register the result as a
 * `file` location.
 *
 * @packageDocumentation
 */
export { scaffolderModulePortolan as default } from './module';
export { createPublishLocalGitAction } from './actions/publishLocalGit';
export { createRegisterCatalogFileAction } from './actions/registerCatalogFile';
export {
  readLocalGitOptions,
  type LocalGitOptions,
} from './actions/localGitOptions';
