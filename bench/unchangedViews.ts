/*
 * Issue 18's view phases: entity pages whose data did not change, as open
 * tabs poll them. Twenty users back to back (views/s, latency); the same
 * with `If-None-Match` from each page's last `ETag` (how many 304s); and
 * sequential views read for the server's own time, the `Server-Timing`
 * header `view;dur=<ms>;desc="cached|rebuilt"` (its median per kind, or
 * "n/a" where the backend sends none).
 */
import { httpRequest, type Timed } from './http';
import { latency, type Latency, ms, num } from './stats';

export interface ConcurrentViews {
  users: number;
  views: number;
  wallMs: number;
  latency: Latency;
  errors: number;
  firstError?: string;
  /** 304 Not Modified answers (the conditional variant). */
  notModified: number;
  /** 200 answers that carried an ETag. */
  withEtag: number;
}

export interface ServerTimings {
  views: number;
  /** Server-side duration by `desc` (cached, rebuilt …). */
  byKind: Record<string, Latency>;
  /** Answers without a parsable `view` Server-Timing metric. */
  missing: number;
}

export interface UnchangedViewsResult {
  concurrent?: ConcurrentViews;
  conditional?: ConcurrentViews;
  serverTiming?: ServerTimings;
}

/**
 * The `view` metric of a Server-Timing header: `view;dur=0.21;desc="cached"`
 * (others may stand beside it, comma-separated).
 */
export function parseServerTiming(
  header: string | string[] | undefined,
): { dur: number; desc: string } | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  for (const metric of value.split(',')) {
    const [name, ...params] = metric.split(';').map(p => p.trim());
    if (name !== 'view') continue;
    let dur: number | undefined;
    let desc = '';
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const raw = p.slice(eq + 1).trim();
      if (key === 'dur') dur = Number(raw);
      if (key === 'desc') desc = raw.replace(/^"(.*)"$/, '$1');
    }
    if (dur !== undefined && Number.isFinite(dur)) return { dur, desc };
  }
  return undefined;
}

function entityPath(namespace: string, service: string): string {
  return `/api/portolan/entities/${namespace}/component/${service}`;
}

/** `users` users requesting pages back to back for `budgetMs`. */
async function concurrent(
  port: number,
  paths: string[],
  users: number,
  budgetMs: number,
  conditional: Map<string, string> | undefined,
): Promise<ConcurrentViews> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let notModified = 0;
  let withEtag = 0;
  const t0 = Date.now();
  const deadline = t0 + budgetMs;
  const worker = async (w: number) => {
    for (let k = 0; Date.now() < deadline; k++) {
      const path = paths[(w * 7 + k) % paths.length];
      const etag = conditional?.get(path);
      try {
        const res: Timed = await httpRequest(
          port,
          'GET',
          path,
          undefined,
          60_000,
          etag ? { 'if-none-match': etag } : {},
        );
        samples.push(res.ms);
        if (res.status === 304) {
          notModified++;
        } else if (res.status === 200) {
          const tag = res.headers.etag;
          if (tag) {
            withEtag++;
            conditional?.set(path, tag);
          }
        } else {
          errors++;
          firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 200)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: users }, (_, w) => worker(w)));
  return {
    users,
    views: samples.length,
    wallMs: Date.now() - t0,
    latency: latency(samples),
    errors,
    firstError,
    notModified,
    withEtag,
  };
}

/** Sequential views, each read for its Server-Timing `view` metric. */
async function serverTimings(
  port: number,
  paths: string[],
  count: number,
  budgetMs: number,
): Promise<ServerTimings> {
  const byKind = new Map<string, number[]>();
  let missing = 0;
  let views = 0;
  const deadline = Date.now() + budgetMs;
  for (let k = 0; k < count && Date.now() < deadline; k++) {
    const res = await httpRequest(port, 'GET', paths[k % paths.length]);
    views++;
    const timing = parseServerTiming(res.headers['server-timing']);
    if (!timing) {
      missing++;
      continue;
    }
    const kind = timing.desc || 'unlabelled';
    const list = byKind.get(kind) ?? [];
    list.push(timing.dur);
    byKind.set(kind, list);
  }
  return {
    views,
    missing,
    byKind: Object.fromEntries(
      [...byKind].map(([kind, samples]) => [kind, latency(samples)]),
    ),
  };
}

/**
 * The phases, on the entity pages of `services` (which nothing changes
 * meanwhile). Each page is viewed once first so that "unchanged" means
 * built before.
 */
export async function unchangedViews(options: {
  port: number;
  namespace: string;
  services: string[];
  users: number;
  budgetMs: number;
  sequentialCount: number;
  log: (message: string) => void;
  /**
   * Changes one entity's data (a kube-sim write) and resolves with that
   * entity's service once the write is made: its next view is a rebuilt one.
   */
  change?: () => Promise<string>;
  /** Rebuilt views to time (one change each). */
  rebuiltCount?: number;
}): Promise<UnchangedViewsResult> {
  const { port, users, budgetMs, log } = options;
  const paths = options.services.map(s => entityPath(options.namespace, s));
  for (const path of paths) await httpRequest(port, 'GET', path);
  const result: UnchangedViewsResult = {};

  result.serverTiming = await serverTimings(
    port,
    paths,
    options.sequentialCount,
    budgetMs,
  );
  if (options.change) {
    // Views right after a change of their entity: rebuilt, not cached.
    const rebuilt = new Map<string, number[]>();
    const deadline = Date.now() + budgetMs;
    for (let k = 0; k < (options.rebuiltCount ?? 50); k++) {
      if (Date.now() > deadline) break;
      const service = await options.change();
      // Long enough for the watch event to reach the cache at this load.
      await new Promise(r => setTimeout(r, 200));
      const res = await httpRequest(
        port,
        'GET',
        entityPath(options.namespace, service),
      );
      result.serverTiming.views++;
      const timing = parseServerTiming(res.headers['server-timing']);
      if (!timing) {
        result.serverTiming.missing++;
        continue;
      }
      const kind = `${timing.desc || 'unlabelled'} after a change`;
      rebuilt.set(kind, [...(rebuilt.get(kind) ?? []), timing.dur]);
    }
    for (const [kind, samples] of rebuilt) {
      result.serverTiming.byKind[kind] = latency(samples);
    }
  }
  log(`  sequential: ${formatServerTiming(result.serverTiming)}`);

  result.concurrent = await concurrent(port, paths, users, budgetMs, undefined);
  log(`  ${users} users: ${formatConcurrent(result.concurrent)}`);

  const etags = new Map<string, string>();
  for (const path of paths) {
    const tag = (await httpRequest(port, 'GET', path)).headers.etag;
    if (tag) etags.set(path, tag);
  }
  result.conditional = await concurrent(port, paths, users, budgetMs, etags);
  log(
    `  ${users} users with If-None-Match: ${formatConcurrent(
      result.conditional,
    )}${etags.size === 0 ? ' (no ETag sent: plain requests)' : ''}`,
  );
  return result;
}

export function formatServerTiming(t: ServerTimings | undefined): string {
  if (!t) return 'n/a';
  const kinds = Object.entries(t.byKind);
  if (kinds.length === 0) {
    return `Server-Timing n/a (no view metric in ${t.views} answers)`;
  }
  return kinds
    .map(
      ([kind, l]) =>
        `Server-Timing ${kind}: median ${ms(l.median)} (${l.n} views)`,
    )
    .join('; ');
}

export function formatConcurrent(c: ConcurrentViews): string {
  return `${num(c.views)} views (${num(
    (c.views * 1000) / c.wallMs,
    1,
  )}/s): median ${ms(c.latency.median)}, p99 ${ms(c.latency.p99)}; ${
    c.notModified
  } × 304, ${c.withEtag} × 200 with ETag; ${c.errors} errors${
    c.firstError ? ` (${c.firstError})` : ''
  }`;
}

/** The report's table rows: [what, figure, target]. */
export function unchangedViewsRows(
  r: UnchangedViewsResult | undefined,
): Array<[string, string, string]> {
  if (!r) return [];
  const rows: Array<[string, string, string]> = [];
  const timing = (kind: string) => {
    const l = r.serverTiming?.byKind[kind];
    return l ? `${ms(l.median)} (${l.n})` : 'n/a';
  };
  if (r.concurrent) {
    const c = r.concurrent;
    rows.push([
      `${c.users} users, unchanged entities: views/s`,
      num((c.views * 1000) / c.wallMs, 0),
      '≥ 3,000',
    ]);
    rows.push([
      `${c.users} users, unchanged entities: median / p99`,
      `${ms(c.latency.median)} / ${ms(c.latency.p99)}`,
      'p99 ≤ 10 ms',
    ]);
  }
  rows.push([
    'sequential Server-Timing median, cached view',
    timing('cached'),
    '≤ 0.5 ms',
  ]);
  rows.push([
    'sequential Server-Timing median, rebuilt view (after a change)',
    r.serverTiming?.byKind['rebuilt after a change']
      ? timing('rebuilt after a change')
      : timing('rebuilt'),
    '≤ 5 ms',
  ]);
  if (r.conditional) {
    const c = r.conditional;
    rows.push([
      `${c.users} users with If-None-Match: views/s, 304s`,
      `${num((c.views * 1000) / c.wallMs, 0)}/s, ${num(c.notModified)} of ${num(
        c.views,
      )}`,
      '',
    ]);
    rows.push([
      `${c.users} users with If-None-Match: median / p99`,
      `${ms(c.latency.median)} / ${ms(c.latency.p99)}`,
      '',
    ]);
  }
  return rows;
}
