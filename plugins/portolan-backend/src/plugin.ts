import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';

/**
 * The Portolan backend plugin: watches clusters and serves each entity's
 * delivery view. This file only wires services together.
 *
 * @public
 */
export const portolanPlugin = createBackendPlugin({
  pluginId: 'portolan',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
      },
      async init({ logger }) {
        logger.info('Portolan backend started (no sources yet)');
      },
    });
  },
});
