/*
 * The benchmark's clusters on real servers: one real kube-apiserver + etcd
 * per cluster of the profile (packages/kube-sim/src/real/startRealCluster),
 * loaded with the same generated world as bench/simProcess.ts through the
 * API, answering the harness over the same IPC calls:
 *
 * - stats: the apiserver's audit log (level Metadata), one record per
 *   request with its User-Agent, verb and time, instead of kube-sim's
 *   request log. Response bytes are not in it (NaN).
 * - watchBytes: `apiserver_watch_events_sizes_sum` from `/metrics` (every
 *   watch event sent; Portolan is the only client that watches the
 *   generated kinds) and the open WATCHes of `apiserver_longrunning_requests`.
 * - setLatency: a loopback TCP proxy in front of every apiserver delays the
 *   bytes the client sends by the set latency, so each request waits that
 *   long before the apiserver sees it (the backend is pointed at the proxy).
 * - churn and probe: pod status merge PATCHes through the status
 *   subresource, as a kubelet writes them.
 * - cpu and memory: this process plus the apiserver and etcd processes.
 *
 * Everything listens on 127.0.0.1. The servers' data directories live in
 * one temporary folder of this process; a detached reaper removes it and
 * kills the servers even when this process is killed with SIGKILL.
 *
 * Run by bench/run.ts (`--servers real`), not by hand.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  openSync,
  readSync,
  closeSync,
  fstatSync,
} from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type KubeObject,
  type RealCluster,
  KUBE_REAL_BIN_DIR,
  startRealCluster,
} from '@portolan/kube-sim';
import { emit, serve } from './ipc';
import {
  PROFILES,
  type ProfileName,
  clustersOfService,
  clusterName,
  generateCluster,
  podStatus,
  sampleServices,
} from './profiles';
// Types only: importing simProcess.ts itself would start kube-sim.
import type { ClientStats } from './simProcess';
import { type Client, clientOf, countedVerb } from './clients';

/** Requests in flight per cluster while loading the world. */
const LOAD_CONCURRENCY = 24;
/** Churn PATCHes in flight over all clusters. */
const CHURN_CONCURRENCY = 48;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Runs `fn` over `items`, `concurrency` at a time; the first error fails it. */
async function pool<T>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
}

/**
 * Creates a cluster's objects, owners before what they own (owner
 * references are rewritten to the uids the apiserver gave the owners):
 * Namespaces and Nodes, then Deployments, PipelineRuns and Applications,
 * then ReplicaSets and TaskRuns, then Pods.
 */
async function load(cluster: RealCluster, generated: KubeObject[]) {
  // kube-sim serves objects in namespaces nobody created; a real apiserver needs them.
  const declared = new Set(
    generated.filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
  );
  const builtIn = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  const missing = [
    ...new Set(generated.map(o => o.metadata.namespace).filter(Boolean)),
  ].filter(ns => !declared.has(ns) && !builtIn.includes(ns!));
  const objects: KubeObject[] = [
    ...missing.map(ns => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns! },
    })),
    ...generated.filter(
      o => !(o.kind === 'Namespace' && builtIn.includes(o.metadata.name ?? '')),
    ),
  ];
  const uids = new Map<string, string>();
  const byUid = new Map<string, KubeObject>();
  for (const o of objects) if (o.metadata.uid) byUid.set(o.metadata.uid, o);
  const depth = new Map<KubeObject, number>();
  const depthOf = (o: KubeObject): number => {
    const known = depth.get(o);
    if (known !== undefined) return known;
    let d = o.kind === 'Namespace' || o.kind === 'Node' ? 0 : 1;
    for (const ref of o.metadata.ownerReferences ?? []) {
      const owner = byUid.get(ref.uid);
      if (owner) d = Math.max(d, depthOf(owner) + 1);
    }
    depth.set(o, d);
    return d;
  };
  const levels: KubeObject[][] = [];
  for (const o of objects) (levels[depthOf(o)] ??= []).push(o);
  for (const level of levels) {
    if (!level) continue;
    await pool(level, LOAD_CONCURRENCY, async o => {
      const ownerReferences = o.metadata.ownerReferences?.map(r => ({
        ...r,
        uid: uids.get(r.uid) ?? r.uid,
      }));
      const created = await cluster.create({
        ...o,
        metadata: {
          ...o.metadata,
          ...(ownerReferences ? { ownerReferences } : {}),
        },
      });
      if (o.metadata.uid && created.metadata.uid)
        uids.set(o.metadata.uid, created.metadata.uid);
    });
  }
}

/** CPU (µs) and RSS (bytes) of this process's children (the servers), from /proc. */
function children(): Array<{ pid: number; cpuUs: number; rss: number }> {
  const out = [];
  const tick = 1e6 / 100; // CLK_TCK = 100 on Linux
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      out.push({
        pid: Number(entry),
        cpuUs: (Number(fields[11]) + Number(fields[12])) * tick,
        rss: rssKb * 1024,
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * A TCP proxy on 127.0.0.1 in front of one apiserver: what the client sends
 * is held `latency()` ms (in order) before it goes on; answers are not held.
 * TLS passes through untouched (the serving certificate names 127.0.0.1).
 */
function delayProxy(
  target: URL,
  latency: () => number,
): Promise<{ port: number; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer(client => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    let last = 0;
    client.on('data', chunk => {
      const delay = latency();
      if (delay <= 0 && last <= Date.now()) {
        upstream.write(chunk);
        return;
      }
      const at = Math.max(Date.now() + delay, last);
      last = at;
      setTimeout(() => upstream.write(chunk), at - Date.now());
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      res({
        port: typeof a === 'object' && a ? a.port : 0,
        server,
        sockets,
      });
    });
  });
}

interface AuditRecord {
  at: number;
  verb: string;
  client: Client;
  status: number;
}

/** Reads an audit log file as it grows: one record per request (first stage seen). */
class AuditLog {
  private offset = 0;
  private rest = '';
  private readonly seen = new Set<string>();
  readonly records: AuditRecord[] = [];
  constructor(private readonly file: string) {}

  read(): AuditRecord[] {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return this.records;
    }
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - this.offset));
      if (buf.length) readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const lines = (this.rest + buf.toString()).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        const e = JSON.parse(line);
        if (this.seen.has(e.auditID)) continue;
        this.seen.add(e.auditID);
        this.records.push({
          at: Date.parse(e.requestReceivedTimestamp),
          verb: countedVerb(verbOf(e), e.userAgent),
          client: clientOf(e.userAgent),
          status: e.responseStatus?.code ?? 0,
        });
      }
    } finally {
      closeSync(fd);
    }
    return this.records;
  }
}

/** The audit event's verb in kube-sim's terms (discovery, version for non-resource requests). */
function verbOf(e: {
  verb: string;
  objectRef?: { subresource?: string };
  requestURI: string;
}): string {
  if (e.objectRef) return e.objectRef.subresource === 'log' ? 'log' : e.verb;
  const path = e.requestURI.split('?')[0];
  if (path === '/version' || /^\/(readyz|livez|healthz)/.test(path))
    return 'version';
  if (path.startsWith('/api') || path.startsWith('/openapi'))
    return 'discovery';
  return e.verb;
}

/** Sums the samples of one metric (optionally matching a label) in Prometheus text. */
function metricSum(text: string, name: string, match?: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (match && !rest.includes(match)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return total;
}

async function main() {
  const profileName = process.argv[2] as ProfileName;
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown profile '${profileName}'`);

  // Every server's data directory goes under this one folder.
  // In memory when the machine has /dev/shm: etcd's fsyncs would otherwise
  // bound every write (the load, churn, the probe) by the disk, not the servers.
  const root = mkdtempSync(
    join(
      existsSync('/dev/shm') ? '/dev/shm' : tmpdir(),
      'portolan-bench-real-',
    ),
  );
  process.env.TMPDIR = root;
  // The reaper: once this process is gone, however it ended (the harness
  // SIGKILLs it on Ctrl-C), kills the servers whose command line names this
  // folder and removes the folder.
  spawn(
    'bash',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null; do sleep 1; done; ' +
        'for p in /proc/[0-9]*; do ' +
        'case "$(readlink "$p/exe" 2>/dev/null)" in "$BIN"/*) ' +
        'tr "\\0" " " < "$p/cmdline" 2>/dev/null | grep -qF -- "$ROOT/" && kill -9 "${p#/proc/}";; esac; ' +
        'done; rm -rf "$ROOT"',
      'reaper',
      String(process.pid),
    ],
    {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, BIN: KUBE_REAL_BIN_DIR, ROOT: root },
    },
  ).unref();
  let clusters: RealCluster[] = [];
  const proxies: Array<Awaited<ReturnType<typeof delayProxy>>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const p of proxies) {
        p.server.close();
        for (const s of p.sockets) s.destroy();
      }
      await Promise.all(clusters.map(c => c.stop().catch(() => undefined)));
      rmSync(root, { recursive: true, force: true });
    })());
  process.on('exit', () => {
    for (const c of children()) {
      try {
        process.kill(c.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopAll().finally(() => process.exit(130));
    });
  }

  const policy = join(root, 'audit-policy.yaml');
  writeFileSync(
    policy,
    [
      'apiVersion: audit.k8s.io/v1',
      'kind: Policy',
      'omitStages: [RequestReceived]',
      'rules:',
      '  - level: Metadata',
      '',
    ].join('\n'),
  );

  const t0 = Date.now();
  const generated = [];
  const counts: Record<string, number> = {};
  for (let c = 0; c < profile.clusters; c++) {
    const g = generateCluster(profile, c, `bench-token-${c}`);
    for (const o of g.fixture.objects)
      counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    generated.push(g);
  }
  const generatedMs = Date.now() - t0;

  const audits: AuditLog[] = [];
  clusters = await Promise.all(
    generated.map((_, c) => {
      const file = join(root, `audit-${c}.log`);
      audits.push(new AuditLog(file));
      return startRealCluster({
        name: clusterName(profile, c),
        startTimeoutMs: 180_000,
        apiserverArgs: [
          `--audit-policy-file=${policy}`,
          `--audit-log-path=${file}`,
          '--audit-log-maxsize=0',
        ],
      });
    }),
  );
  const startedMs = Date.now() - t0 - generatedMs;

  await Promise.all(
    clusters.map((cluster, c) => load(cluster, generated[c].fixture.objects)),
  );
  const loadedMs = Date.now() - t0 - generatedMs - startedMs;
  const podsByCluster = generated.map(g => g.pods);
  for (const g of generated) g.fixture.objects = [];

  const latencies = clusters.map(() => 0);
  for (let c = 0; c < clusters.length; c++) {
    proxies.push(
      await delayProxy(new URL(clusters[c].url), () => latencies[c]),
    );
  }

  // The probe: one pod of the first sample service, which churn never touches.
  const probeService = sampleServices(profile)[0];
  const probeClusterIndex = clustersOfService(
    profile,
    Number(probeService.slice(4)),
  )[0];
  const probeCluster = clusters[probeClusterIndex];
  const probePod = podsByCluster[probeClusterIndex].find(
    p => p[2] === probeService,
  )!;
  podsByCluster[probeClusterIndex] = podsByCluster[probeClusterIndex].filter(
    p => p !== probePod,
  );

  // As bench/simProcess.ts writes them.
  const digests = new Map<string, string>();
  const digestOf = (service: string) => {
    let d = digests.get(service);
    if (!d) {
      d = `sha256:${createHash('sha256')
        .update(`${service}:image:100`)
        .digest('hex')}`;
      digests.set(service, d);
    }
    return d;
  };
  const statusPatch = (
    c: number,
    i: number,
    service: string,
    restarts: number,
    ready: boolean,
  ) => {
    const digest = digestOf(service);
    return {
      status: podStatus(
        {
          image: `registry.acme.example/${service}@${digest}`,
          digest,
          service,
        },
        new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        restarts,
        ready,
        `10.${c}.0.${i & 255}`,
        `10.${100 + c}.${(i >> 8) & 255}.${i & 255}`,
      ),
    };
  };
  const patchPod = async (
    cluster: RealCluster,
    namespace: string,
    name: string,
    body: unknown,
  ) => {
    const r = await cluster.request(
      'PATCH',
      `/api/v1/namespaces/${namespace}/pods/${name}/status`,
      body,
      { contentType: 'application/merge-patch+json' },
    );
    if (r.status >= 300)
      throw new Error(`PATCH pod ${namespace}/${name}: ${r.status} ${r.body}`);
  };

  // Churn: status PATCHes of random pods, all clusters, at most CHURN_CONCURRENCY in flight.
  let churn:
    | {
        rate: number;
        started: number;
        done: number;
        issued: number;
        inFlight: number;
        errors: number;
        timer?: NodeJS.Timeout;
        lastError?: string;
      }
    | undefined;
  const restarts = podsByCluster.map(p => new Uint16Array(p.length));
  let cursor = 0;
  const totalPods = podsByCluster.reduce((n, p) => n + p.length, 0);
  const pickPod = (): [number, number] => {
    cursor = (cursor + 7919) % totalPods;
    let i = cursor;
    for (let c = 0; c < podsByCluster.length; c++) {
      if (i < podsByCluster[c].length) return [c, i];
      i -= podsByCluster[c].length;
    }
    return [0, 0];
  };
  const churnTick = () => {
    const run = churn;
    if (!run) return;
    const due = Math.floor(((Date.now() - run.started) * run.rate) / 1000);
    while (run.issued < due && run.inFlight < CHURN_CONCURRENCY) {
      const [c, i] = pickPod();
      const [namespace, name, service] = podsByCluster[c][i];
      const r = ++restarts[c][i];
      run.issued++;
      run.inFlight++;
      patchPod(
        clusters[c],
        namespace,
        name,
        statusPatch(c, i, service, r, r % 2 === 0),
      )
        .then(
          () => {
            run.done++;
          },
          e => {
            run.errors++;
            run.lastError = (e as Error).message;
          },
        )
        .finally(() => {
          run.inFlight--;
        });
    }
    // Behind by more than a second: what could not be sent is dropped, not queued.
    if (due - run.issued > run.rate) run.issued = due - run.rate;
    run.timer = setTimeout(churnTick, 1);
  };

  const metrics = async (cluster: RealCluster) => {
    const r = await cluster.request('GET', '/metrics', undefined, {
      accept: 'text/plain',
    });
    if (r.status !== 200) throw new Error(`GET /metrics: ${r.status}`);
    return r.body;
  };

  serve({
    stats({ since, until }: { since: number; until?: number }) {
      const end = until ?? Number.POSITIVE_INFINITY;
      const empty = (): ClientStats => ({
        requests: 0,
        bytes: NaN,
        byVerb: {},
        failed: 0,
      });
      const total: Record<Client, ClientStats> = {
        portolan: empty(),
        official: empty(),
        other: empty(),
      };
      const perCluster: Record<string, Record<Client, number>> = {};
      clusters.forEach((c, k) => {
        const counts1: Record<Client, number> = {
          portolan: 0,
          official: 0,
          other: 0,
        };
        for (const r of audits[k].read()) {
          if (r.at < since || r.at >= end) continue;
          const s = total[r.client];
          s.requests++;
          s.byVerb[r.verb] = (s.byVerb[r.verb] ?? 0) + 1;
          if (r.status !== 0 && (r.status < 200 || r.status >= 300)) s.failed++;
          counts1[r.client]++;
        }
        perCluster[c.name] = counts1;
      });
      return { total, perCluster };
    },
    /** CPU time of this process and of the servers so far. */
    cpu() {
      const u = process.cpuUsage();
      const servers = children().reduce((n, c) => n + c.cpuUs, 0);
      return { userUs: u.user + servers, systemUs: u.system };
    },
    /** Bytes of watch events the apiservers sent so far, and the WATCHes open. */
    async watchBytes() {
      let bytes = 0;
      let open = 0;
      for (const c of clusters) {
        const text = await metrics(c);
        bytes += metricSum(text, 'apiserver_watch_events_sizes_sum');
        open += metricSum(
          text,
          'apiserver_longrunning_requests',
          'verb="WATCH"',
        );
      }
      return { bytes, open };
    },
    setLatency({ cluster, ms }: { cluster: string; ms: number }) {
      const k = clusters.findIndex(c => c.name === cluster);
      if (k < 0) throw new Error(`no cluster ${cluster}`);
      latencies[k] = ms;
      return {};
    },
    churnStart({ rate }: { rate: number }) {
      if (churn?.timer) clearTimeout(churn.timer);
      churn = {
        rate,
        started: Date.now(),
        done: 0,
        issued: 0,
        inFlight: 0,
        errors: 0,
      };
      churn.timer = setTimeout(churnTick, 1);
      return {};
    },
    async churnStop() {
      if (!churn) return { events: 0, ms: 0, errors: 0 };
      const run = churn;
      churn = undefined;
      if (run.timer) clearTimeout(run.timer);
      const ms = Date.now() - run.started;
      const events = run.done;
      // Let the PATCHes in flight land before the next phase.
      for (let i = 0; i < 100 && run.inFlight > 0; i++) await sleep(50);
      return { events, ms, errors: run.errors, lastError: run.lastError };
    },
    probeInfo() {
      return {
        service: probeService,
        cluster: probeCluster.name,
        namespace: probePod[0],
        pod: probePod[1],
      };
    },
    /** Sets the probe pod's restart count; `at` is when the PATCH was sent. */
    async probe({ value }: { value: number }) {
      const at = Date.now();
      await patchPod(
        probeCluster,
        probePod[0],
        probePod[1],
        statusPatch(probeClusterIndex, 0, probeService, value, true),
      );
      return { at };
    },
    memory() {
      const servers = children().reduce((n, c) => n + c.rss, 0);
      const m = process.memoryUsage();
      return { ...m, rss: m.rss + servers, serversRss: servers };
    },
    async stop() {
      if (churn?.timer) clearTimeout(churn.timer);
      setTimeout(() => process.exit(0), 20_000).unref();
      await stopAll();
      setImmediate(() => process.exit(0));
      return {};
    },
  });

  emit('ready', {
    clusters: clusters.map((c, k) => ({
      name: c.name,
      url: `https://127.0.0.1:${proxies[k].port}`,
      token: c.readerToken,
      caData: c.caData,
    })),
    counts,
    generatedMs,
    startedMs,
    loadedMs,
  });
}

main().catch(e => {
  emit('fatal', {
    message: e instanceof Error ? e.stack ?? e.message : String(e),
  });
  setTimeout(() => process.exit(1), 100);
});
