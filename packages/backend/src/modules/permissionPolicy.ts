/*
 * The example backend's permission policy. It is what a platform team would
 * ship: everyone signed in reads the catalog and Portolan's views, pod and
 * step logs are for the owning team only.
 *
 * Service principals (automation calling with a Backstage token) never reach
 * a policy: Backstage's permissions service allows them outright. So they
 * read clusters and entity views, and Portolan's logs route itself accepts
 * user principals only.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
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

/**
 * Portolan's example policy.
 *
 * - `portolan.clusters.read`, `portolan.entity.read`: every signed-in user.
 * - `portolan.logs.read`: users who own the entity, directly or through a group.
 * - catalog entity delete/refresh: owners only.
 * - everything else: every signed-in user.
 *
 * @public
 */
export class PortolanPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // `user` is absent for unauthenticated (`none`) callers.
    if (!user) return deny;

    if (
      isPermission(request.permission, portolanClustersReadPermission) ||
      isPermission(request.permission, portolanEntityReadPermission)
    ) {
      return allow;
    }

    if (isPermission(request.permission, portolanLogsReadPermission)) {
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
