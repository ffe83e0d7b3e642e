import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { demoFixturesDir } from './index';
import { waitFor } from './testing/simHttp';

const BIN = resolve(__dirname, '..', 'bin', 'kube-sim');

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, PROJECT_CWD: '' },
  });
  const out = {
    stdout: '',
    stderr: '',
    code: undefined as number | null | undefined,
  };
  child.stdout.on('data', d => (out.stdout += d));
  child.stderr.on('data', d => (out.stderr += d));
  child.on('exit', code => (out.code = code));
  return { child, out };
}

function post(url: string): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { method: 'POST' }, r => {
      let body = '';
      r.on('data', d => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

describe('the kube-sim CLI', () => {
  let dir: string;
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-sim-cli-'));
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the demo fixtures, prints "kube-sim ready", takes faults, and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const { child, out } = start([
      '--fixtures',
      demoFixturesDir,
      '--kubeconfig',
      kubeconfig,
    ]);
    children.push(child);
    await waitFor(
      () => out.stdout.includes('kube-sim ready\n') || out.code !== undefined,
      'kube-sim ready',
      90_000,
    );
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('kube-sim ready\n');
    const config = parse(await readFile(kubeconfig, 'utf8'));
    expect(config.contexts.map((c: any) => c.name)).toEqual([
      'aks-staging',
      'doks-tools',
      'eks-prod-us',
      'gke-prod-eu',
      'k3s-edge',
      'openshift-dev',
    ]);
    expect(config['current-context']).toBe('aks-staging');
    const admin = /faults (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)![1];
    const ok = await post(
      `${admin}/clusters/gke-prod-eu/faults/fail-500?on=true`,
    );
    expect(ok.status).toBe(200);
    expect((await post(`${admin}/clusters/nope/faults/reset`)).status).toBe(
      404,
    );
    expect(
      (await post(`${admin}/clusters/gke-prod-eu/faults/nonsense`)).status,
    ).toBe(404);
    child.kill('SIGTERM');
    await waitFor(() => out.code !== undefined, 'the CLI to exit', 30_000);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('kube-sim stopping (SIGTERM)');
  });

  it('fails with the file, document and reason on a malformed fixture, serving nothing', async () => {
    const fixtures = join(dir, 'bad');
    await mkdir(join(fixtures, 'c1'), { recursive: true });
    await writeFile(
      join(fixtures, 'c1', 'objects.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: Pod\nmetadata: {namespace: x}\n',
    );
    const { child, out } = start([
      '--fixtures',
      fixtures,
      '--kubeconfig',
      join(dir, 'never'),
    ]);
    children.push(child);
    await waitFor(() => out.code !== undefined, 'the CLI to exit', 60_000);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /c1\/objects\.yaml: document 1: Pod has no metadata\.name/,
    );
    expect(out.stdout).not.toContain('kube-sim ready');
  });
});
