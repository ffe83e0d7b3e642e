/*
 * `GET /clusters`: every cluster's health, version, watched resources and
 * the facts sources derive from its cache (offering, capabilities).
 */
import { toError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterProfile,
  ClusterSummary,
} from '@portolan/plugin-portolan-common';
import type { FleetCache } from '../cache/FleetCache';

export function summarizeClusters(
  fleet: FleetCache,
  logger: LoggerService,
): ClusterSummary[] {
  const snapshots = fleet.snapshotAll();
  return fleet.clusters.map((cache, i) => {
    const status = cache.status();
    const facts: Record<string, unknown> = {};
    for (const source of fleet.sources.sources) {
      if (!source.clusterFacts) continue;
      try {
        Object.assign(facts, source.clusterFacts(snapshots[i]));
      } catch (e) {
        logger.error(
          `Source '${source.id}' failed on cluster ${cache.name}: ${
            toError(e).message
          }`,
        );
      }
    }
    return {
      name: cache.cluster.name,
      title: cache.cluster.title,
      locator: cache.cluster.locator,
      health: status.health,
      version: status.gitVersion ? { gitVersion: status.gitVersion } : {},
      resources: status.resources,
      ...(facts.profile ? { profile: facts.profile as ClusterProfile } : {}),
      facts,
    };
  });
}
