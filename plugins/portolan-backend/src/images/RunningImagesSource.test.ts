import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { RunningImageSchema } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { componentEntity } from '../delivery/__fixtures__/componentEntity';
import { loadYamlDocuments } from '../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../entities/EntityResolver';
import { MemoryCacheService } from '../registry/__testUtils__/MemoryCacheService';
import { KpackSource } from '../sources/kpack/KpackSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { TektonSource } from '../sources/tekton/TektonSource';
import { createEntityQuery } from '../views/createEntityQuery';
import { ImageService } from './ImageService';
import { RunningImagesSource, runningImagesOf } from './RunningImagesSource';

const runningImagesSource = new RunningImagesSource();
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

function pod(
  name: string,
  options: {
    node?: string;
    owner?: { kind: string; name: string };
    containers: Array<{
      name: string;
      image: string;
      imageID?: string;
      init?: boolean;
    }>;
  },
): KubeObject {
  const spec = (init: boolean) =>
    options.containers
      .filter(c => (c.init ?? false) === init)
      .map(c => ({ name: c.name, image: c.image }));
  const statuses = (init: boolean) =>
    options.containers
      .filter(c => (c.init ?? false) === init)
      .map(c => ({
        name: c.name,
        image: c.image,
        imageID: c.imageID ?? '',
        ready: true,
        restartCount: 0,
        state: {},
      }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'payments',
      uid: `uid-${name}`,
      labels: { 'backstage.io/kubernetes-id': 'ledger' },
      ownerReferences: options.owner
        ? [
            {
              apiVersion: 'apps/v1',
              ...options.owner,
              uid: `uid-${options.owner.name}`,
              controller: true,
            },
          ]
        : [],
    },
    spec: {
      nodeName: options.node,
      initContainers: spec(true),
      containers: spec(false),
    },
    status: {
      phase: 'Running',
      initContainerStatuses: statuses(true),
      containerStatuses: statuses(false),
    },
  };
}

describe('runningImagesOf', () => {
  const sources = new SourceSet([new RunningImagesSource()]);
  const images = (objects: KubeObject[]) => {
    const cache = new FixtureClusterCache(sources, {
      name: 'gke-prod-eu',
      objects,
    });
    const result = runningImagesOf(
      createEntityQuery(
        new EntityResolver([]).resolve(componentEntity('ledger')),
        [cache.snapshot()],
      ),
    );
    for (const image of result) {
      expect(RunningImageSchema.parse(image)).toEqual(image);
    }
    return result;
  };

  it('groups by digest and platform; counts pods once; keeps tags and containers', () => {
    const result = images([
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: 'n1',
          labels: {
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/os': 'linux',
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n2' },
        status: {
          nodeInfo: { operatingSystem: 'linux', architecture: 'arm64' },
        },
      },
      pod('ledger-0', {
        node: 'n1',
        owner: { kind: 'StatefulSet', name: 'ledger' },
        containers: [
          {
            name: 'migrate',
            image: 'registry.acme.example/payments/ledger:1.4',
            imageID: `registry.acme.example/payments/ledger@${DIGEST_A}`,
            init: true,
          },
          {
            name: 'app',
            image: 'registry.acme.example/payments/ledger:1.4',
            imageID: `docker-pullable://registry.acme.example/payments/ledger@${DIGEST_A}`,
          },
        ],
      }),
      pod('ledger-1', {
        node: 'n1',
        owner: { kind: 'StatefulSet', name: 'ledger' },
        containers: [
          {
            name: 'app',
            image: `registry.acme.example/payments/ledger@${DIGEST_A}`,
            imageID: `registry.acme.example/payments/ledger@${DIGEST_A}`,
          },
        ],
      }),
      pod('ledger-2', {
        node: 'n2',
        owner: { kind: 'StatefulSet', name: 'ledger' },
        containers: [
          {
            name: 'app',
            image: 'registry.acme.example/payments/ledger:1.4',
            imageID: `registry.acme.example/payments/ledger@${DIGEST_A}`,
          },
        ],
      }),
    ]);
    expect(result).toEqual([
      {
        cluster: 'gke-prod-eu',
        repository: 'registry.acme.example/payments/ledger',
        digest: DIGEST_A,
        reference: `registry.acme.example/payments/ledger@${DIGEST_A}`,
        tags: ['1.4'],
        platform: { os: 'linux', architecture: 'amd64' },
        workloads: [
          {
            namespace: 'payments',
            kind: 'StatefulSet',
            name: 'ledger',
            containers: ['migrate', 'app'],
            pods: 2,
          },
        ],
        registry: { state: 'not-checked' },
        rebase: {
          state: 'unknown',
          cause: 'not-checked',
          reason: 'The registry step has not run for this view',
        },
        warnings: [],
      },
      expect.objectContaining({
        digest: DIGEST_A,
        platform: { os: 'linux', architecture: 'arm64' },
        workloads: [expect.objectContaining({ pods: 1 })],
      }),
    ]);
  });

  it('uses the digest a spec pins when the kubelet reports a local image id, and skips images without a digest', () => {
    const result = images([
      pod('bare', {
        containers: [
          {
            name: 'pinned',
            image: `docker.io/library/nginx@${DIGEST_B}`,
            imageID: `sha256:${'c'.repeat(64)}`,
          },
          {
            name: 'tagged',
            image: 'nginx:1.27',
            imageID: `sha256:${'d'.repeat(64)}`,
          },
          { name: 'pending', image: 'busybox' },
        ],
      }),
    ]);
    expect(result).toEqual([
      expect.objectContaining({
        repository: 'docker.io/library/nginx',
        digest: DIGEST_B,
        tags: [],
        workloads: [
          {
            namespace: 'payments',
            kind: 'Pod',
            name: 'bare',
            containers: ['pinned'],
            pods: 1,
          },
        ],
      }),
    ]);
    // The node is not known: no platform is claimed.
    expect(result[0].platform).toBeUndefined();
  });
});

const UNREAD_FIXTURES = new Set([
  'argocd.yaml',
  'jenkins-x.yaml',
  'routes.yaml',
  'crds.yaml',
  'cluster.yaml',
]);

describe('the demo world without a registry', () => {
  const demo = join(__dirname, '../../../../packages/kube-sim/fixtures/demo');
  const sources = new SourceSet([
    runningImagesSource,
    new KpackSource(),
    new TektonSource(),
  ]);
  const clusters = readdirSync(demo, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(
      entry =>
        new FixtureClusterCache(sources, {
          name: entry.name,
          objects: readdirSync(join(demo, entry.name))
            // Only what these sources read: workloads, nodes, kpack, Tekton.
            .filter(
              file => file.endsWith('.yaml') && !UNREAD_FIXTURES.has(file),
            )
            .flatMap(file =>
              loadYamlDocuments(join(demo, entry.name, file)),
            ) as KubeObject[],
        }),
    );
  const service = new ImageService({
    config: new ConfigReader({}),
    cache: new MemoryCacheService(),
    logger: mockServices.logger.mock(),
  });

  function viewOf(name: string) {
    const query = createEntityQuery(
      new EntityResolver(sources.matchers).resolve(componentEntity(name)),
      clusters.map(c => c.snapshot()),
    );
    return {
      entityRef: `component:default/${name}`,
      images: runningImagesSource.entityView(query).images,
      kpackImages: new KpackSource().entityView(query).kpackImages,
      pipelineRuns: new TektonSource().entityView(query).pipelineRuns,
    };
  }

  it('shows invoice-worker’s buildpacks and its overdue rebase from kpack data alone', async () => {
    const images = await service.imagesForEntity(viewOf('invoice-worker'));
    const own = images.filter(i =>
      i.repository.endsWith('/payments/invoice-worker'),
    );
    // Production (two clusters) and staging.
    expect(own.map(i => i.cluster).sort()).toEqual([
      'aks-staging',
      'eks-prod-us',
      'gke-prod-eu',
    ]);
    for (const image of own) {
      expect(image).toMatchObject({
        registry: { state: 'not-configured' },
        buildpacks: { detected: true, source: 'kpack' },
        build: { system: 'kpack', cluster: 'doks-tools' },
        rebase: { state: 'rebase-available', basis: 'kpack' },
      });
      expect(image.buildpacks?.buildpacks.length).toBeGreaterThan(0);
    }
    // Sidecars kpack did not build (Istio's) stay unknown.
    for (const image of images.filter(i => !own.includes(i))) {
      expect(image.rebase).toMatchObject({
        state: 'unknown',
        cause: 'facts-unavailable',
      });
    }
    expect(service.registryRequestsSent).toBe(0);
  });

  it('links Tekton-built images to their runs but says their buildpacks need the registry', async () => {
    const images = await service.imagesForEntity(viewOf('payments-api'));
    expect(images.length).toBeGreaterThan(0);
    expect(images.some(i => i.build?.system === 'tekton')).toBe(true);
    for (const image of images) {
      expect(image.buildpacks).toBeUndefined();
      expect(image.rebase).toMatchObject({
        state: 'unknown',
        cause: 'facts-unavailable',
      });
    }
  });
});
