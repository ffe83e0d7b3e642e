/*
 * Portolan's permissions. Entity-scoped ones are resource permissions on
 * catalog entities, so a policy can use the catalog's own rules (ownership,
 * kind, annotations) to decide them.
 */
import {
  createPermission,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The catalog's resource type; Portolan's entity permissions are decided on catalog entities. */
export const PORTOLAN_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/** Read the fleet: the clusters, their health, offerings and capabilities. */
export const portolanClustersReadPermission: BasicPermission = createPermission(
  {
    name: 'portolan.clusters.read',
    attributes: { action: 'read' },
  },
);

/** Read one entity's delivery view: runs, images, deployments, workloads. */
export const portolanEntityReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'portolan.entity.read',
    attributes: { action: 'read' },
    resourceType: PORTOLAN_ENTITY_RESOURCE_TYPE,
  });

/** Read the logs of an entity's pods and pipeline steps. */
export const portolanLogsReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'portolan.logs.read',
    attributes: { action: 'read' },
    resourceType: PORTOLAN_ENTITY_RESOURCE_TYPE,
  });

/** Every permission Portolan defines, for registration with the permission framework. */
export const portolanPermissions = [
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
];
