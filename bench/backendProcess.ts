/*
 * The backend under test, alone in its process: one Backstage backend with
 * Portolan and the official Kubernetes backend, both configured on the
 * kube-sim clusters the way an adopter would configure them, a catalog of
 * the profile's services, and mock auth/permissions (allow) shared by both.
 * Answers the harness over IPC: memory after a full GC, CPU time, and CPU
 * profiles of chosen phases.
 *
 * Run by bench/run.ts with --expose-gc: `fork(backendProcess.ts, [profile])`,
 * then `start` with the clusters.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  type CompoundEntityRef,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import portolanPlugin from '@portolan/plugin-portolan-backend';
import { emit, serve } from './ipc';
import { PROFILES, type ProfileName, catalogEntities } from './profiles';

export interface BenchCluster {
  name: string;
  url: string;
  token: string;
  caData: string;
}

const gc = (globalThis as { gc?: () => void }).gc;

function fullGc() {
  if (!gc) return;
  // Twice: the first pass can leave objects reachable only from finalizers.
  gc();
  gc();
}

function memory() {
  fullGc();
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

/**
 * The catalog both plugins read the entity from: the in-memory mock, with
 * `getEntityByRef` answered from a map (the mock scans every entity per
 * call, a cost no real catalog has). Each call returns a fresh copy, as a
 * catalog parsing its stored JSON does.
 */
function catalogFactory(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const byRef = new Map(
    entities.map(e => [
      stringifyEntityRef(e).toLocaleLowerCase('en-US'),
      JSON.stringify(e),
    ]),
  );
  catalog.getEntityByRef = async (ref: string | CompoundEntityRef) => {
    const key = stringifyEntityRef(
      typeof ref === 'string' ? parseEntityRef(ref) : ref,
    ).toLocaleLowerCase('en-US');
    const json = byRef.get(key);
    return json === undefined ? undefined : JSON.parse(json);
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

function config(clusters: BenchCluster[]) {
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            caData: c.caData,
            skipMetricsLookup: true,
          })),
        },
      ],
      customResources: [
        { group: 'tekton.dev', apiVersion: 'v1', plural: 'pipelineruns' },
        { group: 'tekton.dev', apiVersion: 'v1', plural: 'taskruns' },
        {
          group: 'argoproj.io',
          apiVersion: 'v1alpha1',
          plural: 'applications',
        },
      ],
    },
    portolan: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            name: c.name,
            url: c.url,
            caData: c.caData,
            serviceAccountToken: c.token,
          })),
        },
      ],
      // yarn bench --no-history: what recording delivery history costs.
      ...(process.env.PORTOLAN_BENCH_HISTORY === 'off'
        ? { history: { enabled: false } }
        : {}),
    },
  };
}

async function main() {
  const profileName = process.argv[2] as ProfileName;
  const profile = PROFILES[profileName];
  if (!profile) throw new Error(`unknown profile '${profileName}'`);
  const entities = catalogEntities(profile);
  const outDir = process.argv[3];

  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let profiler: Session | undefined;

  serve({
    async start({
      clusters,
      heapSnapshot,
    }: {
      clusters: BenchCluster[];
      heapSnapshot?: boolean;
    }) {
      let baselineSnapshot: string | undefined;
      if (heapSnapshot) {
        fullGc();
        mkdirSync(outDir, { recursive: true });
        baselineSnapshot = writeHeapSnapshot(
          join(outDir, `${profileName}-before-start.heapsnapshot`),
        );
      }
      const baseline = memory();
      const startedAt = Date.now();
      backend = await startTestBackend({
        features: [
          portolanPlugin,
          kubernetesPlugin,
          // Live updates (bench/signalLatency.ts): the signals backend on
          // the real events service (one local bus for every plugin).
          signalsPlugin,
          eventsServiceFactory,
          mockServices.rootLogger.factory({ level: 'warn' }),
          mockServices.rootConfig.factory({ data: config(clusters) }),
          catalogFactory(entities),
        ],
      });
      return {
        port: backend.server.port(),
        startedAt,
        listeningAt: Date.now(),
        baseline,
        baselineSnapshot,
      };
    },
    memory() {
      return memory();
    },
    cpu() {
      const u = process.cpuUsage();
      return { userUs: u.user, systemUs: u.system, at: Date.now() };
    },
    async profileStart() {
      profiler = new Session();
      profiler.connect();
      const post = (method: string, params?: object) =>
        new Promise<any>((resolve, reject) =>
          profiler!.post(method, params ?? {}, (err, res) =>
            err ? reject(err) : resolve(res),
          ),
        );
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
      return {};
    },
    async profileStop({ name }: { name: string }) {
      if (!profiler) throw new Error('no profile running');
      const session = profiler;
      profiler = undefined;
      const result = await new Promise<any>((resolve, reject) =>
        session.post('Profiler.stop', (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
      session.disconnect();
      mkdirSync(outDir, { recursive: true });
      const file = join(outDir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(result.profile));
      return { file };
    },
    heapSnapshot({ name }: { name: string }) {
      fullGc();
      mkdirSync(outDir, { recursive: true });
      return { file: writeHeapSnapshot(join(outDir, `${name}.heapsnapshot`)) };
    },
    async stop() {
      setTimeout(() => process.exit(0), 5_000).unref();
      await backend?.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  });
  emit('loaded', { memory: memory() });
}

main().catch(e => {
  emit('fatal', {
    message: e instanceof Error ? e.stack ?? e.message : String(e),
  });
  setTimeout(() => process.exit(1), 100);
});
