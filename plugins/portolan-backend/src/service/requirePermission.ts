/*
 * The one permission check of the HTTP routes: asks the permission framework
 * for one decision and throws NotAllowedError (403) unless it allows. A
 * resource permission is decided on the entity ref given, so the policy
 * decides from the owning entity. Must never: cache a decision, or decide
 * anything itself.
 */
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** A check bound to the plugin's permission service. */
export type RequirePermission = (
  credentials: BackstageCredentials,
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
) => Promise<void>;

export function requirePermission(
  permissions: PermissionsService,
): RequirePermission {
  return async (credentials, permission, resourceRef) => {
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };
}
