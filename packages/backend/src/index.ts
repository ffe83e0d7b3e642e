/*
 * The example Backstage backend that hosts Portolan, next to the official
 * Kubernetes backend (our side-by-side reference). Only what Portolan needs:
 * no techdocs, search, notifications or MCP. Signals carry Portolan's live
 * updates to open pages; the events backend is the bus between replicas
 * (database-backed on PostgreSQL).
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModulePortolanLocalRepositories } from '@portolan/plugin-catalog-backend-module-portolan-discovery';
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
// Onboarding: publish new services to a local git directory (no forge is
// reachable in the demo), register them, and discover running services.
backend.add(import('@portolan/plugin-scaffolder-backend-module-portolan'));
backend.add(
  import('@portolan/plugin-catalog-backend-module-portolan-discovery'),
);
// A static import: under `backstage-cli package start` a named export
// reached through import() came back undefined.
backend.add(catalogModulePortolanLocalRepositories);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(portolanPermissionPolicyModule);

backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@portolan/plugin-portolan-backend'));

backend.start();
