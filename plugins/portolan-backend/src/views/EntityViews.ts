/*
 * Assembles an entity's delivery view from memory: resolve the entity, ask
 * every source for its sections over the clusters in scope, merge, and say
 * per cluster how fresh the answer is. Also decides which pods' logs belong
 * to the entity. A failing source costs its own sections, never the view.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  Deployment,
  EntityView,
  KpackImage,
  PipelineRun,
  SourceError,
  Workload,
} from '@portolan/plugin-portolan-common';
import type { EntityQuery, LogTarget } from '@portolan/plugin-portolan-node';
import type { FleetCache } from '../cache/FleetCache';
import type {
  EntityResolver,
  ResolvedEntity,
} from '../entities/EntityResolver';
import { linkDeliveryTimeline } from '../delivery/linkDeliveryTimeline';
import { createEntityQuery } from './createEntityQuery';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class EntityViews {
  constructor(
    private readonly fleet: FleetCache,
    private readonly resolver: EntityResolver,
    private readonly logger: LoggerService,
  ) {}

  /** The entity's delivery view. Throws `InputError` on an unparsable selector annotation. */
  view(entity: Entity): EntityView {
    const { resolved, query, unknownClusters } = this.query(entity);
    const sourceErrors: SourceError[] = [...resolved.matcherErrors];
    const sections: Record<string, unknown[]> = {};
    for (const source of this.fleet.sources.sources) {
      if (!source.entityView) continue;
      let contributed;
      try {
        contributed = source.entityView(query);
      } catch (e) {
        this.logger.error(
          `Source '${source.id}' failed on ${resolved.entityRef}: ${messageOf(
            e,
          )}`,
        );
        sourceErrors.push({ source: source.id, message: messageOf(e) });
        continue;
      }
      for (const [section, records] of Object.entries(contributed ?? {})) {
        if (!Array.isArray(records)) continue;
        (sections[section] ??= []).push(...records);
      }
    }
    // The timeline links across sections (runs and kpack Builds → images →
    // deployments → pods), so it is built here, after every source has
    // contributed.
    if (sections.pipelineRuns || sections.kpackImages) {
      try {
        sections.timeline = linkDeliveryTimeline({
          pipelineRuns: (sections.pipelineRuns ?? []) as PipelineRun[],
          deployments: (sections.deployments ?? []) as Deployment[],
          workloads: sections.workloads as Workload[] | undefined,
          kpackImages: sections.kpackImages as KpackImage[] | undefined,
        });
      } catch (e) {
        this.logger.error(
          `Timeline failed on ${resolved.entityRef}: ${messageOf(e)}`,
        );
        sourceErrors.push({ source: 'timeline', message: messageOf(e) });
      }
    }
    const clusters = query.clusters.map(c => ({
      name: c.name,
      title: c.title,
      ...c.health,
    }));
    return {
      ...sections,
      entityRef: resolved.entityRef,
      generatedAt: new Date().toISOString(),
      partial:
        sourceErrors.length > 0 || clusters.some(c => c.state !== 'synced'),
      selection: {
        labelSelector: resolved.kubernetes.labelSelector,
        labelSelectorFrom: resolved.kubernetes.labelSelectorFrom,
        ...(resolved.kubernetes.namespace
          ? { namespace: resolved.kubernetes.namespace }
          : {}),
        ...(resolved.kubernetes.clusters
          ? { clusters: [...resolved.kubernetes.clusters] }
          : {}),
        unknownClusters,
        matchers: [...resolved.matched.keys()],
      },
      clusters,
      sourceErrors,
    };
  }

  /** The pods (and containers) whose logs belong to the entity. */
  logTargets(entity: Entity): LogTarget[] {
    const { query } = this.query(entity);
    const targets: LogTarget[] = [];
    for (const source of this.fleet.sources.sources) {
      if (!source.logTargets) continue;
      try {
        targets.push(...source.logTargets(query));
      } catch (e) {
        this.logger.error(
          `Source '${source.id}' failed to list log targets of ${
            query.entityRef
          }: ${messageOf(e)}`,
        );
      }
    }
    return targets;
  }

  private query(entity: Entity): {
    resolved: ResolvedEntity;
    query: EntityQuery;
    unknownClusters: string[];
  } {
    const resolved = this.resolver.resolve(entity);
    const all = this.fleet.snapshotAll();
    const wanted = resolved.kubernetes.clusters;
    const clusters = wanted ? all.filter(c => wanted.includes(c.name)) : all;
    const unknownClusters = wanted
      ? wanted.filter(name => !all.some(c => c.name === name))
      : [];
    return {
      resolved,
      query: createEntityQuery(resolved, clusters),
      unknownClusters,
    };
  }
}
