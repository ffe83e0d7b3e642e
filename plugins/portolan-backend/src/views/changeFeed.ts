/*
 * The change feed of assembled views: which entity's view (or which fleet
 * list) may now read differently, and a version, never the data. The
 * view cache (`views/`) emits it from the watch caches' change events;
 * the signals publisher and the history recorder listen. Listeners run
 * synchronously on the cache's write path: they must be cheap and must not
 * throw (a throwing listener is logged and skipped, never the writer's
 * problem).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';

/** One entity's view may read differently. */
export interface EntityViewChange {
  /** The entity's ref as `stringifyEntityRef` writes it (lower case). */
  entityRef: string;
  /** Increases with every change of this entity's view inputs. */
  version: number;
  /**
   * What changed, coarse and non-sensitive: the ids of the sources whose
   * inputs changed (`workloads`, `tekton`, …), `clusters` for a cluster's
   * health, `entity` for the catalog entity itself.
   */
  changed: string[];
}

/** Something the fleet pages list (runs, images, clusters) may read differently. */
export interface FleetChange {
  /** Increases with every fleet change. */
  version: number;
  /** As {@link EntityViewChange.changed}. */
  changed: string[];
}

/** Subscribe to view changes; each returns its unsubscribe. */
export interface ViewChangeFeed {
  onEntityChange(listener: (change: EntityViewChange) => void): () => void;
  onFleetChange(listener: (change: FleetChange) => void): () => void;
}

/** The feed's writing side: the view cache owns one. */
export class ViewChangeEmitter implements ViewChangeFeed {
  private readonly entityListeners = new Set<
    (change: EntityViewChange) => void
  >();
  private readonly fleetListeners = new Set<(change: FleetChange) => void>();

  constructor(private readonly logger?: Pick<LoggerService, 'warn'>) {}

  onEntityChange(listener: (change: EntityViewChange) => void): () => void {
    this.entityListeners.add(listener);
    return () => this.entityListeners.delete(listener);
  }

  onFleetChange(listener: (change: FleetChange) => void): () => void {
    this.fleetListeners.add(listener);
    return () => this.fleetListeners.delete(listener);
  }

  emitEntity(change: EntityViewChange): void {
    for (const listener of this.entityListeners) {
      this.call(() => listener(change));
    }
  }

  emitFleet(change: FleetChange): void {
    for (const listener of this.fleetListeners) {
      this.call(() => listener(change));
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger?.warn(`A view change listener failed: ${toError(e).message}`);
    }
  }
}
