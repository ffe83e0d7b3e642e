/*
 * The example backend's permission policy. It is what a platform team would
 * ship: everyone signed in reads the catalog and Portolan's views, pod and
 * step logs are for the owning team only, and automation (service principals
 * calling with a Backstage token) reads views but never logs.
 */
import {
  createBackendModule,
  type BackstageCredentials,
  type BackstageServicePrincipal,
  type BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

function isServicePrincipal(
  principal: BackstageCredentials['principal'] | undefined,
): principal is BackstageServicePrincipal {
  return (principal as BackstageServicePrincipal | undefined)?.type === 'service';
}

/**
 * Portolan's example policy.
 *
 * - `portolan.clusters.read`, `portolan.entity.read`: every signed-in user and every service principal.
 * - `portolan.logs.read`: users who own the entity (directly or through a group); never service principals.
 * - catalog entity delete/refresh: owners only. Everything else: allowed to signed-in users.
 *
 * @public
 */
export class PortolanPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const principal = user?.credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal
      | undefined;

    if (
      isPermission(request.permission, portolanClustersReadPermission) ||
      isPermission(request.permission, portolanEntityReadPermission)
    ) {
      return user ? allow : deny;
    }

    if (isPermission(request.permission, portolanLogsReadPermission)) {
      if (!user || isServicePrincipal(principal) || !user.info) return deny;
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }

    if (
      isResourcePermission(request.permission, 'catalog-entity') &&
      (isPermission(request.permission, catalogEntityDeletePermission) ||
        isPermission(request.permission, catalogEntityRefreshPermission))
    ) {
      if (isServicePrincipal(principal)) return allow;
      if (!user?.info) return deny;
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }

    return allow;
  }
}

/**
 * Installs {@link PortolanPermissionPolicy} as the permission backend's policy.
 *
 * @public
 */
export const portolanPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portolan-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new PortolanPermissionPolicy());
      },
    });
  },
});
