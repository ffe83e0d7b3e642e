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

function kubectl(t: Target, args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    execFile(
      'kubectl',
      ['--kubeconfig', t.kubeconfig, ...args],
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
  simTarget = {
    url: c.url,
    ca: Buffer.from(c.caData, 'base64').toString(),
    token: c.token,
    kubeconfig: join(dir, 'sim'),
  };
  realTarget = {
    url: real.url,
    ca: Buffer.from(real.caData, 'base64').toString(),
    token: real.readerToken,
    kubeconfig: join(dir, 'real'),
  };
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
      if (differs)
        report.push(
          `${id}:\n  kube-sim: ${canonical(s)}\n  real:     ${canonical(r)}`,
        );
      if (differs && !listed.has(id)) unexpected.push(id);
      if (!differs && listed.has(id)) stale.push(id);
    }
    if (process.env.PORTOLAN_DIFF_REPORT)
      await writeFile(process.env.PORTOLAN_DIFF_REPORT, report.join('\n'));
    expect({ unexpected, stale }).toEqual({ unexpected: [], stale: [] });
    // Every listed id names a probe: no orphan entries.
    expect([...listed].filter(id => !(id in PROBES))).toEqual([]);
  });
});
