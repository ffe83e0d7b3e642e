/*
 * Lets the catalog register `file` locations (besides `url`), which the
 * onboarding template needs to register a repository published to a local
 * git directory (`portolan:catalog:register-file`). Only when
 * `portolan.scaffolder.localGit` is configured — the demo — since file
 * locations can point anywhere on the backend's disk.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Allows `file` locations when local publishing is configured.
 *
 * @public
 */
export const catalogModulePortolanLocalRepositories = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'portolan-local-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ locations, config, logger }) {
        if (!config.has('portolan.scaffolder.localGit')) return;
        locations.setAllowedLocationTypes(['url', 'file']);
        logger.info(
          'file locations may be registered (portolan.scaffolder.localGit is set)',
        );
      },
    });
  },
});
