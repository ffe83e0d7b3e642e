/* eslint-disable no-console */
/*
 * Soak (issue 15): Portolan alone against a profile's kube-sim clusters for
 * a long time, with pod churn (status updates, pods created and deleted)
 * and faults cycling through the clusters (injected through kube-sim's
 * fault endpoint, as an operator would with curl), then checks what a
 * platform team cares about after a bad week:
 *
 *   - no data lost: every compared kind's count in the backend's stores is
 *     kube-sim's, and every pod of the sampled services is on its page;
 *   - heap bounded: the heap after a full GC at the end is within 10 % of
 *     the one after the first fault cycle, and the trend is printed;
 *   - no handle leak: active sockets and timers at the end vs the start;
 *   - no error-level log line (faults are warnings), and no token in any line;
 *   - every cluster back to synced once the faults stop.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/soak.ts \
 *     [--profile small] [--minutes 15] [--rate 30] [--fault-every 60] [--out DIR]
 *
 * A benchmark, not a test: it prints the figures and writes them as JSON to
 * bench/out/soak-<profile>.json; exit code 1 when a check fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { closeAgent, httpRequest } from './http';
import { Child } from './ipc';
import {
  CATALOG_NAMESPACE,
  PROFILES,
  type ProfileName,
  sampleServices,
} from './profiles';
import type { LogLine } from './soakBackend';
import type { BenchCluster } from './backendProcess';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const profileName = arg('profile', 'small') as ProfileName;
const profile = PROFILES[profileName];
if (!profile) {
  console.error(`unknown profile '${profileName}'`);
  process.exit(2);
}
const minutes = Number(arg('minutes', '15'));
const churnRate = Number(arg('rate', '30'));
const faultEveryMs = Number(arg('fault-every', '60')) * 1000;
const outDir = resolve(arg('out', join(__dirname, 'out')));
const started = Date.now();
const log = (m: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

interface ClusterSummary {
  name: string;
  health: { state: string; message?: string };
  resources: Array<{
    group: string;
    kind: string;
    state: string;
    count: number;
    message?: string;
  }>;
}

/** One fault: what it does to a cluster, and how long before it is lifted. */
interface Fault {
  name: string;
  inject: string[];
  /** Left on this long, then `reset`; 0 = a one-off event. */
  holdMs: number;
}

const FAULTS: Fault[] = [
  { name: 'drop-watches', inject: ['drop-watches'], holdMs: 0 },
  { name: 'outage', inject: ['down'], holdMs: 25_000 },
  {
    name: 'watch 410 (relist)',
    inject: ['expire-next-watch', 'drop-watches'],
    holdMs: 0,
  },
  {
    name: '503 on pod requests',
    inject: [
      'fail-requests?pattern=/api/v1/pods&status=503&times=4',
      'drop-watches',
    ],
    holdMs: 20_000,
  },
  {
    name: '429 on tekton.dev',
    inject: [
      'fail-requests?pattern=/apis/tekton.dev&status=429&retryAfter=2&times=4',
      'drop-watches',
    ],
    holdMs: 20_000,
  },
  {
    name: 'expired token',
    inject: ['expire-token', 'drop-watches'],
    holdMs: 20_000,
  },
  {
    name: 'stalled watches',
    inject: ['stall-watches?on=true', 'drop-watches'],
    holdMs: 30_000,
  },
  {
    name: 'expired continue on relist',
    inject: ['expire-continue?times=1', 'expire-next-watch', 'drop-watches'],
    holdMs: 0,
  },
  {
    name: 'malformed list items',
    inject: ['bad-list-items?on=true', 'expire-next-watch', 'drop-watches'],
    holdMs: 20_000,
  },
];

async function admin(adminUrl: string, cluster: string, fault: string) {
  const res = await fetch(
    `${adminUrl}/clusters/${encodeURIComponent(cluster)}/faults/${fault}`,
    { method: 'POST' },
  );
  if (!res.ok)
    throw new Error(`fault ${fault}: ${res.status} ${await res.text()}`);
}

async function clusters(port: number): Promise<ClusterSummary[]> {
  const r = await httpRequest(
    port,
    'GET',
    '/api/portolan/clusters',
    undefined,
    60_000,
  );
  if (r.status !== 200) throw new Error(`/clusters answered ${r.status}`);
  return JSON.parse(r.body).clusters;
}

function allSynced(cs: ClusterSummary[]): boolean {
  return cs.every(
    c =>
      c.health.state === 'synced' &&
      c.resources.every(
        r => r.state === 'synced' || r.state === 'not-installed',
      ),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/** Least-squares slope, in units per minute. */
function slopePerMinute(points: Array<{ at: number; v: number }>): number {
  if (points.length < 2) return 0;
  const xs = points.map(p => (p.at - points[0].at) / 60_000);
  const ys = points.map(p => p.v);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

/** The kinds whose counts the soak compares with the backend's stores. */
const COMPARED_KINDS: Array<{ apiVersion: string; kind: string }> = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun' },
  { apiVersion: 'tekton.dev/v1', kind: 'TaskRun' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' },
];

const MiB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  mkdirSync(outDir, { recursive: true });
  const sim = Child.start('kube-sim', 'soakSim.ts', {
    args: [profileName],
    execArgv: [`--max-old-space-size=${profile.simHeapMiB}`],
    logFile: join(outDir, `soak-${profileName}-sim.log`),
  });
  const backend = Child.start('backend', 'soakBackend.ts', {
    args: [profileName],
    execArgv: ['--expose-gc', `--max-old-space-size=${profile.backendHeapMiB}`],
    logFile: join(outDir, `soak-${profileName}-backend.log`),
  });
  const checks: Array<{ check: string; ok: boolean; detail: string }> = [];
  const check = (name: string, ok: boolean, detail: string) => {
    checks.push({ check: name, ok, detail });
    log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
  };
  try {
    const ready = await sim.event<{
      adminUrl: string;
      clusters: BenchCluster[];
    }>('ready', 300_000);
    await backend.event('loaded', 120_000);
    log(
      `kube-sim: ${ready.clusters.length} clusters, faults at ${ready.adminUrl}`,
    );
    const { port } = await backend.call<{ port: number }>(
      'start',
      { clusters: ready.clusters },
      300_000,
    );
    const syncStart = Date.now();
    for (;;) {
      if (allSynced(await clusters(port))) break;
      if (Date.now() - syncStart > profile.budget.syncTimeoutMs * 3)
        throw new Error('the clusters never synced');
      await sleep(2_000);
    }
    const syncMs = Date.now() - syncStart;
    log(`synced in ${(syncMs / 1000).toFixed(1)} s`);

    const samples: Array<{
      at: number;
      heapUsed: number;
      rss: number;
      resources: Record<string, number>;
      load1: number;
    }> = [];
    const sample = async () => {
      const s = await backend.call<{
        at: number;
        memory: { heapUsed: number; rss: number };
        resources: Record<string, number>;
      }>('sample', {}, 120_000);
      samples.push({
        at: s.at,
        heapUsed: s.memory.heapUsed,
        rss: s.memory.rss,
        resources: s.resources,
        load1: os.loadavg()[0],
      });
    };
    await sample();

    const soakStart = Date.now();
    const soakEnd = soakStart + minutes * 60_000;
    await sim.call('churnStart', { rate: churnRate });
    const faultLog: Array<{ at: number; cluster: string; fault: string }> = [];
    const viewErrors: string[] = [];
    let views = 0;
    let i = 0;
    let nextFault = soakStart + 15_000;
    let nextSample = soakStart + 30_000;
    const samplesServices = sampleServices(profile);
    while (Date.now() < soakEnd) {
      if (Date.now() >= nextFault) {
        const fault = FAULTS[i % FAULTS.length];
        const cluster = ready.clusters[i % ready.clusters.length].name;
        i++;
        nextFault += faultEveryMs;
        log(`fault ${fault.name} on ${cluster}`);
        faultLog.push({ at: Date.now(), cluster, fault: fault.name });
        for (const f of fault.inject) await admin(ready.adminUrl, cluster, f);
        if (fault.holdMs > 0) {
          setTimeout(() => {
            admin(ready.adminUrl, cluster, 'reset').catch(e =>
              log(`reset ${cluster} failed: ${e}`),
            );
          }, fault.holdMs);
        }
      }
      if (Date.now() >= nextSample) {
        nextSample += 30_000;
        await sample();
      }
      // Page views throughout: a page that does not answer 200 is a finding.
      const service = samplesServices[views % samplesServices.length];
      views++;
      try {
        const r = await httpRequest(
          port,
          'GET',
          `/api/portolan/entities/${CATALOG_NAMESPACE}/component/${service}`,
          undefined,
          60_000,
        );
        if (r.status !== 200) viewErrors.push(`${service}: ${r.status}`);
      } catch (e) {
        viewErrors.push(`${service}: ${(e as Error).message}`);
      }
      await sleep(500);
    }
    const churn = await sim.call('churnStop');
    log(`churn: ${JSON.stringify(churn)}`);
    for (const c of ready.clusters)
      await admin(ready.adminUrl, c.name, 'reset');

    // Recovery: every cluster synced, and the stores converge on kube-sim.
    const recoverStart = Date.now();
    let last: ClusterSummary[] = [];
    let truth: Array<{
      name: string;
      counts: Record<string, number>;
      servicePods: Record<string, string[]>;
    }> = [];
    const mismatches = () => {
      const out: string[] = [];
      for (const t of truth) {
        const c = last.find(x => x.name === t.name);
        for (const k of COMPARED_KINDS) {
          const group = k.apiVersion.includes('/')
            ? k.apiVersion.split('/')[0]
            : '';
          const have = c?.resources
            .filter(r => r.kind === k.kind && r.group === group)
            .reduce((n, r) => n + r.count, 0);
          if (have !== t.counts[k.kind])
            out.push(
              `${t.name} ${k.kind}: kube-sim ${
                t.counts[k.kind]
              }, backend ${have}`,
            );
        }
      }
      return out;
    };
    for (;;) {
      last = await clusters(port);
      truth = await sim.call(
        'truth',
        { services: samplesServices, kinds: COMPARED_KINDS },
        120_000,
      );
      if (allSynced(last) && mismatches().length === 0) break;
      if (Date.now() - recoverStart > 300_000) break;
      await sleep(3_000);
    }
    const recoveryMs = Date.now() - recoverStart;
    check(
      'every cluster synced after the faults',
      allSynced(last),
      `${recoveryMs} ms after the last reset; ${last
        .map(
          c =>
            `${c.name} ${c.health.state}${
              c.resources.some(
                r => r.state !== 'synced' && r.state !== 'not-installed',
              )
                ? ` (${c.resources
                    .filter(
                      r => r.state !== 'synced' && r.state !== 'not-installed',
                    )
                    .map(r => `${r.kind} ${r.state}`)
                    .join(', ')})`
                : ''
            }`,
        )
        .join(', ')}`,
    );
    const lost = mismatches();
    check(
      'no data lost: store counts equal kube-sim',
      lost.length === 0,
      lost.length
        ? lost.join('; ')
        : `${COMPARED_KINDS.map(k => k.kind).join(', ')} on ${
            truth.length
          } clusters`,
    );

    // Every pod of the sampled services is on its page.
    let missing = 0;
    let extra = 0;
    let pages = 0;
    const examples: string[] = [];
    for (const service of samplesServices) {
      const want = new Set(truth.flatMap(t => t.servicePods[service] ?? []));
      const r = await httpRequest(
        port,
        'GET',
        `/api/portolan/entities/${CATALOG_NAMESPACE}/component/${service}`,
        undefined,
        60_000,
      );
      pages++;
      const view = JSON.parse(r.body);
      const have = new Set<string>();
      for (const w of view.workloads ?? [])
        for (const p of w.pods ?? [])
          have.add(`${w.cluster}/${w.namespace}/${p.name}`);
      for (const p of want)
        if (!have.has(p)) {
          missing++;
          if (missing <= 3) examples.push(`missing ${p}`);
        }
      for (const p of have)
        if (!want.has(p)) {
          extra++;
          if (extra <= 3) examples.push(`extra ${p}`);
        }
      if (view.partial && examples.length < 5)
        examples.push(`${service} partial`);
    }
    check(
      'every pod of the sampled services on its page',
      missing === 0 && extra === 0,
      `${pages} pages: ${missing} missing, ${extra} extra ${examples.join(
        '; ',
      )}`,
    );
    check(
      'page views answered 200 throughout',
      viewErrors.length === 0,
      `${views} views, ${viewErrors.length} failed ${viewErrors
        .slice(0, 3)
        .join('; ')}`,
    );

    // Heap: after a full GC, at the end vs after the first fault cycle.
    await sample();
    const cycleMs = faultEveryMs * FAULTS.length;
    const base = samples.filter(
      s => s.at >= soakStart + Math.min(cycleMs, (minutes * 60_000) / 3),
    );
    const firstThird = base.slice(0, Math.max(1, Math.floor(base.length / 3)));
    const lastThird = base.slice(-Math.max(1, Math.floor(base.length / 3)));
    const h0 = median(firstThird.map(s => s.heapUsed));
    const h1 = median(lastThird.map(s => s.heapUsed));
    const growth = (h1 - h0) / h0;
    const slope = slopePerMinute(base.map(s => ({ at: s.at, v: s.heapUsed })));
    check(
      'heap flat within 10 %',
      Math.abs(growth) <= 0.1,
      `median heap after GC ${MiB(
        h0,
      )} (first third after one fault cycle) → ${MiB(h1)} (last third): ${(
        growth * 100
      ).toFixed(1)} %, trend ${MiB(slope)}/min; min ${MiB(
        Math.min(...base.map(s => s.heapUsed)),
      )}, max ${MiB(Math.max(...base.map(s => s.heapUsed)))}`,
    );
    // Faults open and close sockets and arm timers: the baseline is the
    // most of each kind in the first half; a leak grows past it.
    const firstHalf = samples.slice(
      0,
      Math.max(2, Math.ceil(samples.length / 2)),
    );
    const first: Record<string, number> = {};
    for (const s of firstHalf)
      for (const [k, n] of Object.entries(s.resources))
        first[k] = Math.max(first[k] ?? 0, n);
    const end = samples[samples.length - 1].resources;
    const kinds = [...new Set([...Object.keys(first), ...Object.keys(end)])];
    const grew = kinds.filter(k => (end[k] ?? 0) > (first[k] ?? 0) * 1.5 + 5);
    check(
      'no handle leak',
      grew.length === 0,
      `most in the first half → end: ${kinds
        .map(k => `${k} ${first[k] ?? 0}→${end[k] ?? 0}`)
        .join(', ')}`,
    );

    const logs = await backend.call<{
      counts: Record<string, number>;
      dropped: number;
      lines: LogLine[];
    }>('logs', { since: 0 });
    const errors = logs.lines.filter(l => l.level === 'error');
    check(
      'no error-level log line',
      errors.length === 0,
      `${logs.counts.error} error, ${logs.counts.warn} warn lines; ${errors
        .slice(0, 3)
        .map(e => e.message)
        .join(' | ')}`,
    );
    const tokens = ready.clusters.map(c => c.token);
    const leaked = logs.lines.filter(l =>
      tokens.some(t => l.message.includes(t)),
    );
    check(
      'no token in any log line',
      leaked.length === 0,
      `${leaked.length} lines`,
    );
    const warnKinds = new Map<string, number>();
    for (const l of logs.lines.filter(x => x.level === 'warn')) {
      const key = l.message.replace(/\d+/g, 'N').slice(0, 110);
      warnKinds.set(key, (warnKinds.get(key) ?? 0) + 1);
    }

    const result = {
      profile: profileName,
      date: new Date(started).toISOString(),
      command:
        `node -r @backstage/cli/config/nodeTransform.cjs bench/soak.ts ${process.argv
          .slice(2)
          .join(' ')}`.trim(),
      machine: { cpus: os.cpus().length, node: process.version },
      minutes,
      churnRate,
      churn,
      syncMs,
      recoveryMs,
      faults: faultLog.map(f => ({ ...f, at: f.at - soakStart })),
      views,
      checks,
      heap: samples.map(s => ({
        t: Math.round((s.at - soakStart) / 1000),
        heapMiB: +(s.heapUsed / 1048576).toFixed(1),
        rssMiB: +(s.rss / 1048576).toFixed(1),
        load1: +s.load1.toFixed(2),
        resources: s.resources,
      })),
      loadAverage: {
        min: Math.min(...samples.map(s => s.load1)),
        median: median(samples.map(s => s.load1)),
        max: Math.max(...samples.map(s => s.load1)),
      },
      warnings: [...warnKinds.entries()].sort((a, b) => b[1] - a[1]),
    };
    const file = join(outDir, `soak-${profileName}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(
      `load average (1 min) min/median/max ${result.loadAverage.min.toFixed(
        1,
      )}/${result.loadAverage.median.toFixed(
        1,
      )}/${result.loadAverage.max.toFixed(1)}`,
    );
    log(
      `warnings by kind:\n  ${result.warnings
        .slice(0, 15)
        .map(([k, n]) => `${n} × ${k}`)
        .join('\n  ')}`,
    );
    log(`figures in ${file}`);
  } catch (e) {
    check(
      'harness',
      false,
      e instanceof Error ? e.stack ?? e.message : String(e),
    );
  } finally {
    closeAgent();
    await Promise.all([backend.stop(), sim.stop()]);
  }
  process.exit(checks.every(c => c.ok) ? 0 : 1);
}

main();
