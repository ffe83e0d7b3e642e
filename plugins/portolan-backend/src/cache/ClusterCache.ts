/*
 * The watch cache of one cluster: discovery (again every few minutes, so a
 * CRD installed later is picked up), then one informer per needed resource
 * type the cluster serves. Owns the cluster's health. Runs in the
 * background: nothing here makes the backend wait for a slow or dead
 * cluster, and one cluster's trouble never touches another's. Tells its
 * change listeners of every store change (objects a relist really
 * changed only), every health change, and every store that was replaced
 * or dropped (an informer restarted on another version, a need no longer
 * served).
 */
import { toError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterHealth,
  ClusterResource,
} from '@portolan/plugin-portolan-common';
import type { KubeClient } from '../clusters/KubeClient';
import { KubeRequestError, RequestAbortedError } from '../clusters/KubeClient';
import type { ClusterDefinition } from '../clusters/types';
import type { ResourceNeed, StoreChange } from '@portolan/plugin-portolan-node';
import { backoffDelay, sleep } from './backoff';
import type { CacheOptions } from './CacheOptions';
import { discover, Discovery } from './discovery';
import { HealthTracker, worstHealth } from './health';
import { ResourceInformer } from './ResourceInformer';

/** The state of one need on this cluster: an informer, or why there is none. */
type NeedState =
  | { kind: 'informer'; informer: ResourceInformer }
  | { kind: 'absent'; health: HealthTracker };

/**
 * A change of a cluster's cache, after it is applied: objects of one need
 * changed, the cluster's health (or any of its resources', or discovery's)
 * changed, or a need's store was replaced or dropped as a whole.
 */
export type ClusterCacheChange =
  | {
      kind: 'objects';
      cluster: string;
      need: ResourceNeed;
      changes: readonly StoreChange[];
    }
  | { kind: 'health'; cluster: string }
  | { kind: 'reset'; cluster: string; need: ResourceNeed };

/** Hears a cluster cache's changes; must be cheap and must not throw. */
export type ClusterCacheListener = (change: ClusterCacheChange) => void;

/** What the cache knows about one cluster, for `GET /clusters`. */
export interface ClusterCacheStatus {
  health: ClusterHealth;
  gitVersion?: string;
  resources: ClusterResource[];
}

export class ClusterCache {
  private readonly listeners = new Set<ClusterCacheListener>();
  private readonly discoveryHealth = new HealthTracker(
    'syncing',
    new Date(),
    () => this.healthChanged(),
  );
  private readonly abort = new AbortController();
  private readonly states = new Map<string, NeedState>();
  private discovery?: Discovery;
  private loop?: Promise<void>;
  /** The last folded health and what it was folded from (read on every entity view). */
  private healthMemo?: {
    discovery: ClusterHealth;
    parts: readonly ClusterHealth[];
    value: ClusterHealth;
  };

  constructor(
    readonly cluster: ClusterDefinition,
    private readonly client: KubeClient,
    private readonly needs: readonly ResourceNeed[],
    private readonly options: CacheOptions,
    private readonly logger: LoggerService,
  ) {
    for (const need of needs) {
      this.states.set(need.key, {
        kind: 'absent',
        health: this.healthTracker(),
      });
    }
  }

  /** Subscribes to this cluster's changes; returns the unsubscribe. */
  onChange(listener: ClusterCacheListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: ClusterCacheChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (e) {
        this.logger.warn(
          `${this.name}: a change listener failed: ${toError(e).message}`,
        );
      }
    }
  }

  private healthChanged(): void {
    if (this.listeners.size > 0) {
      this.emit({ kind: 'health', cluster: this.name });
    }
  }

  private healthTracker(): HealthTracker {
    return new HealthTracker('syncing', new Date(), () => this.healthChanged());
  }

  get name(): string {
    return this.cluster.name;
  }

  get gitVersion(): string | undefined {
    return this.discovery?.gitVersion;
  }

  get apiGroups(): readonly string[] {
    return this.discovery?.apiGroups ?? [];
  }

  /** The informer of a need, when the cluster serves it. */
  informerOf(need: ResourceNeed): ResourceInformer | undefined {
    const state = this.states.get(need.key);
    return state?.kind === 'informer' ? state.informer : undefined;
  }

  /** The health of one need on this cluster. */
  needHealth(need: ResourceNeed): ClusterHealth {
    const state = this.states.get(need.key);
    if (!state) {
      return { state: 'not-installed', since: new Date(0).toISOString() };
    }
    if (!this.discovery && state.kind === 'absent') {
      return this.discoveryHealth.value;
    }
    return state.kind === 'informer'
      ? state.informer.healthValue
      : state.health.value;
  }

  /** The cluster's health: discovery's until it first succeeds, then the worst of its resources. */
  get health(): ClusterHealth {
    if (!this.discovery) {
      return this.discoveryHealth.value;
    }
    // Health values are replaced, never mutated: unchanged identities mean
    // an unchanged fold.
    const discovery = this.discoveryHealth.value;
    const parts = this.needs.map(need => this.needHealth(need));
    const memo = this.healthMemo;
    if (
      memo &&
      memo.discovery === discovery &&
      memo.parts.every((part, i) => part === parts[i])
    ) {
      return memo.value;
    }
    const value = worstHealth(
      this.needs.flatMap((need, i) =>
        // An optional resource the credentials may not read costs that
        // resource only (its own state still shows in the status).
        need.optional && parts[i].state === 'forbidden'
          ? []
          : [
              {
                name: need.group ? `${need.plural}.${need.group}` : need.plural,
                health: parts[i],
              },
            ],
      ),
      discovery,
    );
    this.healthMemo = { discovery, parts, value };
    return value;
  }

  status(): ClusterCacheStatus {
    return {
      health: this.health,
      gitVersion: this.gitVersion,
      resources: this.needs.map(need => {
        const health = this.needHealth(need);
        const informer = this.informerOf(need);
        return {
          group: need.group,
          version: informer?.resource.version ?? need.versions[0],
          plural: need.plural,
          kind: informer?.resource.kind ?? need.kind,
          state: health.state,
          since: health.since,
          ...(health.message ? { message: health.message } : {}),
          count: informer?.store.size ?? 0,
        };
      }),
    };
  }

  /** Starts discovery and the informers in the background; returns at once. */
  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await Promise.all(
      [...this.states.values()].map(s =>
        s.kind === 'informer' ? s.informer.stop() : undefined,
      ),
    );
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const found = await discover(this.client, this.needs, {
          signal,
          timeoutMs: this.options.requestTimeoutMs,
        });
        if (signal.aborted) break;
        if (this.discoveryHealth.state !== 'synced') {
          this.logger.info(
            `${this.name}: reached ${found.gitVersion ?? 'API server'}`,
          );
        }
        const before = this.discovery;
        this.discovery = found;
        this.discoveryHealth.set('synced');
        if (
          before &&
          (before.gitVersion !== found.gitVersion ||
            before.apiGroups.join() !== found.apiGroups.join())
        ) {
          this.healthChanged();
        }
        await this.reconcile(found);
        const unavailable = [...found.needs.values()].filter(
          n => n.status === 'unavailable',
        );
        if (unavailable.length > 0) {
          // Some group-versions could not be asked (429/5xx): ask again
          // soon, honouring Retry-After, instead of in minutes.
          const asked = Math.max(
            0,
            ...unavailable.map(n =>
              n.status === 'unavailable' ? n.retryAfterMs ?? 0 : 0,
            ),
          );
          const delay = backoffDelay(attempt++, this.options.backoff);
          await sleep(Math.max(delay, asked), signal);
          continue;
        }
        attempt = 0;
        const interval = this.options.rediscoveryIntervalMs;
        await sleep(interval * (0.9 + Math.random() * 0.2), signal);
      } catch (e) {
        if (signal.aborted || e instanceof RequestAbortedError) break;
        this.recordDiscoveryFailure(e);
        const delay = backoffDelay(attempt++, this.options.backoff);
        const asked = e instanceof KubeRequestError ? e.retryAfterMs ?? 0 : 0;
        await sleep(Math.max(delay, asked), signal);
      }
    }
  }

  private recordDiscoveryFailure(e: unknown): void {
    const message = toError(e).message;
    const error = e instanceof KubeRequestError ? e : undefined;
    const before = this.discoveryHealth.state;
    if (error?.kind === 'credentials' || error?.status === 401) {
      this.discoveryHealth.set('unauthorized', message);
    } else if (error?.status === 403) {
      this.discoveryHealth.set('forbidden', message);
    } else {
      this.discoveryHealth.set('unreachable', message);
    }
    if (before !== this.discoveryHealth.state) {
      this.logger.warn(
        `${this.name}: discovery ${this.discoveryHealth.state}: ${message}`,
      );
    }
  }

  /** Starts informers for newly served needs and stops those no longer served. */
  private async reconcile(found: Discovery): Promise<void> {
    for (const need of this.needs) {
      const result = found.needs.get(need.key);
      const state = this.states.get(need.key)!;
      if (result?.status === 'served') {
        if (
          state.kind === 'informer' &&
          state.informer.resource.version === result.resource.version
        ) {
          continue;
        }
        if (state.kind === 'informer') await this.dropInformer(need, state);
        const informer = new ResourceInformer({
          clusterName: this.name,
          client: this.client,
          resource: result.resource,
          consumers: need.consumers,
          ...(need.scope ? { scope: need.scope } : {}),
          annotations: need.annotations,
          indexes: need.indexes,
          options: this.options,
          logger: this.logger,
          onHealthChange: () => this.healthChanged(),
        });
        informer.store.onChange(changes =>
          this.emit({ kind: 'objects', cluster: this.name, need, changes }),
        );
        this.states.set(need.key, { kind: 'informer', informer });
        informer.start();
      } else if (result?.status === 'unavailable') {
        // Unknown, not absent: a running informer keeps its data and
        // reports its own health; without one, say why there is nothing.
        if (state.kind === 'informer') continue;
        const health =
          state.kind === 'absent' ? state.health : this.healthTracker();
        if (health.state !== 'unreachable') {
          this.logger.warn(
            `${this.name}: ${need.plural}: discovery unavailable (${result.message})`,
          );
        }
        health.set('unreachable', result.message);
        this.states.set(need.key, { kind: 'absent', health });
      } else {
        if (state.kind === 'informer') await this.dropInformer(need, state);
        const health =
          state.kind === 'absent' ? state.health : this.healthTracker();
        const next = result?.status ?? 'not-installed';
        const message =
          result && 'message' in result ? result.message : undefined;
        if (health.state !== next) {
          this.logger.info(
            `${this.name}: ${need.plural}: ${next}${
              message ? ` (${message})` : ''
            }`,
          );
        }
        health.set(next, message);
        this.states.set(need.key, { kind: 'absent', health });
      }
    }
  }

  /** Stops an informer whose store readers will no longer see. */
  private async dropInformer(
    need: ResourceNeed,
    state: { kind: 'informer'; informer: ResourceInformer },
  ): Promise<void> {
    await state.informer.stop();
    this.emit({ kind: 'reset', cluster: this.name, need });
  }
}
