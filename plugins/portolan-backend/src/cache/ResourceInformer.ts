/*
 * One informer: keeps one resource type of one cluster in memory. Lists in
 * pages (projecting each item as it is parsed), then watches with
 * bookmarks from the listed resourceVersion, resumes from the last version
 * seen when a watch ends, relists on 410 Gone and periodically, and backs
 * off with jitter on failure. Owns the health of its resource; never
 * throws out of its loop; never logs credentials.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type { ClusterHealth } from '@portolan/plugin-portolan-common';
import type {
  KubeObject,
  ResourceDeclaration,
  ResourceScope,
} from '@portolan/plugin-portolan-node';
import {
  KubeClient,
  KubeRequestError,
  RequestAbortedError,
} from '../clusters/KubeClient';
import { backoffDelay, sleep } from './backoff';
import { BookmarkDeadline } from './bookmarkDeadline';
import type { CacheOptions } from './CacheOptions';
import { HealthTracker } from './health';
import { parseWatchEvent } from '../clusters/parseKubeJson';
import {
  AnnotationFilter,
  StoredObject,
  projectObject,
} from '@portolan/plugin-portolan-node';
import { ResourceStore, type StoreIndex } from '@portolan/plugin-portolan-node';

/** A resource type as a cluster serves it (the version chosen by discovery). */
export interface ServedResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

/** What an informer needs to run. */
export interface ResourceInformerDeps {
  clusterName: string;
  client: KubeClient;
  resource: ServedResource;
  consumers: readonly ResourceDeclaration<unknown>[];
  /** Only this namespace / field selector, when the need is scoped. */
  scope?: ResourceScope;
  annotations: AnnotationFilter;
  /** The store's secondary indexes (labels and declared ones). */
  indexes: readonly StoreIndex[];
  options: CacheOptions;
  logger: LoggerService;
  /** The longest watch event line accepted (default: KubeClient's bound). */
  maxWatchLineLength?: number;
  /** Hears every change of this resource's health (state or message). */
  onHealthChange?: () => void;
}

/** A list page without its items (they go to the projection one by one). */
interface ListResponse {
  metadata?: { resourceVersion?: string; continue?: string };
}

interface WatchEvent {
  type?: string;
  object?: KubeObject & { code?: number; reason?: string; message?: string };
}

/** Relists from the start after an expired continue token before backing off. */
const MAX_LIST_RESTARTS = 3;

/** A watch that lived this long (or delivered events) was healthy: retries start over. */
const HEALTHY_WATCH_MS = 10_000;

/** Raised when a stream passes its bookmark deadline. */
class WatchStalledError extends KubeRequestError {}

function isGone(e: unknown): boolean {
  return (
    e instanceof KubeRequestError &&
    (e.status === 410 || e.reason === 'Expired' || e.reason === 'Gone')
  );
}

/** The path of a resource type's collection across all namespaces. */
export function collectionPath(resource: ServedResource): string {
  return resource.group
    ? `/apis/${resource.group}/${resource.version}/${resource.plural}`
    : `/api/${resource.version}/${resource.plural}`;
}

/** The collection an informer reads: all namespaces, or its scope's one. */
export function scopedCollectionPath(
  resource: ServedResource,
  scope: ResourceScope | undefined,
): string {
  if (!scope || !resource.namespaced) return collectionPath(resource);
  const base = resource.group
    ? `/apis/${resource.group}/${resource.version}`
    : `/api/${resource.version}`;
  return `${base}/namespaces/${encodeURIComponent(scope.namespace)}/${
    resource.plural
  }`;
}

export class ResourceInformer {
  readonly store: ResourceStore;
  private readonly health: HealthTracker;
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private resourceVersion?: string;
  private hasListed = false;
  private nextResyncAt = 0;
  private watchEndedAt?: Date;
  private watchOpenedAt?: number;
  /** Whether the current watch delivered an event. */
  private delivered = false;
  private goneInARow = 0;
  private projectionFailures = 0;
  private lastFailure?: string;
  /** How long a stream may be silent, from the server's bookmark period. */
  private readonly bookmarks = new BookmarkDeadline();
  /** The last watch stalled: the next one is healthy once it sends something. */
  private stalled = false;

  constructor(private readonly deps: ResourceInformerDeps) {
    this.store = new ResourceStore(deps.indexes);
    this.health = new HealthTracker('syncing', new Date(), deps.onHealthChange);
  }

  get resource(): ServedResource {
    return this.deps.resource;
  }

  get healthValue(): ClusterHealth {
    return this.health.value;
  }

  /** Starts listing and watching in the background. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the watch and waits for the loop to finish. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get path(): string {
    return scopedCollectionPath(this.deps.resource, this.deps.scope);
  }

  private get name(): string {
    const r = this.deps.resource;
    return r.group ? `${r.plural}.${r.group}` : r.plural;
  }

  /** A watch that lived long enough or delivered events: retries start over. */
  private watchWasHealthy(): boolean {
    return (
      this.delivered ||
      (this.watchOpenedAt !== undefined &&
        Date.now() - this.watchOpenedAt >= HEALTHY_WATCH_MS)
    );
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    const retry = () =>
      sleep(backoffDelay(attempt++, this.deps.options.backoff), signal);
    while (!signal.aborted) {
      this.watchOpenedAt = undefined;
      this.delivered = false;
      try {
        if (!this.resourceVersion || Date.now() >= this.nextResyncAt) {
          await this.list(signal);
        }
        await this.watch(signal);
        this.watchEndedAt = new Date();
        if (this.watchWasHealthy()) {
          attempt = 0;
        } else {
          // A watch that ends as soon as it opens must not become a hot loop.
          await retry();
        }
      } catch (e) {
        if (signal.aborted || e instanceof RequestAbortedError) {
          break;
        }
        if (this.watchWasHealthy()) {
          attempt = 0;
        }
        if (isGone(e)) {
          // History compacted past our version: start over from a fresh list.
          this.deps.logger.debug(
            `${this.deps.clusterName}: ${this.name}: resourceVersion expired, relisting`,
          );
          this.resourceVersion = undefined;
          if (this.goneInARow++ > 0) {
            await retry();
          }
          continue;
        }
        this.recordFailure(e);
        const asked =
          e instanceof KubeRequestError ? e.retryAfterMs : undefined;
        if (asked !== undefined) {
          // 429/503 with Retry-After: wait at least as long as asked.
          const delay = backoffDelay(attempt++, this.deps.options.backoff);
          await sleep(Math.max(delay, asked), signal);
        } else {
          await retry();
        }
      }
    }
  }

  /**
   * The store holds the last complete list but may be behind: stale with
   * the reason (or still syncing when there is no complete list yet).
   */
  private markStale(message: string): void {
    if (!this.hasListed) {
      this.health.set('syncing', message);
      return;
    }
    const before = this.health.state;
    this.health.set(
      'stale',
      message,
      before === 'stale' ? undefined : this.watchEndedAt ?? new Date(),
    );
    if (before !== 'stale') {
      this.deps.logger.warn(
        `${this.deps.clusterName}: ${this.name}: stale: ${message}`,
      );
    }
  }

  private recordFailure(e: unknown): void {
    const message = toError(e).message;
    const error = e instanceof KubeRequestError ? e : undefined;
    const before = this.health.state;
    if (error?.kind === 'credentials' || error?.status === 401) {
      this.health.set('unauthorized', message);
    } else if (error?.status === 403) {
      this.health.set('forbidden', message);
    } else if (error?.status === 404) {
      this.health.set('not-installed', message);
    } else if (this.hasListed) {
      this.health.set(
        'stale',
        message,
        before === 'stale' ? undefined : this.watchEndedAt,
      );
    } else {
      this.health.set('unreachable', message);
    }
    if (this.health.state !== before) {
      this.deps.logger.warn(
        `${this.deps.clusterName}: ${this.name}: ${this.health.state}: ${message}`,
      );
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const { client, options } = this.deps;
    const objects: StoredObject[] = [];
    const failuresBefore = this.projectionFailures;
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    let restarts = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: String(options.pageSize) });
      if (this.deps.scope?.fieldSelector) {
        query.set('fieldSelector', this.deps.scope.fieldSelector);
      }
      if (continueToken) query.set('continue', continueToken);
      let page: ListResponse;
      try {
        // Item by item: each parsed object is projected and dropped before
        // the next is parsed (see KubeClient.getList).
        const { list, hasItems } = await client.getList(
          `${this.path}?${query}`,
          { signal, timeoutMs: options.requestTimeoutMs },
          item => {
            // On a relist most objects are unchanged: their stored
            // metadata is reused instead of being built again.
            const object = item as KubeObject;
            const stored = this.project(object, this.stored(object));
            if (stored) objects.push(stored);
          },
        );
        if (!hasItems) {
          throw new KubeRequestError(
            `list ${this.name}: the response has no items`,
            'malformed',
          );
        }
        page = list as ListResponse;
      } catch (e) {
        if (continueToken && isGone(e)) {
          // The continue token expired between pages (etcd compacted past
          // it): list again from the start, as client-go does. The store
          // keeps the last complete list until a new one is complete.
          restarts++;
          const reason = `list ${this.name}: the continue token expired after ${objects.length} objects (410); relisting from the start (${restarts}/${MAX_LIST_RESTARTS})`;
          this.markStale(reason);
          if (restarts >= MAX_LIST_RESTARTS) {
            throw new KubeRequestError(reason, 'http', 503, 'ListRestarted');
          }
          objects.length = 0;
          continueToken = undefined;
          this.lastFailure = undefined;
          continue;
        }
        throw e;
      }
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
      if (!continueToken) break;
    }
    this.store.replaceAll(objects);
    this.resourceVersion = resourceVersion;
    this.hasListed = true;
    this.stalled = false;
    const resync = options.resyncIntervalMs;
    this.nextResyncAt = Date.now() + resync * (0.9 + Math.random() * 0.2);
    this.watchEndedAt = undefined;
    // Malformed items are skipped, not fatal: say how many, visibly.
    const skipped = this.projectionFailures - failuresBefore;
    const note =
      skipped > 0
        ? `${skipped} malformed object(s) skipped or read in part in the last list (last: ${this.lastFailure})`
        : undefined;
    if (this.health.state !== 'synced' || this.health.value.message !== note) {
      this.health.set('synced', note);
      this.deps.logger.debug(
        `${this.deps.clusterName}: ${this.name}: synced ${this.store.size} objects`,
      );
    }
  }

  private async watch(signal: AbortSignal): Promise<void> {
    const { client, options } = this.deps;
    const [min, max] = options.watchTimeoutSeconds;
    const timeoutSeconds = Math.round(min + Math.random() * (max - min));
    const query = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(timeoutSeconds),
    });
    if (this.deps.scope?.fieldSelector) {
      query.set('fieldSelector', this.deps.scope.fieldSelector);
    }
    if (this.resourceVersion)
      query.set('resourceVersion', this.resourceVersion);
    // Stop watching at the resync time so the relist is not late.
    const untilResync = AbortSignal.timeout(
      Math.max(1000, Math.round(this.nextResyncAt - Date.now())),
    );
    // The bookmark deadline: re-armed by every line, once the period is known.
    const stall = new AbortController();
    let stallTimer: NodeJS.Timeout | undefined;
    let deadlineMs: number | undefined;
    let lastBookmarkAt: number | undefined;
    const armStall = () => {
      deadlineMs = this.bookmarks.deadline(options.watchIdleTimeoutMs);
      if (deadlineMs === undefined) return;
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stall.abort(), deadlineMs);
    };
    const watchSignal = AbortSignal.any([signal, untilResync, stall.signal]);
    try {
      await client.watch(`${this.path}?${query}`, {
        signal: watchSignal,
        connectTimeoutMs: options.requestTimeoutMs,
        ...(this.deps.maxWatchLineLength
          ? { maxLineLength: this.deps.maxWatchLineLength }
          : {}),
        idleTimeoutMs: Math.max(
          options.watchIdleTimeoutMs,
          (timeoutSeconds + 30) * 1000,
        ),
        onOpen: () => {
          this.watchOpenedAt = Date.now();
          this.watchEndedAt = undefined;
          // After a stall, an open stream proves nothing: wait for a line.
          if (this.health.state !== 'synced' && !this.stalled) {
            this.health.set('synced');
          }
          armStall();
        },
        onLine: line => {
          const type = this.apply(line);
          this.delivered = true;
          this.goneInARow = 0;
          if (type === 'BOOKMARK') {
            const now = Date.now();
            if (lastBookmarkAt !== undefined) {
              this.bookmarks.observeGap(now - lastBookmarkAt);
            }
            lastBookmarkAt = now;
          }
          if (this.stalled) {
            this.stalled = false;
            this.health.set('synced');
            this.deps.logger.info(
              `${this.deps.clusterName}: ${this.name}: the watch delivers again`,
            );
          }
          armStall();
        },
      });
    } catch (e) {
      if (
        e instanceof RequestAbortedError &&
        stall.signal.aborted &&
        !signal.aborted
      ) {
        this.stalled = true;
        const period = this.bookmarks.period ?? 0;
        // The next stream gets longer, in case the deadline was too tight.
        this.bookmarks.stalled(deadlineMs ?? 0);
        throw new WatchStalledError(
          `watch ${this.name}: no event or bookmark for ${Math.round(
            (deadlineMs ?? 0) / 1000,
          )} s (bookmarks came every ~${Math.round(
            period / 1000,
          )} s): the stream stalled; watching again from the last version`,
          'timeout',
        );
      }
      if (
        e instanceof RequestAbortedError &&
        untilResync.aborted &&
        !signal.aborted
      ) {
        return; // time to resync; the loop relists
      }
      throw e;
    } finally {
      clearTimeout(stallTimer);
    }
  }

  /** Applies one watch line; returns its event type. */
  private apply(line: string): string | undefined {
    let event: WatchEvent;
    try {
      event = parseWatchEvent(line) as WatchEvent;
    } catch {
      throw new KubeRequestError(
        `watch ${this.name}: an event is not valid JSON`,
        'malformed',
      );
    }
    const object = event?.object;
    if (!object || typeof object !== 'object') {
      throw new KubeRequestError(
        `watch ${this.name}: an event has no object`,
        'malformed',
      );
    }
    const version = object.metadata?.resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const stored = this.project(object, this.stored(object));
        if (stored) this.store.upsert(stored);
        break;
      }
      case 'DELETED': {
        const name = object.metadata?.name;
        if (name) this.store.remove(object.metadata?.namespace, name);
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR':
        throw new KubeRequestError(
          `watch ${this.name}: ${
            object.message ?? object.reason ?? 'error event'
          }`,
          'http',
          typeof object.code === 'number' ? object.code : undefined,
          typeof object.reason === 'string' ? object.reason : undefined,
        );
      default:
        throw new KubeRequestError(
          `watch ${this.name}: unknown event type '${event.type}'`,
          'malformed',
        );
    }
    if (typeof version === 'string' && version) {
      this.resourceVersion = version;
    }
    return event.type;
  }

  /** The stored version of a raw object, if any. */
  private stored(object: KubeObject): StoredObject | undefined {
    const metadata = object?.metadata;
    const name = metadata?.name;
    if (typeof name !== 'string') return undefined;
    const namespace = metadata?.namespace;
    return this.store.get(
      typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
      name,
    );
  }

  private project(
    object: KubeObject,
    previous: StoredObject | undefined,
  ): StoredObject | undefined {
    const result = projectObject(
      object,
      this.deps.consumers,
      this.deps.annotations,
      previous,
    );
    for (const failure of result.failures) {
      this.projectionFailures++;
      this.lastFailure = failure;
      // The first failures tell what is wrong; after that, a count is enough.
      if (
        this.projectionFailures <= 3 ||
        this.projectionFailures % 1000 === 0
      ) {
        this.deps.logger.warn(
          `${this.deps.clusterName}: ${this.name}: projection failed (${this.projectionFailures} so far): ${failure}`,
        );
      }
    }
    return result.stored;
  }
}
