/*
 * The catalog module: wires the discovery provider to the catalog and the
 * scheduler. Off unless `portolan.discovery.enabled`; when off it still
 * connects, to remove what an earlier run emitted.
 */
import { toError } from '@backstage/errors';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { UNKNOWN_OWNER } from './candidateToEntity';
import { HttpDiscoveryCandidatesClient } from './DiscoveryCandidatesClient';
import {
  DISCOVERY_PROVIDER_NAME,
  PortolanDiscoveryEntityProvider,
} from './PortolanDiscoveryEntityProvider';
import { readDiscoveryConfig } from './readDiscoveryConfig';

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
        // Checked even when off: a bad value fails the start, naming the key.
        const settings = readDiscoveryConfig(config);
        const provider = new PortolanDiscoveryEntityProvider({
          client: new HttpDiscoveryCandidatesClient(discovery, auth),
          logger,
          excludeNamespaces: settings.excludeNamespaces,
          ...(settings.defaultOwner
            ? { defaultOwner: settings.defaultOwner }
            : {}),
          lifecycle: settings.lifecycle,
          clearOnConnect: !settings.enabled,
        });
        catalog.addEntityProvider(provider);
        if (!settings.enabled) {
          logger.info(
            'Portolan discovery is off (portolan.discovery.enabled); entities it emitted before are removed',
          );
          return;
        }
        logger.info(
          `Portolan discovery leaves out namespaces ${settings.excludeNamespaces.join(
            ', ',
          )}; services without an owner label or System get ${
            settings.defaultOwner ??
            `${UNKNOWN_OWNER} (set portolan.discovery.defaultOwner to a Group or User)`
          }`,
        );
        await scheduler.scheduleTask({
          id: `${DISCOVERY_PROVIDER_NAME}:refresh`,
          ...settings.schedule,
          fn: async signal => {
            try {
              await provider.refresh(signal);
            } catch (e) {
              // Portolan may not be up yet, or a cluster is down: keep what
              // the catalog has and try again on the next run.
              logger.warn(
                `Portolan discovery run failed, catalog unchanged: ${
                  toError(e).message
                }`,
              );
            }
          },
        });
      },
    });
  },
});
