/*
 * The benchmark's clusters: kube-sim in its own process (so the backend's
 * memory and CPU are measured alone), serving a generated profile over
 * HTTPS. Answers the harness over IPC: request statistics per client,
 * latency faults, the churn driver and a probe write.
 *
 * Run by bench/run.ts, not by hand: `fork(simProcess.ts, [profile])`.
 */
import type { KubeSim, RequestRecord, SimCluster } from '@portolan/kube-sim';
import { startKubeSim } from '@portolan/kube-sim';
import { createHash } from 'node:crypto';
import { emit, serve } from './ipc';
import { type Client, clientOf, countedVerb } from './clients';
import {
  PROFILES,
  type ProfileName,
  clustersOfService,
  clusterName,
  generateCluster,
  podStatus,
  sampleServices,
} from './profiles';

export interface ClientStats {
  requests: number;
  bytes: number;
  byVerb: Record<string, number>;
  /** Requests that did not answer 2xx (0 = a watch still open). */
  failed: number;
}

function emptyStats(): ClientStats {
  return { requests: 0, bytes: 0, byVerb: {}, failed: 0 };
}

function add(stats: ClientStats, r: RequestRecord) {
  stats.requests++;
  stats.bytes += r.bytes;
  const verb = countedVerb(r.verb, r.userAgent);
  stats.byVerb[verb] = (stats.byVerb[verb] ?? 0) + 1;
  if (r.status !== 0 && (r.status < 200 || r.status >= 300)) stats.failed++;
}

async function main() {
  const profileName = process.argv[2] as ProfileName;
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown profile '${profileName}'`);

  const t0 = Date.now();
  const fixtures = [];
  const podsByCluster: Array<Array<[string, string, string]>> = [];
  const counts: Record<string, number> = {};
  for (let c = 0; c < profile.clusters; c++) {
    const g = generateCluster(profile, c, `bench-token-${c}`);
    for (const o of g.fixture.objects)
      counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    fixtures.push(g.fixture);
    podsByCluster.push(g.pods);
  }
  const generatedMs = Date.now() - t0;
  const sim: KubeSim = await startKubeSim({ clusters: fixtures });
  // kube-sim copied the objects; let the generated ones go.
  for (const f of fixtures) f.objects = [];
  const loadedMs = Date.now() - t0 - generatedMs;

  // The probe: one pod of the first sample service, which churn never touches.
  const probeService = sampleServices(profile)[0];
  const probeClusterIndex = clustersOfService(
    profile,
    Number(probeService.slice(4)),
  )[0];
  const probeCluster = sim.cluster(clusterName(profile, probeClusterIndex));
  const probePod = podsByCluster[probeClusterIndex].find(
    p => p[2] === probeService,
  )!;
  podsByCluster[probeClusterIndex] = podsByCluster[probeClusterIndex].filter(
    p => p !== probePod,
  );

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

  // Churn: status updates (readiness flips, restarts) of random pods, all clusters.
  let churn:
    | {
        rate: number;
        started: number;
        done: number;
        errors: number;
        timer?: NodeJS.Timeout;
        lastError?: string;
      }
    | undefined;
  const restarts = podsByCluster.map(p => new Uint16Array(p.length));
  let cursor = 0;
  const totalPods = podsByCluster.reduce((n, p) => n + p.length, 0);
  const pickPod = (): [number, number] => {
    // A fixed stride through every pod of every cluster: spread, no repeats in a row.
    cursor = (cursor + 7919) % totalPods;
    let i = cursor;
    for (let c = 0; c < podsByCluster.length; c++) {
      if (i < podsByCluster[c].length) return [c, i];
      i -= podsByCluster[c].length;
    }
    return [0, 0];
  };
  const churnTick = () => {
    if (!churn) return;
    const now = Date.now();
    const due = Math.floor(((now - churn.started) * churn.rate) / 1000);
    // At most 20 ms worth of events per tick, so the sim stays responsive.
    let n = Math.min(due - churn.done, Math.ceil(churn.rate / 50));
    while (n-- > 0) {
      const [c, i] = pickPod();
      const [namespace, name, service] = podsByCluster[c][i];
      const r = ++restarts[c][i];
      try {
        sim.clusters[c].patch(
          { apiVersion: 'v1', kind: 'Pod', namespace, name },
          statusPatch(c, i, service, r, r % 2 === 0) as any,
        );
      } catch (e) {
        churn.errors++;
        churn.lastError = (e as Error).message;
      }
      churn.done++;
    }
    churn.timer = setTimeout(churnTick, 1);
  };

  const clusterOf = (name: string): SimCluster => sim.cluster(name);

  serve({
    stats({ since, until }: { since: number; until?: number }) {
      const end = until ?? Number.POSITIVE_INFINITY;
      const total: Record<Client, ClientStats> = {
        portolan: emptyStats(),
        official: emptyStats(),
        other: emptyStats(),
      };
      const perCluster: Record<string, Record<Client, number>> = {};
      for (const c of sim.clusters) {
        const counts1: Record<Client, number> = {
          portolan: 0,
          official: 0,
          other: 0,
        };
        for (const r of c.requests.entries) {
          if (r.at < since || r.at >= end) continue;
          const client = clientOf(r.userAgent);
          add(total[client], r);
          counts1[client]++;
        }
        perCluster[c.name] = counts1;
      }
      return { total, perCluster };
    },
    /** CPU time of this process so far (to split a phase's CPU between the two). */
    cpu() {
      const u = process.cpuUsage();
      return { userUs: u.user, systemUs: u.system };
    },
    /** Bytes written so far on Portolan's watch streams (they grow as events flow). */
    watchBytes() {
      let bytes = 0;
      let open = 0;
      for (const c of sim.clusters) {
        for (const r of c.requests.entries) {
          if (r.verb !== 'watch' || clientOf(r.userAgent) !== 'portolan')
            continue;
          bytes += r.bytes;
          if (r.status === 0 || r.durationMs === undefined) open++;
        }
      }
      return { bytes, open };
    },
    setLatency({ cluster, ms }: { cluster: string; ms: number }) {
      clusterOf(cluster).faults.setLatency(ms);
      return {};
    },
    churnStart({ rate }: { rate: number }) {
      if (churn?.timer) clearTimeout(churn.timer);
      churn = { rate, started: Date.now(), done: 0, errors: 0 };
      churn.timer = setTimeout(churnTick, 1);
      return {};
    },
    churnStop() {
      if (!churn) return { events: 0, ms: 0, errors: 0 };
      if (churn.timer) clearTimeout(churn.timer);
      const result = {
        events: churn.done,
        ms: Date.now() - churn.started,
        errors: churn.errors,
        lastError: churn.lastError,
      };
      churn = undefined;
      return result;
    },
    probeInfo() {
      return {
        service: probeService,
        cluster: probeCluster.name,
        namespace: probePod[0],
        pod: probePod[1],
      };
    },
    /** Sets the probe pod's restart count: the view shows it once Portolan has the event. */
    probe({ value }: { value: number }) {
      probeCluster.patch(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: probePod[0],
          name: probePod[1],
        },
        statusPatch(probeClusterIndex, 0, probeService, value, true) as any,
      );
      return { at: Date.now() };
    },
    memory() {
      return { ...process.memoryUsage() };
    },
    async stop() {
      if (churn?.timer) clearTimeout(churn.timer);
      setTimeout(() => process.exit(0), 2_000).unref();
      await sim.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  });

  emit('ready', {
    clusters: sim.clusters.map(c => ({
      name: c.name,
      url: c.url,
      token: c.token,
      caData: c.caData,
    })),
    counts,
    generatedMs,
    loadedMs,
  });
}

main().catch(e => {
  emit('fatal', {
    message: e instanceof Error ? e.stack ?? e.message : String(e),
  });
  setTimeout(() => process.exit(1), 100);
});
