/*
 * The catalog module: wires the discovery provider to the catalog and the
 * scheduler. Off unless `portolan.discovery.enabled`; when off it still
 * connects, to remove what an earlier run emitted.
 */
import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { HttpDiscoveryCandidatesClient } from './DiscoveryCandidatesClient';
import {
  DISCOVERY_PROVIDER_NAME,
  PortolanDiscoveryEntityProvider,
} from './PortolanDiscoveryEntityProvider';

/** Namespaces whose workloads are cluster plumbing, not services. */
export const DEFAULT_EXCLUDED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { seconds: 30 },
  initialDelay: { seconds: 15 },
};

/**
 * Emits `Component` entities for services Portolan finds running that no
 * team has described.
 *
 * @public
 */
export const catalogModulePortolanDiscovery = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'portolan-discovery',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        const c = config.getOptionalConfig('portolan.discovery');
        const enabled = c?.getOptionalBoolean('enabled') ?? false;
        const provider = new PortolanDiscoveryEntityProvider({
          client: new HttpDiscoveryCandidatesClient(discovery, auth),
          logger,
          excludeNamespaces:
            c?.getOptionalStringArray('excludeNamespaces') ??
            DEFAULT_EXCLUDED_NAMESPACES,
          defaultOwner: c?.getOptionalString('defaultOwner') ?? 'unknown',
          lifecycle: c?.getOptionalString('lifecycle') ?? 'production',
          clearOnConnect: !enabled,
        });
        catalog.addEntityProvider(provider);
        if (!enabled) {
          logger.info(
            'Portolan discovery is off (portolan.discovery.enabled); entities it emitted before are removed',
          );
          return;
        }
        const schedule = c?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              c.getConfig('schedule'),
            )
          : DEFAULT_SCHEDULE;
        await scheduler.scheduleTask({
          id: `${DISCOVERY_PROVIDER_NAME}:refresh`,
          ...schedule,
          fn: async signal => {
            try {
              await provider.refresh(signal);
            } catch (e) {
              // Portolan may not be up yet, or a cluster is down: keep what
              // the catalog has and try again on the next run.
              logger.warn(
                `Portolan discovery run failed, catalog unchanged: ${
                  e instanceof Error ? e.message : e
                }`,
              );
            }
          },
        });
      },
    });
  },
});
