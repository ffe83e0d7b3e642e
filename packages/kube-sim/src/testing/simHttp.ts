import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { SimCluster } from '../api';

/** Test helpers: talk HTTPS to a sim cluster, verifying its CA. */

export interface SimResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json(): any;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Token to send; default the cluster's; null sends none. */
  token?: string | null;
}

function open(
  cluster: SimCluster,
  path: string,
  o: RequestOptions,
): Promise<IncomingMessage> {
  const url = new URL(path, cluster.url);
  const token = o.token === undefined ? cluster.token : o.token;
  let body: string | undefined;
  if (o.body !== undefined)
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: o.method ?? 'GET',
        ca: Buffer.from(cluster.caData, 'base64'),
        agent: false,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...o.headers,
        },
      },
      resolve,
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export async function simRequest(
  cluster: SimCluster,
  path: string,
  o: RequestOptions = {},
): Promise<SimResponse> {
  const res = await open(cluster, path, o);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body,
    json: () => JSON.parse(body),
  };
}

/** An open streaming response (watch, log follow) read line by line. */
export class LineStream {
  readonly lines: string[] = [];
  ended = false;
  private waiters: Array<() => void> = [];
  private buffer = '';

  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop()!;
      this.lines.push(...parts);
      this.wake();
    });
    const end = () => {
      if (this.buffer) this.lines.push(this.buffer);
      this.buffer = '';
      this.ended = true;
      this.wake();
    };
    response.on('end', end);
    response.on('close', end);
    response.on('error', end);
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Parsed JSON lines (watch events). */
  get events(): any[] {
    return this.lines.filter(l => l.trim()).map(l => JSON.parse(l));
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `cond` holds (checked on every chunk and at the end). */
  async until(
    cond: (s: LineStream) => boolean,
    what: string,
    timeoutMs = 20_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond(this)) {
      if (this.ended)
        throw new Error(
          `stream ended before: ${what}; got ${JSON.stringify(this.lines).slice(
            0,
            2000,
          )}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for: ${what}; got ${JSON.stringify(
            this.lines,
          ).slice(0, 2000)}`,
        );
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.response.destroy();
  }
}

export async function simStream(
  cluster: SimCluster,
  path: string,
  o: RequestOptions = {},
): Promise<LineStream> {
  return new LineStream(await open(cluster, path, o));
}

/** Polls `cond` until true (no fixed sleeps for correctness). */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for: ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}
