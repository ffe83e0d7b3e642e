/*
 * One interface over the two API servers the backend's suites run against:
 * kube-sim (fast, in every run) and a real kube-apiserver + etcd
 * (startRealCluster; only in `*.real.test.ts` files, which
 * scripts/test-real.sh runs). A suite written against TestApiServer runs
 * unchanged on both; each fault is produced the way that server can:
 * RBAC, ServiceAccount deletion and etcd compaction on the real one,
 * kube-sim's fault switches on kube-sim. What a client asked of the
 * server is read from kube-sim's request log and from the real apiserver's
 * audit log.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PORTOLAN_CRDS,
  startKubeSim,
  startRealCluster,
  type RealClusterOptions,
} from '@portolan/kube-sim';

export interface TestApiServer {
  readonly kind: 'kube-sim' | 'real';
  readonly url: string;
  /** Base64 PEM of the CA of its serving certificate. */
  readonly caData: string;
  /** A token that may get/list/watch everything. */
  readonly readerToken: string;
  /** One request; as the admin unless a token is given. */
  request(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string; contentType?: string },
  ): Promise<{ status: number; body: string }>;
  /** An admin request that must succeed; its JSON answer. */
  admin(method: string, path: string, body?: unknown): Promise<any>;
  /** A token that may read `allowed` resources of the core group and nothing else. */
  limitedToken(allowed: string[]): Promise<string>;
  /** A token that works until `revoke()`. */
  revocableToken(): Promise<{ token: string; revoke(): Promise<void> }>;
  /**
   * Makes the history before now unavailable: old resourceVersions and
   * issued `continue` tokens get 410 (etcd compaction on the real server).
   */
  compact(): Promise<void>;
  /**
   * Path and query of every request a client whose User-Agent starts with
   * `userAgent` made on the core resource `resource` (no subresource), in
   * the order they arrived.
   */
  requestPaths(resource: string, userAgent: string): Promise<string[]>;
  /** Undoes what a test switched (kube-sim's faults). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function httpsCall(
  url: string,
  caData: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const data =
      body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      `${url}${path}`,
      {
        method,
        ca: Buffer.from(caData, 'base64'),
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(data
            ? { 'content-type': contentType, 'content-length': data.length }
            : {}),
        },
        timeout: 20_000,
      },
      r => {
        const chunks: Buffer[] = [];
        r.on('data', c => chunks.push(c));
        r.on('end', () =>
          res({
            status: r.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
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
}

function withAdmin(server: Omit<TestApiServer, 'admin'>): TestApiServer {
  return {
    ...server,
    async admin(method, path, body) {
      const r = await server.request(method, path, body);
      if (r.status >= 300)
        throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
      return JSON.parse(r.body);
    },
  };
}

/** A kube-sim cluster holding only Portolan's CRDs, as startRealCluster installs them. */
export async function kubeSimServer(name = 'suite'): Promise<TestApiServer> {
  const sim = await startKubeSim({
    clusters: [
      { name, objects: PORTOLAN_CRDS.map(crd => ({ ...crd } as any)) },
    ],
  });
  const c = sim.cluster(name);
  const token = c.token;
  return withAdmin({
    kind: 'kube-sim',
    url: c.url,
    caData: c.caData,
    readerToken: token,
    request: (method, path, body, o = {}) =>
      httpsCall(
        c.url,
        c.caData,
        o.token ?? c.token,
        method,
        path,
        body,
        o.contentType,
      ),
    async limitedToken(allowed) {
      // kube-sim has one token: forbid every core resource but `allowed`.
      for (const resource of ['configmaps', 'services', 'pods', 'secrets'])
        if (!allowed.includes(resource))
          c.faults.forbid('*', { group: '', resource });
      return token;
    },
    async revocableToken() {
      return { token, revoke: async () => c.faults.expireToken() };
    },
    async compact() {
      // kube-sim's watches carry bookmarks up to the current version, so
      // forgetting history alone may expire nothing: the next watch and the
      // next continued list are told 410, as after a real compaction.
      c.compact();
      c.faults.expireNextWatch();
      c.faults.expireContinue(1);
    },
    async requestPaths(resource, userAgent) {
      return c.requests.entries
        .filter(
          r =>
            r.group === '' &&
            r.resource === resource &&
            (r.userAgent ?? '').startsWith(userAgent),
        )
        .map(r => r.path);
    },
    reset: () => c.faults.reset(),
    stop: () => sim.stop(),
  });
}

/** A real kube-apiserver + etcd (Portolan's CRDs installed). */
export async function realServer(
  options: RealClusterOptions = {},
): Promise<TestApiServer> {
  // The audit log (metadata of every request) answers requestPaths.
  const auditDir = await mkdtemp(join(tmpdir(), 'portolan-audit-'));
  const auditLog = join(auditDir, 'audit.log');
  await writeFile(
    join(auditDir, 'policy.yaml'),
    'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n',
  );
  let cluster: Awaited<ReturnType<typeof startRealCluster>>;
  try {
    cluster = await startRealCluster({
      ...options,
      apiserverArgs: [
        ...(options.apiserverArgs ?? []),
        `--audit-policy-file=${join(auditDir, 'policy.yaml')}`,
        `--audit-log-path=${auditLog}`,
      ],
    });
  } catch (e) {
    await rm(auditDir, { recursive: true, force: true });
    throw e;
  }
  const real = cluster;
  let n = 0;
  const server = withAdmin({
    kind: 'real',
    url: real.url,
    caData: real.caData,
    readerToken: real.readerToken,
    async request(method, path, body, o = {}) {
      const r = await real.request(method, path, body, o);
      return { status: r.status, body: r.body };
    },
    async limitedToken(allowed) {
      const name = `limited-${++n}`;
      const token = await serviceAccountToken(name);
      await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        rules: [
          {
            apiGroups: [''],
            resources: allowed,
            verbs: ['get', 'list', 'watch'],
          },
        ],
      });
      await bind(name, name);
      return token;
    },
    async revocableToken() {
      const name = `revocable-${++n}`;
      const token = await serviceAccountToken(name);
      await bind(name, 'portolan-reader');
      return {
        token,
        // A deleted ServiceAccount's tokens stop authenticating.
        revoke: () =>
          admin(
            'DELETE',
            `/api/v1/namespaces/kube-system/serviceaccounts/${name}`,
          ).then(() => undefined),
      };
    },
    async compact() {
      // A write moves etcd's revision past every issued version first.
      await admin('POST', '/api/v1/namespaces/kube-system/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { generateName: 'compaction-' },
      });
      await real.compactEtcd();
    },
    async requestPaths(resource, userAgent) {
      const text = await readFile(auditLog, 'utf8').catch(() => '');
      const seen = new Set<string>();
      const paths: string[] = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        const e = JSON.parse(line);
        if (seen.has(e.auditID)) continue; // a watch has two stages
        seen.add(e.auditID);
        const ref = e.objectRef;
        if (
          ref &&
          !ref.apiGroup &&
          ref.resource === resource &&
          !ref.subresource &&
          String(e.userAgent ?? '').startsWith(userAgent)
        )
          paths.push(e.requestURI);
      }
      return paths;
    },
    reset: async () => undefined,
    async stop() {
      await real.stop();
      await rm(auditDir, { recursive: true, force: true });
    },
  });
  async function admin(method: string, path: string, body?: unknown) {
    return server.admin(method, path, body);
  }
  async function serviceAccountToken(name: string): Promise<string> {
    await admin('POST', '/api/v1/namespaces/kube-system/serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: 'kube-system' },
    });
    const tr = await admin(
      'POST',
      `/api/v1/namespaces/kube-system/serviceaccounts/${name}/token`,
      {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    );
    return tr.status.token;
  }
  async function bind(name: string, role: string) {
    await admin(
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: role,
        },
        subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }],
      },
    );
  }
  return server;
}
