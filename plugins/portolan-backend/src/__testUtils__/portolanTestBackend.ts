/*
 * Test harness: kube-sim clusters over real HTTPS, and the real Portolan
 * plugin on a test backend that reaches them through `config` clusters
 * (token files, so tests can rotate tokens). The catalog and permissions are
 * mocks; everything between them and the clusters is production code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type ClusterFixture,
  type KubeObject,
  type KubeSim,
  startKubeSim,
} from '@portolan/kube-sim';
import type {
  ClusterSummary,
  EntityView,
} from '@portolan/plugin-portolan-common';
import request from 'supertest';
import { componentEntity } from '../delivery/__fixtures__/componentEntity';
import { portolanPlugin } from '../plugin';

type Feature = Parameters<typeof startTestBackend>[0]['features'] extends
  | Array<infer F>
  | undefined
  ? F
  : never;

/** Records every log line (message and metadata) instead of printing it. */
class CapturingLogger implements LoggerService {
  constructor(
    readonly lines: string[],
    private readonly meta: Record<string, unknown> = {},
  ) {}

  private log(level: string, message: string, meta?: Error | object) {
    this.lines.push(
      `${level} ${message} ${JSON.stringify({ ...this.meta, ...meta })}`,
    );
  }

  error(message: string, meta?: Error | object) {
    this.log('error', message, meta);
  }

  warn(message: string, meta?: Error | object) {
    this.log('warn', message, meta);
  }

  info(message: string, meta?: Error | object) {
    this.log('info', message, meta);
  }

  debug(message: string, meta?: Error | object) {
    this.log('debug', message, meta);
  }

  child(meta: Record<string, unknown>): LoggerService {
    return new CapturingLogger(this.lines, { ...this.meta, ...meta });
  }
}

export interface PortolanTestBackend {
  sim: KubeSim;
  /** Every line the backend logged, at every level. */
  logLines: string[];
  server: Parameters<typeof request>[0];
  /** Writes the token a cluster's token file holds (what the backend sends). */
  writeToken(cluster: string, token: string): void;
  clusters(): Promise<ClusterSummary[]>;
  entityView(ref: string, header?: string): Promise<EntityView>;
  stop(): Promise<void>;
}

/** Waits for `check` to return a truthy value, polling; fails with the last value seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}; last: ${
          last instanceof Error ? last.message : JSON.stringify(last)
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

/** A Namespace object. */
export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** One service (Deployment → ReplicaSet → Pod) for a cluster fixture; add its namespace separately. */
export function serviceObjects(
  service: string,
  namespace: string,
  options: { image?: string; log?: string } = {},
): KubeObject[] {
  const labels = {
    'backstage.io/kubernetes-id': service,
    'app.kubernetes.io/name': service,
  };
  const image =
    options.image ?? `registry.acme.example/${namespace}/${service}:1.0.0`;
  const template = { spec: { containers: [{ name: 'app', image }] } };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: service,
        namespace,
        uid: `${service}-d`,
        labels,
        generation: 1,
      },
      spec: { replicas: 1, template },
      status: {
        observedGeneration: 1,
        replicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        updatedReplicas: 1,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${service}-abc`,
        namespace,
        uid: `${service}-rs`,
        labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: service,
            uid: `${service}-d`,
            controller: true,
          },
        ],
      },
      spec: { replicas: 1, template },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${service}-abc-1`,
        namespace,
        uid: `${service}-p`,
        labels,
        annotations: options.log
          ? { 'kube-sim.portolan.dev/log': options.log }
          : {},
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${service}-abc`,
            uid: `${service}-rs`,
            controller: true,
          },
        ],
      },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            name: 'app',
            image,
            imageID: `${image.split(':')[0]}@sha256:${'a'.repeat(64)}`,
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
          },
        ],
      },
    },
  ];
}

/** A finished Tekton PipelineRun of `service`, labelled the way the Tekton source matches. */
export function pipelineRunObject(
  service: string,
  namespace: string,
  name: string,
  finished: { reason: string; at: string } = {
    reason: 'Succeeded',
    at: '2026-11-20T10:00:00Z',
  },
): KubeObject {
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name,
      namespace,
      labels: {
        'backstage.io/kubernetes-id': service,
        'tekton.dev/pipeline': `${service}-build`,
      },
    },
    spec: { pipelineRef: { name: `${service}-build` } },
    status: {
      startTime: finished.at.replace('T10', 'T09'),
      completionTime: finished.at,
      conditions: [
        {
          type: 'Succeeded',
          status: finished.reason === 'Succeeded' ? 'True' : 'False',
          reason: finished.reason,
          message: `${name}: ${finished.reason}`,
        },
      ],
    },
  };
}

/** A `type: config` locator entry for every kube-sim cluster, with the given credentials. */
export function configLocatorFor(
  sim: KubeSim,
  credentials: (cluster: KubeSim['clusters'][number]) => object,
) {
  return {
    type: 'config',
    clusters: sim.clusters.map(c => ({
      name: c.name,
      url: c.url,
      caData: c.caData,
      ...credentials(c),
    })),
  };
}

/** A catalog Component of a service, owned by `owner`. */
export function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    ...componentEntity(name, {
      'backstage.io/kubernetes-id': name,
      ...annotations,
    }),
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/**
 * Starts kube-sim with `clusters`, runs `beforeBackend` (to break clusters
 * before the backend ever sees them), then the backend with the plugin.
 */
export async function startPortolanTestBackend(options: {
  clusters: ClusterFixture[];
  entities: Entity[];
  permissions?: PermissionsService;
  features?: Feature[];
  beforeBackend?: (sim: KubeSim) => Promise<void>;
  /** Extra `portolan.*` config (e.g. `history`), merged over the defaults. */
  portolanConfig?: Record<string, unknown>;
  /** An already running kube-sim to share (a second backend); it is not stopped by `stop()`. */
  sim?: KubeSim;
}): Promise<PortolanTestBackend> {
  const sim =
    options.sim ??
    (await startKubeSim({
      clusters: options.clusters,
      bookmarkIntervalMs: 1000,
    }));
  const tokenDir = mkdtempSync(join(tmpdir(), 'portolan-test-'));
  const tokenFile = (name: string) => join(tokenDir, `${name}.token`);
  for (const c of sim.clusters) writeFileSync(tokenFile(c.name), c.token);
  await options.beforeBackend?.(sim);

  const logLines: string[] = [];
  const backend = await startTestBackend({
    features: [
      portolanPlugin,
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => new CapturingLogger(logLines),
      }),
      mockServices.rootConfig.factory({
        data: {
          portolan: {
            clusterLocatorMethods: [
              configLocatorFor(sim, c => ({
                title: `Cluster ${c.name}`,
                tokenFile: tokenFile(c.name),
              })),
            ],
            cache: {
              requestTimeout: '5s',
              backoff: { initial: '50ms', max: '400ms' },
            },
            ...options.portolanConfig,
          },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.permissions
        ? [mockServices.permissions.mock(options.permissions).factory]
        : []),
      ...(options.features ?? []),
    ],
  });

  const get = async (path: string, header?: string) => {
    const req = request(backend.server).get(path);
    const res = await (header ? req.set('Authorization', header) : req);
    if (res.status !== 200) {
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
  };

  return {
    sim,
    logLines,
    server: backend.server,
    writeToken: (cluster, token) => writeFileSync(tokenFile(cluster), token),
    clusters: async () => (await get('/api/portolan/clusters')).clusters,
    entityView: (ref, header) => {
      const [kind, rest] = ref.split(':');
      const [namespace, name] = rest.split('/');
      return get(`/api/portolan/entities/${namespace}/${kind}/${name}`, header);
    },
    stop: async () => {
      await backend.stop();
      if (!options.sim) await sim.stop();
      rmSync(tokenDir, { recursive: true, force: true });
    },
  };
}
