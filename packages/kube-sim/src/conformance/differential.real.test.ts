/*
 * kube-sim against a REAL kube-apiserver, differentially: the same fixture
 * folder is loaded into both, the same requests go to both, the answers are
 * normalised (uids, timestamps, resourceVersions, server-generated fields)
 * and compared. A difference fails unless DIFFERENCES.md (beside this
 * package's README) lists it under `## <id>` with its reason; a listed
 * difference that no longer differs fails too, so the list stays true.
 * Run by scripts/test-real.sh (needs the Go-built binaries and kubectl).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { KubeSim } from '../api';
import { loadFixtures } from '../fixtures/loadFixtures';
import { startRealCluster, type RealCluster } from '../real/startRealCluster';
import { startKubeSim } from '../startKubeSim';

jest.setTimeout(180_000);

const FIXTURES = resolve(__dirname, '../../fixtures/demo');
const CLUSTER = 'k3s-edge';
const DIFFERENCES = resolve(__dirname, '../../DIFFERENCES.md');

interface Target {
  url: string;
  ca: string;
  token: string;
  kubeconfig: string;
  /** May write (the real server's reader may not). */
  adminToken: string;
  adminKubeconfig: string;
  /** Forgets watch history: etcd compaction, or kube-sim's compact(). */
  compact(): Promise<unknown>;
}

interface Answer {
  status: number;
  body: string;
}

function get(
  t: Target,
  path: string,
  accept = 'application/json',
): Promise<Answer> {
  return new Promise((res, rej) => {
    const req = request(
      `${t.url}${path}`,
      {
        ca: t.ca,
        headers: { authorization: `Bearer ${t.token}`, accept },
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
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timeout`)));
    req.on('error', rej);
    req.end();
  });
}

/** One request as the admin (writes), body sent as JSON unless a string. */
function call(
  t: Target,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer & { warning?: string }> {
  return new Promise((res, rej) => {
    const data =
      body === undefined
        ? undefined
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = request(
      `${t.url}${path}`,
      {
        method,
        ca: t.ca,
        headers: {
          authorization: `Bearer ${t.adminToken}`,
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
        r.on('end', () => {
          const w = r.headers.warning;
          res({
            status: r.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            warning: Array.isArray(w) ? w.join(', ') : w,
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path}: timeout`)),
    );
    req.on('error', rej);
    req.end(data);
  });
}

/** A status answer reduced to what clients branch on. */
async function statusOf(a: Promise<Answer>) {
  const r = await a;
  let body: any = {};
  try {
    body = JSON.parse(r.body);
  } catch {
    body = { unparsable: true };
  }
  return body.kind === 'Status'
    ? {
        status: r.status,
        kind: body.kind,
        reason: body.reason,
        code: body.code,
      }
    : { status: r.status, kind: body.kind };
}

interface WatchEvent {
  type: string;
  object: any;
}

/**
 * Opens a watch, runs `act` once it is open, and collects events until
 * `done` says so (or 15 s pass).
 */
function watch(
  t: Target,
  path: string,
  done: (events: WatchEvent[]) => boolean,
  act: () => Promise<unknown> = async () => undefined,
): Promise<{ status: number; events: WatchEvent[] }> {
  return new Promise((res, rej) => {
    const events: WatchEvent[] = [];
    let buffer = '';
    let finished = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    const req = request(`${t.url}${path}`, {
      ca: t.ca,
      headers: {
        authorization: `Bearer ${t.adminToken}`,
        accept: 'application/json',
      },
    });
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      req.destroy();
      res({ status, events });
    };
    timer = setTimeout(() => finish(-1), 15_000);
    req.on('response', r => {
      r.on('data', (c: Buffer) => {
        buffer += c.toString();
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) events.push(JSON.parse(line));
          nl = buffer.indexOf('\n');
        }
        if (done(events)) finish(r.statusCode ?? 0);
      });
      r.on('end', () => finish(r.statusCode ?? 0));
      if (r.statusCode !== 200) return;
      act().catch(rej);
    });
    req.on('error', e => (finished ? undefined : rej(e)));
    req.end();
  });
}

const NS = 'difftest';
const CM = `/api/v1/namespaces/${NS}/configmaps`;
const DEPLOY = `/apis/apps/v1/namespaces/${NS}/deployments`;

const configMap = (
  name: string,
  data: Record<string, string> = { a: '1' },
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { probe: name } },
  data,
});

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: 'registry.example/app:1' },
          { name: 'side', image: 'registry.example/side:1' },
        ],
      },
    },
  },
});

const containersOf = (a: Answer) =>
  (JSON.parse(a.body).spec.template.spec.containers as any[]).map(
    c => `${c.name}=${c.image}`,
  );

function kubectl(
  t: Target,
  args: string[],
  kubeconfig = t.kubeconfig,
): Promise<string> {
  return new Promise((res, rej) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 60_000 },
      (err, stdout, stderr) =>
        err
          ? rej(
              new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`),
            )
          : res(stdout),
    );
  });
}

const json = (a: Answer) => JSON.parse(a.body);

/** JSON with object keys sorted: key order is not a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** A discovery resource list reduced to what clients rely on, for the names kube-sim serves. */
function resources(body: any, only?: Set<string>) {
  return (body.resources as any[])
    .filter(r => !only || only.has(r.name))
    .map(r => ({
      name: r.name,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: [...(r.verbs ?? [])].sort(),
      shortNames: [...(r.shortNames ?? [])].sort(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Each comparison: an id (the DIFFERENCES.md heading) and a probe. */
type Probe = (t: Target, sim: Target) => Promise<unknown>;

let sim: KubeSim;
let real: RealCluster;
let dir: string;
let simTarget: Target;
let realTarget: Target;

const PROBES: Record<string, Probe> = {
  'status-code-version': async t => (await get(t, '/version')).status,
  'discovery-api-versions': async t => json(await get(t, '/api')).versions,
  'discovery-groups': async (t, s) => {
    const simGroups = new Set(
      (json(await get(s, '/apis')).groups as any[]).map(g => g.name),
    );
    return (json(await get(t, '/apis')).groups as any[])
      .filter(g => simGroups.has(g.name))
      .map(g => ({
        name: g.name,
        versions: g.versions.map((v: any) => v.version),
        preferred: g.preferredVersion.version,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  'discovery-core-v1': async (t, s) => {
    const names = new Set(
      (json(await get(s, '/api/v1')).resources as any[]).map(r => r.name),
    );
    return resources(json(await get(t, '/api/v1')), names);
  },
  'discovery-crd-group': async t =>
    resources(json(await get(t, '/apis/cilium.io/v2'))),
  'list-pods': async t => {
    const list = json(await get(t, '/api/v1/pods'));
    return {
      kind: list.kind,
      apiVersion: list.apiVersion,
      items: (list.items as any[])
        .map(p => `${p.metadata.namespace}/${p.metadata.name}`)
        .sort(),
    };
  },
  'pod-metadata-and-status': async t => {
    const list = json(await get(t, '/api/v1/namespaces/kube-system/pods'));
    return (list.items as any[])
      .map(p => ({
        name: p.metadata.name,
        labels: p.metadata.labels,
        annotations: p.metadata.annotations,
        ownerReferences: p.metadata.ownerReferences?.map(
          (o: any) => `${o.kind}/${o.name}`,
        ),
        phase: p.status?.phase,
        containerStatuses: p.status?.containerStatuses?.map((c: any) => ({
          name: c.name,
          ready: c.ready,
          restartCount: c.restartCount,
        })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  'paged-list': async t => {
    const page = json(await get(t, '/api/v1/pods?limit=2'));
    const next = json(
      await get(
        t,
        `/api/v1/pods?limit=100&continue=${encodeURIComponent(
          page.metadata.continue,
        )}`,
      ),
    );
    return {
      first: page.items.length,
      hasContinue: Boolean(page.metadata.continue),
      remainingItemCount: page.metadata.remainingItemCount,
      rest: next.items.length,
      lastHasContinue: Boolean(next.metadata.continue),
    };
  },
  'not-found-status': async t => {
    const a = await get(t, '/api/v1/namespaces/kube-system/pods/no-such-pod');
    return { status: a.status, body: json(a) };
  },
  'unknown-resource-status': async t => {
    const a = await get(t, '/apis/cilium.io/v2/no-such-things');
    return a.status;
  },
  'table-columns': async t => {
    const table = json(
      await get(
        t,
        '/api/v1/namespaces/kube-system/pods',
        'application/json;as=Table;v=v1;g=meta.k8s.io',
      ),
    );
    return {
      kind: table.kind,
      columns: (table.columnDefinitions as any[]).map(c => c.name),
      rows: table.rows.length,
    };
  },
  'openapi-v2': async t => (await get(t, '/openapi/v2')).status,
  'openapi-v3': async t => (await get(t, '/openapi/v3')).status,
  'openapi-v3-index': async (t, s) => {
    const simPaths = Object.keys(json(await get(s, '/openapi/v3')).paths);
    const paths = json(await get(t, '/openapi/v3')).paths;
    return simPaths.filter(p => p in paths).sort();
  },
  'openapi-v3-pod-schema': async t => {
    const index = json(await get(t, '/openapi/v3')).paths;
    const doc = json(await get(t, index['api/v1'].serverRelativeURL));
    const pod = doc.components.schemas['io.k8s.api.core.v1.Pod'];
    const spec = doc.components.schemas['io.k8s.api.core.v1.PodSpec'];
    const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    return {
      gvk: pod['x-kubernetes-group-version-kind'],
      podFields: Object.keys(pod.properties).sort(),
      containersMergeKey:
        spec.properties.containers['x-kubernetes-patch-merge-key'],
      patchTypes: Object.keys(patch.requestBody.content).sort(),
      patchParams: (patch.parameters as any[])
        .map(p => p.name)
        .filter(n =>
          ['fieldValidation', 'fieldManager', 'dryRun', 'force'].includes(n),
        )
        .sort(),
    };
  },
  'openapi-v2-protobuf': async t =>
    (
      await get(
        t,
        '/openapi/v2',
        'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      )
    ).status,
  'kubectl-explain-text': async t =>
    kubectl(t, ['explain', 'pods.spec.containers.image']),
  'kubectl-apply': async t => {
    const file = join(dir, `apply-${t === simTarget ? 'sim' : 'real'}.yaml`);
    const write = (image: string, extra = '') =>
      writeFile(
        file,
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: applied, namespace: ${NS}}
spec:
  replicas: 1${extra}
  selector: {matchLabels: {app: applied}}
  template:
    metadata: {labels: {app: applied}}
    spec:
      containers:
      - {name: app, image: ${image}}
      - {name: side, image: registry.example/side:1}
`,
      );
    const apply = (...flags: string[]) =>
      kubectl(t, ['apply', '-f', file, ...flags], t.adminKubeconfig).catch(
        (e: Error) =>
          `error: ${
            /strict decoding error.*/.exec(e.message)?.[0] ?? e.message
          }`,
      );
    const out: string[] = [];
    await write('registry.example/app:1');
    out.push(await apply(), await apply());
    await write('registry.example/app:2');
    out.push(await apply());
    await write('registry.example/app:2', '\n  bogus: 1');
    out.push(await apply());
    out.push(
      await kubectl(
        t,
        [
          'get',
          'deployment',
          'applied',
          '-n',
          NS,
          '-o',
          'jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}',
        ],
        t.adminKubeconfig,
      ),
    );
    return out.map(l => l.trim());
  },
  'watch-added-modified-deleted': async t => {
    const list = json(await get(t, `${CM}?labelSelector=probe%3Dw1`));
    const { status, events } = await watch(
      t,
      `${CM}?watch=true&labelSelector=probe%3Dw1&resourceVersion=${list.metadata.resourceVersion}`,
      e => e.some(x => x.type === 'DELETED'),
      async () => {
        await call(t, 'POST', CM, configMap('w1'));
        await call(
          t,
          'PATCH',
          `${CM}/w1`,
          { data: { a: '2' } },
          'application/merge-patch+json',
        );
        await call(t, 'DELETE', `${CM}/w1`);
      },
    );
    return {
      status,
      events: events.map(
        e =>
          `${e.type} ${e.object.kind} ${e.object.metadata.name} ${e.object.data?.a}`,
      ),
    };
  },
  'watch-resume-from-rv': async t => {
    const created = json(await call(t, 'POST', CM, configMap('w2')));
    await call(
      t,
      'PATCH',
      `${CM}/w2`,
      { data: { a: '2' } },
      'application/merge-patch+json',
    );
    const { events } = await watch(
      t,
      `${CM}?watch=true&labelSelector=probe%3Dw2&resourceVersion=${created.metadata.resourceVersion}`,
      e => e.length >= 1,
    );
    await call(t, 'DELETE', `${CM}/w2`);
    return events.map(e => `${e.type} ${e.object.data?.a}`);
  },
  'watch-initial-events-bookmark': async t => {
    await call(t, 'POST', CM, configMap('w3'));
    const { events } = await watch(
      t,
      `${CM}?watch=true&labelSelector=probe%3Dw3&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
      e => e.some(x => x.type === 'BOOKMARK'),
    );
    await call(t, 'DELETE', `${CM}/w3`);
    return events.map(e =>
      e.type === 'BOOKMARK'
        ? {
            type: e.type,
            kind: e.object.kind,
            annotations: e.object.metadata.annotations,
            hasRv: Boolean(e.object.metadata.resourceVersion),
          }
        : { type: e.type, name: e.object.metadata.name },
    );
  },
  'watch-rv-1': async t => {
    const { status, events } = await watch(
      t,
      `/api/v1/pods?watch=true&resourceVersion=1`,
      e => e.length >= 1,
    );
    return { status, type: events[0]?.type, kind: events[0]?.object?.kind };
  },
  'watch-compacted-rv': async t => {
    const before = json(await call(t, 'POST', CM, configMap('c1')));
    for (const name of ['c2', 'c3']) await call(t, 'POST', CM, configMap(name));
    await t.compact();
    const { status, events } = await watch(
      t,
      `${CM}?watch=true&resourceVersion=${before.metadata.resourceVersion}`,
      e => e.length >= 1,
    );
    for (const name of ['c1', 'c2', 'c3'])
      await call(t, 'DELETE', `${CM}/${name}`);
    const first = events[0];
    return {
      status,
      type: first?.type,
      kind: first?.object?.kind,
      code: first?.object?.code,
      reason: first?.object?.reason,
    };
  },
  'patch-merge': async t => {
    await call(t, 'POST', CM, configMap('p1', { a: '1', b: '2' }));
    const r = await call(
      t,
      'PATCH',
      `${CM}/p1`,
      { data: { a: null, c: '3' } },
      'application/merge-patch+json',
    );
    await call(t, 'DELETE', `${CM}/p1`);
    return { status: r.status, data: json(r).data };
  },
  'patch-json-patch': async t => {
    await call(t, 'POST', CM, configMap('p2', { a: '1' }));
    const ok = await call(
      t,
      'PATCH',
      `${CM}/p2`,
      [
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'replace', path: '/data/a', value: 'x' },
      ],
      'application/json-patch+json',
    );
    const failedTest = statusOf(
      call(
        t,
        'PATCH',
        `${CM}/p2`,
        [{ op: 'test', path: '/data/a', value: 'nope' }],
        'application/json-patch+json',
      ),
    );
    const badPath = statusOf(
      call(
        t,
        'PATCH',
        `${CM}/p2`,
        [{ op: 'remove', path: '/data/missing' }],
        'application/json-patch+json',
      ),
    );
    const out = {
      status: ok.status,
      data: json(ok).data,
      failedTest: await failedTest,
      badPath: await badPath,
    };
    await call(t, 'DELETE', `${CM}/p2`);
    return out;
  },
  'patch-strategic-merge': async t => {
    await call(t, 'POST', DEPLOY, deployment('s1'));
    const r = await call(
      t,
      'PATCH',
      `${DEPLOY}/s1`,
      {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'side', image: 'registry.example/side:2' }],
            },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    const del = await call(
      t,
      'PATCH',
      `${DEPLOY}/s1`,
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'app', $patch: 'delete' }] },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    await call(t, 'DELETE', `${DEPLOY}/s1`);
    return {
      status: r.status,
      containers: containersOf(r),
      afterDelete: containersOf(del),
    };
  },
  'patch-strategic-on-crd': async t => {
    const a = await statusOf(
      call(
        t,
        'PATCH',
        '/apis/cilium.io/v2/ciliumnodes/none',
        { metadata: { labels: { a: 'b' } } },
        'application/strategic-merge-patch+json',
      ),
    );
    return a;
  },
  'patch-unsupported-media-type': async t =>
    statusOf(call(t, 'PATCH', `${CM}/none`, '{}', 'text/plain')),
  'patch-not-found': async t =>
    statusOf(
      call(
        t,
        'PATCH',
        `${CM}/none`,
        { data: {} },
        'application/merge-patch+json',
      ),
    ),
  'patch-malformed-body': async t => {
    await call(t, 'POST', CM, configMap('p3'));
    const r = await statusOf(
      call(t, 'PATCH', `${CM}/p3`, '{not json', 'application/merge-patch+json'),
    );
    await call(t, 'DELETE', `${CM}/p3`);
    return r;
  },
  'field-validation-strict': async t => {
    const bad = { ...configMap('v1'), bogus: 1 };
    const strict = await call(t, 'POST', `${CM}?fieldValidation=Strict`, bad);
    const warn = await call(t, 'POST', `${CM}?fieldValidation=Warn`, bad);
    await call(t, 'DELETE', `${CM}/v1`);
    return {
      strict: { status: strict.status, message: json(strict).message },
      warn: {
        status: warn.status,
        warning: warn.warning,
        kept: 'bogus' in json(warn),
      },
    };
  },
  'server-side-apply': async t => {
    const r = await call(
      t,
      'PATCH',
      `${CM}/ssa1?fieldManager=probe`,
      configMap('ssa1'),
      'application/apply-patch+yaml',
    );
    await call(t, 'DELETE', `${CM}/ssa1`);
    return { status: r.status, data: json(r).data };
  },
  'label-selectors': async t => {
    const names = async (sel: string) =>
      (
        json(
          await get(t, `/api/v1/pods?labelSelector=${encodeURIComponent(sel)}`),
        ).items as any[]
      )
        .map(p => p.metadata.name)
        .sort();
    return {
      in: await names('k8s-app in (kube-dns,metrics-server)'),
      notExists: (await names('!k8s-app')).length,
      exists: (await names('k8s-app')).length,
      bad: await statusOf(
        get(t, `/api/v1/pods?labelSelector=${encodeURIComponent('a in b')}`),
      ),
    };
  },
  'field-selectors': async t => {
    const count = async (sel: string) =>
      (
        json(
          await get(t, `/api/v1/pods?fieldSelector=${encodeURIComponent(sel)}`),
        ).items as any[]
      ).length;
    return {
      namespace: await count('metadata.namespace=kube-system'),
      notRunning: await count('status.phase!=Running'),
      unsupported: await statusOf(
        get(
          t,
          `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.bogus=x')}`,
        ),
      ),
    };
  },
  'bad-requests': async t => ({
    badLimit: await statusOf(get(t, '/api/v1/pods?limit=abc')),
    badContinue: await statusOf(
      get(t, '/api/v1/pods?limit=1&continue=garbage'),
    ),
    kindMismatch: await statusOf(
      call(t, 'POST', CM, { ...configMap('k1'), kind: 'Secret' }),
    ),
    nameMismatch: await statusOf(
      call(t, 'PUT', `${CM}/other`, configMap('k2')),
    ),
    namespaceMismatch: await statusOf(
      call(t, 'POST', CM, {
        ...configMap('k3'),
        metadata: { name: 'k3', namespace: 'elsewhere' },
      }),
    ),
    malformedJson: await statusOf(call(t, 'POST', CM, '{nope')),
    deleteMissing: await statusOf(call(t, 'DELETE', `${CM}/missing`)),
    duplicate: await (async () => {
      await call(t, 'POST', CM, configMap('dup'));
      const r = await statusOf(call(t, 'POST', CM, configMap('dup')));
      await call(t, 'DELETE', `${CM}/dup`);
      return r;
    })(),
    staleUpdate: await (async () => {
      const c = json(await call(t, 'POST', CM, configMap('stale')));
      await call(
        t,
        'PATCH',
        `${CM}/stale`,
        { data: { a: '2' } },
        'application/merge-patch+json',
      );
      const r = await statusOf(call(t, 'PUT', `${CM}/stale`, c));
      await call(t, 'DELETE', `${CM}/stale`);
      return r;
    })(),
    noToken: await new Promise<number>((res, rej) => {
      const req = request(`${t.url}/api/v1/pods`, { ca: t.ca }, r => {
        r.resume();
        res(r.statusCode ?? 0);
      });
      req.on('error', rej);
      req.end();
    }),
  }),
  'kubectl-get-pods': async t =>
    (await kubectl(t, ['get', 'pods', '-A', '--no-headers']))
      .trim()
      .split('\n')
      // Drop AGE: the servers started at different times.
      .map(l => l.trim().split(/\s+/).slice(0, 5).join(' '))
      .sort(),
  'kubectl-chunk-size': async t =>
    (await kubectl(t, ['get', 'pods', '-A', '--chunk-size=2', '-o', 'name']))
      .trim()
      .split('\n')
      .sort(),
  'kubectl-get-json': async t => {
    const list = JSON.parse(
      await kubectl(t, ['get', 'deployments', '-A', '-o', 'json']),
    );
    return (list.items as any[])
      .map(d => ({
        name: d.metadata.name,
        replicas: d.spec.replicas,
        ready: d.status?.readyReplicas,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  'kubectl-api-resources': async (t, s) => {
    const simNames = new Set(
      (await kubectl(s, ['api-resources', '-o', 'name'])).trim().split('\n'),
    );
    return (await kubectl(t, ['api-resources', '-o', 'name']))
      .trim()
      .split('\n')
      .filter(n => simNames.has(n))
      .sort();
  },
  'kubectl-explain': async t =>
    await kubectl(t, ['explain', 'pods.spec.containers.image']).then(
      () => 'ok',
      () => 'fails',
    ),
};

function listedDifferences(): Set<string> {
  const text = readFileSync(DIFFERENCES, 'utf8');
  return new Set(
    [...text.matchAll(/^## `?([a-z0-9-]+)`?\s*$/gm)].map(m => m[1]),
  );
}

beforeAll(async () => {
  const [fixture] = (await loadFixtures(FIXTURES)).filter(
    f => f.name === CLUSTER,
  );
  dir = await mkdtemp(join(tmpdir(), 'kube-sim-differential-'));
  [sim, real] = await Promise.all([
    startKubeSim({ clusters: [fixture] }),
    startRealCluster({ name: CLUSTER, fixturesDir: join(FIXTURES, CLUSTER) }),
  ]);
  const c = sim.cluster(CLUSTER);
  await sim.writeKubeconfig(join(dir, 'sim'));
  await real.writeKubeconfig(join(dir, 'real'), 'reader');
  await real.writeKubeconfig(join(dir, 'real-admin'), 'admin');
  simTarget = {
    url: c.url,
    ca: Buffer.from(c.caData, 'base64').toString(),
    token: c.token,
    kubeconfig: join(dir, 'sim'),
    adminToken: c.token,
    adminKubeconfig: join(dir, 'sim'),
    compact: async () => c.compact(),
  };
  realTarget = {
    url: real.url,
    ca: Buffer.from(real.caData, 'base64').toString(),
    token: real.readerToken,
    kubeconfig: join(dir, 'real'),
    adminToken: real.adminToken,
    adminKubeconfig: join(dir, 'real-admin'),
    compact: () => real.compactEtcd(),
  };
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } };
  for (const t of [simTarget, realTarget]) {
    const r = await call(t, 'POST', '/api/v1/namespaces', ns);
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`creating namespace ${NS}: ${r.status} ${r.body}`);
  }
});

afterAll(async () => {
  await Promise.all([sim?.stop(), real?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kube-sim and a real kube-apiserver answer the same', () => {
  it('on every probe, except the differences DIFFERENCES.md lists with a reason', async () => {
    const listed = listedDifferences();
    const unexpected: string[] = [];
    const stale: string[] = [];
    const report: string[] = [];
    const broken: string[] = [];
    const all: string[] = [];
    for (const [id, probe] of Object.entries(PROBES)) {
      const [s, r] = await Promise.all([
        probe(simTarget, simTarget).catch(
          e => `error: ${(e as Error).message}`,
        ),
        probe(realTarget, simTarget).catch(
          e => `error: ${(e as Error).message}`,
        ),
      ]);
      const differs = canonical(s) !== canonical(r);
      // A probe that failed (or a watch that timed out) on both sides
      // agrees about nothing.
      for (const answer of [s, r])
        if (
          (typeof answer === 'string' && answer.startsWith('error: ')) ||
          canonical(answer).includes('"status":-1')
        )
          broken.push(`${id}: ${canonical(answer).slice(0, 300)}`);
      all.push(`${id}: ${canonical(s).slice(0, 400)}`);
      if (differs)
        report.push(
          `${id}:\n  kube-sim: ${canonical(s)}\n  real:     ${canonical(r)}`,
        );
      if (differs && !listed.has(id)) unexpected.push(id);
      if (!differs && listed.has(id)) stale.push(id);
    }
    if (process.env.PORTOLAN_DIFF_REPORT)
      await writeFile(
        process.env.PORTOLAN_DIFF_REPORT,
        `${report.join('\n')}\n\nkube-sim's answers:\n${all.join('\n')}\n`,
      );
    expect({ unexpected, stale, broken }).toEqual({
      unexpected: [],
      stale: [],
      broken: [],
    });
    // Every listed id names a probe: no orphan entries.
    expect([...listed].filter(id => !(id in PROBES))).toEqual([]);
  });
});
