/*
 * Issue 17's history benchmark, standalone (bench/run.ts is the comparison
 * against the official backend; this one needs no kube-sim):
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/history.ts [--rows 1000000] [--engines sqlite,postgres] [--queries 200]
 *
 * 1. Query latency at scale: seeds `--rows` runs and as many deployments
 *    (2,000 services, spread over 400 days) into a fresh SQLite file and a
 *    throwaway PostgreSQL (the test fixture's), then times, for one
 *    service, the history route's query (90 days, newest first, 50 rows)
 *    and the DORA computation over 90 days (`doraForEntity`: every
 *    deployment and run of the service in 400 + 90 days, then computeDora);
 *    then `GET /dora`'s computation (`doraForFleet`, 90 days) for one
 *    owner's 100 services and for all 2,000.
 * 2. Recording cost: CPU time (process.cpuUsage) of HistoryRecorder turning
 *    a medium-sized fleet's views (200 services × 20 runs, 3 Argo CD apps
 *    with 10 history entries, 4 placements) into writes, on a pass where
 *    nothing changed (the steady state) and on a pass where every run is
 *    new, with the SQLite writes; reported as ms per pass and as the share
 *    of one core at the default pass interval (60 s).
 * Prints a Markdown table with the load average before and after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { HistoryRecorder } from '../plugins/portolan-backend/src/history/HistoryRecorder';
import { HistoryStore } from '../plugins/portolan-backend/src/history/HistoryStore';
import {
  doraForEntity,
  doraForFleet,
} from '../plugins/portolan-backend/src/dora/doraFromHistory';
import { startTestPostgres } from '../plugins/portolan-backend/src/history/__testUtils__/testDatabases';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const SERVICES = 2_000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const load = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

async function seed(db: Knex, rows: number): Promise<number> {
  const started = Date.now();
  const perService = Math.ceil(rows / SERVICES);
  const sqlite = db.client.config.client === 'better-sqlite3';
  // Rows per insert: knex writes a multi-row insert on SQLite as one
  // compound SELECT, at most 500 terms; PostgreSQL takes 2,000 (≤ 19
  // columns: under its 65,535 bound parameters).
  const batch = sqlite ? 500 : 2000;
  // Seeding only: a big page cache so the index inserts stay in memory;
  // put back to SQLite's default before anything is timed.
  if (sqlite) await db.raw('pragma cache_size = -262144');
  for (const table of [
    'portolan_history_runs',
    'portolan_history_deployments',
  ]) {
    let buffer: Record<string, unknown>[] = [];
    // 100 inserts per transaction: SQLite commits (and
    // syncs) each one.
    let trx = await db.transaction();
    let batches = 0;
    const flush = async (items: Record<string, unknown>[]) => {
      await trx(table).insert(items);
      if (++batches % 100 === 0) {
        await trx.commit();
        trx = await db.transaction();
      }
    };
    const commit = () => trx.commit();
    for (let n = 0; n < rows; n++) {
      const service = n % SERVICES;
      const k = Math.floor(n / SERVICES);
      const at =
        NOW - Math.floor((k / perService) * 400 * DAY) - service * 1000;
      const common = {
        entity_ref: `component:default/service-${service}`,
        cluster: `cluster-${service % 6}`,
        uid: `${table}-${service}-${k}`,
        source: table.endsWith('runs') ? 'tekton' : 'argocd',
        namespace: `ns-${service}`,
        name: `service-${service}-${k}`,
        status: k % 11 === 0 ? 'failed' : 'succeeded',
        started_at: at - 600_000,
        finished_at: at,
        sort_at: table.endsWith('runs') ? at - 600_000 : at,
        commit: `sha-${service}-${k}`,
        live: k < 20,
        recorded_at: NOW,
      };
      buffer.push(
        table.endsWith('runs')
          ? { ...common, kind: 'PipelineRun' }
          : {
              ...common,
              application: `service-${service}-prod`,
              revision: `sha-${service}-${k}`,
              destination_namespace: `service-${service}-prod`,
            },
      );
      if (buffer.length === batch) {
        await flush(buffer);
        buffer = [];
      }
    }
    if (buffer.length) await flush(buffer);
    await commit();
  }
  if (sqlite) {
    // No ANALYZE: nothing runs it on a Backstage SQLite either.
    await db.raw('pragma cache_size = -2000');
  } else {
    // What autovacuum reaches after the inserts (PostgreSQL 13+ vacuums on
    // inserts too): statistics, and the visibility map index-only scans need.
    await db.raw('vacuum analyze');
  }
  return Date.now() - started;
}

async function timeQueries(store: HistoryStore, queries: number) {
  const history: number[] = [];
  const dora: number[] = [];
  for (let i = 0; i < queries; i++) {
    const entityRef = `component:default/service-${(i * 7919) % SERVICES}`;
    let t = process.hrtime.bigint();
    await store.query({
      entityRef,
      type: 'pipelineRuns',
      since: NOW - 90 * DAY,
      until: NOW,
      limit: 50,
    });
    history.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await doraForEntity(store, entityRef, 90 * DAY, NOW);
    dora.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50: percentile(s, 50), p99: percentile(s, 99) };
  };
  return { history: stats(history), dora: stats(dora) };
}

/**
 * `GET /dora` over many services: `doraForFleet` (90 days) for one owner's
 * 100 services and for the whole fleet of 2,000, a few times each.
 */
async function timeFleet(store: HistoryStore, queries: number) {
  const services = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      entityRef: `component:default/service-${from + i}`,
      owner: `group:default/team-${(from + i) % 20}`,
    }));
  const time = async (count: number, times: number) => {
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const from = count >= SERVICES ? 0 : (i * 100) % (SERVICES - count);
      const t = process.hrtime.bigint();
      await doraForFleet(store, services(from, count), 90 * DAY, NOW);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const sorted = [...ms].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), max: sorted[sorted.length - 1] };
  };
  return {
    owner: await time(100, Math.max(1, Math.ceil(queries / 10))),
    fleet: await time(SERVICES, Math.max(1, Math.ceil(queries / 40))),
  };
}

function fleetViews(generation: number) {
  return Array.from({ length: 200 }, (_, s) => {
    const entityRef = `component:default/bench-${s}`;
    const run = (i: number) => ({
      system: 'tekton',
      cluster: 'bench',
      namespace: `ns-${s}`,
      name: `bench-${s}-run-${generation}-${i}`,
      status: i === 0 ? 'running' : i % 7 === 0 ? 'failed' : 'succeeded',
      createdAt: new Date(NOW - i * 3_600_000).toISOString(),
      startedAt: new Date(NOW - i * 3_600_000).toISOString(),
      finishedAt: new Date(NOW - i * 3_600_000 + 300_000).toISOString(),
      trigger: { kind: 'manual' },
      commit: { sha: `sha-${generation}-${i}` },
      tasks: [],
      results: [],
      images: [],
      links: [],
      warnings: [],
    });
    const app = (a: number) => ({
      system: 'argocd',
      cluster: 'bench',
      namespace: 'argocd',
      application: `bench-${s}-${a}-prod`,
      destination: { namespace: `bench-${s}-prod`, cluster: 'bench' },
      health: 'healthy',
      history: Array.from({ length: 10 }, (_, h) => ({
        id: h + 1,
        revisions: [`rev-${h}`],
        deployStartedAt: new Date(NOW - h * DAY).toISOString(),
        deployedAt: new Date(NOW - h * DAY + 60_000).toISOString(),
      })),
    });
    return {
      entityRef,
      view: {
        entityRef,
        clusters: [{ name: 'bench', state: 'synced' }],
        pipelineRuns: Array.from({ length: 20 }, (_, i) => run(i)),
        deployments: [0, 1, 2].map(app),
        images: [
          {
            cluster: 'bench',
            digest: `sha256:${s}`,
            reference: `reg/bench-${s}`,
            workloads: [0, 1, 2, 3].map(w => ({
              kind: 'Deployment',
              namespace: `ns-${s}`,
              name: `bench-${s}-${w}`,
            })),
          },
        ],
      },
    } as never;
  });
}

async function recordingCost(db: Knex) {
  const store = new HistoryStore(db);
  const logger = {
    debug() {},
    info() {},
    warn() {},
    error() {},
    child() {
      return logger;
    },
  };
  const recorder = new HistoryRecorder({ store, logger: logger as never });
  const signal = new AbortController().signal;
  const pass = async (generation: number) => {
    const views = fleetViews(generation);
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    await recorder.recordScan(views, signal);
    await recorder.flush();
    const used = process.cpuUsage(cpu);
    return {
      cpuMs: (used.user + used.system) / 1000,
      wallMs: Number(process.hrtime.bigint() - t) / 1e6,
    };
  };
  await pass(0); // first sight: everything written
  const steady: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) steady.push((await pass(0)).cpuMs);
  for (let i = 1; i <= 5; i++) fresh.push((await pass(i)).cpuMs);
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    steadyCpuMs: median(steady),
    freshCpuMs: median(fresh),
    written: recorder.status().written,
  };
}

async function main() {
  const rows = Number(arg('rows', '1000000'));
  const queries = Number(arg('queries', '200'));
  const engines = arg('engines', 'sqlite,postgres').split(',');
  const out: string[] = [];
  out.push(`load average at start: ${load()}`);
  const dir = mkdtempSync(join(tmpdir(), 'portolan-history-bench-'));
  const postgres = engines.includes('postgres')
    ? await startTestPostgres()
    : undefined;
  try {
    out.push(
      '',
      `| engine | rows per table | seed s | history p50 / p99 ms | dora p50 / p99 ms | fleet dora, 100 services, p50 / max ms | fleet dora, 2,000 services, p50 / max ms |`,
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const engine of engines) {
      const db =
        engine === 'sqlite'
          ? knexFactory({
              client: 'better-sqlite3',
              connection: { filename: join(dir, 'history.sqlite') },
              useNullAsDefault: true,
            })
          : await postgres!.createDatabase();
      try {
        await HistoryStore.migrate(db);
        const seedMs = await seed(db, rows);
        const store = new HistoryStore(db);
        await timeQueries(store, 20); // warm up
        const t = await timeQueries(store, queries);
        const f = await timeFleet(store, queries);
        const pair = (a: number, b: number) =>
          `${a.toFixed(1)} / ${b.toFixed(1)}`;
        const line = `| ${engine} | ${rows.toLocaleString('en')} | ${(
          seedMs / 1000
        ).toFixed(0)} | ${pair(t.history.p50, t.history.p99)} | ${pair(
          t.dora.p50,
          t.dora.p99,
        )} | ${pair(f.owner.p50, f.owner.max)} | ${pair(
          f.fleet.p50,
          f.fleet.max,
        )} |`;
        out.push(line);
        console.error(line, `(load ${load()})`);
      } finally {
        await db.destroy();
      }
    }
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'recording.sqlite') },
      useNullAsDefault: true,
    });
    try {
      await HistoryStore.migrate(db);
      const cost = await recordingCost(db);
      out.push(
        '',
        `Recording (200 services × 20 runs + 3 apps × 10 syncs + 4 placements, SQLite): ` +
          `${cost.steadyCpuMs.toFixed(
            0,
          )} ms CPU per unchanged pass, ${cost.freshCpuMs.toFixed(
            0,
          )} ms CPU per pass with 4,000 new runs; ` +
          `at the default 60 s pass: ${(
            (cost.steadyCpuMs / 60_000) *
            100
          ).toFixed(2)} % / ${((cost.freshCpuMs / 60_000) * 100).toFixed(
            2,
          )} % of one core.`,
      );
    } finally {
      await db.destroy();
    }
  } finally {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  out.push('', `load average at end: ${load()}`);
  console.log(out.join('\n'));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
