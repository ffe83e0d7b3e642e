/* eslint-disable no-console */
/*
 * `yarn bench --real --profile P` (`./portolan bench --real …`): the same
 * bench twice in one invocation, first on kube-sim (bench/simProcess.ts),
 * then on one real kube-apiserver + etcd per cluster (bench/realProcess.ts),
 * each a full `bench/run.ts` in its own process (so neither run's servers or
 * backend are up while the other measures), then one table with the two
 * side by side. Writes both runs' JSON and the table to the out folder.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { bytes, type Latency, ms, num, ratio, table } from './stats';

type Servers = 'kube-sim' | 'real';

interface Phase {
  latency: Latency;
  views: number;
  errors: number;
  apiRequests: number;
}

interface ChurnStep {
  targetRate: number;
  achievedRate: number;
  backendCpu: number;
  watchMiBps: number;
  view?: Latency;
  probes: number[];
  probeTimeouts: number;
  keptUp: boolean;
}

/** The part of a run's JSON (bench/run.ts `results`) the table reads. */
interface RunResults {
  servers: Servers;
  date: string;
  machine: { loadStart?: string; loadEnd?: string; code?: string };
  world?: {
    objects: number;
    loadedMs: number;
    startedMs?: number;
  };
  startup?: {
    syncMs?: number;
    syncBackendCpuMs?: number;
    syncSimCpuMs?: number;
    cachedObjects?: number;
    syncRequests?: number;
  };
  memory?: {
    afterSync?: { rss: number; heapUsed: number };
    bytesPerObject?: number;
    sim?: { rss: number };
  };
  sequential: Partial<Record<'portolan' | 'services' | 'workloads', Phase>>;
  concurrent: Partial<Record<'portolan' | 'services' | 'workloads', Phase>>;
  slowCluster: Partial<Record<'portolan' | 'services' | 'workloads', Phase>> & {
    baseline?: Phase;
  };
  churn: ChurnStep[];
  churnNote?: string;
  churnIdleCpu?: number;
  notes: string[];
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** One `bench/run.ts` on these servers, its output prefixed; resolves with its exit code. */
function runOnce(
  args: string[],
  servers: Servers,
  json: string,
  onChild: (kill: () => void) => void,
): Promise<number> {
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(__dirname, 'run.ts'),
        ...args,
        '--servers',
        servers,
        '--json',
        json,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    onChild(() => child.kill('SIGINT'));
    const prefix = servers === 'real' ? '[real]     ' : '[kube-sim] ';
    const forward = (out: NodeJS.WriteStream) => {
      let rest = '';
      return (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(`${prefix}${line}\n`);
      };
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('error', rej);
    child.on('exit', code => res(code ?? 1));
  });
}

/** events/s one core would absorb, as bench/run.ts extrapolates it. */
function oneCore(r: RunResults, c: ChurnStep): number {
  const idle = r.churnIdleCpu ?? 0;
  const perEvent = (c.backendCpu - idle) / c.achievedRate;
  return perEvent > 0 ? (1 - idle) / perEvent : NaN;
}

/** The side-by-side table of two runs. */
export function sideBySide(sim: RunResults, real: RunResults): string {
  const both = [sim, real];
  const rows: string[][] = [
    ['', 'kube-sim', 'real kube-apiserver', 'real ÷ sim'],
  ];
  const add = (
    label: string,
    f: (r: RunResults) => number | undefined,
    fmt: (x: number) => string,
  ) => {
    const [a, b] = both.map(f);
    rows.push([
      label,
      a === undefined || Number.isNaN(a) ? '—' : fmt(a),
      b === undefined || Number.isNaN(b) ? '—' : fmt(b),
      a !== undefined && b !== undefined && a > 0 ? ratio(b, a) : '',
    ]);
  };
  const text = (label: string, f: (r: RunResults) => string, note = '') =>
    rows.push([label, ...both.map(f), note]);

  add(
    'objects loaded',
    r => r.world?.objects,
    x => num(x),
  );
  add('servers: load the world', r => r.world?.loadedMs, ms);
  add('backend start → all clusters synced', r => r.startup?.syncMs, ms);
  add('backend CPU during sync', r => r.startup?.syncBackendCpuMs, ms);
  add(
    'servers CPU during sync (kube-sim; apiservers + etcd)',
    r => r.startup?.syncSimCpuMs,
    ms,
  );
  add(
    'backend CPU per listed object (sync)',
    r =>
      r.startup?.syncBackendCpuMs !== undefined && r.startup.cachedObjects
        ? (r.startup.syncBackendCpuMs * 1000) / r.startup.cachedObjects
        : undefined,
    x => `${num(x, 1)} µs`,
  );
  add(
    'API requests during sync (Portolan)',
    r => r.startup?.syncRequests,
    x => num(x),
  );
  add(
    'objects cached',
    r => r.startup?.cachedObjects,
    x => num(x),
  );
  add(
    'heap added per cached object',
    r => r.memory?.bytesPerObject,
    x => `${num(x)} B`,
  );
  add('backend RSS after sync', r => r.memory?.afterSync?.rss, bytes);
  add('servers RSS', r => r.memory?.sim?.rss, bytes);
  for (const [key, label] of [
    ['portolan', 'Portolan entity view'],
    ['services', 'official /services'],
    ['workloads', 'official /workloads/query'],
  ] as const) {
    add(
      `${label}: sequential median`,
      r => r.sequential[key]?.latency.median,
      ms,
    );
    add(`${label}: sequential p99`, r => r.sequential[key]?.latency.p99, ms);
    add(
      `${label}: 20 users median`,
      r => r.concurrent[key]?.latency.median,
      ms,
    );
    add(`${label}: 20 users p99`, r => r.concurrent[key]?.latency.p99, ms);
  }
  for (const key of ['services', 'workloads'] as const) {
    text(`speed-up of Portolan's median vs ${key} (sequential)`, r =>
      ratio(
        r.sequential[key]?.latency.median,
        r.sequential.portolan?.latency.median,
      ),
    );
  }
  for (const key of ['portolan', 'services', 'workloads'] as const) {
    add(
      `API requests per view: ${key} (sequential)`,
      r => {
        const p = r.sequential[key];
        return p ? p.apiRequests / p.views : undefined;
      },
      x => num(x, 1),
    );
  }
  add(
    'errors (all latency phases)',
    r =>
      (['portolan', 'services', 'workloads'] as const).reduce(
        (n, k) =>
          n + (r.sequential[k]?.errors ?? 0) + (r.concurrent[k]?.errors ?? 0),
        0,
      ),
    x => num(x),
  );
  text('slow cluster (+2 s): Portolan median, with / without', r =>
    r.slowCluster.portolan && r.slowCluster.baseline
      ? `${ms(r.slowCluster.portolan.latency.median)} / ${ms(
          r.slowCluster.baseline.latency.median,
        )} (max ${ms(r.slowCluster.portolan.latency.max)})`
      : '—',
  );
  text('slow cluster (+2 s): official /services median', r =>
    ms(r.slowCluster.services?.latency.median),
  );
  text('churn: idle propagation (write → visible)', r => r.churnNote ?? '—');
  const steps = [
    ...new Set(both.flatMap(r => r.churn.map(c => c.targetRate))),
  ].sort((a, b) => a - b);
  for (const rate of steps) {
    text(
      `churn ${num(
        rate,
      )}/s asked: generated; backend CPU; events per CPU-s; probe lag max; kept up`,
      r => {
        const c = r.churn.find(x => x.targetRate === rate);
        if (!c) return 'not run';
        return `${num(c.achievedRate)}/s; ${(c.backendCpu * 100).toFixed(
          0,
        )}%; ${num(c.achievedRate / Math.max(c.backendCpu, 1e-9))}; ${ms(
          c.probes.length ? Math.max(...c.probes) : NaN,
        )}; ${c.keptUp ? 'yes' : 'no'}`;
      },
    );
  }
  add(
    'churn: watch events/s on one core (best step, extrapolated)',
    r => {
      const xs = r.churn.map(c => oneCore(r, c)).filter(Number.isFinite);
      return xs.length ? Math.max(...xs) : undefined;
    },
    x => num(x),
  );
  text(
    'load average at start → end',
    r => `${r.machine.loadStart ?? '?'} → ${r.machine.loadEnd ?? '?'}`,
  );
  return table(rows);
}

/** Runs kube-sim then the real servers, prints the table, exits. */
export async function runSideBySide(argv: string[]): Promise<void> {
  const args = argv.filter(a => a !== '--real');
  const profile = argValue(args, 'profile') ?? 'smoke';
  const outDir = resolve(argValue(args, 'out') ?? join(__dirname, 'out'));
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const loadStart = os
    .loadavg()
    .map(x => x.toFixed(2))
    .join(' ');
  let kill: (() => void) | undefined;
  process.on('SIGINT', () => {
    kill?.();
  });
  const runs: Partial<Record<Servers, RunResults>> = {};
  const files: Partial<Record<Servers, string>> = {};
  for (const servers of ['kube-sim', 'real'] as const) {
    const json = join(outDir, `${profile}-${servers}-${stamp}.json`);
    files[servers] = json;
    console.log(`bench --real: ${servers} run (${profile}) …`);
    const code = await runOnce(args, servers, json, k => {
      kill = k;
    });
    if (code !== 0) {
      console.error(`bench --real: the ${servers} run exited ${code}`);
      if (code === 130) process.exit(130);
    }
    try {
      runs[servers] = JSON.parse(readFileSync(json, 'utf8'));
    } catch {
      console.error(`bench --real: no results from the ${servers} run`);
    }
  }
  if (!runs['kube-sim'] || !runs.real) process.exit(1);
  const sim = runs['kube-sim'];
  const real = runs.real;
  const text = [
    `Portolan vs the official Kubernetes backend, profile ${profile}, on kube-sim and on real kube-apiserver + etcd (one run; load average ${loadStart} at start, ${os
      .loadavg()
      .map(x => x.toFixed(2))
      .join(' ')} at end; code ${sim.machine.code ?? '?'})`,
    sideBySide(sim, real),
    '',
    ...(['kube-sim', 'real'] as const).flatMap(s =>
      runs[s]!.notes.map(n => `- ${s}: ${n}`),
    ),
  ].join('\n');
  console.log(`\n${text}`);
  writeFileSync(
    join(outDir, `${profile}-side-by-side-latest.txt`),
    `${text}\n`,
  );
  writeFileSync(
    join(outDir, `${profile}-side-by-side-${stamp}.json`),
    JSON.stringify({ 'kube-sim': sim, real, table: text }, null, 2),
  );
  console.log(
    `\nresults: ${(['kube-sim', 'real'] as const)
      .map(s => relative(process.cwd(), files[s]!))
      .join(', ')}, ${relative(
      process.cwd(),
      join(outDir, `${profile}-side-by-side-${stamp}.json`),
    )}`,
  );
  process.exit(0);
}
