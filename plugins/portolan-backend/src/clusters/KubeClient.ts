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
import http from 'node:http';
import https from 'node:https';
import type { ClusterConnection } from './types';

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
}

/** Options of a watch stream. */
export interface KubeWatchOptions {
  signal: AbortSignal;
  /** Time allowed to get the response headers. */
  connectTimeoutMs: number;
  /** Ends the stream as failed when no byte arrives for this long. */
  idleTimeoutMs: number;
  /** Called once the server accepted the watch (status 200). */
  onOpen?(): void;
  /** Called for every line (one watch event). May throw to end the stream. */
  onLine(line: string): void;
}

const MAX_JSON_BYTES = 256 * 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

function describeStatus(status: number, body: string): KubeRequestError {
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
  return new KubeRequestError(message, 'http', status, reason);
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

  /** GETs a path as text, cut at `maxBytes`. */
  async getText(
    path: string,
    options: KubeRequestOptions & {
      maxBytes: number;
      failOnOverflow?: boolean;
    },
  ): Promise<{ text: string; truncated: boolean }> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = AbortSignal.any([options.signal, timeout]);
    try {
      const response = await this.open(path, signal, 'application/json');
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
      return { text: Buffer.concat(chunks).toString('utf8'), truncated };
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
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
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
        response.setEncoding('utf8');
        let buffered = '';
        for await (const chunk of response as AsyncIterable<string>) {
          armIdle();
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line) options.onLine(line);
            newline = buffered.indexOf('\n');
          }
        }
        if (streamSignal.aborted) {
          throw new Error('aborted');
        }
        const rest = buffered.trim();
        if (rest) options.onLine(rest);
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
  ): Promise<http.IncomingMessage> {
    let authorization: string | undefined;
    try {
      authorization = await this.connection.authorization();
    } catch (e) {
      throw new KubeRequestError(
        `cannot read credentials: ${
          e instanceof Error ? e.message : String(e)
        }`,
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
            'User-Agent': this.userAgent,
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
    throw describeStatus(status, Buffer.concat(chunks).toString('utf8'));
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
    const message = e instanceof Error ? e.message : String(e);
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
