/*
 * Views from a change-tracked cache. Keeps, per entity, the view built
 * from memory (with what each source read, recorded per cluster and
 * resource), the entity route's view (registry stage applied) as the
 * redacted JSON bytes it is sent as, a strong ETag and a version. The
 * watch caches' change events invalidate exactly the entities whose
 * recorded reads would find the changed object before or after the
 * change, and every entity covering a cluster whose health changed; an
 * entity whose catalog revision changed is rebuilt on its next request.
 * An unchanged view is answered from its bytes; an invalidated one is
 * rebuilt once, however many requests ask at the same time. Emits the
 * change feed (`changeFeed.ts`) the signals publisher and the history
 * recorder read; the recorder reads a changed view with `transientView`,
 * which builds it without keeping it, and only the sections it records
 * from only the sources the change named (their reads are added to the
 * entity's, never put in place of them: the full view read more).
 *
 * Registry facts: a view with images is kept `registryTtl` (they change
 * in registries, not clusters); a view whose registry stage failed is
 * sent but not kept (the next request tries the registry again; the view
 * from memory stays cached).
 *
 * Bounds: the kept views (memory views, bytes and the entity route's view
 * object) are evicted least recently used past `maxBytes`; the small
 * dependency records (read keys, version) of at most `maxEntities`
 * entities are kept longer, so an entity whose bytes were evicted still
 * gets its change events.
 *
 * Never: serves a view without the caller's permission (the router and
 * `readableEntities` decide per caller), or talks to a cluster.
 */
import { createHash } from 'node:crypto';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { toError } from '@backstage/errors';
import type {
  EntityView,
  EntityViewSections,
  FleetImagesResponse,
  FleetPipelineRunsQuery,
  FleetPipelineRunsResponse,
  RebaseStateName,
} from '@portolan/plugin-portolan-common';
import type { LogTarget, SourceSet } from '@portolan/plugin-portolan-node';
import type { ClusterCacheChange } from '../cache/ClusterCache';
import { readDurationMs } from '../config/readDurationMs';
import { collectFleetImages } from '../images/ImageService';
import { ViewChangeEmitter, type ViewChangeFeed } from './changeFeed';
import {
  type FleetRunsContribution,
  fleetPipelineRunsFrom,
  fleetRunsContribution,
} from './fleetPipelineRuns';
import type { AssembledView, FleetViews, LogSelection } from './FleetViews';
import { CallerTtlCache } from './CallerTtlCache';
import { ReadRecorder, readKeysOfChanges } from './ReadRecorder';

/** `portolan.viewCache.*` (see config.d.ts). */
export interface ViewCacheOptions {
  /** Bytes of kept views before the least recently used are evicted. */
  maxBytes: number;
  /** Entities whose dependency records are kept. */
  maxEntities: number;
  /** How long a view with registry facts is kept. */
  registryTtlMs: number;
  /** How long catalog lookups and permission decisions are kept per caller. */
  callerTtlMs: number;
}

export const DEFAULT_VIEW_CACHE_OPTIONS: ViewCacheOptions = {
  maxBytes: 128 * 1024 * 1024,
  maxEntities: 50_000,
  registryTtlMs: 60_000,
  callerTtlMs: 5_000,
};

/** Reads `portolan.viewCache`, naming the key of a bad value. */
export function readViewCacheOptions(config: Config): ViewCacheOptions {
  const prefix = 'portolan.viewCache';
  const c = config.getOptionalConfig(prefix);
  if (!c) return DEFAULT_VIEW_CACHE_OPTIONS;
  const positive = (key: string, fallback: number) => {
    const value = c.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `${prefix}.${key} must be a positive integer, got ${value}`,
      );
    }
    return value;
  };
  return {
    maxBytes: positive('maxBytes', DEFAULT_VIEW_CACHE_OPTIONS.maxBytes),
    maxEntities: positive(
      'maxEntities',
      DEFAULT_VIEW_CACHE_OPTIONS.maxEntities,
    ),
    registryTtlMs: readDurationMs(
      c,
      'registryTtl',
      DEFAULT_VIEW_CACHE_OPTIONS.registryTtlMs,
      prefix,
    ),
    callerTtlMs: c.has('callerTtl')
      ? readDurationMs(
          c,
          'callerTtl',
          DEFAULT_VIEW_CACHE_OPTIONS.callerTtlMs,
          prefix,
        )
      : DEFAULT_VIEW_CACHE_OPTIONS.callerTtlMs,
  };
}

/** The entity route's answer. */
export interface CachedEntityView {
  /** The redacted JSON body. */
  body: Buffer;
  /** Strong ETag of `body`, quoted. */
  etag: string;
  /** The entity's view version (as in the change feed). */
  version: number;
  /** Whether it was answered from kept bytes. */
  cached: boolean;
}

/** What the cache counts, for tests and the bench. */
/** The sections a background reader needs, and the sources a change named. */
export interface PartialRead {
  sections: ReadonlySet<keyof EntityViewSections>;
  /** Only these sources (ids); all that declare a wanted section when absent. */
  sources?: ReadonlySet<string>;
}

export interface ViewCacheStats {
  /** Views built from memory. */
  builds: number;
  /** Partial views built for a background reader (`transientView` with sections). */
  partialBuilds: number;
  /** Registry stages run (entity route views built). */
  registryBuilds: number;
  /** Entity route views answered from kept bytes. */
  hits: number;
  /** Entity invalidations. */
  invalidations: number;
  entities: number;
  /** Distinct read keys entities are filed under (what change events are matched against). */
  readKeys: number;
  bytes: number;
}

interface MemoryView {
  assembled: AssembledView;
  runs: FleetRunsContribution;
  size: number;
}

interface RouteView {
  body: Buffer;
  etag: string;
  view: EntityView;
  generatedAt: string;
  /** Why the registry stage failed, when it did. */
  registryError?: string;
  expiresAt: number;
}

interface Entry {
  readonly entityRef: string;
  revision: string;
  version: number;
  /** Bumps on every invalidation: a build started before it is not kept. */
  generation: number;
  /** What its last full build read. */
  keys: ReadonlySet<string>;
  /**
   * What partial reads (the history recorder's) read since, beyond `keys`:
   * the entity is filed under both, so a partial read never narrows what
   * reaches its feed. A partial read of every source replaces it.
   */
  extra: ReadonlySet<string>;
  clusters: ReadonlySet<string>;
  memory?: MemoryView;
  route?: RouteView;
  /** The last route view, kept after an invalidation to keep its ETag if the rebuild reads the same. */
  previous?: RouteView;
  building?: { generation: number; promise: Promise<RouteView> };
}

const NOTHING: ReadonlySet<string> = new Set();

function sizeOf(entry: Entry): number {
  // The route view is kept as bytes and as the object fleet and
  // onboarding reads use: counted twice.
  return (
    (entry.memory?.size ?? 0) +
    (entry.route ? entry.route.body.length * 2 : 0) +
    (entry.previous && entry.previous !== entry.route
      ? entry.previous.body.length * 2
      : 0)
  );
}

/** The entity's revision: the catalog's etag, else a hash of the entity. */
export function entityRevision(entity: Entity): string {
  return (
    entity.metadata.etag ??
    createHash('sha1').update(JSON.stringify(entity)).digest('base64url')
  );
}

export class ViewCache {
  private readonly emitter: ViewChangeEmitter;
  /** Least recently used first. */
  private readonly entries = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly byCluster = new Map<string, Set<string>>();
  private readonly sourcesOfNeed = new Map<string, string[]>();
  private readonly callers: CallerTtlCache;
  private readonly unsubscribe: () => void;
  private versions = 0;
  private fleetVersion = 0;
  private bytes = 0;
  private readonly counts = {
    builds: 0,
    partialBuilds: 0,
    registryBuilds: 0,
    hits: 0,
    invalidations: 0,
  };

  constructor(
    private readonly deps: {
      fleet: {
        sources: SourceSet;
        onChange(listener: (change: ClusterCacheChange) => void): () => void;
      };
      views: Pick<
        FleetViews,
        | 'assembleRecorded'
        | 'sectionsRecorded'
        | 'registryStage'
        | 'readableEntities'
        | 'logSelection'
      >;
      /** Redacts a body before it is serialized (redaction/). */
      redact: (body: unknown) => unknown;
      logger: LoggerService;
      options?: Partial<ViewCacheOptions>;
      now?: () => number;
    },
  ) {
    this.emitter = new ViewChangeEmitter(deps.logger);
    const { sources } = deps.fleet;
    for (const source of sources.sources) {
      for (const resource of source.resources) {
        const need = sources.slotOf(resource)?.need;
        if (!need) continue;
        const ids = this.sourcesOfNeed.get(need.key) ?? [];
        if (!ids.includes(source.id)) ids.push(source.id);
        this.sourcesOfNeed.set(need.key, ids);
      }
    }
    this.callers = new CallerTtlCache(this.options.callerTtlMs);
    this.unsubscribe = deps.fleet.onChange(change => this.changed(change));
  }

  private get options(): ViewCacheOptions {
    return { ...DEFAULT_VIEW_CACHE_OPTIONS, ...this.deps.options };
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Which entity views (and fleet lists) may now read differently. */
  get feed(): ViewChangeFeed {
    return this.emitter;
  }

  get stats(): ViewCacheStats {
    return {
      ...this.counts,
      entities: this.entries.size,
      readKeys: this.byKey.size,
      bytes: this.bytes,
    };
  }

  /** Stops listening to the watch caches. */
  stop(): void {
    this.unsubscribe();
  }

  /** The entity's view from memory (no registry stage). */
  view(entity: Entity): EntityView {
    return this.memoryOf(entity).assembled.view;
  }

  /**
   * The entity's view from memory for a background reader that reads it
   * right after a change (the history recorder's change passes): the kept
   * view when it is current, else one built for this read and not kept.
   * Its reads are registered, so the entity's changes still reach the feed.
   * Under churn the next change would drop a kept view again at once:
   * keeping every view such a reader builds turns it into long-lived
   * garbage, which the old generation's collector pauses the event loop for.
   * With `wanted`, only those sections from only those sources are built
   * (a pod's status change: the running images, not the workloads).
   */
  transientView(entity: Entity, wanted?: PartialRead): EntityView {
    const entry = this.entryOf(entity, false);
    if (entry.memory) return entry.memory.assembled.view;
    const recorder = new ReadRecorder(this.deps.fleet.sources);
    if (wanted) {
      // Some sections only: filed under besides what the last full build
      // read, never in its place (that read more).
      const view = this.deps.views.sectionsRecorded(entity, recorder, wanted);
      this.counts.partialBuilds++;
      this.register(entry, recorder, wanted.sources ? 'add' : 'extra');
      return view;
    }
    const assembled = this.deps.views.assembleRecorded(entity, recorder);
    this.counts.builds++;
    this.register(entry, recorder);
    this.evict();
    return assembled.view;
  }

  /** As `FleetViews.assemble`, from the cache. */
  async assemble(
    entity: Entity,
    options: { images: boolean },
  ): Promise<AssembledView> {
    const { assembled } = this.memoryOf(entity);
    if (!options.images) return assembled;
    const { route } = await this.routeOf(entity);
    return { ...assembled, view: route.view };
  }

  /** The entity route's view, as bytes with its ETag. */
  async entityResponse(entity: Entity): Promise<CachedEntityView> {
    const { route, cached, entry } = await this.routeOf(entity);
    return {
      body: route.body,
      etag: route.etag,
      version: entry.version,
      cached,
    };
  }

  /** The pods whose logs belong to the entity. */
  logTargets(entity: Entity): LogTarget[] {
    return this.memoryOf(entity).assembled.logTargets;
  }

  logSelection(
    entity: Entity,
    where: Parameters<FleetViews['logSelection']>[1],
  ): LogSelection {
    return this.deps.views.logSelection(entity, where);
  }

  /**
   * The catalog's entities the caller may read the view of: one catalog
   * read and one batch of decisions, kept `callerTtl` for this caller.
   */
  readableEntities(
    credentials: BackstageCredentials,
    filter: Record<string, string> = { kind: 'Component' },
  ): Promise<Array<{ entityRef: string; entity: Entity }>> {
    return this.callers.get(
      credentials,
      `readable:${JSON.stringify(filter)}`,
      () => this.deps.views.readableEntities(credentials, filter),
    );
  }

  /** `GET /pipeline-runs` from the kept per-entity contributions. */
  async fleetPipelineRuns(
    credentials: BackstageCredentials,
    query: FleetPipelineRunsQuery,
  ): Promise<FleetPipelineRunsResponse> {
    const readable = await this.readableEntities(credentials);
    return fleetPipelineRunsFrom(
      query,
      readable.map(({ entityRef, entity }) => {
        try {
          return this.memoryOf(entity).runs;
        } catch (e) {
          return fleetRunsContribution(entityRef, () => {
            throw e;
          });
        }
      }),
    );
  }

  /** `GET /images` from the kept entity route views. */
  async fleetImages(
    credentials: BackstageCredentials,
    rebase?: RebaseStateName,
  ): Promise<FleetImagesResponse> {
    const readable = await this.readableEntities(credentials);
    return collectFleetImages(
      readable,
      async ({ entity }) => {
        const { route } = await this.routeOf(entity);
        // Without registry facts an image cannot be filtered by rebase.
        if (route.registryError) throw new Error(route.registryError);
        return route.view.images ?? [];
      },
      rebase,
    );
  }

  /**
   * The entry of the entity, current for its revision; made the most
   * recently used unless `touch` is false (a background read).
   */
  private entryOf(entity: Entity, touch = true): Entry {
    const entityRef = stringifyEntityRef(entity);
    const revision = entityRevision(entity);
    const known = this.entries.get(entityRef);
    if (!known) {
      const entry: Entry = {
        entityRef,
        revision,
        version: ++this.versions,
        generation: 0,
        keys: NOTHING,
        extra: NOTHING,
        clusters: NOTHING,
      };
      this.entries.set(entityRef, entry);
      return entry;
    }
    if (known.revision !== revision) {
      this.invalidate(known, ['entity']);
      known.revision = revision;
    }
    if (touch) {
      this.entries.delete(entityRef);
      this.entries.set(entityRef, known);
    }
    return known;
  }

  /**
   * The entity's memory view, built and kept when missing. Its size is
   * measured by serializing it, unless `unmeasured` (the entity route
   * sets it from the bytes it serializes anyway).
   */
  private memoryOf(entity: Entity, unmeasured = false): MemoryView {
    const entry = this.entryOf(entity);
    if (entry.memory) return entry.memory;
    const recorder = new ReadRecorder(this.deps.fleet.sources);
    const assembled = this.deps.views.assembleRecorded(entity, recorder);
    this.counts.builds++;
    this.register(entry, recorder);
    const memory: MemoryView = {
      assembled,
      runs: fleetRunsContribution(entry.entityRef, () => assembled.view),
      size: unmeasured ? 0 : Buffer.byteLength(JSON.stringify(assembled.view)),
    };
    this.account(entry, () => {
      entry.memory = memory;
    });
    this.evict();
    return memory;
  }

  private async routeOf(
    entity: Entity,
  ): Promise<{ route: RouteView; cached: boolean; entry: Entry }> {
    const memory = this.memoryOf(entity, true);
    const entry = this.entries.get(stringifyEntityRef(entity))!;
    const current = entry.route;
    if (current && current.expiresAt > this.now()) {
      this.counts.hits++;
      return { route: current, cached: true, entry };
    }
    if (current) {
      this.account(entry, () => {
        entry.previous = current;
        entry.route = undefined;
      });
    }
    const { generation } = entry;
    if (entry.building?.generation === generation) {
      return { route: await entry.building.promise, cached: false, entry };
    }
    const promise = this.buildRoute(entry, memory);
    entry.building = { generation, promise };
    try {
      const route = await promise;
      if (memory.size === 0 && entry.memory === memory) {
        // The view object the route bytes were serialized from, near enough.
        this.account(entry, () => {
          memory.size = route.body.length;
        });
      }
      if (
        entry.generation === generation &&
        this.entries.get(entry.entityRef) === entry &&
        route.expiresAt > this.now()
      ) {
        this.account(entry, () => {
          entry.route = route;
          entry.previous = undefined;
        });
        this.evict();
      }
      return { route, cached: false, entry };
    } finally {
      if (entry.building?.promise === promise) entry.building = undefined;
    }
  }

  private async buildRoute(
    entry: Entry,
    memory: MemoryView,
  ): Promise<RouteView> {
    const built = memory.assembled.view;
    const view = await this.deps.views.registryStage(built);
    this.counts.registryBuilds++;
    const registryError =
      view.sourceErrors.length > built.sourceErrors.length
        ? view.sourceErrors
            .slice(built.sourceErrors.length)
            .map(e => e.message)
            .join('; ')
        : undefined;
    const now = this.now();
    let expiresAt = Number.POSITIVE_INFINITY;
    if (registryError) expiresAt = now;
    else if (view.images?.length) expiresAt = now + this.options.registryTtlMs;
    // A rebuild that reads the same as before (but for when it was
    // generated) keeps the bytes and ETag: clients holding it get a 304.
    // Redacted once; `generatedAt` is a timestamp the redaction never
    // touches. Serialized once: `generatedAt` leads the body, so the rest
    // of the bytes compare with the previous body's and follow either stamp.
    const { generatedAt: _stamp, ...rest } = this.deps.redact(view) as Record<
      string,
      unknown
    >;
    const serialized = Buffer.from(JSON.stringify(rest));
    // `{…}` without its `{`; `}` alone when there is nothing but the stamp.
    const inner = serialized.subarray(1);
    const separator = inner.length > 1 ? ',' : '';
    const stamp = (at: string) =>
      Buffer.from(`{"generatedAt":${JSON.stringify(at)}${separator}`);
    const previous = entry.previous;
    if (previous) {
      const start = stamp(previous.generatedAt).length;
      if (
        previous.body.length === start + inner.length &&
        previous.body.subarray(start).equals(inner)
      ) {
        return {
          ...previous,
          view: { ...view, generatedAt: previous.generatedAt },
          registryError,
          expiresAt,
        };
      }
    }
    const body = Buffer.concat([stamp(view.generatedAt), inner]);
    return {
      body,
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      view,
      generatedAt: view.generatedAt,
      ...(registryError ? { registryError } : {}),
      expiresAt,
    };
  }

  /**
   * Files the entity under what a build read: a full build in place of
   * everything before (`full`); a partial read besides it (`add`), or, when
   * it read every source's sections, in place of the earlier partial reads
   * (`extra`: so that they cannot pile up between full builds).
   */
  private register(
    entry: Entry,
    recorder: ReadRecorder,
    mode: 'full' | 'add' | 'extra' = 'full',
  ): void {
    const read = recorder.keys;
    // Partial reads only: what they read beyond the full build's keys.
    const extra = new Set<string>();
    if (mode !== 'full') {
      for (const key of read) if (!entry.keys.has(key)) extra.add(key);
    }
    const unfile = (key: string) => {
      const refs = this.byKey.get(key);
      refs?.delete(entry.entityRef);
      if (refs?.size === 0) this.byKey.delete(key);
    };
    if (mode === 'full') {
      for (const key of entry.keys) if (!read.has(key)) unfile(key);
      for (const key of entry.extra) if (!read.has(key)) unfile(key);
    } else if (mode === 'extra') {
      for (const key of entry.extra) if (!extra.has(key)) unfile(key);
    }
    for (const key of read) {
      if (entry.keys.has(key) || entry.extra.has(key)) continue;
      let refs = this.byKey.get(key);
      if (!refs) {
        refs = new Set();
        this.byKey.set(key, refs);
      }
      refs.add(entry.entityRef);
    }
    if (mode === 'full') {
      entry.keys = read;
      entry.extra = NOTHING;
      for (const cluster of entry.clusters) {
        if (!recorder.clusters.has(cluster)) {
          this.byCluster.get(cluster)?.delete(entry.entityRef);
        }
      }
      entry.clusters = recorder.clusters;
    } else {
      if (mode === 'add') for (const key of entry.extra) extra.add(key);
      entry.extra = extra.size > 0 ? extra : NOTHING;
      // Clusters only ever add up between full builds (a handful).
      if ([...recorder.clusters].some(c => !entry.clusters.has(c))) {
        entry.clusters = new Set([...entry.clusters, ...recorder.clusters]);
      }
    }
    for (const cluster of entry.clusters) {
      let refs = this.byCluster.get(cluster);
      if (!refs) {
        refs = new Set();
        this.byCluster.set(cluster, refs);
      }
      refs.add(entry.entityRef);
    }
  }

  private forget(entry: Entry): void {
    this.account(entry, () => {
      entry.memory = undefined;
      entry.route = undefined;
      entry.previous = undefined;
    });
    this.register(entry, new ReadRecorder(this.deps.fleet.sources));
    this.entries.delete(entry.entityRef);
  }

  private account(entry: Entry, change: () => void): void {
    const before = sizeOf(entry);
    change();
    this.bytes += sizeOf(entry) - before;
  }

  private evict(): void {
    const { maxBytes, maxEntities } = this.options;
    if (this.bytes > maxBytes) {
      for (const entry of this.entries.values()) {
        if (this.bytes <= maxBytes) break;
        this.account(entry, () => {
          entry.memory = undefined;
          entry.route = undefined;
          entry.previous = undefined;
        });
      }
    }
    while (this.entries.size > maxEntities) {
      const oldest = this.entries.values().next().value as Entry;
      this.forget(oldest);
    }
  }

  private invalidate(entry: Entry, changed: readonly string[]): void {
    entry.generation++;
    entry.version = ++this.versions;
    this.counts.invalidations++;
    this.account(entry, () => {
      if (entry.route) entry.previous = entry.route;
      entry.route = undefined;
      entry.memory = undefined;
    });
    this.emitter.emitEntity({
      entityRef: entry.entityRef,
      version: entry.version,
      changed: [...changed],
    });
  }

  private invalidateAll(
    refs: Iterable<string> | undefined,
    changed: readonly string[],
  ): void {
    if (!refs) return;
    for (const ref of [...refs]) {
      const entry = this.entries.get(ref);
      if (entry) this.invalidate(entry, changed);
    }
  }

  private changed(change: ClusterCacheChange): void {
    try {
      if (change.kind === 'health') {
        this.invalidateAll(this.byCluster.get(change.cluster), ['clusters']);
        this.emitFleet(['clusters']);
        return;
      }
      const changed = this.sourcesOfNeed.get(change.need.key) ?? [];
      if (change.kind === 'reset') {
        this.invalidateAll(this.byCluster.get(change.cluster), changed);
      } else if (this.byKey.size > 0) {
        const hit = new Set<string>();
        for (const key of readKeysOfChanges(
          change.cluster,
          change.need,
          change.changes,
        )) {
          for (const ref of this.byKey.get(key) ?? NOTHING) hit.add(ref);
        }
        this.invalidateAll(hit, changed);
      }
      this.emitFleet(changed);
    } catch (e) {
      // Never the writer's problem; drop what is kept rather than serve it stale.
      this.deps.logger.error(
        `View cache: a change could not be applied, dropping kept views: ${
          toError(e).message
        }`,
      );
      for (const entry of [...this.entries.values()]) {
        this.invalidate(entry, ['clusters']);
      }
    }
  }

  private emitFleet(changed: readonly string[]): void {
    this.emitter.emitFleet({
      version: ++this.fleetVersion,
      changed: [...changed],
    });
  }
}
