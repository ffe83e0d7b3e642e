import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  portolan?: {
    /** Catalog entities for services running in the clusters that no team has described yet. */
    discovery?: {
      /**
       * Emit discovered Component entities. Default false. When turned off,
       * the entities discovery emitted before are removed.
       */
      enabled?: boolean;
      /** How often to ask Portolan for candidates. Default every minute, 30 s timeout. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Namespaces whose workloads are never services. Default
       * `kube-system`, `kube-public`, `kube-node-lease`.
       */
      excludeNamespaces?: string[];
      /** `spec.owner` when the workloads' system has no known owner. Default `unknown`. */
      defaultOwner?: string;
      /** `spec.lifecycle` of discovered entities. Default `production` (they run). */
      lifecycle?: string;
    };
  };
}
