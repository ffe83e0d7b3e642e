/*
 * Portolan for the new frontend system: the API, the entity "Delivery" tab
 * (Components), five overview cards (pipelines, deployments, images,
 * onboarding, DORA), the fleet DORA page, and the clusters page (which the app lists in its sidebar
 * because the page has a title and an icon).
 */
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import StorageIcon from '@material-ui/icons/Storage';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { portolanApiRef, PortolanClient } from '../api';
import { clusterRouteRef, doraRouteRef, rootRouteRef } from '../routes';

/** Only Components have a delivery view. */
const componentsOnly = { kind: 'component' };

/** @alpha */
export const portolanApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: portolanApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PortolanClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const portolanClustersPage = PageBlueprint.make({
  params: {
    path: '/portolan/clusters',
    title: 'Clusters',
    icon: <StorageIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('../components/ClustersPage').then(m =>
        compatWrapper(<m.ClustersPageContent />),
      ),
  },
});

/** @alpha */
export const portolanDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityDeliveryContent').then(m =>
        compatWrapper(<m.EntityDeliveryContent />),
      ),
  },
});

/** @alpha */
export const portolanPipelineCard = EntityCardBlueprint.make({
  name: 'pipelines',
  params: {
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityPipelineCard').then(m =>
        compatWrapper(<m.EntityPipelineCard />),
      ),
  },
});

/** @alpha */
export const portolanDeploymentsCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityDeploymentsCard').then(m =>
        compatWrapper(<m.EntityDeploymentsCard />),
      ),
  },
});

/** @alpha */
export const portolanImageCard = EntityCardBlueprint.make({
  name: 'images',
  params: {
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityImageCard').then(m =>
        compatWrapper(<m.EntityImageCard />),
      ),
  },
});

/** @alpha */
export const portolanOnboardingCard = EntityCardBlueprint.make({
  name: 'onboarding',
  params: {
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityOnboardingCard').then(m =>
        compatWrapper(<m.EntityOnboardingCard />),
      ),
  },
});

/** @alpha */
export const portolanDoraCard = EntityCardBlueprint.make({
  name: 'dora',
  params: {
    filter: componentsOnly,
    loader: () =>
      import('../components/EntityDoraCard').then(m =>
        compatWrapper(<m.EntityDoraCard />),
      ),
  },
});

/** @alpha */
export const portolanDoraPage = PageBlueprint.make({
  name: 'dora',
  params: {
    path: '/portolan/dora',
    title: 'DORA metrics',
    icon: <TrendingUpIcon />,
    routeRef: convertLegacyRouteRef(doraRouteRef),
    loader: () =>
      import('../components/FleetDoraPage').then(m =>
        compatWrapper(<m.FleetDoraContent />),
      ),
  },
});

/**
 * Portolan for the new frontend system.
 *
 * @alpha
 */
export const portolanPlugin = createFrontendPlugin({
  pluginId: 'portolan',
  title: 'Portolan',
  icon: <StorageIcon />,
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    cluster: clusterRouteRef,
    dora: doraRouteRef,
  }),
  extensions: [
    portolanApi,
    portolanClustersPage,
    portolanDeliveryContent,
    portolanPipelineCard,
    portolanDeploymentsCard,
    portolanImageCard,
    portolanOnboardingCard,
    portolanDoraCard,
    portolanDoraPage,
  ],
});
