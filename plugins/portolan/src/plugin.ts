import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { portolanApiRef, PortolanClient } from './api';
import { doraRouteRef, rootRouteRef } from './routes';

/**
 * The Portolan frontend plugin (legacy frontend system).
 *
 * @public
 */
export const portolanPlugin = createPlugin({
  id: 'portolan',
  apis: [
    createApiFactory({
      api: portolanApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PortolanClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, dora: doraRouteRef },
});

/**
 * The clusters page: the fleet, a cluster's detail, the offerings matrix,
 * what needs attention and the services' onboarding. Mount it at
 * `/portolan/clusters`.
 *
 * @public
 */
export const PortolanClustersPage = portolanPlugin.provide(
  createRoutableExtension({
    name: 'PortolanClustersPage',
    component: () =>
      import('./components/ClustersPage').then(m => m.ClustersPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity "Delivery" tab: timeline, pipeline runs, deployments, images,
 * workloads.
 *
 * @public
 */
export const EntityPortolanDeliveryContent = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanDeliveryContent',
    component: {
      lazy: () =>
        import('./components/EntityDeliveryContent').then(
          m => m.EntityDeliveryContent,
        ),
    },
  }),
);

/**
 * Overview card: the latest pipeline run and the ones before it.
 *
 * @public
 */
export const EntityPortolanPipelineCard = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanPipelineCard',
    component: {
      lazy: () =>
        import('./components/EntityPipelineCard').then(
          m => m.EntityPipelineCard,
        ),
    },
  }),
);

/**
 * Overview card: deployment status per environment and cluster.
 *
 * @public
 */
export const EntityPortolanDeploymentsCard = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityDeploymentsCard').then(
          m => m.EntityDeploymentsCard,
        ),
    },
  }),
);

/**
 * Overview card: the running images and their buildpacks.
 *
 * @public
 */
export const EntityPortolanImageCard = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanImageCard',
    component: {
      lazy: () =>
        import('./components/EntityImageCard').then(m => m.EntityImageCard),
    },
  }),
);

/**
 * Overview card: the service's onboarding checklist, checked against what
 * runs, with the snippet to add for every step not met.
 *
 * @public
 */
export const EntityPortolanOnboardingCard = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanOnboardingCard',
    component: {
      lazy: () =>
        import('./components/EntityOnboardingCard').then(
          m => m.EntityOnboardingCard,
        ),
    },
  }),
);

/**
 * Overview card: the service's DORA four keys with their bands, over a
 * period the reader picks, from the stored delivery history.
 *
 * @public
 */
export const EntityPortolanDoraCard = portolanPlugin.provide(
  createComponentExtension({
    name: 'EntityPortolanDoraCard',
    component: {
      lazy: () =>
        import('./components/EntityDoraCard').then(m => m.EntityDoraCard),
    },
  }),
);

/**
 * The fleet DORA page: pooled, per team and per service, sortable. Mount it
 * at `/portolan/dora`.
 *
 * @public
 */
export const PortolanDoraPage = portolanPlugin.provide(
  createRoutableExtension({
    name: 'PortolanDoraPage',
    component: () =>
      import('./components/FleetDoraPage').then(m => m.FleetDoraPage),
    mountPoint: doraRouteRef,
  }),
);
