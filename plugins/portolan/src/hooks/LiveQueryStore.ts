/*
 * Keeps views live without hammering the backend or flickering: one poller
 * per key however many components show it (the Delivery tab and three
 * overview cards read one entity view), the previous value kept while the
 * next one loads, polling paused while the browser tab is hidden and resumed
 * (with an immediate refresh when stale) when it is shown again. A key with
 * a live channel (Backstage signals) refetches when a signal arrives there
 * instead of polling; its timer is only a slow safety net. Owns the timers,
 * the signal subscriptions and the in-flight requests; never renders.
 */

/** What a live query knows at one moment. */
export interface LiveQueryState<T> {
  value?: T;
  error?: Error;
  /** True until the first answer (value or error) arrives. */
  loading: boolean;
  /** True while a request is in flight, including background refreshes. */
  refreshing: boolean;
  /** When the last answer arrived (ms since epoch). */
  updatedAt?: number;
}

type Fetcher<T> = (signal: AbortSignal) => Promise<T>;

/** Where a key hears that its data changed (a Backstage SignalApi channel). */
export interface LiveChannel {
  channel: string;
  subscribe(channel: string, onMessage: () => void): { unsubscribe(): void };
}

interface Entry<T> {
  fetcher: Fetcher<T>;
  intervalMs: number;
  state: LiveQueryState<T>;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
  inFlight?: AbortController;
  live?: LiveChannel;
  liveSubscription?: { unsubscribe(): void };
  /** A signal arrived while a request was in flight or the tab hidden. */
  dirty?: boolean;
}

const INITIAL: LiveQueryState<never> = { loading: true, refreshing: false };

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Polls keyed queries for as long as something subscribes to them. */
export class LiveQueryStore {
  private readonly entries = new Map<string, Entry<any>>();
  private visibilityListening = false;

  /** The current state of a key (stable object until it changes). */
  getState<T>(key: string): LiveQueryState<T> {
    return this.entries.get(key)?.state ?? INITIAL;
  }

  /**
   * Starts polling `key` with `fetcher` while at least one listener is
   * subscribed. The latest fetcher and the shortest interval win. With
   * `live`, the key also refetches on every message on its channel (pass a
   * long interval then: the timer is only a safety net).
   */
  subscribe<T>(
    key: string,
    fetcher: Fetcher<T>,
    intervalMs: number,
    listener: () => void,
    live?: LiveChannel,
  ): () => void {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = {
        fetcher,
        intervalMs,
        state: INITIAL,
        listeners: new Set(),
      };
      this.entries.set(key, entry);
    } else {
      entry.fetcher = fetcher;
      entry.intervalMs =
        entry.listeners.size === 0
          ? intervalMs
          : Math.min(entry.intervalMs, intervalMs);
    }
    entry.listeners.add(listener);
    this.listenToVisibility();
    if (entry.listeners.size === 1) {
      entry.live = live;
      this.listenToChannel(key, entry);
      const fresh =
        entry.state.updatedAt !== undefined &&
        Date.now() - entry.state.updatedAt < entry.intervalMs;
      if (fresh) this.schedule(key, entry);
      else void this.run(key, entry);
    }
    const subscribed = entry;
    return () => {
      subscribed.listeners.delete(listener);
      if (subscribed.listeners.size === 0) {
        subscribed.liveSubscription?.unsubscribe();
        subscribed.liveSubscription = undefined;
        subscribed.dirty = false;
        this.stop(subscribed);
        // Keep the last answer briefly so a remount shows it at once.
        subscribed.state = { ...subscribed.state, refreshing: false };
      }
    };
  }

  /** Replaces the fetcher of a subscribed key (a component re-rendered with new inputs). */
  updateFetcher<T>(key: string, fetcher: Fetcher<T>): void {
    const entry = this.entries.get(key);
    if (entry) entry.fetcher = fetcher;
  }

  /** Fetches `key` now (a retry button, an action that changed the data). */
  refresh(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.listeners.size > 0) void this.run(key, entry);
  }

  private listenToChannel<T>(key: string, entry: Entry<T>): void {
    const live = entry.live;
    if (!live) return;
    entry.liveSubscription = live.subscribe(live.channel, () =>
      this.signalled(key, entry),
    );
  }

  /** Something changed: refetch once, now or when the tab is shown. */
  private signalled<T>(key: string, entry: Entry<T>): void {
    if (entry.listeners.size === 0) return;
    // A request in flight may have been answered before the change: fetch
    // again when it is done rather than aborting it (no flood of aborts
    // under a stream of signals).
    if (entry.inFlight || this.hidden()) {
      entry.dirty = true;
      return;
    }
    void this.run(key, entry);
  }

  private async run<T>(key: string, entry: Entry<T>): Promise<void> {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.dirty = false;
    entry.inFlight?.abort();
    const controller = new AbortController();
    entry.inFlight = controller;
    this.set(entry, { ...entry.state, refreshing: true });
    try {
      const value = await entry.fetcher(controller.signal);
      if (controller.signal.aborted) return;
      this.set(entry, {
        value,
        error: undefined,
        loading: false,
        refreshing: false,
        updatedAt: Date.now(),
      });
    } catch (e) {
      if (controller.signal.aborted || isAbort(e)) return;
      // Keep the last good value beside the error: a failed refresh does not
      // blank a view that was fine ten seconds ago.
      this.set(entry, {
        value: entry.state.value,
        error: e instanceof Error ? e : new Error(String(e)),
        loading: false,
        refreshing: false,
        updatedAt: Date.now(),
      });
    } finally {
      if (entry.inFlight === controller) entry.inFlight = undefined;
    }
    if (entry.listeners.size === 0) return;
    if (entry.dirty && !this.hidden()) void this.run(key, entry);
    else this.schedule(key, entry);
  }

  private schedule<T>(key: string, entry: Entry<T>): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (this.hidden()) return;
    entry.timer = setTimeout(() => void this.run(key, entry), entry.intervalMs);
  }

  private stop<T>(entry: Entry<T>): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.inFlight?.abort();
    entry.inFlight = undefined;
  }

  private set<T>(entry: Entry<T>, state: LiveQueryState<T>): void {
    entry.state = state;
    for (const listener of [...entry.listeners]) listener();
  }

  private hidden(): boolean {
    return typeof document !== 'undefined' && document.hidden;
  }

  private listenToVisibility(): void {
    if (this.visibilityListening || typeof document === 'undefined') return;
    this.visibilityListening = true;
    // Back online, the signals socket reconnects, but what changed while it
    // was down was never signalled: ask live keys once. (The SignalApi does
    // not tell its reconnects; the safety timer bounds the rest.)
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => {
        for (const [key, entry] of this.entries) {
          if (entry.live && entry.listeners.size > 0)
            this.signalled(key, entry);
        }
      });
    }
    document.addEventListener('visibilitychange', () => {
      for (const [key, entry] of this.entries) {
        if (entry.listeners.size === 0) continue;
        if (this.hidden()) {
          if (entry.timer) clearTimeout(entry.timer);
          entry.timer = undefined;
          continue;
        }
        const stale =
          entry.dirty ||
          entry.state.updatedAt === undefined ||
          Date.now() - entry.state.updatedAt >= entry.intervalMs;
        if (stale && !entry.inFlight) void this.run(key, entry);
        else if (!entry.inFlight) this.schedule(key, entry);
      }
    });
  }
}
