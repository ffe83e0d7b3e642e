/* eslint-disable no-console */
/*
 * CPU time of ingest, in process: the backend's own KubeClient,
 * ResourceInformers, projections and stores list one generated cluster of
 * a profile and then apply streams of pod status updates, served over
 * plain HTTP by a child process that only replays prepared bytes (no
 * kube-sim, no backend, no TLS). Reports CPU per listed object and per
 * watch event for this process alone (its GC threads included).
 *
 *   node --expose-gc -r @backstage/cli/config/nodeTransform.cjs bench/ingestCost.ts
 *        [--profile medium] [--cluster 0] [--events 20000] [--rate 0|N/s]
 *        [--rounds 5] [--page-size 500] [--syncs 3] [--copies 1]
 *        [--src DIR] [--compare DIR] [--cpu-prof DIR]
 *
 * `--compare DIR` loads a second version of the backend (another tree's
 * `plugins/portolan-backend/src`, e.g. HEAD's unpacked with
 * `git archive HEAD plugins/portolan-backend/src plugins/portolan-node/src |
 * tar -x -C bench/out/base`, then `--compare bench/out/base/plugins/portolan-backend/src`)
 * into the same process and alternates the two, sync by sync and round by
 * round. This machine's cores are shared and its speed moves by ±30 %
 * within minutes; runs of separate processes minutes apart cannot be
 * compared, rounds seconds apart in one process can.
 *
 * `--rate 0` writes the events as fast as the socket takes them (many per
 * chunk: the cost of an event when events queue up, i.e. capacity); a
 * rate writes them one by one, paced (about one per chunk, each on a
 * cold cache: what `yarn bench` measures at the rates kube-sim reaches).
 * `--copies 10` lists the cluster as ten clusters at once (ten clients,
 * ten sets of informers), as the backend does at `medium`, for a heap and
 * a GC load like the backend's.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { KubeClient as KubeClientType } from '../plugins/portolan-backend/src/clusters/KubeClient';
import type { CacheOptions } from '../plugins/portolan-backend/src/cache/CacheOptions';
import type {
  ResourceInformer as ResourceInformerType,
  ServedResource,
} from '../plugins/portolan-backend/src/cache/ResourceInformer';
import type { SourceSet as SourceSetType } from '@portolan/plugin-portolan-node';
import { Child, serve } from './ipc';
import {
  PROFILES,
  type ProfileName,
  generateCluster,
  podStatus,
} from './profiles';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const profileName = arg('profile', 'medium') as ProfileName;
const clusterIndex = Number(arg('cluster', '0'));
const eventCount = Number(arg('events', '20000'));
const rate = Number(arg('rate', '0'));
const rounds = Number(arg('rounds', '5'));
const syncs = Math.max(1, Number(arg('syncs', '3')));
const copies = Math.max(1, Number(arg('copies', '1')));
/** Writes sync.cpuprofile (last sync) and watch.cpuprofile (all rounds) here. */
const profileDir = arg('cpu-prof', '');
const srcDirs = [
  resolve(arg('src', join(__dirname, '../plugins/portolan-backend/src'))),
  ...(arg('compare', '') ? [resolve(arg('compare', ''))] : []),
];

/**
 * A compared tree's backend imports `@portolan/plugin-portolan-node`: from
 * that tree's own portolan-node when it has one (so projection and store
 * changes are compared too), else this tree's.
 */
{
  const loader = Module as unknown as {
    _resolveFilename: (request: string, parent: any, ...rest: any[]) => string;
  };
  const resolveFilename = loader._resolveFilename;
  loader._resolveFilename = function redirect(request, parent, ...rest) {
    if (request === '@portolan/plugin-portolan-node' && parent?.filename) {
      for (const dir of srcDirs.slice(1)) {
        const own = join(dir, '../../portolan-node/src/index.ts');
        const root = resolve(dir, '../..');
        if (parent.filename.startsWith(root) && existsSync(own)) return own;
      }
    }
    return resolveFilename.call(this, request, parent, ...rest);
  };
}

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * SourceSet from a tree that has it under sources/ (older trees), else from
 * the portolan-node package beside the backend (where it lives now).
 */
function loadSourceSet(dir: string) {
  const old = join(dir, 'sources/SourceSet.ts');
  return existsSync(old)
    ? require(old).SourceSet
    : require(join(dir, '../../portolan-node/src/store/SourceSet')).SourceSet;
}

/** One version of the backend's modules, loaded from its source tree. */
function loadBackend(dir: string) {
  const load = (file: string) => require(join(dir, file));
  return {
    dir,
    KubeClient: load('clusters/KubeClient').KubeClient as typeof KubeClientType,
    DEFAULT_CACHE_OPTIONS: load('cache/CacheOptions')
      .DEFAULT_CACHE_OPTIONS as CacheOptions,
    ResourceInformer: load('cache/ResourceInformer')
      .ResourceInformer as typeof ResourceInformerType,
    collectionPath: load('cache/ResourceInformer').collectionPath as (
      resource: ServedResource,
    ) => string,
    // The sources the plugin registers (plugin.ts), so needs and consumers match.
    sourceSet: () =>
      new (loadSourceSet(dir) as typeof SourceSetType)([
        load('sources/workloads/workloadsSource').workloadsSource,
        new (load('sources/providers/ProvidersSource').ProvidersSource)(),
        new (load('sources/tekton/TektonSource').TektonSource)(),
        new (load('sources/argocd/ArgoCdSource').ArgoCdSource)(),
        new (load('sources/jenkinsx/JenkinsXSource').JenkinsXSource)(),
        new (load('images/RunningImagesSource').RunningImagesSource)(),
        new (load('sources/kpack/KpackSource').KpackSource)(),
      ]),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
type Backend = ReturnType<typeof loadBackend>;

/** The User-Agent of one variant's copy's client. */
function userAgent(variant: number, copy: number): string {
  return `portolan-ingest-cost-${variant}-${copy}`;
}

// ------------------------------------------------------------------ server

function runServer() {
  const backend = loadBackend(srcDirs[0]);
  const profile = PROFILES[profileName];
  const generated = generateCluster(profile, clusterIndex, 'token');
  const objects = generated.fixture.objects ?? [];
  let rv = 1000;
  /** Collection path → entry JSON, as kube-sim stores them. */
  const byPath = new Map<string, string[]>();
  for (const need of backend.sourceSet().needs) {
    const apiVersion = need.group
      ? `${need.group}/${need.versions[0]}`
      : need.versions[0];
    const path = backend.collectionPath({
      group: need.group,
      version: need.versions[0],
      plural: need.plural,
      kind: need.kind,
      namespaced: true,
    });
    const entries: string[] = [];
    for (const o of objects) {
      if (o.kind !== need.kind || o.apiVersion !== apiVersion) continue;
      (o.metadata as Record<string, unknown>).resourceVersion = String(++rv);
      entries.push(JSON.stringify(o));
    }
    byPath.set(path, entries);
  }
  const pods = objects.filter(o => o.kind === 'Pod');
  generated.fixture.objects = [];
  const listRv = String(rv);

  /** Watch event lines: status updates of pods, round-robin with a stride. */
  const eventLines: string[] = [];
  let cursor = 0;
  const restarts = new Uint16Array(pods.length);
  for (let e = 0; e < eventCount; e++) {
    cursor = (cursor + 7919) % pods.length;
    const pod = pods[cursor];
    const r = ++restarts[cursor];
    const meta = pod.metadata as Record<string, unknown>;
    const service = (meta.labels as Record<string, string>)[
      'backstage.io/kubernetes-id'
    ];
    const status = pod.status as {
      hostIP: string;
      podIP: string;
      containerStatuses: Array<{ image: string; imageID: string }>;
    };
    const container = status.containerStatuses[0];
    const updated = {
      ...pod,
      metadata: { ...meta, resourceVersion: String(++rv) },
      status: podStatus(
        {
          image: container.image,
          digest: container.imageID.slice(container.imageID.indexOf('@') + 1),
          service,
        },
        '2026-11-27T14:00:00Z',
        r,
        r % 2 === 0,
        status.hostIP,
        status.podIP,
      ),
    };
    eventLines.push(
      `{"type":"MODIFIED","object":${JSON.stringify(updated)}}\n`,
    );
  }
  objects.length = 0;

  const held: ServerResponse[] = [];
  /** The open pod watch of each variant's first copy. */
  const podWatches = new Map<number, ServerResponse>();
  const stream = (res: ServerResponse) => {
    let i = 0;
    const startedAt = Date.now();
    const tick = () => {
      if (rate <= 0) {
        const step = Math.min(i + 256, eventLines.length);
        res.write(eventLines.slice(i, step).join(''));
        i = step;
      } else {
        const due = Math.min(
          eventLines.length,
          Math.floor(((Date.now() - startedAt) * rate) / 1000),
        );
        while (i < due) res.write(eventLines[i++]);
      }
      if (i < eventLines.length) setTimeout(tick, rate <= 0 ? 0 : 1);
      else res.end();
    };
    tick();
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entries = byPath.get(url.pathname);
    if (!entries) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","code":404,"reason":"NotFound"}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch')) {
      res.writeHead(200);
      res.flushHeaders();
      const variant = srcDirs.findIndex(
        (_, v) => req.headers['user-agent'] === userAgent(v, 0),
      );
      if (url.pathname === '/api/v1/pods' && variant >= 0) {
        podWatches.set(variant, res);
        process.send?.({ type: `pod-watch-${variant}` });
        return;
      }
      held.push(res);
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? entries.length);
    const start = Number(url.searchParams.get('continue') || 0);
    const end = Math.min(entries.length, start + limit);
    const meta: Record<string, string> = { resourceVersion: listRv };
    if (end < entries.length) meta.continue = String(end);
    res.end(
      `{"kind":"List","apiVersion":"v1","metadata":${JSON.stringify(
        meta,
      )},"items":[${entries.slice(start, end).join(',')}]}`,
    );
  });
  server.keepAliveTimeout = 600_000;
  server.listen(0, '127.0.0.1', () => {
    serve({
      url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      counts: () =>
        Object.fromEntries(
          [...byPath].map(([path, entries]) => [path, entries.length]),
        ),
      go: ({ variant }: { variant: number }) => {
        const res = podWatches.get(variant);
        if (!res) throw new Error(`no pod watch of variant ${variant} open`);
        podWatches.delete(variant);
        stream(res);
        return true;
      },
      stop: () => {
        for (const r of held) r.destroy();
        setTimeout(() => process.exit(0), 10);
        return true;
      },
    });
    process.send?.({ type: 'ready' });
  });
}

// -------------------------------------------------------------------- main

const gc = (globalThis as { gc?: () => void }).gc;

/** A CPU profile of this process from now until the returned function is called. */
async function startProfile(): Promise<(name: string) => Promise<void>> {
  if (!profileDir) return async () => {};
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((done, fail) =>
      session.post(method, params ?? {}, (err, res) =>
        err ? fail(err) : done(res),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return async name => {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    mkdirSync(profileDir, { recursive: true });
    const file = join(profileDir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile: ${file}`);
  };
}

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const silent = {
  debug() {},
  info() {},
  warn(m: string) {
    console.warn(m);
  },
  error(m: string) {
    console.error(m);
  },
  child() {
    return silent;
  },
} as any;

/** One version of the backend under test, with its clients and informers. */
interface Variant {
  name: string;
  backend: Backend;
  clients: KubeClientType[];
  informers: ResourceInformerType[];
  syncMicros: number[];
  eventMicros: number[];
}

async function main() {
  if (!gc) {
    console.error('run with node --expose-gc');
    process.exit(2);
  }
  const server = Child.start('server', 'ingestCost.ts', {
    args: [...process.argv.slice(2), '--serve'],
    execArgv: ['--max-old-space-size=4096'],
  });
  try {
    await server.event('ready', 300_000);
    const url = await server.call<string>('url');
    const counts = await server.call<Record<string, number>>('counts');
    const total = copies * Object.values(counts).reduce((a, b) => a + b, 0);
    const variants: Variant[] = srcDirs.map((dir, v) => {
      const backend = loadBackend(dir);
      return {
        name: srcDirs.length > 1 ? 'AB'[v] : '',
        backend,
        clients: Array.from(
          { length: copies },
          (_, k) =>
            new backend.KubeClient(
              {
                url,
                skipTLSVerify: false,
                authorization: async () => undefined,
              },
              userAgent(v, k),
            ),
        ),
        informers: [],
        syncMicros: [],
        eventMicros: [],
      };
    });
    console.log(
      `profile ${profileName}, cluster ${clusterIndex}${
        copies > 1 ? ` × ${copies} copies` : ''
      }: ${total} objects; ${eventCount} pod events per round at ${
        rate > 0 ? `${rate}/s` : 'full speed'
      }; Node ${process.version}`,
    );
    for (const v of variants) {
      console.log(
        `code ${v.name}: ${v.backend.dir}`.replace('code : ', 'code '),
      );
    }
    const label = (v: Variant) => (v.name ? `${v.name} ` : '');

    const startInformers = (variant: Variant) => {
      const { backend } = variant;
      const needs = backend.sourceSet().needs;
      const options = {
        ...backend.DEFAULT_CACHE_OPTIONS,
        pageSize: Number(
          arg('page-size', String(backend.DEFAULT_CACHE_OPTIONS.pageSize)),
        ),
        backoff: { initialMs: 10, maxMs: 100 },
      };
      variant.informers = variant.clients.flatMap((client, k) =>
        needs.map(
          need =>
            new backend.ResourceInformer({
              clusterName: `c${k}`,
              client,
              resource: {
                group: need.group,
                version: need.versions[0],
                plural: need.plural,
                kind: need.kind,
                namespaced: true,
              },
              consumers: need.consumers,
              annotations: need.annotations,
              indexes: need.indexes,
              options,
              logger: silent,
            }),
        ),
      );
    };
    const waitSynced = async (informers: ResourceInformerType[]) => {
      while (informers.some(i => i.healthValue.state !== 'synced')) {
        await new Promise(r => setTimeout(r, 1));
      }
    };
    /** Variants in turn, the order flipped every other time. */
    const inTurn = (i: number) =>
      i % 2 === 0 ? variants : [...variants].reverse();

    // Sync: every informer lists; repeated with fresh informers (the
    // previous ones stopped) so the figure is not one cold start.
    for (let s = 0; s < syncs; s++) {
      for (const variant of inTurn(s)) {
        await Promise.all(variant.informers.map(i => i.stop()));
        variant.informers = [];
        gc!();
        const heapBefore = process.memoryUsage().heapUsed;
        const stopProfile =
          s === syncs - 1 && variant === variants[0]
            ? await startProfile()
            : undefined;
        const v = variants.indexOf(variant);
        const watching = server.event(`pod-watch-${v}`, 120_000);
        const t0 = performance.now();
        const c0 = cpuMicros();
        startInformers(variant);
        for (const i of variant.informers) i.start();
        await waitSynced(variant.informers);
        const c1 = cpuMicros();
        const wall = performance.now() - t0;
        variant.syncMicros.push(c1 - c0);
        await stopProfile?.('sync');
        await watching;
        const cached = variant.informers.reduce((n, i) => n + i.store.size, 0);
        if (cached !== total) {
          throw new Error(`cached ${cached} objects, expected ${total}`);
        }
        // Only the first sync's heap growth is the cache: later ones reuse
        // the string and owner pools the first one filled.
        let heapNote = '';
        if (s === 0) {
          gc!();
          const heap = process.memoryUsage().heapUsed - heapBefore;
          heapNote = `; heap +${(heap / 1048576).toFixed(1)} MiB (${(
            heap / total
          ).toFixed(0)} B per object)`;
        }
        console.log(
          `${label(variant)}sync ${s + 1}: ${((c1 - c0) / 1000).toFixed(
            0,
          )} ms CPU (${((c1 - c0) / total).toFixed(
            1,
          )} µs per object), ${wall.toFixed(0)} ms wall${heapNote}`,
        );
      }
    }

    // Watch: one round = one stream of `eventCount` events that the server
    // then ends; the informer's next watch request marks it processed. No
    // forced GC between rounds: it resets V8's old-generation limit and the
    // next round pays a mark-compact every ~0.5 s (seen with --trace-gc),
    // which a backend in steady state does not.
    // What the process spends doing nothing (open watches, timers), to
    // subtract from paced rounds.
    const idle0 = cpuMicros();
    const idleT0 = performance.now();
    await new Promise(r => setTimeout(r, 2000));
    const idleShare =
      (cpuMicros() - idle0) / 1000 / (performance.now() - idleT0);
    console.log(`idle: ${(idleShare * 100).toFixed(1)} % of a core`);
    const stopWatchProfile = await startProfile();
    for (let r = 0; r < rounds; r++) {
      for (const variant of inTurn(r)) {
        const v = variants.indexOf(variant);
        const next = server.event(`pod-watch-${v}`, 300_000);
        const u0 = process.cpuUsage();
        const t0 = performance.now();
        await server.call('go', { variant: v });
        await next;
        const u = process.cpuUsage(u0);
        const wall = performance.now() - t0;
        const micros = u.user + u.system;
        variant.eventMicros.push(micros / eventCount);
        console.log(
          `${label(variant)}watch round ${r + 1}: ${(
            micros / eventCount
          ).toFixed(1)} µs CPU per event (user ${(u.user / eventCount).toFixed(
            1,
          )}, system ${(u.system / eventCount).toFixed(1)}; ${(
            (eventCount * 1_000_000) /
            micros
          ).toFixed(0)} events per CPU-second), ${wall.toFixed(0)} ms wall`,
        );
      }
    }
    await stopWatchProfile('watch');
    for (const variant of variants) {
      console.log(
        `${label(variant)}median: sync ${(
          median(variant.syncMicros) / total
        ).toFixed(1)} µs CPU per object (${(
          median(variant.syncMicros) / 1000
        ).toFixed(0)} ms), watch ${median(variant.eventMicros).toFixed(
          1,
        )} µs CPU per event`,
      );
    }
    if (variants.length === 2) {
      const [a, b] = variants;
      const ratios = (x: number[], y: number[]) =>
        median(x.map((value, i) => y[i] / value));
      console.log(
        `B / A, median of the pairs: sync ${ratios(
          a.syncMicros,
          b.syncMicros,
        ).toFixed(2)}, watch ${ratios(a.eventMicros, b.eventMicros).toFixed(
          2,
        )}`,
      );
    }
    for (const variant of variants) {
      await Promise.all(variant.informers.map(i => i.stop()));
      for (const client of variant.clients) client.close();
    }
  } finally {
    await server.stop();
  }
}

if (process.argv.includes('--serve')) {
  runServer();
} else {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
