/*
 * The HTTPS transport to one API server: JSON GETs, text GETs (pod logs)
 * and line-delimited watch streams. Every call takes an AbortSignal and has
 * a timeout (watches an idle timeout). Errors come out as KubeRequestError
 * with what the caller needs to decide the cluster's health, and never
 * carry the token or the CA.
 *
 * Node's https is used directly rather than @kubernetes/client-node's
 * fetch-based clients: it gives one keep-alive agent per cluster, per-call
 * timeouts and aborts, the HTTP status and Kubernetes Status reason of every
 * failure (401 vs 403 vs 404 vs 410), and streaming without buffering a
 * watch.
 */
import { toError } from '@backstage/errors';
import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClusterConnection } from './types';
import { parseKubeObject } from './parseKubeJson';

/** Why a request failed. */
export type KubeRequestErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'malformed'
  | 'credentials';

/** A failed request to an API server; `message` is safe to show and log. */
export class KubeRequestError extends Error {
  readonly name = 'KubeRequestError';

  constructor(
    message: string,
    readonly kind: KubeRequestErrorKind,
    /** HTTP status, or the `code` of an ERROR event in a watch. */
    readonly status?: number,
    /** The Kubernetes Status `reason` (`Forbidden`, `Expired`, `Gone` …). */
    readonly reason?: string,
    /** How long the server asked us to wait (`Retry-After` on 429/503). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Thrown when the caller's own signal aborted the request. */
export class RequestAbortedError extends Error {
  readonly name = 'RequestAbortedError';
}

/** Options of one request. */
export interface KubeRequestOptions {
  signal: AbortSignal;
  /** Whole request, body included. */
  timeoutMs: number;
  /**
   * Who asks, as a User-Agent comment: `portolan-backend (history)` for
   * the history recorder's background reads, so that API-server audit
   * logs (and the bench) tell them from what a page view asks.
   */
  agentComment?: string;
}

/** `[A-Za-z0-9 ._-]`, at most 40 characters: a User-Agent comment that needs no escaping. */
const AGENT_COMMENT = /^[A-Za-z0-9 ._-]{1,40}$/;

/** Options of a watch stream. */
export interface KubeWatchOptions {
  signal: AbortSignal;
  /** Time allowed to get the response headers. */
  connectTimeoutMs: number;
  /** Ends the stream as failed when no byte arrives for this long. */
  idleTimeoutMs: number;
  /** The longest event line accepted (default {@link MAX_WATCH_LINE_CHARS}). */
  maxLineLength?: number;
  /** Called once the server accepted the watch (status 200). */
  onOpen?(): void;
  /** Called for every line (one watch event). May throw to end the stream. */
  onLine(line: string): void;
}

const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** The longest watch event line buffered (characters). */
export const MAX_WATCH_LINE_CHARS = 16 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** The longest `Retry-After` honoured: a hostile server cannot park us for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** `Retry-After` in seconds or as an HTTP date, capped; undefined when absent or invalid. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const trimmed = raw.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) {
    ms = Number(trimmed) * 1000;
  } else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

function describeStatus(
  status: number,
  body: string,
  retryAfterMs?: number,
): KubeRequestError {
  let message = `HTTP ${status}`;
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && parsed.kind === 'Status') {
      reason = typeof parsed.reason === 'string' ? parsed.reason : undefined;
      if (typeof parsed.message === 'string' && parsed.message) {
        message = `HTTP ${status}: ${parsed.message}`;
      }
    }
  } catch {
    // not a Status object; the status code says enough
  }
  if (retryAfterMs !== undefined) {
    message += ` (retry after ${Math.round(retryAfterMs / 1000)} s)`;
  }
  return new KubeRequestError(message, 'http', status, reason, retryAfterMs);
}

/**
 * Splits a byte stream into lines (one watch event each) and hands each
 * non-blank line, trimmed, to `onLine`. Chunks are decoded as they come
 * (the decoder keeps a multi-byte character split across chunks for the
 * next one), lines are cut out of each chunk's text where they lie, and
 * only a line that spans chunks is joined; the text before a newline is
 * never copied again as a growing buffer. In-process, this costs ~1 µs per
 * ~4 KB event, whether chunks hold one event or sixteen.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The start of an unfinished line (from earlier chunks). */
  private rest = '';

  /**
   * @param maxLineLength - the longest line (in characters) buffered: a
   *   longer one ends the stream with a clear error instead of growing
   *   memory without bound (etcd's objects stop at ~1.5 MB).
   */
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength = MAX_WATCH_LINE_CHARS,
  ) {}

  /** Feeds one chunk; calls `onLine` for every line it completes. */
  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline >= 0 && this.rest !== '') {
      const line = this.rest + text.slice(0, newline);
      this.rest = '';
      this.emit(line);
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    while (newline >= 0) {
      this.emit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) {
      this.rest = start === 0 ? this.rest + text : text.slice(start);
    }
    if (this.rest.length > this.maxLineLength) {
      const length = this.rest.length;
      this.rest = '';
      throw new KubeRequestError(
        `a watch event is longer than ${this.maxLineLength} characters (${length} so far without a newline); ending the stream`,
        'malformed',
        undefined,
        'LineTooLong',
      );
    }
  }

  /** The end of the stream: a last line without a newline counts too. */
  end(): void {
    const line = this.rest + this.decoder.end();
    this.rest = '';
    this.emit(line);
  }

  private emit(line: string): void {
    if (line.length > this.maxLineLength) {
      throw new KubeRequestError(
        `a watch event is longer than ${this.maxLineLength} characters (${line.length}); ending the stream`,
        'malformed',
        undefined,
        'LineTooLong',
      );
    }
    const trimmed = line.trim();
    if (trimmed) this.onLine(trimmed);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function malformed(at: number): SyntaxError {
  return new SyntaxError(`unexpected JSON at byte ${at}`);
}

function skipSpace(bytes: Buffer, at: number): number {
  let i = at;
  for (;;) {
    const c = bytes[i];
    // space, tab, line feed, carriage return: JSON's whitespace.
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
}

/** The end (exclusive) of the string whose opening quote is at `at`. */
function endOfString(bytes: Buffer, at: number): number {
  const length = bytes.length;
  let i = at + 1;
  while (i < length) {
    const c = bytes[i];
    if (c === QUOTE) return i + 1;
    i += c === BACKSLASH ? 2 : 1;
  }
  throw malformed(at);
}

/**
 * The end (exclusive) of the JSON value starting at `at`. Finds only where
 * it ends (strings and nesting); `JSON.parse` of the value checks the rest.
 */
function endOfValue(bytes: Buffer, at: number): number {
  const length = bytes.length;
  const first = bytes[at];
  if (first === QUOTE) return endOfString(bytes, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = at;
    while (i < length) {
      const c = bytes[i];
      if (c === QUOTE) {
        i = endOfString(bytes, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    throw malformed(at);
  }
  // A number or a literal: up to the next delimiter.
  let i = at;
  while (i < length) {
    const c = bytes[i];
    if (
      c === COMMA ||
      c === CLOSE_BRACE ||
      c === CLOSE_BRACKET ||
      c === 0x20 ||
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d
    ) {
      break;
    }
    i++;
  }
  if (i === at) throw malformed(at);
  return i;
}

/**
 * Splits the JSON text of a Kubernetes list: calls `onItem` with each
 * element of its top-level `items` array, parsed on its own and in order,
 * and returns the other members parsed as one object. Throws a
 * SyntaxError for text that is not one JSON object (as `JSON.parse`
 * would), and lets what `onItem` throws through.
 */
export function splitList(
  bytes: Buffer,
  onItem: (item: unknown) => void,
): { list: Record<string, unknown>; hasItems: boolean } {
  const length = bytes.length;
  const members: string[] = [];
  let hasItems = false;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) throw malformed(i);
  i = skipSpace(bytes, i + 1);
  if (bytes[i] === CLOSE_BRACE) {
    i++;
  } else {
    for (;;) {
      const keyStart = i;
      if (bytes[i] !== QUOTE) throw malformed(i);
      const keyEnd = endOfString(bytes, i);
      const key: unknown = JSON.parse(bytes.toString('utf8', keyStart, keyEnd));
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) throw malformed(i);
      i = skipSpace(bytes, i + 1);
      if (key === 'items' && bytes[i] === OPEN_BRACKET) {
        hasItems = true;
        i = skipSpace(bytes, i + 1);
        if (bytes[i] === CLOSE_BRACKET) {
          i++;
        } else {
          for (;;) {
            const end = endOfValue(bytes, i);
            onItem(parseKubeObject(bytes.toString('utf8', i, end)));
            i = skipSpace(bytes, end);
            if (bytes[i] === CLOSE_BRACKET) {
              i++;
              break;
            }
            if (bytes[i] !== COMMA) throw malformed(i);
            i = skipSpace(bytes, i + 1);
          }
        }
      } else {
        const end = endOfValue(bytes, i);
        members.push(bytes.toString('utf8', keyStart, end));
        i = end;
      }
      i = skipSpace(bytes, i);
      if (bytes[i] === CLOSE_BRACE) {
        i++;
        break;
      }
      if (bytes[i] !== COMMA) throw malformed(i);
      i = skipSpace(bytes, i + 1);
    }
  }
  if (skipSpace(bytes, i) !== length) throw malformed(i);
  return { list: JSON.parse(`{${members.join(',')}}`), hasItems };
}

export class KubeClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly userAgent: string,
  ) {
    this.base = new URL(connection.url);
    this.agent =
      this.base.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
            keepAlive: true,
            ca: connection.ca,
            cert: connection.cert,
            key: connection.key,
            rejectUnauthorized: !connection.skipTLSVerify,
            servername: connection.tlsServerName,
          });
  }

  /** GETs a path and parses the JSON answer. */
  async getJson<T>(path: string, options: KubeRequestOptions): Promise<T> {
    const { text } = await this.getText(path, {
      ...options,
      maxBytes: MAX_JSON_BYTES,
      failOnOverflow: true,
    });
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeRequestError(
        `GET ${this.describePath(path)}: the response is not valid JSON`,
        'malformed',
      );
    }
  }

  /**
   * GETs a Kubernetes list and hands each element of its `items` to
   * `onItem`, parsed on its own, in order; resolves with the rest of the
   * list (`kind`, `metadata` …) and whether it had an `items` array.
   *
   * Parsing a page of 500 pods in one `JSON.parse` makes one ~2 MB string
   * (a large object, in the old generation) and a graph of ~5 MB that
   * lives until the last item is projected: young-generation collections
   * copy it and promote it, and the old generation then collects it again.
   * Item by item, each parsed object is garbage as soon as it is projected
   * and dies young. The scan that finds the items adds ~7 % to the parse
   * (measured alone); with ten clusters listing at once the collections it
   * saves are worth far more (bench/RESULTS.md).
   */
  async getList(
    path: string,
    options: KubeRequestOptions,
    onItem: (item: unknown) => void,
  ): Promise<{ list: Record<string, unknown>; hasItems: boolean }> {
    const { bytes } = await this.getBytes(path, {
      ...options,
      maxBytes: MAX_JSON_BYTES,
      failOnOverflow: true,
    });
    let split: ReturnType<typeof splitList>;
    try {
      split = splitList(bytes, onItem);
    } catch (e) {
      if (e instanceof SyntaxError) {
        throw new KubeRequestError(
          `GET ${this.describePath(path)}: the response is not valid JSON`,
          'malformed',
        );
      }
      throw e;
    }
    return split;
  }

  /** GETs a path as text, cut at `maxBytes`. */
  async getText(
    path: string,
    options: KubeRequestOptions & {
      maxBytes: number;
      failOnOverflow?: boolean;
    },
  ): Promise<{ text: string; truncated: boolean }> {
    const { bytes, truncated } = await this.getBytes(path, options);
    return { text: bytes.toString('utf8'), truncated };
  }

  /** GETs a path as bytes, cut at `maxBytes`. */
  private async getBytes(
    path: string,
    options: KubeRequestOptions & {
      maxBytes: number;
      failOnOverflow?: boolean;
    },
  ): Promise<{ bytes: Buffer; truncated: boolean }> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = AbortSignal.any([options.signal, timeout]);
    try {
      const response = await this.open(
        path,
        signal,
        'application/json',
        options.agentComment,
      );
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of response as AsyncIterable<Buffer>) {
        if (size + chunk.length > options.maxBytes) {
          truncated = true;
          chunks.push(chunk.subarray(0, options.maxBytes - size));
          response.destroy();
          break;
        }
        chunks.push(chunk);
        size += chunk.length;
      }
      if (truncated && options.failOnOverflow) {
        throw new KubeRequestError(
          `GET ${this.describePath(path)}: response larger than ${
            options.maxBytes
          } bytes`,
          'malformed',
        );
      }
      return { bytes: Buffer.concat(chunks), truncated };
    } catch (e) {
      throw this.translate(e, path, options.signal, timeout, options.timeoutMs);
    }
  }

  /**
   * Streams a watch. Resolves when the server ends the stream cleanly;
   * rejects on failure (including an idle stream and `onLine` throwing).
   */
  async watch(path: string, options: KubeWatchOptions): Promise<void> {
    const idle = new AbortController();
    // The connect timer must only bound the time to the response headers.
    // It is a plain timer cleared once they arrive: a signal handed to
    // `https.request` stays attached to the socket for the whole stream, so
    // an `AbortSignal.timeout` there would kill every open watch after
    // `connectTimeoutMs`.
    const connect = new AbortController();
    const connectTimer = setTimeout(
      () => connect.abort(),
      options.connectTimeoutMs,
    );
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = () => {
      // Called per chunk: `refresh` moves the one timer instead of making
      // a new one each time.
      if (idleTimer) {
        if (!idle.signal.aborted) idleTimer.refresh();
      } else {
        idleTimer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
      }
    };
    const requestSignal = AbortSignal.any([
      options.signal,
      idle.signal,
      connect.signal,
    ]);
    try {
      armIdle();
      const response = await this.open(path, requestSignal, 'application/json');
      clearTimeout(connectTimer);
      // After the headers, only the caller's signal and the idle timer apply.
      const streamSignal = AbortSignal.any([options.signal, idle.signal]);
      const onAbort = () => response.destroy(new Error('aborted'));
      streamSignal.addEventListener('abort', onAbort, { once: true });
      try {
        options.onOpen?.();
        await new Promise<void>((resolve, reject) => {
          let settled = false;
          const fail = (e: unknown) => {
            if (settled) return;
            settled = true;
            reject(e);
          };
          const lines = new LineSplitter(options.onLine, options.maxLineLength);
          // 'data' rather than `for await`: one callback per chunk and no
          // promise per chunk.
          response.on('data', (chunk: Buffer) => {
            if (settled) return;
            armIdle();
            try {
              lines.push(chunk);
            } catch (e) {
              fail(e);
              response.destroy();
            }
          });
          finished(response, error => {
            if (settled) return;
            if (error) {
              fail(error);
            } else if (streamSignal.aborted) {
              fail(new Error('aborted'));
            } else {
              try {
                lines.end();
              } catch (e) {
                fail(e);
                return;
              }
              settled = true;
              resolve();
            }
          });
        });
      } finally {
        streamSignal.removeEventListener('abort', onAbort);
        if (!response.destroyed) response.destroy();
      }
    } catch (e) {
      if (idle.signal.aborted && !options.signal.aborted) {
        throw new KubeRequestError(
          `watch ${this.describePath(path)}: no data for ${Math.round(
            options.idleTimeoutMs / 1000,
          )} s`,
          'timeout',
        );
      }
      throw this.translate(
        e,
        path,
        options.signal,
        connect.signal,
        options.connectTimeoutMs,
      );
    } finally {
      clearTimeout(connectTimer);
      clearTimeout(idleTimer);
    }
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  /** Opens a GET; resolves with a 2xx response, rejects with the Status of any other. */
  private async open(
    path: string,
    signal: AbortSignal,
    accept: string,
    agentComment?: string,
  ): Promise<http.IncomingMessage> {
    if (agentComment !== undefined && !AGENT_COMMENT.test(agentComment)) {
      // Ours, never a caller's text: a programming error.
      throw new TypeError(
        `invalid User-Agent comment ${JSON.stringify(agentComment)}`,
      );
    }
    let authorization: string | undefined;
    try {
      authorization = await this.connection.authorization();
    } catch (e) {
      throw new KubeRequestError(
        `cannot read credentials: ${toError(e).message}`,
        'credentials',
      );
    }
    signal.throwIfAborted();
    const url = new URL(path, this.base);
    const transport = url.protocol === 'http:' ? http : https;
    const response = await new Promise<http.IncomingMessage>(
      (resolve, reject) => {
        const request = transport.request(url, {
          method: 'GET',
          agent: this.agent,
          signal,
          headers: {
            Accept: accept,
            'User-Agent': agentComment
              ? `${this.userAgent} (${agentComment})`
              : this.userAgent,
            ...(authorization ? { Authorization: authorization } : {}),
          },
        });
        request.on('response', resolve);
        request.on('error', reject);
        request.end();
      },
    );
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      return response;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (size < MAX_ERROR_BYTES) chunks.push(chunk);
      size += chunk.length;
    }
    throw describeStatus(
      status,
      Buffer.concat(chunks).toString('utf8'),
      parseRetryAfter(response.headers['retry-after']),
    );
  }

  private translate(
    e: unknown,
    path: string,
    callerSignal: AbortSignal,
    timeout: AbortSignal,
    timeoutMs: number,
  ): Error {
    if (e instanceof KubeRequestError) {
      return e;
    }
    if (callerSignal.aborted) {
      return new RequestAbortedError('request aborted');
    }
    if (timeout.aborted) {
      return new KubeRequestError(
        `GET ${this.describePath(path)}: no answer within ${timeoutMs} ms`,
        'timeout',
      );
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    const message = toError(e).message;
    return new KubeRequestError(
      `GET ${this.describePath(path)}: ${
        code && !message.includes(code) ? `${code} ` : ''
      }${message}`,
      'network',
    );
  }

  /** The path without its query string (which may carry continue tokens). */
  private describePath(path: string): string {
    const q = path.indexOf('?');
    return q >= 0 ? path.slice(0, q) : path;
  }
}
