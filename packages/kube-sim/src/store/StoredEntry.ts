import type { KubeObject } from '../types';

/**
 * One stored version of an object. Immutable: a write makes a new entry.
 * Its JSON is computed once and reused by every list and watch that serves it.
 */
export class StoredEntry {
  private cachedJson?: string;
  private cachedSpec?: string;

  /** Everything but metadata and status, serialised (generation bumps when it changes). */
  static specOf(obj: KubeObject): string {
    const { metadata: _m, status: _s, ...rest } = obj;
    return JSON.stringify(rest);
  }

  constructor(
    readonly key: string,
    readonly obj: KubeObject,
    readonly rv: number,
  ) {}

  get json(): string {
    if (this.cachedJson === undefined)
      this.cachedJson = JSON.stringify(this.obj);
    return this.cachedJson;
  }

  get specJson(): string {
    if (this.cachedSpec === undefined)
      this.cachedSpec = StoredEntry.specOf(this.obj);
    return this.cachedSpec;
  }

  /** A deep copy callers may modify. */
  copy(): KubeObject {
    return JSON.parse(this.json);
  }

  /** The same content, stamped with another resourceVersion (delete events). */
  withResourceVersion(rv: number): StoredEntry {
    return new StoredEntry(
      this.key,
      {
        ...this.obj,
        metadata: { ...this.obj.metadata, resourceVersion: String(rv) },
      },
      rv,
    );
  }
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of one object, kept in a type's event window. */
export interface StoreEvent {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly key: string;
  /** The new state; for DELETED, the last state stamped with the delete rv. */
  readonly entry: StoredEntry;
  /** The state before the change (null for ADDED). */
  readonly prev: StoredEntry | null;
}
