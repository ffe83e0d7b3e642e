import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The clusters page (`/portolan/clusters` in the example app). */
export const rootRouteRef = createRouteRef({ id: 'portolan' });

/** One cluster's detail view under the clusters page. */
export const clusterRouteRef = createSubRouteRef({
  id: 'portolan/cluster',
  parent: rootRouteRef,
  path: '/cluster/:name',
});

/** The fleet DORA page (`/portolan/dora` in the example app). */
export const doraRouteRef = createRouteRef({ id: 'portolan/dora' });
