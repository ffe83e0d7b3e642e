import { createPlugin } from '@backstage/core-plugin-api';

/**
 * The Portolan frontend plugin (legacy frontend system).
 *
 * @public
 */
export const portolanPlugin = createPlugin({
  id: 'portolan',
});
