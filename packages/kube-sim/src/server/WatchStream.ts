import type { ResourceType } from '../resources/ResourceType';
import { ApiError } from '../store/ApiError';
import type { FieldSelector } from '../store/FieldSelector';
import type { LabelSelector } from '../store/LabelSelector';
import type { ObjectStore } from '../store/ObjectStore';
import type { StoredEntry, WatchEventType } from '../store/StoredEntry';
import {
  translateEvent,
  type StoreWatcher,
  type TypeStore,
} from '../store/TypeStore';
import type { ResponseSink } from './ResponseSink';
import { type IncludeObject, TableConverter } from './TableConverter';

export interface WatchOptions {
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  table?: { version: string; includeObject: IncludeObject };
  /** Answer with a 410 ERROR event at once (fault injection). */
  forceExpired?: boolean;
}

const CHUNK = 256 * 1024;

/**
 * One open watch: a chunked stream of JSON lines `{"type", "object"}` from a
 * resourceVersion on, as the API server's watch cache serves it.
 */
export class WatchStream implements StoreWatcher {
  readonly namespace?: string;
  readonly label: LabelSelector;
  readonly field: FieldSelector;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;
  private tableHeadersSent = false;
  private typeStore?: TypeStore;
  onClose?: () => void;

  constructor(
    private readonly sink: ResponseSink,
    private readonly type: ResourceType,
    private readonly store: ObjectStore,
    private readonly o: WatchOptions,
  ) {
    this.namespace = o.namespace;
    this.label = o.label;
    this.field = o.field;
  }

  start(): void {
    const o = this.o;
    this.sink.startStream(
      o.table
        ? `application/json;as=Table;v=${o.table.version};g=meta.k8s.io`
        : 'application/json',
    );
    this.sink.res.on('close', () => this.close());
    if (o.forceExpired) {
      this.sendError(
        ApiError.expired(
          `too old resource version: ${o.resourceVersion ?? 0} (${
            this.store.resourceVersion
          })`,
        ),
      );
      return;
    }
    const ts = this.store.typeStore(this.type);
    this.typeStore = ts;
    const rv = o.resourceVersion;
    const initial = !rv || rv === '0' || o.sendInitialEvents === true;
    let buffer = '';
    const flush = () => {
      if (buffer) this.sink.write(buffer);
      buffer = '';
    };
    if (initial) {
      for (const entry of ts.current(
        this.type.namespaced ? o.namespace : undefined,
      )) {
        if (
          !this.label.isEverything &&
          !this.label.matches(entry.obj.metadata.labels)
        )
          continue;
        if (!this.field.isEverything && !this.field.matches(entry.obj))
          continue;
        buffer += this.line('ADDED', entry);
        if (buffer.length > CHUNK) flush();
      }
      if (o.sendInitialEvents && o.allowBookmarks) {
        buffer += this.bookmarkLine(true);
      }
    } else {
      const asked = Number(rv);
      if (!Number.isInteger(asked) || asked < 0) {
        this.sendError(ApiError.badRequest(`invalid resource version: ${rv}`));
        return;
      }
      let events;
      try {
        events = ts.eventsSince(asked);
      } catch (e) {
        if (e instanceof ApiError) {
          this.sendError(e);
          return;
        }
        throw e;
      }
      for (const ev of events) {
        const out = translateEvent(this, ev);
        if (!out) continue;
        buffer += this.line(out[0], out[1]);
        if (buffer.length > CHUNK) flush();
      }
    }
    flush();
    ts.watchers.add(this);
    if (o.timeoutSeconds && o.timeoutSeconds > 0) {
      this.timers.push(setTimeout(() => this.end(), o.timeoutSeconds * 1000));
    }
    if (o.allowBookmarks) {
      this.timers.push(
        setInterval(() => {
          if (!this.closed) this.sink.write(this.bookmarkLine(false));
        }, o.bookmarkIntervalMs),
      );
    }
    for (const t of this.timers) t.unref();
  }

  send(type: WatchEventType, entry: StoredEntry): void {
    if (this.closed) return;
    if (!this.sink.write(this.line(type, entry))) this.close();
  }

  /** Ends the stream (the client sees a clean end of body). */
  end(): void {
    this.close();
    this.sink.end();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.typeStore?.watchers.delete(this);
    this.onClose?.();
  }

  private sendError(err: ApiError): void {
    this.sink.write(
      `${JSON.stringify({ type: 'ERROR', object: err.toStatus() })}\n`,
    );
    this.end();
  }

  private line(type: WatchEventType, entry: StoredEntry): string {
    if (this.o.table) {
      const table = TableConverter.toTable(this.type, [entry.obj], {
        version: this.o.table.version,
        includeObject: this.o.table.includeObject,
        noHeaders: this.tableHeadersSent,
        listMeta: { resourceVersion: String(entry.rv) },
      });
      this.tableHeadersSent = true;
      return `${JSON.stringify({ type, object: table })}\n`;
    }
    return `{"type":"${type}","object":${entry.json}}\n`;
  }

  private bookmarkLine(initialEventsEnd: boolean): string {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(this.store.resourceVersion),
      creationTimestamp: null,
    };
    if (initialEventsEnd)
      metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    return `${JSON.stringify({
      type: 'BOOKMARK',
      object: {
        kind: this.type.kind,
        apiVersion: this.type.apiVersion,
        metadata,
      },
    })}\n`;
  }
}
