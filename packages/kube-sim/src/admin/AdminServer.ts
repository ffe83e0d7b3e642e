import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { KubeSim } from '../api';

/**
 * A plain-HTTP endpoint on loopback to inject faults into a running kube-sim
 * from outside (the CLI's fault hook):
 *
 *   GET  /clusters
 *   POST /clusters/<name>/faults/<fault>[?ms=|on=|times=|pattern=&status=&retryAfter=|chars=|token=|group=&resource=]
 *
 * Faults: latency (ms), down, up, drop-watches, expire-next-watch,
 * fail-500 (on), malformed-json (on), expire-token, rotate-token (token),
 * forbid (token, group, resource), reset.
 */
export class AdminServer {
  private server?: Server;

  constructor(private readonly sim: KubeSim) {}

  listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(err =>
        this.reply(res, 500, { error: String(err?.message ?? err) }),
      );
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => {
        const addr = this.server!.address();
        resolve(
          `http://${host}:${
            typeof addr === 'object' && addr ? addr.port : port
          }`,
        );
      });
    });
  }

  close(): Promise<void> {
    return new Promise(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    const q = url.searchParams;
    if (req.method === 'GET' && url.pathname === '/clusters') {
      return this.reply(
        res,
        200,
        this.sim.clusters.map(c => ({
          name: c.name,
          url: c.url,
          gitVersion: c.gitVersion,
          resourceVersion: c.resourceVersion,
        })),
      );
    }
    const m = /^\/clusters\/([^/]+)\/faults\/([a-z0-9-]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      return this.reply(res, 404, {
        error: 'use GET /clusters or POST /clusters/<name>/faults/<fault>',
      });
    }
    let cluster;
    try {
      cluster = this.sim.cluster(decodeURIComponent(m[1]));
    } catch (e) {
      return this.reply(res, 404, { error: (e as Error).message });
    }
    const f = cluster.faults;
    const on = q.get('on') !== 'false';
    switch (m[2]) {
      case 'latency':
        f.setLatency(Number(q.get('ms') ?? 0));
        break;
      case 'down':
        await f.down();
        break;
      case 'up':
        await f.up();
        break;
      case 'drop-watches':
        f.dropWatches();
        break;
      case 'expire-next-watch':
        f.expireNextWatch();
        break;
      case 'expire-continue':
        f.expireContinue(Number(q.get('times') ?? 1));
        break;
      case 'fail-requests': {
        const pattern = q.get('pattern');
        const status = Number(q.get('status') ?? 503);
        if (!pattern || ![429, 500, 503].includes(status))
          return this.reply(res, 400, {
            error: 'fail-requests needs ?pattern= and status=429|500|503',
          });
        f.failRequests({
          pattern,
          status: status as 429 | 500 | 503,
          ...(q.get('retryAfter')
            ? { retryAfterSeconds: Number(q.get('retryAfter')) }
            : {}),
          ...(q.get('times') ? { times: Number(q.get('times')) } : {}),
        });
        break;
      }
      case 'stall-watches':
        f.stallWatches(on);
        break;
      case 'overlong-line':
        f.overlongNextWatchLine(Number(q.get('chars') ?? 20 * 1024 * 1024));
        break;
      case 'bad-list-items':
        f.badListItems(on);
        break;
      case 'fail-500':
        f.failWith500(on);
        break;
      case 'malformed-json':
        f.malformedJson(on);
        break;
      case 'expire-token':
        f.expireToken();
        break;
      case 'rotate-token': {
        const token = q.get('token');
        if (!token)
          return this.reply(res, 400, { error: 'rotate-token needs ?token=' });
        f.rotateToken(token);
        break;
      }
      case 'forbid': {
        const resource = q.get('resource');
        if (!resource)
          return this.reply(res, 400, {
            error: 'forbid needs ?resource= (and group=, token=)',
          });
        f.forbid(q.get('token') ?? '*', {
          group: q.get('group') ?? '',
          resource,
        });
        break;
      }
      case 'reset':
        await f.reset();
        break;
      default:
        return this.reply(res, 404, { error: `unknown fault ${m[2]}` });
    }
    return this.reply(res, 200, {
      cluster: cluster.name,
      fault: m[2],
      ok: true,
    });
  }
}
