import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadFixtures } from '../fixtures/loadFixtures';
import { demoFixturesDir } from '../index';
import type { ClusterFixture, KubeObject } from '../types';
import { renderDemoFixtures } from './renderDemoFixtures';
import { SERVICES } from './demoWorld';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(relative(demoFixturesDir, p));
  }
  return out.sort();
}

describe('the demo fixtures', () => {
  let clusters: ClusterFixture[];
  const cluster = (name: string) => clusters.find(c => c.name === name)!;
  const objects = (name: string, kind: string, apiVersion?: string) =>
    cluster(name).objects.filter(
      o => o.kind === kind && (!apiVersion || o.apiVersion === apiVersion),
    );
  const all = (kind: string) =>
    clusters.flatMap(c =>
      c.objects.filter(o => o.kind === kind).map(o => ({ cluster: c.name, o })),
    );

  beforeAll(async () => {
    clusters = await loadFixtures(demoFixturesDir);
  });

  it('are exactly what the generator writes (run `yarn generate-demo-fixtures` after changing src/demo)', async () => {
    const expected = renderDemoFixtures();
    expect(await files(demoFixturesDir)).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) {
      expect({
        path,
        same: (await readFile(join(demoFixturesDir, path), 'utf8')) === text,
      }).toEqual({ path, same: true });
    }
  });

  it('hold the six clusters of docs/demo-world.md with their gitVersions', () => {
    expect(clusters.map(c => [c.name, c.gitVersion])).toEqual([
      ['aks-staging', 'v1.30.7'],
      ['doks-tools', 'v1.31.1'],
      ['eks-prod-us', 'v1.30.8-eks-2d98532'],
      ['gke-prod-eu', 'v1.31.4-gke.1200000'],
      ['k3s-edge', 'v1.31.3+k3s1'],
      ['openshift-dev', 'v1.29.10+d5d1b4f'],
    ]);
  });

  it('have realistic nodes: provider IDs, kubelet versions, a GPU, an arm64 and a Fargate node', () => {
    const prefixes: Record<string, string> = {
      'gke-prod-eu': 'gce://',
      'eks-prod-us': 'aws:///',
      'aks-staging': 'azure:///',
      'openshift-dev': 'aws:///',
      'k3s-edge': 'k3s://',
      'doks-tools': 'digitalocean://',
    };
    for (const c of clusters) {
      const nodes = objects(c.name, 'Node');
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      for (const n of nodes) {
        expect((n.spec as any).providerID.startsWith(prefixes[c.name])).toBe(
          true,
        );
        expect((n.status as any).nodeInfo.kubeletVersion).toBe(c.gitVersion);
        expect((n.status as any).allocatable.cpu).toBeTruthy();
      }
    }
    expect(
      objects('gke-prod-eu', 'Node').filter(
        n => (n.status as any).allocatable['nvidia.com/gpu'] === '1',
      ),
    ).toHaveLength(1);
    const arm = objects('k3s-edge', 'Node').find(
      n => (n.status as any).nodeInfo.architecture === 'arm64',
    )!;
    expect(
      arm.metadata.annotations!['io.cilium.network.ipv4-pod-cidr'],
    ).toBeTruthy();
    expect(arm.metadata.annotations!['k3s.io/node-args']).toBeTruthy();
    const fargate = objects('eks-prod-us', 'Node').find(
      n => n.metadata.labels!['eks.amazonaws.com/compute-type'] === 'fargate',
    )!;
    expect(fargate.metadata.name).toMatch(/^fargate-ip-/);
    expect(
      objects('eks-prod-us', 'DaemonSet').map(d => d.metadata.name),
    ).toContain('aws-node');
    expect(
      objects('gke-prod-eu', 'Node').every(
        n => n.metadata.labels!['cloud.google.com/gke-nodepool'],
      ),
    ).toBe(true);
  });

  it('link pods to replica sets to deployments by uid, with image digests of the registry', () => {
    for (const { o: p } of all('Pod')) {
      const ns = p.metadata.namespace;
      const c = clusters.find(x => x.objects.includes(p))!;
      const owner = p.metadata.ownerReferences?.[0];
      if (!owner || owner.kind !== 'ReplicaSet') continue;
      const rs = c.objects.find(
        o =>
          o.kind === 'ReplicaSet' &&
          o.metadata.namespace === ns &&
          o.metadata.name === owner.name,
      )!;
      expect(rs.metadata.uid).toBe(owner.uid);
      const dep = c.objects.find(
        o =>
          o.kind === 'Deployment' &&
          o.metadata.namespace === ns &&
          o.metadata.uid === rs.metadata.ownerReferences![0].uid,
      );
      expect(dep).toBeDefined();
    }
    const servicePods = all('Pod').filter(
      ({ o }) =>
        o.metadata.labels?.['backstage.io/kubernetes-id'] &&
        !o.metadata.labels?.['tekton.dev/pipelineRun'],
    );
    expect(servicePods.length).toBeGreaterThan(40);
    for (const { o } of servicePods) {
      const main = (o.status as any).containerStatuses[0];
      const system = o.metadata.labels!['app.kubernetes.io/part-of'];
      expect(main.image).toMatch(
        new RegExp(
          `^registry\\.acme\\.example/${system}/${
            o.metadata.labels!['backstage.io/kubernetes-id']
          }@sha256:[0-9a-f]{64}$`,
        ),
      );
    }
  });

  it('run each service where the demo world says, labelled for Backstage', () => {
    const where = (service: string) =>
      [
        ...new Set(
          all('Pod')
            .filter(
              ({ o }) =>
                o.metadata.labels?.['backstage.io/kubernetes-id'] === service &&
                !o.metadata.labels?.['tekton.dev/pipelineRun'],
            )
            .map(({ cluster: c, o }) => `${c}/${o.metadata.namespace}`),
        ),
      ].sort();
    expect(where('payments-api')).toEqual([
      'aks-staging/payments-staging',
      'eks-prod-us/payments',
      'gke-prod-eu/payments',
      'openshift-dev/payments-dev',
    ]);
    expect(where('fraud-detector')).toEqual([
      'aks-staging/payments-staging',
      'gke-prod-eu/payments',
    ]);
    expect(where('edge-gateway')).toEqual(['k3s-edge/storefront']);
    expect(where('search-indexer')).toEqual([
      'aks-staging/storefront-staging',
      'eks-prod-us/storefront',
      'gke-prod-eu/storefront',
    ]);
    const gpuPod = objects('gke-prod-eu', 'Pod').find(
      p =>
        p.metadata.labels?.['backstage.io/kubernetes-id'] === 'fraud-detector',
    )!;
    const gpuNode = objects('gke-prod-eu', 'Node').find(
      n => n.metadata.name === (gpuPod.spec as any).nodeName,
    )!;
    expect((gpuNode.status as any).allocatable['nvidia.com/gpu']).toBe('1');
    const edge = objects('k3s-edge', 'Pod').filter(
      p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'edge-gateway',
    );
    const armNodes = objects('k3s-edge', 'Node')
      .filter(n => (n.status as any).nodeInfo.architecture === 'arm64')
      .map(n => n.metadata.name);
    expect(edge.every(p => armNodes.includes((p.spec as any).nodeName))).toBe(
      true,
    );
    expect(
      objects('gke-prod-eu', 'Namespace').find(
        n => n.metadata.name === 'payments',
      )!.metadata.labels!['istio-injection'],
    ).toBe('enabled');
  });

  it('have Tekton v1 runs whose IMAGE_DIGEST results are what the clusters run', () => {
    const runs = objects('doks-tools', 'PipelineRun', 'tekton.dev/v1');
    expect(runs.length).toBe(
      SERVICES.filter(s => s.ci === 'tekton').length * 3,
    );
    const digests = new Set(
      runs.flatMap(r =>
        ((r.status as any).results ?? [])
          .filter((x: any) => x.name === 'IMAGE_DIGEST')
          .map((x: any) => x.value),
      ),
    );
    for (const r of runs) {
      expect(r.metadata.namespace).toBe('ci');
      expect(r.metadata.labels!['tekton.dev/pipeline']).toBe(
        `${r.metadata.labels!['backstage.io/kubernetes-id']}-build`,
      );
      expect((r.spec as any).params.map((p: any) => p.name)).toEqual([
        'git-url',
        'git-revision',
        'image',
      ]);
      for (const ref of (r.status as any).childReferences) {
        const tr = objects('doks-tools', 'TaskRun').find(
          t => t.metadata.name === ref.name,
        )!;
        expect(tr.metadata.labels).toMatchObject({
          'tekton.dev/pipelineRun': r.metadata.name,
          'tekton.dev/pipelineTask': ref.pipelineTaskName,
          'tekton.dev/pipeline': r.metadata.labels!['tekton.dev/pipeline'],
        });
      }
    }
    const tektonServices = new Set(
      SERVICES.filter(s => s.ci === 'tekton').map(s => s.name),
    );
    const running = all('Pod').filter(
      ({ o }) =>
        tektonServices.has(
          o.metadata.labels?.['backstage.io/kubernetes-id'] ?? '',
        ) && !o.metadata.labels?.['tekton.dev/pipelineRun'],
    );
    for (const { o } of running) {
      const digest = (o.status as any).containerStatuses[0].imageID.split(
        '@',
      )[1];
      expect(digests.has(digest)).toBe(true);
    }
    const failed = runs.filter(
      r => (r.status as any).conditions[0].status === 'False',
    );
    expect(
      failed.map(r => r.metadata.labels!['backstage.io/kubernetes-id']),
    ).toEqual(['fraud-detector']);
    const oom = objects('doks-tools', 'TaskRun')
      .flatMap(t => (t.status as any).steps)
      .filter((s: any) => s.terminated?.reason === 'OOMKilled');
    expect(oom).toHaveLength(1);
    expect(oom[0].terminated.exitCode).toBe(137);
    const pending = runs.filter(
      r => (r.status as any).conditions[0].status === 'Unknown',
    );
    expect(
      pending.map(r => r.metadata.labels!['backstage.io/kubernetes-id']),
    ).toEqual(['cart-service']);
  });

  it('have Argo CD applications for every service and environment, one multi-source', () => {
    const apps = objects('doks-tools', 'Application', 'argoproj.io/v1alpha1');
    const names = apps.map(a => a.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'payments-api-prod',
        'payments-api-staging',
        'storefront-web-prod',
        'cart-service-prod-us',
        'edge-gateway-prod',
      ]),
    );
    expect(names.some(n => n?.startsWith('search-indexer'))).toBe(false);
    const clusterNames = clusters.map(c => c.name);
    for (const a of apps) {
      expect(a.metadata.namespace).toBe('argocd');
      expect(clusterNames).toContain((a.spec as any).destination.name);
      expect((a.status as any).history.length).toBeGreaterThan(0);
      expect((a.status as any).summary.images.length).toBeGreaterThan(0);
      expect((a.status as any).operationState.phase).toBeTruthy();
    }
    expect(
      apps
        .filter(a => (a.spec as any).sources)
        .map(a => a.metadata.labels!['backstage.io/kubernetes-id']),
    ).toEqual(expect.arrayContaining(['storefront-web']));
    const catalog = apps.find(a => a.metadata.name === 'catalog-service-prod')!;
    expect((catalog.status as any).sync.status).toBe('OutOfSync');
    expect((catalog.status as any).health.status).toBe('Degraded');
    expect(
      apps.filter(
        a => a.metadata.labels!['app.kubernetes.io/part-of'] === 'storefront',
      ).length,
    ).toBeGreaterThan(5);
  });

  it('have Jenkins X activities, kpack images and builds, and the provider signals', () => {
    const pa = objects('aks-staging', 'PipelineActivity', 'jenkins.io/v1');
    expect(pa.map(p => (p.spec as any).status)).toEqual([
      'Succeeded',
      'Succeeded',
      'Running',
    ]);
    expect(
      pa.every(p => p.metadata.labels!.repository === 'search-indexer'),
    ).toBe(true);
    const builds = objects('doks-tools', 'Build', 'kpack.io/v1alpha2');
    expect(
      builds.map(b => b.metadata.annotations!['image.kpack.io/reason']),
    ).toEqual(['CONFIG', 'STACK', 'COMMIT']);
    const image = objects('doks-tools', 'Image', 'kpack.io/v1alpha2')[0];
    const stack = objects('doks-tools', 'ClusterStack', 'kpack.io/v1alpha2')[0];
    expect((image.status as any).latestImage).toBe(
      (builds[2].status as any).latestImage,
    );
    expect((builds[2].status as any).stack.runImage).not.toBe(
      (stack.status as any).runImage.latestImage,
    );
    const rc = objects('gke-prod-eu', 'RuntimeClass')[0] as KubeObject & {
      handler: string;
    };
    expect([rc.metadata.name, rc.handler]).toEqual(['gvisor', 'runsc']);
    expect(
      objects('openshift-dev', 'ClusterServiceVersion').length,
    ).toBeGreaterThan(1);
    expect(
      objects('openshift-dev', 'ConfigMap').find(
        c => c.metadata.name === 'rosa-brand-logo',
      )?.metadata.namespace,
    ).toBe('openshift-config');
    expect(
      objects('doks-tools', 'Service', 'serving.knative.dev/v1'),
    ).toHaveLength(1);
    expect(cluster('gke-prod-eu').apiResources?.map(r => r.group)).toContain(
      'networking.gke.io',
    );
    expect(
      cluster('gke-prod-eu').objects.some(o =>
        o.apiVersion.startsWith('networking.gke.io/'),
      ),
    ).toBe(false);
  });
});
