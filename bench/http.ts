/*
 * A minimal keep-alive HTTP client for the load generator: node:http with
 * one agent, timing from the request to the last byte of the body (what a
 * browser waits for), with a timeout on every request.
 */
import http from 'node:http';

export interface Timed {
  status: number;
  ms: number;
  bytes: number;
  body: string;
  /** The response headers (lower-case names). */
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export async function httpRequest(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs = 60_000,
  /** Extra request headers (e.g. `if-none-match`). */
  headers: Record<string, string> = {},
): Promise<Timed> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  try {
    return await once(port, method, path, payload, timeoutMs, headers);
  } catch (e) {
    // A keep-alive socket the server closed just as it was reused: the
    // request never reached the server; send it again (as Node's docs advise).
    if ((e as { reusedSocket?: boolean }).reusedSocket) {
      return once(port, method, path, payload, timeoutMs, headers);
    }
    throw e;
  }
}

function once(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  payload: string | undefined,
  timeoutMs: number,
  extraHeaders: Record<string, string>,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          accept: 'application/json',
          ...extraHeaders,
          ...(payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          const buf = Buffer.concat(chunks);
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            ms,
            bytes: buf.length,
            body: buf.toString('utf8'),
            headers: res.headers,
          });
        });
        res.on('error', e => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (req.reusedSocket && e.code === 'ECONNRESET') {
        reject(Object.assign(e, { reusedSocket: true }));
      } else {
        reject(e);
      }
    });
    if (payload) req.write(payload);
    req.end();
  });
}

export function closeAgent() {
  agent.destroy();
}
