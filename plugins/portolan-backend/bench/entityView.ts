/* eslint-disable no-console */
/**
 * Entity view latency and backend memory on the demo clusters (a benchmark,
 * not a test): kube-sim's demo clusters, then the real plugin on a test
 * backend watching them over HTTPS (config locator, so the heap the backend
 * and its cache add can be told apart from kube-sim's), every cluster
 * synced, then sequential GETs of one entity's view.
 *
 * Run: yarn workspace @portolan/plugin-portolan-backend bench [--requests 2000] [--entity payments-api] [--pods 0]
 * `--pods N` adds a cluster of N synthetic pods (about 2 KB each on the wire),
 * to see what the cache keeps per object.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type ClusterFixture,
  type KubeObject,
  demoFixturesDir,
  startKubeSim,
} from '@portolan/kube-sim';
import request from 'supertest';
import {
  component,
  configLocatorFor,
} from '../src/__testUtils__/portolanTestBackend';
import { portolanPlugin } from '../src/plugin';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const REQUESTS = Number(arg('requests', '2000'));
const ENTITY = arg('entity', 'payments-api');
const PODS = Number(arg('pods', '0'));

/** A pod as a kubelet reports it: labels, owner, a container with status. */
function syntheticPod(i: number): KubeObject {
  const app = `app-${i % 500}`;
  const image = `registry.acme.example/bench/${app}:1.${i % 7}.0`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${i.toString(36).padStart(6, '0')}`,
      namespace: `ns-${i % 20}`,
      uid: `uid-${i}`,
      labels: {
        'backstage.io/kubernetes-id': app,
        'app.kubernetes.io/name': app,
        'pod-template-hash': (i % 997).toString(16),
      },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          image,
          i,
        }),
        'prometheus.io/scrape': 'true',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${app}-abc`,
          uid: `rs-${app}`,
          controller: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 50}`,
      containers: [
        {
          name: 'app',
          image,
          env: [{ name: 'MODE', value: 'production' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `10.0.${(i >> 8) & 255}.${i & 255}`,
      startTime: '2025-01-01T00:00:00Z',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2025-01-01T00:00:05Z',
        },
        {
          type: 'ContainersReady',
          status: 'True',
          lastTransitionTime: '2025-01-01T00:00:05Z',
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          image,
          imageID: `registry.acme.example/bench/${app}@sha256:${(i % 7)
            .toString()
            .repeat(64)}`,
          ready: true,
          restartCount: i % 3,
          state: { running: { startedAt: '2025-01-01T00:00:04Z' } },
        },
      ],
    },
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))
  ];
}

async function main() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const synthetic: ClusterFixture[] = PODS
    ? [
        {
          name: 'synthetic',
          objects: [
            ...Array.from({ length: 20 }, (_, i) => ({
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: `ns-${i}` },
            })),
            ...Array.from({ length: PODS }, (_, i) => syntheticPod(i)),
          ],
        },
      ]
    : [];
  const sim = await startKubeSim({
    fixturesDir: demoFixturesDir,
    clusters: synthetic,
  });
  gc();
  const before = process.memoryUsage();
  const backend = await startTestBackend({
    features: [
      portolanPlugin,
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          portolan: {
            clusterLocatorMethods: [
              configLocatorFor(sim, c => ({ serviceAccountToken: c.token })),
            ],
          },
        },
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: ENTITY,
              namespace: 'default',
              annotations: { 'backstage.io/kubernetes-id': ENTITY },
            },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'group:default/team-payments',
            },
          },
        ],
      }),
    ],
  });
  const started = Date.now();
  for (;;) {
    const res = await request(backend.server).get('/api/portolan/clusters');
    const clusters = res.body.clusters as Array<{ health: { state: string } }>;
    if (clusters.length && clusters.every(c => c.health.state === 'synced'))
      break;
    if (Date.now() - started > 120_000)
      throw new Error('demo clusters did not sync');
    await new Promise(r => setTimeout(r, 50));
  }
  console.log(`all demo clusters synced in ${Date.now() - started} ms`);

  const path = `/api/portolan/entities/default/component/${ENTITY}`;
  let bytes = 0;
  let workloads = 0;
  for (let i = 0; i < 100; i++) await request(backend.server).get(path); // warm up
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = process.hrtime.bigint();
    const res = await request(backend.server).get(path);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    bytes = res.text.length;
    workloads = res.body.workloads.length;
  }
  times.sort((a, b) => a - b);
  console.log(
    `entity view ${ENTITY}: ${REQUESTS} sequential requests over HTTP, ${workloads} workloads, ${bytes} bytes: ` +
      `median ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(
        times,
        99,
      ).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`,
  );

  const objects = (
    await request(backend.server).get('/api/portolan/clusters')
  ).body.clusters.reduce(
    (sum: number, c: { resources: Array<{ count: number }> }) =>
      sum + c.resources.reduce((n, r) => n + r.count, 0),
    0,
  );
  gc();
  const after = process.memoryUsage();
  console.log(
    `memory: the backend and its cache of ${objects} objects add ${mib(
      after.heapUsed - before.heapUsed,
    )} of heap to kube-sim's; whole process rss ${mib(
      after.rss,
    )}, heap used ${mib(after.heapUsed)}`,
  );
  await backend.stop();
  await sim.stop();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
