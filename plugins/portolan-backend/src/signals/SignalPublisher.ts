/*
 * Turns the view change feed into Backstage signals: one small message per
 * entity (`portolan:entity:<ref>`) or for the fleet (`portolan:fleet`),
 * carrying a version and what changed, never the data. Broadcast, because
 * the page refetches through the API with permissions enforced; a signal
 * only says "ask again".
 *
 * Coalescing: a key (an entity, or the fleet) is published at once when it
 * has been quiet, then at most once per window (500 ms); changes inside a
 * window are merged (latest version, union of `changed`) and published on
 * its trailing edge. One timer serves every key: windows open in time order,
 * so the map of open windows is also the queue. Memory is bounded: at most
 * `maxOpenWindows` keys are tracked; past that a change is published
 * directly, uncoalesced, rather than dropped.
 *
 * Owns no I/O of its own: publishing goes through the SignalsService, which
 * hands it to the events service (and so, with the events backend on
 * PostgreSQL, to every replica).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import {
  PORTOLAN_FLEET_CHANNEL,
  portolanEntityChannel,
  type PortolanEntityChangedSignal,
  type PortolanFleetChangedSignal,
} from '@portolan/plugin-portolan-common';
import type {
  SignalPayload,
  SignalsService,
} from '@backstage/plugin-signals-node';
import type {
  EntityViewChange,
  FleetChange,
  ViewChangeFeed,
} from '../views/changeFeed';

/** How often one key may be signalled at most. */
export const DEFAULT_SIGNAL_WINDOW_MS = 500;
/** How many keys may hold an open coalescing window at once. */
export const DEFAULT_MAX_OPEN_WINDOWS = 50_000;

const FLEET_KEY = '\u0000fleet';

interface Window {
  /** When this window closes (ms since epoch). */
  endsAt: number;
  /** Changes seen since the window opened, not yet published. */
  pending?: { version: number; changed: Set<string> };
}

export interface SignalPublisherOptions {
  signals: Pick<SignalsService, 'publish'>;
  logger: Pick<LoggerService, 'warn' | 'info'>;
  windowMs?: number;
  maxOpenWindows?: number;
}

/** Publishes coalesced change signals; see the module comment. */
export class SignalPublisher {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private readonly maxOpenWindows: number;
  private timer?: ReturnType<typeof setTimeout>;
  private timerAt?: number;
  private stopped = false;
  private warnedFull = false;
  private failures = 0;

  constructor(private readonly options: SignalPublisherOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_SIGNAL_WINDOW_MS;
    this.maxOpenWindows = options.maxOpenWindows ?? DEFAULT_MAX_OPEN_WINDOWS;
  }

  /** Listens to `feed` until the returned function is called. */
  listen(feed: ViewChangeFeed): () => void {
    const offEntity = feed.onEntityChange(change => this.entityChanged(change));
    const offFleet = feed.onFleetChange(change => this.fleetChanged(change));
    return () => {
      offEntity();
      offFleet();
    };
  }

  entityChanged(change: EntityViewChange): void {
    this.changed(change.entityRef.toLocaleLowerCase('en-US'), change);
  }

  fleetChanged(change: FleetChange): void {
    this.changed(FLEET_KEY, change);
  }

  /** How many keys hold an open window (for tests and diagnostics). */
  get openWindows(): number {
    return this.windows.size;
  }

  /** Stops the timer and forgets pending changes (shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.windows.clear();
  }

  private changed(
    key: string,
    change: { version: number; changed: string[] },
  ): void {
    if (this.stopped) return;
    const open = this.windows.get(key);
    if (open) {
      const pending = open.pending;
      if (pending) {
        pending.version = Math.max(pending.version, change.version);
        for (const c of change.changed) pending.changed.add(c);
      } else {
        open.pending = {
          version: change.version,
          changed: new Set(change.changed),
        };
      }
      return;
    }
    // Quiet key: publish now (lowest latency), then hold a window.
    this.publish(key, change.version, change.changed);
    if (this.windows.size >= this.maxOpenWindows) {
      if (!this.warnedFull) {
        this.warnedFull = true;
        this.options.logger.warn(
          `Portolan signals: more than ${this.maxOpenWindows} entities changing at once; publishing the rest uncoalesced`,
        );
      }
      return;
    }
    this.windows.set(key, { endsAt: Date.now() + this.windowMs });
    this.schedule();
  }

  private schedule(): void {
    const first = this.windows.values().next();
    if (first.done) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = undefined;
      return;
    }
    const at = first.value.endsAt;
    if (this.timer && this.timerAt !== undefined && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => this.closeWindows(),
      Math.max(0, at - Date.now()),
    );
    this.timer.unref?.();
  }

  private closeWindows(): void {
    this.timer = undefined;
    this.timerAt = undefined;
    if (this.stopped) return;
    const now = Date.now();
    // Insertion order is deadline order: stop at the first open window.
    for (const [key, window] of this.windows) {
      if (window.endsAt > now) break;
      this.windows.delete(key);
      const pending = window.pending;
      if (pending) {
        this.publish(key, pending.version, [...pending.changed]);
        // Published on the trailing edge: the next change waits a window.
        this.windows.set(key, { endsAt: now + this.windowMs });
      }
    }
    this.schedule();
  }

  private publish(key: string, version: number, changed: string[]): void {
    const sorted = [...new Set(changed)].sort();
    let signal: SignalPayload<
      PortolanEntityChangedSignal | PortolanFleetChangedSignal
    >;
    if (key === FLEET_KEY) {
      const message: PortolanFleetChangedSignal = {
        type: 'portolan.fleet.changed',
        version,
        changed: sorted,
      };
      signal = {
        channel: PORTOLAN_FLEET_CHANNEL,
        recipients: { type: 'broadcast' },
        message,
      };
    } else {
      const message: PortolanEntityChangedSignal = {
        type: 'portolan.entity.changed',
        entityRef: key,
        version,
        changed: sorted,
      };
      signal = {
        channel: portolanEntityChannel(key),
        recipients: { type: 'broadcast' },
        message,
      };
    }
    let sent: Promise<void>;
    try {
      sent = this.options.signals.publish(signal);
    } catch (e) {
      sent = Promise.reject(e);
    }
    sent.then(
      () => {
        if (this.failures > 0) {
          this.options.logger.info(
            `Portolan signals: publishing works again after ${this.failures} failure(s)`,
          );
          this.failures = 0;
        }
      },
      e => {
        // One line per outage, not per signal: pages still refetch on
        // their slow safety timer.
        if (this.failures++ === 0) {
          this.options.logger.warn(
            `Portolan signals: could not publish on ${signal.channel}: ${
              toError(e).message
            }`,
          );
        }
      },
    );
  }
}
