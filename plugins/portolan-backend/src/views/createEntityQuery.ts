/*
 * The EntityQuery sources read: the entity's resolved selection bound to
 * the clusters asked for it. Selection is evaluated in memory, through the
 * caches' label indexes.
 */
import type {
  CachedMetadata,
  ClusterSnapshot,
  EntityMatcher,
  EntityQuery,
  ResourceDeclaration,
} from '@portolan/plugin-portolan-node';
import type { ResolvedEntity } from '../entities/EntityResolver';
import { matchesLabelSelector } from '@portolan/plugin-portolan-node';

/** The query for one entity over the given clusters. */
export function createEntityQuery(
  resolved: ResolvedEntity,
  clusters: readonly ClusterSnapshot[],
): EntityQuery {
  const { kubernetes, selector } = resolved;
  return {
    entity: resolved.entity,
    entityRef: resolved.entityRef,
    kubernetes,
    clusters,
    select<P>(cluster: ClusterSnapshot, resource: ResourceDeclaration<P>) {
      return cluster.selectByLabels(
        resource,
        kubernetes.labelSelector,
        kubernetes.namespace,
      );
    },
    selects(metadata: CachedMetadata): boolean {
      return (
        (kubernetes.namespace === undefined ||
          metadata.namespace === kubernetes.namespace) &&
        matchesLabelSelector(selector, metadata.labels)
      );
    },
    matched<T>(matcher: EntityMatcher<T>): T | undefined {
      return resolved.matched.get(matcher.id) as T | undefined;
    },
  };
}
