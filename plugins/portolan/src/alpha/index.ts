/**
 * Portolan for Backstage's new frontend system. Install the package in an
 * app with `app.packages: all` (or add this default export to `features`).
 *
 * @packageDocumentation
 */
import { portolanPlugin } from './plugin';

export {
  portolanApi,
  portolanClustersPage,
  portolanDeliveryContent,
  portolanPipelineCard,
  portolanDeploymentsCard,
  portolanImageCard,
  portolanOnboardingCard,
  portolanDoraCard,
  portolanDoraPage,
} from './plugin';

export default portolanPlugin;
