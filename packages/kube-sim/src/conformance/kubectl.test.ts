import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeSim, SimCluster } from '../api';
import { startKubeSim } from '../startKubeSim';
import { waitFor } from '../testing/simHttp';
import type { KubeObject } from '../types';

/**
 * Conformance: the real kubectl (Debian package, installed by CI) against
 * the kubeconfig kube-sim writes.
 */

function findKubectl(): string | undefined {
  if (process.env.KUBECTL && existsSync(process.env.KUBECTL))
    return process.env.KUBECTL;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'kubectl');
    if (dir && existsSync(p)) return p;
  }
  return existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : undefined;
}

function pod(
  name: string,
  labels: Record<string, string>,
  namespace = 'shop',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels,
      creationTimestamp: new Date(Date.now() - 3600_000).toISOString(),
    },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  };
}

describe('kubectl against kube-sim', () => {
  const kubectl = findKubectl();
  let sim: KubeSim;
  let c: SimCluster;
  let dir: string;
  let kubeconfig: string;
  const children: ChildProcess[] = [];

  const run = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      execFile(
        kubectl!,
        [
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          join(dir, 'cache'),
          '--request-timeout',
          '30s',
          ...args,
        ],
        { timeout: 60_000, env: { ...process.env, KUBECONFIG: '' } },
        (err, stdout, stderr) =>
          err
            ? reject(
                new Error(
                  `kubectl ${args.join(' ')} failed: ${err.message}\n${stderr}`,
                ),
              )
            : resolve({ stdout, stderr }),
      );
    });

  beforeAll(async () => {
    if (!kubectl) {
      throw new Error(
        'kubectl is not installed: install the Debian package (apt-get install kubectl; CI does it in .ci/run) or set KUBECTL=/path/to/kubectl',
      );
    }
    dir = await mkdtemp(join(tmpdir(), 'kube-sim-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    sim = await startKubeSim({
      clusters: [
        {
          name: 'kc-main',
          gitVersion: 'v1.31.4-gke.1200000',
          objects: [
            pod('web-1', { app: 'web', tier: 'front' }),
            pod('web-2', { app: 'web', tier: 'front' }, 'shop-eu'),
            pod('db-1', { app: 'db' }),
            {
              apiVersion: 'apiextensions.k8s.io/v1',
              kind: 'CustomResourceDefinition',
              metadata: { name: 'pipelineruns.tekton.dev' },
              spec: {
                group: 'tekton.dev',
                scope: 'Namespaced',
                names: {
                  kind: 'PipelineRun',
                  plural: 'pipelineruns',
                  singular: 'pipelinerun',
                  shortNames: ['pr', 'prs'],
                },
                versions: [
                  {
                    name: 'v1',
                    served: true,
                    storage: true,
                    additionalPrinterColumns: [
                      {
                        name: 'Succeeded',
                        type: 'string',
                        jsonPath:
                          '.status.conditions[?(@.type=="Succeeded")].status',
                      },
                      {
                        name: 'Reason',
                        type: 'string',
                        jsonPath:
                          '.status.conditions[?(@.type=="Succeeded")].reason',
                      },
                    ],
                  },
                ],
              },
            },
            {
              apiVersion: 'tekton.dev/v1',
              kind: 'PipelineRun',
              metadata: { name: 'payments-api-build-x7k2p', namespace: 'ci' },
              status: {
                conditions: [
                  { type: 'Succeeded', status: 'False', reason: 'Failed' },
                ],
              },
            },
          ],
        },
        { name: 'kc-other', objects: [] },
      ],
    });
    c = sim.cluster('kc-main');
    await sim.writeKubeconfig(kubeconfig);
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('get --raw /version', async () => {
    const { stdout } = await run(['get', '--raw', '/version']);
    expect(JSON.parse(stdout)).toMatchObject({
      gitVersion: 'v1.31.4-gke.1200000',
      major: '1',
    });
  });

  it('get pods -A -l <selector>', async () => {
    const { stdout } = await run([
      'get',
      'pods',
      '-A',
      '-l',
      'app=web,tier in (front)',
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/,
    );
    // etcd key order, as a real API server lists: "shop-eu/" sorts before "shop/".
    expect(lines.slice(1).map(l => l.split(/\s+/).slice(0, 4))).toEqual([
      ['shop-eu', 'web-2', '1/1', 'Running'],
      ['shop', 'web-1', '1/1', 'Running'],
    ]);
  });

  it('get pipelineruns.tekton.dev -n <ns>', async () => {
    const { stdout } = await run([
      'get',
      'pipelineruns.tekton.dev',
      '-n',
      'ci',
    ]);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SUCCEEDED\s+REASON$/);
    expect(lines[1].split(/\s+/)).toEqual([
      'payments-api-build-x7k2p',
      'False',
      'Failed',
    ]);
    const short = await run(['get', 'pr', '-n', 'ci', '-o', 'name']);
    expect(short.stdout.trim()).toBe(
      'pipelinerun.tekton.dev/payments-api-build-x7k2p',
    );
  });

  it('api-resources', async () => {
    const { stdout } = await run(['api-resources']);
    const rows = stdout
      .trim()
      .split('\n')
      .map(l => l.split(/\s+/));
    const find = (name: string) => rows.find(r => r[0] === name);
    expect(rows[0]).toEqual([
      'NAME',
      'SHORTNAMES',
      'APIVERSION',
      'NAMESPACED',
      'KIND',
    ]);
    expect(find('pods')).toEqual(['pods', 'po', 'v1', 'true', 'Pod']);
    expect(find('nodes')).toEqual(['nodes', 'no', 'v1', 'false', 'Node']);
    expect(find('deployments')).toEqual([
      'deployments',
      'deploy',
      'apps/v1',
      'true',
      'Deployment',
    ]);
    expect(find('pipelineruns')).toEqual([
      'pipelineruns',
      'pr,prs',
      'tekton.dev/v1',
      'true',
      'PipelineRun',
    ]);
    expect(find('runtimeclasses')).toEqual([
      'runtimeclasses',
      'node.k8s.io/v1',
      'false',
      'RuntimeClass',
    ]);
  });

  it('get -w sees a change made through the API', async () => {
    const child = spawn(
      kubectl!,
      [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(dir, 'cache'),
        'get',
        'pods',
        '-n',
        'shop',
        '-w',
      ],
      {
        env: { ...process.env, KUBECONFIG: '' },
      },
    );
    children.push(child);
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    await waitFor(
      () => /web-1/.test(out),
      `kubectl to print the initial pods (stdout: ${out} stderr: ${err})`,
      30_000,
    );
    await waitFor(
      () =>
        c.requests.count(
          r =>
            r.verb === 'watch' && r.userAgent?.startsWith('kubectl') === true,
        ) > 0,
      'kubectl to open its watch',
      30_000,
    );
    c.create(pod('web-3', { app: 'web' }));
    await waitFor(
      () => /web-3\s+1\/1\s+Running/.test(out),
      `kubectl to print the new pod (stdout: ${out} stderr: ${err})`,
      30_000,
    );
    expect(out).toMatch(/web-3\s+1\/1\s+Running/);
    child.kill('SIGTERM');
  });

  const deployment = (image: string, extraSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  namespace: shop
spec:
  replicas: 1${extraSpec}
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
      - name: app
        image: ${image}
        ports: [{containerPort: 8080}]
      - name: side
        image: registry.example/side:1
`;

  const apply = async (yaml: string, ...flags: string[]) => {
    const file = join(dir, `apply-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, yaml);
    return run(['apply', '-f', file, ...flags]);
  };

  it('apply -f validates through /openapi/v3 and merges containers by name', async () => {
    expect((await apply(deployment('registry.example/hello:1'))).stdout).toBe(
      'deployment.apps/hello created\n',
    );
    expect((await apply(deployment('registry.example/hello:1'))).stdout).toBe(
      'deployment.apps/hello unchanged\n',
    );
    // kubectl asks the server to validate (fieldValidation=Strict): it found
    // the parameter in the OpenAPI v3 document of apps/v1.
    expect(
      c.requests.count(
        r => r.verb === 'create' && r.path.includes('fieldValidation=Strict'),
      ),
    ).toBeGreaterThan(0);
    // A strategic merge patch: changing one container keeps the other.
    expect((await apply(deployment('registry.example/hello:2'))).stdout).toBe(
      'deployment.apps/hello configured\n',
    );
    const { stdout } = await run([
      'get',
      'deployment',
      'hello',
      '-n',
      'shop',
      '-o',
      'jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}',
    ]);
    expect(stdout.trim()).toBe(
      'app=registry.example/hello:2 side=registry.example/side:1',
    );
    expect((await apply(deployment('registry.example/hello:2'))).stdout).toBe(
      'deployment.apps/hello unchanged\n',
    );
  });

  it('apply -f refuses a field the schema does not declare, and drops it with --validate=warn', async () => {
    const bad = deployment('registry.example/hello:2', '\n  bogus: 3');
    await expect(apply(bad)).rejects.toThrow(
      /strict decoding error: unknown field "spec.bogus"/,
    );
    const warned = await apply(bad, '--validate=warn');
    expect(warned.stderr).toContain('unknown field "spec.bogus"');
    const stored = JSON.parse(
      (await run(['get', 'deployment', 'hello', '-n', 'shop', '-o', 'json']))
        .stdout,
    );
    expect(stored.spec.bogus).toBeUndefined();
    expect(stored.spec.replicas).toBe(1);
  });

  it('explain reads the upstream schemas of built-in kinds', async () => {
    const { stdout } = await run(['explain', 'pods.spec.containers.image']);
    expect(stdout).toMatch(/KIND:\s+Pod/);
    expect(stdout).toMatch(/FIELD: image <string>/);
    expect(stdout).toContain('Container image name.');
    const recursive = await run(['explain', 'deployments', '--recursive']);
    expect(recursive.stdout).toMatch(/GROUP:\s+apps/);
    expect(recursive.stdout).toMatch(/\n\s+replicas\s+<integer>/);
  });

  it('explain reads a CRD without a schema as free-form', async () => {
    const { stdout } = await run(['explain', 'pipelineruns.tekton.dev']);
    expect(stdout).toMatch(/KIND:\s+PipelineRun/);
    expect(stdout).toMatch(/metadata\s+<ObjectMeta>/);
  });

  it('switches contexts between clusters', async () => {
    const { stdout } = await run(['config', 'get-contexts', '-o', 'name']);
    expect(stdout.trim().split('\n')).toEqual(['kc-main', 'kc-other']);
    const other = await run([
      '--context',
      'kc-other',
      'get',
      'namespaces',
      '-o',
      'name',
    ]);
    expect(other.stdout).toContain('namespace/default');
  });
});
