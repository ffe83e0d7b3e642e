/* eslint-disable no-console */
/**
 * kube-sim throughput at 100k objects (a benchmark, not a test):
 *  - LIST through @kubernetes/client-node, paginated with limit=500 (objects/s)
 *  - WATCH events delivered to client-node watchers (events/s)
 *
 * Run: yarn workspace @portolan/kube-sim bench   [--objects 100000] [--events 20000] [--watchers 4]
 */
import * as k8s from '@kubernetes/client-node';
import { startKubeSim } from '../src/startKubeSim';
import type { KubeObject } from '../src/types';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const OBJECTS = arg('objects', 100_000);
const EVENTS = arg('events', 20_000);
const WATCHERS = arg('watchers', 4);
const NAMESPACES = 50;

function pod(i: number): KubeObject {
  const ns = `ns-${i % NAMESPACES}`;
  const app = `app-${i % 400}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${i.toString(36).padStart(6, '0')}`,
      namespace: ns,
      labels: {
        'app.kubernetes.io/name': app,
        'backstage.io/kubernetes-id': app,
        'pod-template-hash': 'b7c9d6f5d4',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-b7c9d6f5d4`,
          uid: '2b0a8f60-5c1f-4d3e-9a8b-7c6d5e4f3a2b',
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 200}`,
      containers: [
        {
          name: app,
          image: `registry.acme.example/bench/${app}@sha256:4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e`,
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: '256Mi' },
          },
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      containerStatuses: [
        {
          name: app,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-11-20T08:00:00Z' } },
        },
      ],
    },
  };
}

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise(r => setTimeout(r, 10));
}

function mem(): string {
  return `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB rss`;
}

async function main() {
  let t = Date.now();
  const objects = Array.from({ length: OBJECTS }, (_, i) => pod(i));
  const sim = await startKubeSim({
    clusters: [{ name: 'bench', objects }],
    watchEventWindow: EVENTS + 1000,
  });
  console.log(
    `loaded ${OBJECTS} pods into kube-sim in ${Date.now() - t} ms (${mem()})`,
  );
  const cluster = sim.cluster('bench');
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const core = kc.makeApiClient(k8s.CoreV1Api);

  const results: Record<string, number> = {};
  for (const round of ['cold', 'warm']) {
    cluster.clearRequests();
    t = Date.now();
    let token: string | undefined;
    let count = 0;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({
        limit: 500,
        _continue: token,
      });
      count += page.items.length;
      pages++;
      token = page.metadata?._continue;
    } while (token);
    const ms = Date.now() - t;
    if (count !== OBJECTS)
      throw new Error(`listed ${count}, expected ${OBJECTS}`);
    results[`list_${round}_objects_per_s`] = Math.round((count / ms) * 1000);
    const serverMs = cluster.requests
      .filter({ verb: 'list' })
      .reduce((sum, r) => sum + (r.durationMs ?? 0), 0);
    results[`list_${round}_server_objects_per_s`] = Math.round(
      (count / serverMs) * 1000,
    );
    console.log(
      `LIST (client-node, limit=500, ${round}): ${count} objects in ${pages} pages, ${ms} ms = ${
        results[`list_${round}_objects_per_s`]
      } objects/s end to end; ` +
        `kube-sim's own time ${Math.round(serverMs)} ms = ${
          results[`list_${round}_server_objects_per_s`]
        } objects/s, ${(
          cluster.requests.totalBytes({ verb: 'list' }) /
          1024 /
          1024
        ).toFixed(1)} MB`,
    );
  }

  t = Date.now();
  const sel = await core.listPodForAllNamespaces({
    labelSelector: 'app.kubernetes.io/name=app-7',
  });
  console.log(
    `LIST with labelSelector over ${OBJECTS}: ${sel.items.length} matches in ${
      Date.now() - t
    } ms`,
  );

  // WATCH: WATCHERS client-node watchers on all pods; EVENTS updates through the sim API.
  const rv = cluster.resourceVersion;
  const received = new Array(WATCHERS).fill(0);
  const controllers: AbortController[] = [];
  const watch = new k8s.Watch(kc);
  const allDone = new Promise<void>(resolveAll => {
    const onEvent = (w: number) => () => {
      received[w]++;
      if (received.every(n => n >= EVENTS)) resolveAll();
    };
    (async () => {
      for (let w = 0; w < WATCHERS; w++) {
        controllers.push(
          await watch.watch(
            '/api/v1/pods',
            { resourceVersion: rv },
            onEvent(w),
            () => undefined,
          ),
        );
      }
    })();
  });
  await waitUntil(() => controllers.length === WATCHERS);
  t = Date.now();
  for (let i = 0; i < EVENTS; i++) {
    const p = objects[(i * 7919) % OBJECTS];
    cluster.patch(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: p.metadata.namespace,
        name: p.metadata.name!,
      },
      { metadata: { annotations: { 'bench/seq': String(i) } } },
    );
    if (i % 500 === 499) await new Promise(r => setImmediate(r));
  }
  const writeMs = Date.now() - t;
  await allDone;
  const ms = Date.now() - t;
  results.watch_events_per_s_per_watcher = Math.round((EVENTS / ms) * 1000);
  results.watch_events_per_s_total = Math.round(
    ((EVENTS * WATCHERS) / ms) * 1000,
  );
  console.log(
    `WATCH (client-node, ${WATCHERS} watchers, ${OBJECTS} objects): ${EVENTS} updates written in ${writeMs} ms, all delivered in ${ms} ms = ${results.watch_events_per_s_per_watcher} events/s per watcher, ${results.watch_events_per_s_total} events/s total`,
  );
  for (const c of controllers) c.abort();
  console.log(`(${mem()})`);
  console.log(
    JSON.stringify({
      objects: OBJECTS,
      events: EVENTS,
      watchers: WATCHERS,
      ...results,
    }),
  );
  await sim.stop();
  process.exit(0);
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
