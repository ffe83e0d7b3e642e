/*
 * startRealCluster: a real etcd and a real kube-apiserver (built by
 * scripts/build-kube-real.sh from tools/kube-real) on free loopback ports,
 * with serving certificates generated here, token-file authentication, RBAC
 * authorization, Portolan's CRDs installed and, optionally, a kube-sim
 * fixture folder loaded. It owns the two processes and one temporary data
 * directory, and removes that directory on stop. It must never listen on
 * anything but loopback, never download anything, and never leave a process
 * running after stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest, Agent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadFixtures } from '../fixtures/loadFixtures';
import { CertificateAuthority } from '../tls/CertificateAuthority';
import type { KubeObject } from '../types';
import { PORTOLAN_CRDS } from './crds';

/** Where scripts/build-kube-real.sh puts the binaries. */
export const KUBE_REAL_BIN_DIR: string = resolve(
  dirname(require.resolve('@portolan/kube-sim/package.json')),
  '../../tools/kube-real/bin',
);

export interface RealClusterOptions {
  /** Cluster (and kubeconfig context) name; default `real`. */
  name?: string;
  /** A kube-sim fixture folder: one cluster folder, or a parent of several (then `name` picks one, or the only one). */
  fixturesDir?: string;
  /** The apiserver's watch cache (default on). Off, watches go to etcd and see its compaction directly. */
  watchCache?: boolean;
  /** Extra kube-apiserver flags. */
  apiserverArgs?: string[];
  /** How long to wait for the servers; default 90 s. */
  startTimeoutMs?: number;
}

export interface RealApiResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RealCluster {
  readonly name: string;
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** Base64 PEM of the CA that signed the serving certificate. */
  readonly caData: string;
  /** A system:masters token. */
  readonly adminToken: string;
  /** A token for user `portolan-reader`, bound by RBAC to get/list/watch everything. */
  readonly readerToken: string;
  /** The etcd client URL (loopback, plain HTTP). */
  readonly etcdUrl: string;
  /** kubeconfig for the read-only user (or the admin). */
  kubeconfig(user?: 'reader' | 'admin'): string;
  writeKubeconfig(path: string, user?: 'reader' | 'admin'): Promise<void>;
  /** One HTTPS request to the apiserver, as admin unless a token is given. */
  request(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string; contentType?: string; accept?: string },
  ): Promise<RealApiResponse>;
  /** Creates (POST) an object through discovery, as admin; returns it. */
  create(object: KubeObject): Promise<KubeObject>;
  /** Compacts etcd up to its current revision; returns that revision. */
  compactEtcd(): Promise<number>;
  stop(): Promise<void>;
}

/** Why a real cluster cannot start here (binaries absent, Go absent). */
export class RealClusterUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealClusterUnavailableError';
  }
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function token(): string {
  return randomBytes(24).toString('hex');
}

/** Collects a child's output (last 64 KiB) for error messages. */
function tail(child: ChildProcess): () => string {
  let out = '';
  const add = (b: Buffer) => {
    out = (out + b.toString()).slice(-65536);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(res => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    child.kill('SIGTERM');
  });
}

function etcdCall(etcdUrl: string, path: string, body: unknown): Promise<any> {
  return new Promise((res, rej) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = httpRequest(
      `${etcdUrl}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': data.length,
        },
        timeout: 10_000,
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', c => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((response.statusCode ?? 0) >= 300)
            rej(new Error(`etcd ${path}: ${response.statusCode} ${text}`));
          else res(JSON.parse(text));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`etcd ${path}: timeout`)));
    req.on('error', rej);
    req.end(data);
  });
}

/**
 * Starts etcd and kube-apiserver, installs the CRDs and the reader's RBAC,
 * loads fixtures if asked. Throws RealClusterUnavailableError when the
 * binaries are missing (run scripts/build-kube-real.sh).
 */
export async function startRealCluster(
  options: RealClusterOptions = {},
): Promise<RealCluster> {
  const name = options.name ?? 'real';
  const etcdBin = join(KUBE_REAL_BIN_DIR, 'etcd');
  const apiserverBin = join(KUBE_REAL_BIN_DIR, 'kube-apiserver');
  for (const bin of [etcdBin, apiserverBin]) {
    if (!existsSync(bin))
      throw new RealClusterUnavailableError(
        `${bin} is missing: run scripts/build-kube-real.sh (needs Go >= 1.26; the first build takes about 8 minutes)`,
      );
  }
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const dir = await mkdtemp(join(tmpdir(), `portolan-real-${name}-`));
  let etcd: ChildProcess | undefined;
  let apiserver: ChildProcess | undefined;
  const cleanup = async () => {
    await stopChild(apiserver);
    await stopChild(etcd);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, peerPort, apiPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    etcd = spawn(
      etcdBin,
      [
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-url=${etcdUrl}`,
        `--listen-peer-url=http://127.0.0.1:${peerPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const etcdOut = tail(etcd);
    const etcdDeadline = Date.now() + timeoutMs;
    while (!etcdOut().includes('etcd ready')) {
      if (etcd.exitCode !== null)
        throw new Error(`etcd exited ${etcd.exitCode}:\n${etcdOut()}`);
      if (Date.now() > etcdDeadline)
        throw new Error(`etcd not ready after ${timeoutMs} ms:\n${etcdOut()}`);
      await sleep(100);
    }

    const ca = CertificateAuthority.create(`portolan-real-${name}-ca`);
    const serving = ca.issueServerCertificate([
      '127.0.0.1',
      'localhost',
      'kubernetes',
      'kubernetes.default.svc',
    ]);
    const sa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const adminToken = token();
    const readerToken = token();
    await writeFile(join(dir, 'serving.crt'), serving.certPem);
    await writeFile(join(dir, 'serving.key'), serving.keyPem, { mode: 0o600 });
    await writeFile(join(dir, 'sa.pub'), sa.publicKey);
    await writeFile(join(dir, 'sa.key'), sa.privateKey, { mode: 0o600 });
    await writeFile(
      join(dir, 'tokens.csv'),
      `${adminToken},portolan-admin,portolan-admin,"system:masters"\n${readerToken},portolan-reader,portolan-reader\n`,
      { mode: 0o600 },
    );
    apiserver = spawn(
      apiserverBin,
      [
        `--etcd-servers=${etcdUrl}`,
        `--etcd-prefix=/registry`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${join(dir, 'certs')}`,
        `--tls-cert-file=${join(dir, 'serving.crt')}`,
        `--tls-private-key-file=${join(dir, 'serving.key')}`,
        `--token-auth-file=${join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--anonymous-auth=false',
        '--service-account-issuer=https://kubernetes.default.svc',
        `--service-account-key-file=${join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/12',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        // Fixture pods name ServiceAccounts no controller would create here.
        '--disable-admission-plugins=ServiceAccount',
        // Compaction is the tests' to trigger (compactEtcd), not a timer's.
        '--etcd-compaction-interval=0',
        `--watch-cache=${options.watchCache === false ? 'false' : 'true'}`,
        ...(options.apiserverArgs ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const apiOut = tail(apiserver);
    const url = `https://127.0.0.1:${apiPort}`;
    const caPem = ca.certPem;
    const agent = new Agent({ ca: caPem, keepAlive: true });

    const request: RealCluster['request'] = (method, path, body, o = {}) =>
      new Promise((res, rej) => {
        const data =
          body === undefined
            ? undefined
            : Buffer.from(
                typeof body === 'string' ? body : JSON.stringify(body),
              );
        const req = httpsRequest(
          `${url}${path}`,
          {
            method,
            agent,
            timeout: 30_000,
            headers: {
              authorization: `Bearer ${o.token ?? adminToken}`,
              accept: o.accept ?? 'application/json',
              ...(data
                ? {
                    'content-type': o.contentType ?? 'application/json',
                    'content-length': data.length,
                  }
                : {}),
            },
          },
          response => {
            const chunks: Buffer[] = [];
            response.on('data', c => chunks.push(c));
            response.on('end', () =>
              res({
                status: response.statusCode ?? 0,
                body: Buffer.concat(chunks).toString(),
                headers: response.headers,
              }),
            );
          },
        );
        req.on('timeout', () =>
          req.destroy(new Error(`${method} ${path}: timeout`)),
        );
        req.on('error', rej);
        req.end(data);
      });

    const apiDeadline = Date.now() + timeoutMs;
    for (;;) {
      if (apiserver.exitCode !== null)
        throw new Error(
          `kube-apiserver exited ${apiserver.exitCode}:\n${apiOut()}`,
        );
      if (Date.now() > apiDeadline)
        throw new Error(
          `kube-apiserver not ready after ${timeoutMs} ms:\n${apiOut()}`,
        );
      const ready = await request('GET', '/readyz').catch(() => undefined);
      if (ready?.status === 200) break;
      await sleep(250);
    }

    const must = async (
      method: string,
      path: string,
      body?: unknown,
      contentType?: string,
    ) => {
      const r = await request(method, path, body, { contentType });
      if (r.status >= 300)
        throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
      return JSON.parse(r.body);
    };

    // The reader: get/list/watch on everything, nothing else.
    await must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'portolan-reader' },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
        { nonResourceURLs: ['*'], verbs: ['get'] },
      ],
    });
    await must(
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'portolan-reader' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'portolan-reader',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: 'portolan-reader',
          },
        ],
      },
    );

    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    const waitEstablished = async (crdName: string) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const crd = await must('GET', `${crdPath}/${crdName}`);
        const ok = (crd.status?.conditions ?? []).some(
          (c: { type: string; status: string }) =>
            c.type === 'Established' && c.status === 'True',
        );
        if (ok) return;
        if (Date.now() > deadline)
          throw new Error(`CRD ${crdName} not Established`);
        await sleep(100);
      }
    };

    // Discovery: where an apiVersion/kind is served, and whether it is namespaced.
    const discovered = new Map<
      string,
      { plural: string; namespaced: boolean }
    >();
    const resolveKind = async (apiVersion: string, kind: string) => {
      const key = `${apiVersion}/${kind}`;
      const hit = discovered.get(key);
      if (hit) return hit;
      const base = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      for (let attempt = 0; ; attempt++) {
        const r = await request('GET', base);
        if (r.status === 200) {
          for (const res of JSON.parse(r.body).resources as Array<{
            name: string;
            kind: string;
            namespaced: boolean;
          }>) {
            if (!res.name.includes('/'))
              discovered.set(`${apiVersion}/${res.kind}`, {
                plural: res.name,
                namespaced: res.namespaced,
              });
          }
          const found = discovered.get(key);
          if (found) return found;
        }
        if (attempt > 50)
          throw new Error(
            `${apiVersion} ${kind} is not served by the real cluster`,
          );
        await sleep(100);
      }
    };
    const collectionOf = async (o: KubeObject) => {
      const { plural, namespaced } = await resolveKind(o.apiVersion, o.kind);
      const base = o.apiVersion.includes('/')
        ? `/apis/${o.apiVersion}`
        : `/api/${o.apiVersion}`;
      const ns = namespaced
        ? `/namespaces/${o.metadata.namespace ?? 'default'}`
        : '';
      return `${base}${ns}/${plural}`;
    };
    const create = async (object: KubeObject): Promise<KubeObject> => {
      const {
        uid,
        resourceVersion,
        creationTimestamp,
        generation,
        managedFields,
        selfLink,
        deletionTimestamp,
        ...metadata
      } = object.metadata as Record<string, unknown>;
      void [
        uid,
        resourceVersion,
        creationTimestamp,
        generation,
        managedFields,
        selfLink,
        deletionTimestamp,
      ];
      const { status, ...rest } = object as KubeObject & { status?: unknown };
      const path = await collectionOf(object);
      const created = await must('POST', path, { ...rest, metadata });
      if (object.kind === 'CustomResourceDefinition')
        await waitEstablished(created.metadata.name);
      if (
        status !== undefined &&
        object.kind !== 'CustomResourceDefinition' &&
        object.kind !== 'Namespace'
      ) {
        const r = await request(
          'PATCH',
          `${path}/${created.metadata.name}/status`,
          { status },
          { contentType: 'application/merge-patch+json' },
        );
        // A kind without a status subresource (e.g. ConfigMap) keeps no status.
        if (r.status < 300) return JSON.parse(r.body);
        if (r.status !== 404)
          throw new Error(
            `PATCH ${path}/${created.metadata.name}/status: ${r.status} ${r.body}`,
          );
      }
      return created;
    };

    for (const crd of PORTOLAN_CRDS) {
      await must('POST', crdPath, crd);
    }
    for (const crd of PORTOLAN_CRDS) {
      await waitEstablished((crd.metadata as { name: string }).name);
    }

    if (options.fixturesDir) {
      const dirPath = resolve(options.fixturesDir);
      const single = existsSync(join(dirPath, 'cluster.yaml'));
      const fixtures = await loadFixtures(single ? dirname(dirPath) : dirPath);
      const want = single ? basename(dirPath) : options.name;
      let fixture = fixtures.length === 1 ? fixtures[0] : undefined;
      if (want) fixture = fixtures.find(f => f.name === want);
      if (!fixture)
        throw new Error(
          `fixtures ${
            options.fixturesDir
          }: pick one cluster with --name (${fixtures
            .map(f => f.name)
            .join(', ')})`,
        );
      const portolanCrds = new Set(
        PORTOLAN_CRDS.map(c => (c.metadata as { name: string }).name),
      );
      const first = (o: KubeObject) =>
        o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition';
      for (const o of fixture.objects.filter(first)) {
        if (
          o.kind === 'CustomResourceDefinition' &&
          portolanCrds.has(o.metadata.name ?? '')
        )
          continue;
        if (
          o.kind === 'Namespace' &&
          ['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(
            o.metadata.name ?? '',
          )
        )
          continue;
        await create(o);
      }
      for (const o of fixture.objects.filter(x => !first(x))) await create(o);
    }

    const kubeconfig = (user: 'reader' | 'admin' = 'reader') =>
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name,
            cluster: { server: url, 'certificate-authority-data': ca.caData },
          },
        ],
        users: [
          {
            name: `${name}-${user}`,
            user: { token: user === 'admin' ? adminToken : readerToken },
          },
        ],
        contexts: [
          { name, context: { cluster: name, user: `${name}-${user}` } },
        ],
        'current-context': name,
      });

    let stopped = false;
    return {
      name,
      url,
      caData: ca.caData,
      adminToken,
      readerToken,
      etcdUrl,
      kubeconfig,
      writeKubeconfig: (path, user) =>
        writeFile(path, kubeconfig(user), { mode: 0o600 }),
      request,
      create,
      async compactEtcd() {
        const key = Buffer.from('/').toString('base64');
        const range = await etcdCall(etcdUrl, '/v3/kv/range', {
          key,
          limit: 1,
        });
        const revision = Number(range.header.revision);
        await etcdCall(etcdUrl, '/v3/kv/compaction', {
          revision: String(revision),
          physical: true,
        });
        return revision;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        agent.destroy();
        await cleanup();
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
