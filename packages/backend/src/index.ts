/*
 * The example Backstage backend that hosts Portolan, next to the official
 * Kubernetes backend (our side-by-side reference). Only what Portolan needs:
 * no techdocs, search, notifications, signals or MCP.
 */
import { createBackend } from '@backstage/backend-defaults';
import { portolanPermissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(portolanPermissionPolicyModule);

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@portolan/plugin-portolan-backend'));

backend.start();
