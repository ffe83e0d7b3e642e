/*
 * Serves `GET /discovery/candidates`: observes the caches, reads the
 * catalog with Portolan's own service credentials (every Component and
 * System, whoever asks), computes which objects team-written entities
 * already show through their views, and hands all of it to the pure
 * handler. Entities discovery itself created never count as describing
 * anything, or they would describe themselves away.
 */
import { toError } from '@backstage/errors';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DISCOVERY_LOCATION_PREFIX,
  type DiscoveryCandidatesQuery,
  type DiscoveryCandidatesResponse,
  type EntityView,
} from '@portolan/plugin-portolan-common';
import type { ClusterSnapshot } from '@portolan/plugin-portolan-node';
import {
  applicationKey,
  type DescribedEntity,
  findDiscoveryCandidates,
  workloadKey,
} from './findDiscoveryCandidates';
import { observeFleet } from './observeFleet';

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** What the service reads from; implemented by the plugin's wiring. */
export interface DiscoveryServiceOptions {
  snapshots: () => readonly ClusterSnapshot[];
  views: { view(entity: Entity): EntityView };
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/** True for entities Portolan's discovery created. */
export function isDiscovered(entity: Entity): boolean {
  return (entity.metadata.annotations?.[MANAGED_BY_LOCATION] ?? '').startsWith(
    DISCOVERY_LOCATION_PREFIX,
  );
}

export class DiscoveryService {
  constructor(private readonly options: DiscoveryServiceOptions) {}

  async candidates(
    query: DiscoveryCandidatesQuery,
  ): Promise<DiscoveryCandidatesResponse> {
    const { catalog, auth, views, snapshots, logger } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const [{ items: components }, { items: systems }] = await Promise.all([
      catalog.getEntities({ filter: { kind: 'Component' } }, { credentials }),
      catalog.getEntities(
        {
          filter: { kind: 'System' },
          fields: ['metadata.name', 'metadata.namespace', 'spec.owner'],
        },
        { credentials },
      ),
    ]);
    const described: DescribedEntity[] = components
      .filter(entity => !isDiscovered(entity))
      .map(entity => {
        const entityRef = stringifyEntityRef(entity);
        let view: EntityView | undefined;
        try {
          view = views.view(entity);
        } catch (e) {
          logger.warn(
            `Discovery: cannot resolve ${entityRef}, it describes nothing: ${
              toError(e).message
            }`,
          );
        }
        return {
          entityRef,
          name: entity.metadata.name,
          namespace: entity.metadata.namespace ?? 'default',
          workloads: new Set(
            (view?.workloads ?? []).map(w =>
              workloadKey({ ...w, kind: w.upstreamKind }),
            ),
          ),
          applications: new Set(
            (view?.deployments ?? []).map(d =>
              applicationKey({
                cluster: d.cluster,
                namespace: d.namespace,
                name: d.application,
              }),
            ),
          ),
        };
      });
    return findDiscoveryCandidates({
      observation: observeFleet(snapshots()),
      described,
      systems: new Map(
        systems
          .filter(s => (s.metadata.namespace ?? 'default') === 'default')
          .map(s => [
            s.metadata.name,
            typeof s.spec?.owner === 'string' ? { owner: s.spec.owner } : {},
          ]),
      ),
      excludeNamespaces: query.excludeNamespace,
    });
  }
}
