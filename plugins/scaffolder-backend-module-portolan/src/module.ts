/*
 * The scaffolder module: adds Portolan's actions to the scaffolder. Local
 * publishing is available when `portolan.scaffolder.localGit` is set.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readLocalGitOptions } from './actions/localGitOptions';
import { createPublishLocalGitAction } from './actions/publishLocalGit';
import { createRegisterCatalogFileAction } from './actions/registerCatalogFile';

/**
 * Adds `portolan:publish:local-git` and `portolan:catalog:register-file`.
 *
 * @public
 */
export const scaffolderModulePortolan = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'portolan',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, catalog }) {
        const localGit = readLocalGitOptions(config);
        scaffolder.addActions(
          createPublishLocalGitAction({ localGit }),
          createRegisterCatalogFileAction({ catalog, localGit }),
        );
        logger.info(
          localGit
            ? `Portolan scaffolder actions publish to ${localGit.baseDir}`
            : 'Portolan scaffolder actions added; local publishing is off (no portolan.scaffolder.localGit)',
        );
      },
    });
  },
});
