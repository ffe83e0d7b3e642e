import type { ServerResponse } from 'node:http';
import type { RequestRecord } from './RequestLog';

/**
 * Writes a response and accounts for it in the request log; corrupts JSON
 * when the malformed-JSON fault is on.
 */
export class ResponseSink {
  constructor(
    readonly res: ServerResponse,
    readonly record: RequestRecord,
    private readonly malformed: () => boolean,
  ) {}

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** A complete response. */
  send(status: number, body: string, contentType = 'application/json'): void {
    if (!this.open) return;
    let out = body;
    if (contentType.startsWith('application/json') && this.malformed()) {
      out = `${body.slice(
        0,
        Math.max(1, Math.floor(body.length / 2)),
      )}\u0000}{"malformed`;
    }
    const buf = Buffer.from(out);
    this.record.status = status;
    this.record.bytes += buf.length;
    this.res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': buf.length,
      'Cache-Control': 'no-cache, private',
      'X-Kubernetes-Pf-Flowschema-Uid': 'kube-sim',
    });
    this.res.end(buf);
  }

  sendJson(
    status: number,
    body: unknown,
    contentType = 'application/json',
  ): void {
    this.send(status, JSON.stringify(body), contentType);
  }

  /** Starts a chunked stream (watch, log follow). */
  startStream(contentType: string): void {
    this.record.status = 200;
    this.res.writeHead(200, {
      'Content-Type': contentType,
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache, private',
    });
    this.res.flushHeaders();
  }

  /** Writes a chunk of a stream; returns false if the client is gone. */
  write(chunk: string, json = true): boolean {
    if (!this.open) return false;
    let out = chunk;
    if (json && this.malformed())
      out = `${chunk.slice(0, Math.floor(chunk.length / 2))}\n`;
    this.record.bytes += Buffer.byteLength(out);
    this.res.write(out);
    return true;
  }

  end(): void {
    if (this.open) this.res.end();
  }
}
