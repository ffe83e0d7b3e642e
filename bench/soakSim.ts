/*
 * The soak's clusters (bench/soak.ts): kube-sim in its own process serving
 * a generated profile over HTTPS, with its fault endpoint (the AdminServer
 * the CLI prints) so the soak injects faults the way an operator would,
 * over plain HTTP. Answers the soak over IPC: pod churn (status updates,
 * pods created and deleted), and what the clusters hold at the end.
 *
 * Run by bench/soak.ts, not by hand: `fork(soakSim.ts, [profile])`.
 */
import type { KubeObject, KubeSim } from '@portolan/kube-sim';
import { AdminServer, startKubeSim } from '@portolan/kube-sim';
import { emit, serve } from './ipc';
import {
  KUBERNETES_ID_LABEL,
  PROFILES,
  type ProfileName,
  generateCluster,
  podStatus,
} from './profiles';

/** Extra pods alive at once at most (created by churn, deleted oldest first). */
const MAX_CLONES_PER_CLUSTER = 150;

async function main() {
  const profile = PROFILES[process.argv[2] as ProfileName];
  if (!profile) throw new Error(`unknown profile '${process.argv[2]}'`);
  const fixtures = [];
  const pods: Array<Array<[string, string, string]>> = [];
  for (let c = 0; c < profile.clusters; c++) {
    const g = generateCluster(profile, c, `soak-token-${c}`);
    fixtures.push(g.fixture);
    pods.push(g.pods);
  }
  const sim: KubeSim = await startKubeSim({ clusters: fixtures });
  for (const f of fixtures) f.objects = [];
  const admin = new AdminServer(sim);
  const adminUrl = await admin.listen(0);

  const clones: string[][] = sim.clusters.map(() => []);
  const restarts = pods.map(p => new Uint16Array(p.length));
  const counters = { patched: 0, created: 0, deleted: 0, errors: 0 };
  let lastError: string | undefined;
  let cursor = 0;
  let serial = 0;
  let timer: NodeJS.Timeout | undefined;
  let rate = 0;
  let started = 0;
  let done = 0;

  const oneEvent = () => {
    const c = done % sim.clusters.length;
    const cluster = sim.clusters[c];
    cursor = (cursor + 7919) % pods[c].length;
    const [namespace, name, service] = pods[c][cursor];
    const kind = done % 10;
    if (kind < 7) {
      // A status update: readiness flips, restarts grow.
      const r = ++restarts[c][cursor];
      const digest = `sha256:${'0'.repeat(63)}${r % 10}`;
      cluster.patch({ apiVersion: 'v1', kind: 'Pod', namespace, name }, {
        status: podStatus(
          {
            image: `registry.acme.example/${service}@${digest}`,
            digest,
            service,
          },
          new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          r,
          r % 2 === 0,
          `10.${c}.0.${cursor & 255}`,
          `10.${100 + c}.${(cursor >> 8) & 255}.${cursor & 255}`,
        ),
      } as Partial<KubeObject>);
      counters.patched++;
    } else if (kind < 9 || clones[c].length === 0) {
      // A new pod of the same ReplicaSet (a scale-up or a replacement).
      const source = cluster.get({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace,
        name,
      });
      if (!source) throw new Error(`pod ${namespace}/${name} is gone`);
      const cloneName = `${name}-soak${++serial}`;
      const { uid: _u, resourceVersion: _r, ...metadata } = source.metadata;
      cluster.create({
        ...source,
        metadata: { ...metadata, name: cloneName },
      } as KubeObject);
      clones[c].push(`${namespace}/${cloneName}`);
      counters.created++;
      if (clones[c].length > MAX_CLONES_PER_CLUSTER) deleteOldest(c);
    } else {
      deleteOldest(c);
    }
  };
  const deleteOldest = (c: number) => {
    const ref = clones[c].shift();
    if (!ref) return;
    const [namespace, name] = ref.split('/');
    sim.clusters[c].delete({ apiVersion: 'v1', kind: 'Pod', namespace, name });
    counters.deleted++;
  };
  const tick = () => {
    const due = Math.floor(((Date.now() - started) * rate) / 1000);
    let n = Math.min(due - done, Math.ceil(rate / 10));
    while (n-- > 0) {
      try {
        oneEvent();
      } catch (e) {
        counters.errors++;
        lastError = (e as Error).message;
      }
      done++;
    }
    timer = setTimeout(tick, 50);
  };

  serve({
    churnStart(args: { rate: number }) {
      if (timer) clearTimeout(timer);
      rate = args.rate;
      started = Date.now();
      done = 0;
      timer = setTimeout(tick, 50);
      return {};
    },
    churnStop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      return { ...counters, lastError, clones: clones.map(c => c.length) };
    },
    /** What every cluster holds now: counts per compared kind, pods of some services. */
    truth(args: {
      services: string[];
      kinds: Array<{ apiVersion: string; kind: string }>;
    }) {
      const wanted = new Set(args.services);
      return sim.clusters.map(cluster => {
        const counts: Record<string, number> = {};
        for (const k of args.kinds) {
          counts[k.kind] = cluster.list(k.apiVersion, k.kind).length;
        }
        const servicePods: Record<string, string[]> = {};
        for (const p of cluster.list('v1', 'Pod')) {
          const service = p.metadata.labels?.[KUBERNETES_ID_LABEL];
          if (!service || !wanted.has(service)) continue;
          (servicePods[service] ??= []).push(
            `${cluster.name}/${p.metadata.namespace}/${p.metadata.name}`,
          );
        }
        // The request log is the sim's memory, not the backend's: keep it small.
        cluster.clearRequests();
        return { name: cluster.name, counts, servicePods };
      });
    },
    memory() {
      return { ...process.memoryUsage() };
    },
    async stop() {
      if (timer) clearTimeout(timer);
      setTimeout(() => process.exit(0), 2_000).unref();
      await admin.close();
      await sim.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  });

  emit('ready', {
    adminUrl,
    clusters: sim.clusters.map(c => ({
      name: c.name,
      url: c.url,
      token: c.token,
      caData: c.caData,
    })),
  });
}

main().catch(e => {
  emit('fatal', {
    message: e instanceof Error ? e.stack ?? e.message : String(e),
  });
  setTimeout(() => process.exit(1), 100);
});
