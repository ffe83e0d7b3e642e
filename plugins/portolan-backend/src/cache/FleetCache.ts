/*
 * The watch caches of every cluster, in configuration order. Starting it
 * returns at once; each cluster connects in the background.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RegisteredCluster } from '../clusters/ClusterRegistry';
import type { SourceSet } from '@portolan/plugin-portolan-node';
import { ClusterStoreReader } from '@portolan/plugin-portolan-node';
import type { CacheOptions } from './CacheOptions';
import { ClusterCache, type ClusterCacheListener } from './ClusterCache';

export class FleetCache {
  readonly clusters: readonly ClusterCache[];
  private readonly snapshots: readonly ClusterStoreReader[];

  constructor(
    clusters: readonly RegisteredCluster[],
    readonly sources: SourceSet,
    options: CacheOptions,
    logger: LoggerService,
  ) {
    this.clusters = clusters.map(
      c =>
        new ClusterCache(
          c.definition,
          c.client,
          sources.needs,
          options,
          logger.child({ cluster: c.definition.name }),
        ),
    );
    this.snapshots = this.clusters.map(c => new ClusterStoreReader(c, sources));
  }

  /** Subscribes to every cluster's changes; returns the unsubscribe. */
  onChange(listener: ClusterCacheListener): () => void {
    const offs = this.clusters.map(c => c.onChange(listener));
    return () => offs.forEach(off => off());
  }

  start(): void {
    for (const c of this.clusters) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.clusters.map(c => c.stop()));
  }

  /** Read views of every cluster's cache. */
  snapshotAll(): readonly ClusterStoreReader[] {
    return this.snapshots;
  }
}
