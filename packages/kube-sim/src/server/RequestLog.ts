/** What a request did, in API server terms. */
export type RequestVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'discovery'
  | 'log'
  | 'version';

/** One request a cluster received. */
export interface RequestRecord {
  /** Epoch milliseconds when it arrived. */
  at: number;
  method: string;
  /** Path and query string. */
  path: string;
  verb: RequestVerb;
  /** API group ("" for core); "" for non-resource requests. */
  group: string;
  /** Plural resource name (with `/subresource` when one), "" for non-resource requests. */
  resource: string;
  namespace?: string;
  /** HTTP status (0 while a watch or log stream is still open without a status). */
  status: number;
  /** Response body bytes written so far. */
  bytes: number;
  /** Milliseconds from arrival to the end of the response (set when it ends; streams: their lifetime). */
  durationMs?: number;
  userAgent?: string;
}

export type RequestMatch = Partial<
  Pick<
    RequestRecord,
    'method' | 'verb' | 'group' | 'resource' | 'namespace' | 'status'
  >
>;

const MAX_RECORDS = 200_000;

function matcher(match?: RequestMatch | ((r: RequestRecord) => boolean)) {
  if (!match) return () => true;
  if (typeof match === 'function') return match;
  const entries = Object.entries(match) as Array<
    [keyof RequestRecord, unknown]
  >;
  return (r: RequestRecord) => entries.every(([k, v]) => r[k] === v);
}

/**
 * Every request a cluster received, oldest first (the last 200 000; `dropped`
 * counts older ones no longer kept).
 */
export class RequestLog implements Iterable<RequestRecord> {
  private records: RequestRecord[] = [];
  private droppedCount = 0;

  /** @internal */
  add(record: RequestRecord): RequestRecord {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS * 1.25) {
      const drop = this.records.length - MAX_RECORDS;
      this.records = this.records.slice(drop);
      this.droppedCount += drop;
    }
    return record;
  }

  get entries(): readonly RequestRecord[] {
    return this.records;
  }

  get length(): number {
    return this.records.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  [Symbol.iterator](): Iterator<RequestRecord> {
    return this.records[Symbol.iterator]();
  }

  filter(
    match?: RequestMatch | ((r: RequestRecord) => boolean),
  ): RequestRecord[] {
    return this.records.filter(matcher(match));
  }

  count(match?: RequestMatch | ((r: RequestRecord) => boolean)): number {
    return this.filter(match).length;
  }

  totalBytes(match?: RequestMatch | ((r: RequestRecord) => boolean)): number {
    return this.filter(match).reduce((sum, r) => sum + r.bytes, 0);
  }

  clear(): void {
    this.records = [];
    this.droppedCount = 0;
  }
}
