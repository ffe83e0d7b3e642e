import { createApp } from '@backstage/frontend-defaults';
import { signInModule } from './modules/signIn';

/**
 * The example portal. Plugins are discovered from this package's
 * dependencies (`app.packages: all`): catalog, org, scaffolder, the official
 * Kubernetes plugin (our side-by-side reference) and Portolan.
 */
export default createApp({
  features: [signInModule],
});
