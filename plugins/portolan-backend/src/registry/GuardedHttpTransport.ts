/*
 * The only code that opens connections to registries. Every request has a
 * timeout and honours the caller's AbortSignal, bodies are size-capped, and
 * redirects are never followed here (the client decides, against the
 * allow-list). Host names are resolved through a lookup that refuses
 * link-local and metadata addresses, so an allowed name that resolves to
 * one (DNS rebinding) is still never dialled. Counts what it sends, for
 * tests and metrics; logs nothing (headers may carry credentials).
 */
import { toError } from '@backstage/errors';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isForbiddenAddress } from './RegistryAccessPolicy';
import { RegistryError, type RegistryFailure } from './RegistryError';

/** One HTTP request to a registry, token realm or blob store. */
export interface TransportRequest {
  url: URL;
  headers: Record<string, string>;
  /** Aborts the request; the transport adds its own timeout on top. */
  signal?: AbortSignal;
  /** Larger bodies fail with `invalid-response`. */
  maxBytes: number;
}

/** A response with its body read. */
export interface TransportResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends registry HTTP requests. */
export interface RegistryTransport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** A resolver with `dns.lookup`'s `all: true` form. */
export type ResolveAll = (
  hostname: string,
  options: { family?: number | string; hints?: number },
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: ResolveAll = (hostname, options, callback) =>
  dnsLookup(
    hostname,
    {
      family: options.family as number | undefined,
      hints: options.hints,
      all: true,
    },
    (error, addresses) => callback(error, addresses ?? []),
  );

/**
 * A `lookup` for sockets that resolves like `dns.lookup` but fails when any
 * address is link-local or metadata.
 */
export function guardLookup(
  resolve: ResolveAll = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, list) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const forbidden = list.find(a => isForbiddenAddress(a.address));
      if (forbidden || list.length === 0) {
        const refused = Object.assign(
          new Error(
            forbidden
              ? `${hostname} resolves to ${forbidden.address}, a link-local or metadata address; refused`
              : `${hostname} did not resolve`,
          ),
          { code: forbidden ? 'EFORBIDDENADDRESS' : 'ENOTFOUND' },
        );
        callback(refused, '', 0);
        return;
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(
          null,
          list,
        );
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
}

/** The system resolver, guarded. */
export const guardedLookup: LookupFunction = guardLookup();

/** Options for {@link GuardedHttpTransport}. */
export interface GuardedHttpTransportOptions {
  /** Per-request timeout, covering connect, headers and body. */
  timeoutMs: number;
  /** Concurrent connections per host. Default 4. */
  maxSocketsPerHost?: number;
  /** Name resolution (tests stand in a resolver); always guarded. */
  resolve?: ResolveAll;
}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EFORBIDDENADDRESS',
]);

/** What a socket-level error means for the lookup. */
function failureOf(code: string | undefined, message: string): RegistryFailure {
  if (code === 'EFORBIDDENADDRESS') {
    return 'not-allowed';
  }
  if (
    (code && (NETWORK_ERRORS.has(code) || code.startsWith('ERR_TLS'))) ||
    /certificate|self.signed/i.test(message)
  ) {
    return 'unreachable';
  }
  return 'error';
}

export class GuardedHttpTransport implements RegistryTransport {
  /** Requests sent (every attempt that reached the point of dialling). */
  requestsSent = 0;
  private readonly listeners: Array<(url: URL) => void> = [];
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: GuardedHttpTransportOptions) {
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSocketsPerHost ?? 4,
      lookup: options.resolve ? guardLookup(options.resolve) : guardedLookup,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  /** Calls `listener` with the URL of every request sent. */
  onRequest(listener: (url: URL) => void): void {
    this.listeners.push(listener);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  send(request: TransportRequest): Promise<TransportResponse> {
    const { url } = request;
    if (isForbiddenAddress(url.hostname)) {
      // IP literals skip the lookup; refuse them here.
      return Promise.reject(
        new RegistryError(
          'not-allowed',
          `${url.host} is a link-local or metadata address; refused`,
        ),
      );
    }
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout])
      : timeout;
    this.requestsSent += 1;
    for (const listener of this.listeners) listener(url);
    const where = `${url.host}${url.pathname}`;

    return new Promise<TransportResponse>((resolve, reject) => {
      const fail = (error: unknown) => {
        if (signal.aborted) {
          reject(
            timeout.aborted
              ? new RegistryError(
                  'timeout',
                  `${where} did not answer within ${this.options.timeoutMs} ms`,
                )
              : new RegistryError('error', `Request to ${where} was aborted`),
          );
          return;
        }
        if (error instanceof RegistryError) {
          reject(error);
          return;
        }
        const message = toError(error).message;
        reject(
          new RegistryError(
            failureOf((error as { code?: string })?.code, message),
            `${where}: ${message}`,
          ),
        );
      };

      const module = url.protocol === 'http:' ? http : https;
      const req = module.request(
        url,
        {
          method: 'GET',
          headers: request.headers,
          agent: url.protocol === 'http:' ? this.httpAgent : this.httpsAgent,
          signal,
        },
        res => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > request.maxBytes) {
              res.destroy(
                new RegistryError(
                  'invalid-response',
                  `${where} sent more than ${request.maxBytes} bytes`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) {
              fail(new Error('connection closed before the body ended'));
            }
          });
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) {
                headers[name] = Array.isArray(value) ? value.join(', ') : value;
              }
            }
            resolve({
              status: res.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks),
            });
          });
        },
      );
      req.on('error', fail);
      req.end();
    });
  }
}
