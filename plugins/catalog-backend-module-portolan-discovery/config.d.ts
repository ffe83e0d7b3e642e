import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  portolan?: {
    /**
     * Catalog entities for services running in the clusters that no team has
     * described yet. A bad value stops the backend at start with a message
     * naming the key.
     */
    discovery?: {
      /**
       * Emit discovered Component entities. Default false. When turned off,
       * the entities discovery emitted before are removed.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * How often to ask Portolan for candidates. Default every minute, 30 s timeout.
       * @visibility backend
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Namespaces whose workloads (and Argo CD Applications deploying into
       * them) are never services: namespace names, or globs where `*`
       * matches any characters (`kube-*`). Setting it replaces the default:
       * `kube-*`, `openshift`, `openshift-*`, `tekton-*`, `argocd`, `jx`,
       * `jx-git-operator`, `kpack`, `istio-system`, `knative-*` — where
       * Kubernetes, OpenShift, and the delivery and platform tools run. Not
       * `jx-*`: `jx-staging` and `jx-production` run the services Jenkins X
       * deploys. `[]` leaves nothing out.
       * @visibility backend
       */
      excludeNamespaces?: string[];
      /**
       * Entity ref of the Group or User that owns discovered services whose
       * objects carry no `portolan.dev/owner` label and whose
       * `app.kubernetes.io/part-of` names no catalog System with an owner
       * (`platform-team` reads as `group:default/platform-team`). Not set:
       * `group:default/unknown`, with the entity's description saying how to
       * name the real owner.
       * @visibility backend
       */
      defaultOwner?: string;
      /**
       * `spec.lifecycle` of discovered entities. Default `production` (they run).
       * @visibility backend
       */
      lifecycle?: string;
    };
  };
}
