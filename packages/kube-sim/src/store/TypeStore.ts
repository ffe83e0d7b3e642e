import type { ResourceType } from '../resources/ResourceType';
import { ApiError } from './ApiError';
import type { FieldSelector } from './FieldSelector';
import type { LabelSelector } from './LabelSelector';
import {
  insertSorted,
  lowerBound,
  prefixEnd,
  removeSorted,
  upperBound,
} from './sortedKeys';
import {
  StoredEntry,
  type StoreEvent,
  type WatchEventType,
} from './StoredEntry';

/** Receives the events of one type that pass its filters. */
export interface StoreWatcher {
  readonly namespace?: string;
  readonly label: LabelSelector;
  readonly field: FieldSelector;
  send(type: WatchEventType, entry: StoredEntry): void;
  /** Ends the stream (the type stopped being served). */
  end?(): void;
}

export interface ListQuery {
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  limit?: number;
  /** Key after which to start (from a continue token). */
  after?: string;
  /** The revision whose state to serve. */
  snapshotRv: number;
}

export interface ListPage {
  entries: StoredEntry[];
  /** Set when more keys follow in the range: the last key served. */
  lastKey?: string;
  /** Keys left in the range after this page (only when unfiltered). */
  remaining?: number;
}

/**
 * The objects of one resource type: indexed by key (`ns/name` or `name`),
 * with a sorted key array for paginated lists and a bounded window of recent
 * events for watch resumption and consistent snapshots.
 */
export class TypeStore {
  private readonly entries = new Map<string, StoredEntry>();
  private keys: string[] = [];
  private events: StoreEvent[] = [];
  private head = 0;
  /** Events with rv <= compactedRv are gone from the window. */
  private compactedRvValue = 0;
  readonly watchers = new Set<StoreWatcher>();

  constructor(
    readonly type: ResourceType,
    private readonly windowSize: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get compactedRv(): number {
    return this.compactedRvValue;
  }

  static keyOf(namespace: string | undefined, name: string): string {
    return namespace ? `${namespace}/${name}` : name;
  }

  get(key: string): StoredEntry | undefined {
    return this.entries.get(key);
  }

  /** Loads entries without events (initial state); the window starts after them. */
  load(entries: StoredEntry[], rv: number): void {
    for (const e of entries) this.entries.set(e.key, e);
    this.keys = [...this.entries.keys()].sort();
    this.compactedRvValue = Math.max(this.compactedRvValue, rv);
  }

  /** Records a change: updates the index, the window, and notifies watchers. */
  apply(type: WatchEventType, key: string, entry: StoredEntry): StoreEvent {
    const prev = this.entries.get(key) ?? null;
    if (type === 'DELETED') {
      this.entries.delete(key);
      removeSorted(this.keys, key);
    } else {
      if (!prev) insertSorted(this.keys, key);
      this.entries.set(key, entry);
    }
    const event: StoreEvent = { rv: entry.rv, type, key, entry, prev };
    this.events.push(event);
    this.trimWindow();
    this.dispatch(event);
    return event;
  }

  /** Drops events beyond the window (or all of them, to force 410s). */
  compact(keep = this.windowSize): void {
    const live = this.events.length - this.head;
    const drop = Math.max(0, live - keep);
    if (drop > 0) {
      this.head += drop;
      this.compactedRvValue = Math.max(
        this.compactedRvValue,
        this.events[this.head - 1].rv,
      );
    }
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  private trimWindow(): void {
    if (this.events.length - this.head > this.windowSize) this.compact();
  }

  /** Events after `rv`, oldest first; throws 410 if some were compacted. */
  eventsSince(rv: number): StoreEvent[] {
    if (rv < this.compactedRvValue) {
      throw ApiError.expired(
        `too old resource version: ${rv} (${this.compactedRvValue})`,
      );
    }
    const out: StoreEvent[] = [];
    for (
      let i = this.events.length - 1;
      i >= this.head && this.events[i].rv > rv;
      i--
    ) {
      out.push(this.events[i]);
    }
    return out.reverse();
  }

  /** The objects as they were at `rv` for the keys changed since (null = absent). */
  private stateAt(rv: number): Map<string, StoredEntry | null> | undefined {
    if (
      this.events.length === this.head ||
      this.events[this.events.length - 1].rv <= rv
    ) {
      return undefined;
    }
    if (rv < this.compactedRvValue) {
      throw ApiError.expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    const changed = new Map<string, StoredEntry | null>();
    for (
      let i = this.events.length - 1;
      i >= this.head && this.events[i].rv > rv;
      i--
    ) {
      const ev = this.events[i];
      changed.set(ev.key, ev.prev);
    }
    return changed;
  }

  /** One page of a (possibly historical) consistent list. */
  list(q: ListQuery): ListPage {
    const prefix = q.namespace ? `${q.namespace}/` : '';
    const changed = this.stateAt(q.snapshotRv);
    const keys = this.keys;
    const end = prefixEnd(keys, prefix);
    let idx =
      q.after !== undefined
        ? upperBound(keys, q.after)
        : lowerBound(keys, prefix);
    if (q.after !== undefined && q.after < prefix)
      idx = lowerBound(keys, prefix);
    const inRange = (k: string) =>
      k.startsWith(prefix) && (q.after === undefined || k > q.after);
    const historic = changed
      ? [...changed.keys()]
          .filter(k => inRange(k) && changed.get(k) !== null)
          .sort()
      : [];
    let h = 0;
    const filtered = !q.label.isEverything || !q.field.isEverything;
    const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
    const out: StoredEntry[] = [];
    let lastKey: string | undefined;

    const nextCandidate = (): StoredEntry | undefined => {
      for (;;) {
        while (idx < end && changed?.has(keys[idx])) idx++;
        const ck = idx < end ? keys[idx] : undefined;
        const hk = h < historic.length ? historic[h] : undefined;
        if (ck === undefined && hk === undefined) return undefined;
        if (hk === undefined || (ck !== undefined && ck < hk)) {
          idx++;
          return this.entries.get(ck!)!;
        }
        h++;
        return changed!.get(hk)!;
      }
    };

    for (;;) {
      const entry = nextCandidate();
      if (!entry) return { entries: out };
      lastKey = entry.key;
      if (
        filtered &&
        !(
          q.label.matches(entry.obj.metadata.labels) &&
          q.field.matches(entry.obj)
        )
      ) {
        continue;
      }
      out.push(entry);
      if (out.length >= limit) break;
    }

    // The page is full: is there anything after it?
    const savedH = h;
    const more = nextCandidate() !== undefined;
    if (!more) return { entries: out };
    let remaining: number | undefined;
    if (!filtered) {
      // Current keys after the page, minus those whose snapshot state differs,
      // plus the snapshot states still to come.
      let changedCurrent = 0;
      for (const k of changed?.keys() ?? []) {
        if (k > lastKey! && k.startsWith(prefix) && this.entries.has(k))
          changedCurrent++;
      }
      remaining =
        end -
        upperBound(keys, lastKey!) -
        changedCurrent +
        (historic.length - savedH);
    }
    return { entries: out, lastKey, remaining };
  }

  /** Every current entry in a namespace (or all), sorted by key. */
  current(namespace?: string): StoredEntry[] {
    const prefix = namespace ? `${namespace}/` : '';
    const out: StoredEntry[] = [];
    const end = prefixEnd(this.keys, prefix);
    for (let i = lowerBound(this.keys, prefix); i < end; i++) {
      out.push(this.entries.get(this.keys[i])!);
    }
    return out;
  }

  private dispatch(event: StoreEvent): void {
    if (this.watchers.size === 0) return;
    for (const w of this.watchers) {
      const out = translateEvent(w, event);
      if (out) w.send(out[0], out[1]);
    }
  }
}

/**
 * What a watcher with filters sees of an event, as the API server's watch
 * cache decides: an update that makes an object match is ADDED, one that
 * makes it stop matching is DELETED (previous content, event revision).
 */
export function translateEvent(
  w: Pick<StoreWatcher, 'namespace' | 'label' | 'field'>,
  event: StoreEvent,
): [WatchEventType, StoredEntry] | undefined {
  const ns = event.entry.obj.metadata.namespace;
  if (w.namespace && w.namespace !== ns) return undefined;
  const passes = (e: StoredEntry | null) =>
    e !== null &&
    w.label.matches(e.obj.metadata.labels) &&
    w.field.matches(e.obj);
  if (event.type === 'ADDED')
    return passes(event.entry) ? ['ADDED', event.entry] : undefined;
  if (event.type === 'DELETED')
    return passes(event.prev) ? ['DELETED', event.entry] : undefined;
  const now = passes(event.entry);
  const before = passes(event.prev);
  if (now && before) return ['MODIFIED', event.entry];
  if (now) return ['ADDED', event.entry];
  if (before) return ['DELETED', event.prev!.withResourceVersion(event.rv)];
  return undefined;
}
