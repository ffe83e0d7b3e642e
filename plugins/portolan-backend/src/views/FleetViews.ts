/*
 * The one place that assembles views, for an entity or the fleet: resolve
 * the entity → ask every source for its sections over the clusters in scope
 * → enrichment stages (the delivery timeline; images from the registry) →
 * how each pipeline run matched (stamped once, from the resolver's
 * matchers) → permission filtering of the fleet (once). Also decides which
 * pods' logs belong to the entity and which container a log request reads
 * by default. The router, the onboarding checks and the fleet endpoints
 * read views through here and nowhere else. A failing source or stage
 * costs its own sections, never the view. Never decides HTTP concerns
 * (identity, status codes beyond @backstage/errors) and never talks to a
 * cluster: the cache answers from memory.
 */
import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type Deployment,
  type EntityView,
  type EntityViewSections,
  type FleetImagesResponse,
  type FleetPipelineRunsQuery,
  type FleetPipelineRunsResponse,
  type KpackImage,
  type PipelineRun,
  type RebaseStateName,
  type SourceError,
  type Workload,
  portolanEntityReadPermission,
} from '@portolan/plugin-portolan-common';
import type {
  EntityQuery,
  LogTarget,
  PortolanSource,
} from '@portolan/plugin-portolan-node';
import type { FleetCache } from '../cache/FleetCache';
import type {
  EntityResolver,
  ResolvedEntity,
} from '../entities/EntityResolver';
import { linkDeliveryTimeline } from '../delivery/linkDeliveryTimeline';
import type { ImageService } from '../images/ImageService';
import {
  attributePipelineRuns,
  type RunMatcherId,
} from './attributePipelineRuns';
import { createEntityQuery } from './createEntityQuery';
import type { ReadRecorder } from './ReadRecorder';
import { fleetPipelineRuns } from './fleetPipelineRuns';

/** The stages and services beyond the cache that some views need. */
export interface FleetViewsStages {
  /** The registry stage: images with registry, build and rebase facts. */
  images?: Pick<ImageService, 'imagesForEntity' | 'fleetImages'>;
  /** For the fleet views: which entities exist and which the caller may read. */
  catalog?: Pick<CatalogService, 'getEntities'>;
  permissions?: Pick<PermissionsService, 'authorize'>;
}

/** An entity's view with what the onboarding checks read beside it. */
export interface AssembledView {
  view: EntityView;
  /** How each pipeline run was found, by `runKey`. */
  runMatches: Map<string, RunMatcherId[]>;
  logTargets: LogTarget[];
}

/** A pod's log to read: its target and the container. */
export interface LogSelection {
  target: LogTarget;
  container: string;
}

/**
 * The container a log request reads when it names none: the pod's
 * declared default, else its only container.
 */
export function defaultContainerOf(target: LogTarget): string | undefined {
  return (
    target.defaultContainer ??
    (target.containers.length === 1 ? target.containers[0] : undefined)
  );
}

export class FleetViews {
  constructor(
    private readonly fleet: Pick<FleetCache, 'sources' | 'snapshotAll'>,
    private readonly resolver: EntityResolver,
    private readonly logger: LoggerService,
    private readonly stages: FleetViewsStages = {},
  ) {}

  /**
   * The entity's delivery view, from memory (images with the cached facts
   * only). Throws `InputError` on an unparsable selector annotation.
   */
  view(entity: Entity): EntityView {
    return this.build(this.query(entity));
  }

  /** The view with the registry stage applied, as the entity route serves it. */
  async viewWithImages(entity: Entity): Promise<EntityView> {
    return this.withImages(this.view(entity));
  }

  /**
   * The view (registry stage included when `images`), how each run
   * matched, and the log targets: everything from one resolution.
   */
  async assemble(
    entity: Entity,
    options: { images: boolean },
  ): Promise<AssembledView> {
    const scope = this.query(entity);
    const cached = this.build(scope);
    const view = options.images ? await this.withImages(cached) : cached;
    return this.assembled(scope, view);
  }

  /**
   * The view without the registry stage, how each run matched and the log
   * targets, reading the cache through `recorder` (the view cache's
   * dependency tracking).
   */
  assembleRecorded(entity: Entity, recorder: ReadRecorder): AssembledView {
    const scope = this.query(entity, recorder);
    return this.assembled(scope, this.build(scope));
  }

  /**
   * The view's `sections` alone, reading the cache through `recorder`:
   * only the sources that declare one of them (or declare nothing) are
   * asked, and of those only the ones in `sources` when given (the ids a
   * change named). No registry stage, run matches or log targets; the
   * timeline only when asked for. For a background reader that needs a few
   * sections (the history recorder: every source on its timer, the named
   * ones after a change); never served.
   */
  sectionsRecorded(
    entity: Entity,
    recorder: ReadRecorder,
    wanted: {
      sections: ReadonlySet<keyof EntityViewSections>;
      sources?: ReadonlySet<string>;
    },
  ): EntityView {
    return this.build(
      this.query(entity, recorder),
      source =>
        (!wanted.sources || wanted.sources.has(source.id)) &&
        (!source.sections ||
          source.sections.some(section => wanted.sections.has(section))),
      wanted.sections.has('timeline'),
    );
  }

  private assembled(
    scope: ReturnType<FleetViews['query']>,
    view: EntityView,
  ): AssembledView {
    return {
      view,
      runMatches: attributePipelineRuns(
        scope.resolved,
        view.pipelineRuns ?? [],
        scope.query.clusters,
      ),
      logTargets: this.targets(scope.query),
    };
  }

  /** The registry stage alone, on a view built from memory. */
  async registryStage(view: EntityView): Promise<EntityView> {
    return this.withImages(view);
  }

  private build(
    { resolved, query, unknownClusters }: ReturnType<FleetViews['query']>,
    asked: (source: PortolanSource) => boolean = () => true,
    timeline = true,
  ): EntityView {
    const sourceErrors: SourceError[] = [...resolved.matcherErrors];
    const sections: Record<string, unknown[]> = {};
    for (const source of this.fleet.sources.sources) {
      if (!source.entityView || !asked(source)) continue;
      let contributed;
      try {
        contributed = source.entityView(query);
      } catch (e) {
        this.logger.error(
          `Source '${source.id}' failed on ${resolved.entityRef}: ${
            toError(e).message
          }`,
        );
        sourceErrors.push({ source: source.id, message: toError(e).message });
        continue;
      }
      const undeclared: string[] = [];
      for (const [section, records] of Object.entries(contributed ?? {})) {
        if (!Array.isArray(records)) continue;
        // A section it does not declare would be missed by partial reads:
        // left out of every view, so the mistake shows at once.
        if (
          source.sections &&
          !(source.sections as readonly string[]).includes(section)
        ) {
          undeclared.push(section);
          continue;
        }
        (sections[section] ??= []).push(...records);
      }
      if (undeclared.length > 0) {
        sourceErrors.push({
          source: source.id,
          message: `filled sections it does not declare (${undeclared.join(
            ', ',
          )}); they are left out`,
        });
      }
    }
    // The timeline links across sections (runs and kpack Builds → images →
    // deployments → pods), so it is built here, after every source has
    // contributed.
    if (timeline && (sections.pipelineRuns || sections.kpackImages)) {
      try {
        sections.timeline = linkDeliveryTimeline({
          pipelineRuns: (sections.pipelineRuns ?? []) as PipelineRun[],
          deployments: (sections.deployments ?? []) as Deployment[],
          workloads: sections.workloads as Workload[] | undefined,
          kpackImages: sections.kpackImages as KpackImage[] | undefined,
        });
      } catch (e) {
        this.logger.error(
          `Timeline failed on ${resolved.entityRef}: ${toError(e).message}`,
        );
        sourceErrors.push({ source: 'timeline', message: toError(e).message });
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
    return this.targets(this.query(entity).query);
  }

  /**
   * The pod and container a log request of the entity reads. Throws
   * `NotFoundError` for a pod or container not the entity's, `InputError`
   * when the pod has several containers and none is named or declared the
   * default.
   */
  logSelection(
    entity: Entity,
    where: {
      cluster: string;
      namespace: string;
      pod: string;
      container?: string;
    },
  ): LogSelection {
    const target = this.logTargets(entity).find(
      t =>
        t.cluster === where.cluster &&
        t.namespace === where.namespace &&
        t.pod === where.pod,
    );
    if (!target) {
      throw new NotFoundError(
        `Pod ${where.cluster}/${where.namespace}/${
          where.pod
        } does not belong to ${stringifyEntityRef(entity)}`,
      );
    }
    if (where.container) {
      if (!target.containers.includes(where.container)) {
        throw new NotFoundError(
          `Pod ${where.pod} has no container ${where.container}`,
        );
      }
      return { target, container: where.container };
    }
    const container = defaultContainerOf(target);
    if (!container) {
      throw new InputError(
        `Pod ${
          where.pod
        } has several containers; name one of ${target.containers.join(', ')}`,
      );
    }
    return { target, container };
  }

  /**
   * The catalog's entities matching `filter` that the caller may read the
   * Portolan view of: the one permission filter of every fleet view.
   */
  async readableEntities(
    credentials: BackstageCredentials,
    filter: Record<string, string> = { kind: 'Component' },
  ): Promise<Array<{ entityRef: string; entity: Entity }>> {
    const { catalog, permissions } = this.stages;
    if (!catalog || !permissions) {
      throw new Error(
        'FleetViews needs the catalog and permissions for fleet views',
      );
    }
    const { items } = await catalog.getEntities({ filter }, { credentials });
    if (items.length === 0) return [];
    const refs = items.map(e => stringifyEntityRef(e));
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({
        permission: portolanEntityReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return items.flatMap((entity, i) =>
      decisions[i]?.result === AuthorizeResult.ALLOW
        ? [{ entityRef: refs[i], entity }]
        : [],
    );
  }

  /** `GET /images`: the images of every component the caller may read. */
  async fleetImages(
    credentials: BackstageCredentials,
    rebase?: RebaseStateName,
  ): Promise<FleetImagesResponse> {
    const images = this.stages.images;
    if (!images) throw new Error('FleetViews has no images stage');
    const readable = await this.readableEntities(credentials);
    return images.fleetImages({
      rebase,
      entities: readable.map(({ entityRef, entity }) => ({
        entityRef,
        view: () => this.view(entity),
      })),
    });
  }

  /** `GET /pipeline-runs`: the runs of every component the caller may read. */
  async fleetPipelineRuns(
    credentials: BackstageCredentials,
    query: FleetPipelineRunsQuery,
  ): Promise<FleetPipelineRunsResponse> {
    const readable = await this.readableEntities(credentials);
    return fleetPipelineRuns(
      query,
      readable.map(({ entityRef, entity }) => ({
        entityRef,
        view: () => this.view(entity),
      })),
    );
  }

  private async withImages(view: EntityView): Promise<EntityView> {
    const images = this.stages.images;
    if (!images || !view.images?.length) return view;
    try {
      return { ...view, images: await images.imagesForEntity(view) };
    } catch (e) {
      this.logger.warn(
        `Images of ${view.entityRef} without registry facts: ${
          toError(e).message
        }`,
      );
      return {
        ...view,
        partial: true,
        sourceErrors: [
          ...view.sourceErrors,
          { source: 'images', message: toError(e).message },
        ],
      };
    }
  }

  private targets(query: EntityQuery): LogTarget[] {
    const targets: LogTarget[] = [];
    for (const source of this.fleet.sources.sources) {
      if (!source.logTargets) continue;
      try {
        targets.push(...source.logTargets(query));
      } catch (e) {
        this.logger.error(
          `Source '${source.id}' failed to list log targets of ${
            query.entityRef
          }: ${toError(e).message}`,
        );
      }
    }
    return targets;
  }

  private query(
    entity: Entity,
    recorder?: ReadRecorder,
  ): {
    resolved: ResolvedEntity;
    query: EntityQuery;
    unknownClusters: string[];
  } {
    const resolved = this.resolver.resolve(entity);
    const all = this.fleet.snapshotAll();
    const wanted = resolved.kubernetes.clusters;
    const chosen = wanted ? all.filter(c => wanted.includes(c.name)) : all;
    const clusters = recorder ? chosen.map(c => recorder.wrap(c)) : chosen;
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
