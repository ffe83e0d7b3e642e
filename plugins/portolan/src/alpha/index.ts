import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * Portolan for the new frontend system.
 *
 * @alpha
 */
const portolanPlugin = createFrontendPlugin({
  pluginId: 'portolan',
  extensions: [],
});

export default portolanPlugin;
