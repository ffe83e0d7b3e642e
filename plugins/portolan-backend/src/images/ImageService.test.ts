import { ConfigReader } from '@backstage/config';
import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  FleetImagesResponseSchema,
  RunningImageSchema,
  type PipelineRun,
  type RunningImage,
} from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { countTasks } from '../delivery/countTasks';
import { componentEntity } from '../delivery/__fixtures__/componentEntity';
import { EntityResolver } from '../entities/EntityResolver';
import {
  LocalRegistry,
  type Descriptor,
} from '../registry/__testUtils__/LocalRegistry';
import { MemoryCacheService } from '../registry/__testUtils__/MemoryCacheService';
import { SilentServer } from '../registry/__testUtils__/SilentServer';
import {
  diffId,
  pushImage,
  pushIndex,
} from '../registry/__testUtils__/testImages';
import {
  PAKETO_JAVA_BUILDPACKS,
  PAKETO_JAVA_PROCESSES,
  cnbImageLabels,
  kpackGitProject,
} from '../sources/kpack/__fixtures__/cnbImageLabels';
import {
  NEW_RUN,
  OLD_RUN,
  digest as kpackDigest,
  invoiceWorkerObjects,
} from '../sources/kpack/__fixtures__/kpackObjects';
import { KpackSource } from '../sources/kpack/KpackSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { createEntityQuery } from '../views/createEntityQuery';
import { ImageService, type ImageViewInput } from './ImageService';
import { RunningImagesSource } from './RunningImagesSource';

jest.setTimeout(180_000);

const runningImagesSource = new RunningImagesSource();

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };
const RUN_REPO = 'paketobuildpacks/run-jammy-base';
const COMMIT = 'e050d85687a3c8aa73c2b6bb5a24a2bbd5b7dd45';
const BASIC_PASSWORD = 'ledger-registry-password';

/** Records log lines, to prove no credential is logged. */
class LinesLogger implements LoggerService {
  constructor(readonly lines: string[] = []) {}
  error(message: string, meta?: object) {
    this.lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
  }
  warn(message: string, meta?: object) {
    this.error(message, meta);
  }
  info(message: string, meta?: object) {
    this.error(message, meta);
  }
  debug(message: string, meta?: object) {
    this.error(message, meta);
  }
  child(): LoggerService {
    return this;
  }
}

function appLabels(
  host: string,
  runTag: string,
  topLayer: string,
  platformApi = '0.12',
) {
  return cnbImageLabels({
    platformApi,
    buildpacks: PAKETO_JAVA_BUILDPACKS,
    processes: PAKETO_JAVA_PROCESSES,
    runImage: {
      image: `${host}/${RUN_REPO}:${runTag}`,
      reference: `${host}/${RUN_REPO}@sha256:${'9'.repeat(64)}`,
      topLayer,
    },
    project: kpackGitProject('https://github.com/acme/invoice-worker', COMMIT),
    base: {
      id: 'io.buildpacks.stacks.jammy',
      'distro.name': 'ubuntu',
      'distro.version': '22.04',
    },
    rebasable: true,
  });
}

function runImageSpecs(version: string) {
  return [AMD64, ARM64].map(platform => ({
    platform,
    diffIds: [
      diffId(`ubuntu-${platform.architecture}`),
      diffId(`run-${version}-${platform.architecture}`),
    ],
    labels: { 'io.buildpacks.stack.id': 'io.buildpacks.stacks.jammy' },
  }));
}

function node(name: string, arch: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch },
    },
  };
}

/** A Deployment's ReplicaSet and one pod running `containers` on `nodeName`. */
function deployment(
  name: string,
  nodeName: string,
  containers: Array<{ name: string; image: string }>,
): KubeObject[] {
  const labels = { 'backstage.io/kubernetes-id': name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${name}-7d4b9`,
        namespace: 'prod',
        uid: `${name}-rs`,
        labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            uid: `${name}-d`,
            controller: true,
          },
        ],
      },
      spec: { replicas: 1 },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-7d4b9-x1`,
        namespace: 'prod',
        uid: `${name}-pod-${nodeName}`,
        labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${name}-7d4b9`,
            uid: `${name}-rs`,
            controller: true,
          },
        ],
      },
      spec: { nodeName, containers },
      status: {
        phase: 'Running',
        containerStatuses: containers.map(c => ({
          name: c.name,
          image: c.image,
          imageID: c.image,
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2026-11-20T06:00:00Z' } },
        })),
      },
    },
  ];
}

describe('ImageService against real registries', () => {
  let registry: LocalRegistry;
  let basicRegistry: LocalRegistry;
  let hung: SilentServer;
  let outsider: SilentServer;
  let host: string;
  const pushed: Record<string, Descriptor> = {};
  let multiArch: { index: Descriptor; children: Descriptor[] };
  let runLatest: Descriptor;
  let clusters: FixtureClusterCache[];
  const sources = new SourceSet([new RunningImagesSource(), new KpackSource()]);
  const kpack = new KpackSource();

  function ref(repository: string, digest: string, at = host) {
    return `${at}/${repository}@${digest}`;
  }

  function viewOf(
    name: string,
    pipelineRuns: PipelineRun[] = [],
  ): ImageViewInput {
    const query = createEntityQuery(
      new EntityResolver(sources.matchers).resolve(componentEntity(name)),
      clusters.map(c => c.snapshot()),
    );
    return {
      entityRef: `component:default/${name}`,
      images: runningImagesSource.entityView(query).images,
      kpackImages: kpack.entityView(query).kpackImages,
      pipelineRuns,
    };
  }

  /** A view of `name` running `containers` on its own amd64 cluster. */
  function singleClusterView(
    name: string,
    containers: Array<{ name: string; image: string }>,
  ): ImageViewInput {
    const cluster = new FixtureClusterCache(sources, {
      name: 'gke-prod-eu',
      objects: [
        node('gke-node-1', 'amd64'),
        ...deployment(name, 'gke-node-1', containers),
      ],
    });
    const query = createEntityQuery(
      new EntityResolver(sources.matchers).resolve(componentEntity(name)),
      [cluster.snapshot()],
    );
    return {
      entityRef: `component:default/${name}`,
      images: runningImagesSource.entityView(query).images,
    };
  }

  function imageService(
    options: {
      scheduler?: SchedulerService;
      logger?: LoggerService;
    } = {},
  ) {
    return new ImageService({
      config: new ConfigReader({
        portolan: {
          registries: {
            hosts: [
              { host, insecure: true },
              { host: hung.host, insecure: true },
              {
                host: basicRegistry.host,
                insecure: true,
                username: 'ledger',
                password: BASIC_PASSWORD,
              },
            ],
            requestTimeout: '5s',
          },
        },
      }),
      cache: new MemoryCacheService(),
      logger: options.logger ?? new LinesLogger(),
      scheduler: options.scheduler,
    });
  }

  const tektonRun = (digest: string): PipelineRun => ({
    system: 'tekton',
    cluster: 'doks-tools',
    namespace: 'ci',
    name: 'payments-api-build-7x2k9',
    status: 'succeeded',
    finishedAt: '2026-11-20T05:19:00.000Z',
    trigger: { kind: 'tekton-triggers' },
    commit: { sha: COMMIT },
    tasks: [],
    taskCounts: countTasks([]),
    results: [],
    images: [{ url: `${host}/payments/payments-api`, digest }],
    links: [],
    warnings: [],
  });

  beforeAll(async () => {
    registry = await LocalRegistry.start();
    basicRegistry = await LocalRegistry.start({
      auth: 'htpasswd',
      username: 'ledger',
      password: BASIC_PASSWORD,
    });
    hung = await SilentServer.start();
    outsider = await SilentServer.start();
    host = registry.host;

    // The run image moves on after invoice-worker was built: a rebase is due.
    await pushIndex(registry, RUN_REPO, 'latest', runImageSpecs('v1'));
    multiArch = await pushIndex(
      registry,
      'payments/invoice-worker',
      undefined,
      [AMD64, ARM64].map(platform => ({
        platform,
        diffIds: [
          diffId(`ubuntu-${platform.architecture}`),
          diffId(`run-v1-${platform.architecture}`),
          diffId(`app-${platform.architecture}`),
        ],
        labels: appLabels(
          host,
          'latest',
          diffId(`run-v1-${platform.architecture}`),
        ),
        env: ['CNB_PLATFORM_API=0.12'],
        entrypoint: ['/cnb/process/web'],
      })),
    );
    runLatest = (
      await pushIndex(registry, RUN_REPO, 'latest', runImageSpecs('v2'))
    ).index;
    // payments-api was built on the current run image.
    pushed.paymentsApi = await pushImage(
      registry,
      'payments/payments-api',
      undefined,
      {
        platform: AMD64,
        diffIds: [
          diffId('ubuntu-amd64'),
          diffId('run-v2-amd64'),
          diffId('papi'),
        ],
        labels: appLabels(host, 'latest', diffId('run-v2-amd64')),
      },
    );
    // ledger: a Docker v2 image from platform API 0.9 (string commands,
    // deprecated stack.runImage), on a registry that wants Basic auth.
    pushed.ledger = await pushImage(
      basicRegistry,
      'payments/ledger',
      undefined,
      {
        platform: AMD64,
        diffIds: [
          diffId('ubuntu-amd64'),
          diffId('run-v2-amd64'),
          diffId('ledger'),
        ],
        labels: appLabels(host, 'latest', diffId('run-v2-amd64'), '0.9'),
      },
      'docker',
    );
    pushed.search = await pushImage(
      registry,
      'storefront/search-indexer',
      undefined,
      {
        platform: AMD64,
        diffIds: [diffId('debian'), diffId('search')],
        labels: {
          'org.opencontainers.image.source':
            'https://github.com/acme/search-indexer',
        },
      },
    );
    pushed.fraud = await pushImage(
      registry,
      'payments/fraud-detector',
      undefined,
      {
        platform: AMD64,
        diffIds: [diffId('fraud')],
        labels: {
          ...appLabels(host, 'latest', diffId('run-v2-amd64')),
          'io.buildpacks.lifecycle.metadata':
            '{"runImage": {"topLayer": "sha256:',
        },
      },
    );

    const invoice = (digest: string) => ref('payments/invoice-worker', digest);
    clusters = [
      new FixtureClusterCache(sources, {
        name: 'gke-prod-eu',
        objects: [
          node('gke-node-1', 'amd64'),
          ...deployment('invoice-worker', 'gke-node-1', [
            { name: 'app', image: invoice(multiArch.index.digest) },
            // Built by kpack, never pushed to this registry: kpack data must do.
            { name: 'worker', image: invoice(kpackDigest(3)) },
            {
              name: 'hung-sidecar',
              image: `${hung.host}/mesh/proxy@sha256:${'4'.repeat(64)}`,
            },
            {
              name: 'outside-sidecar',
              image: `${outsider.host}/mesh/agent@sha256:${'5'.repeat(64)}`,
            },
          ]),
          ...deployment('payments-api', 'gke-node-1', [
            {
              name: 'app',
              image: ref('payments/payments-api', pushed.paymentsApi.digest),
            },
          ]),
          ...deployment('ledger', 'gke-node-1', [
            {
              name: 'app',
              image: ref(
                'payments/ledger',
                pushed.ledger.digest,
                basicRegistry.host,
              ),
            },
          ]),
          ...deployment('search-indexer', 'gke-node-1', [
            {
              name: 'app',
              image: ref('storefront/search-indexer', pushed.search.digest),
            },
          ]),
          ...deployment('fraud-detector', 'gke-node-1', [
            {
              name: 'app',
              image: ref('payments/fraud-detector', pushed.fraud.digest),
            },
          ]),
          ...deployment('missing-image', 'gke-node-1', [
            {
              name: 'app',
              image: ref('payments/missing', `sha256:${'6'.repeat(64)}`),
            },
          ]),
        ],
      }),
      new FixtureClusterCache(sources, {
        name: 'k3s-edge',
        objects: [
          node('edge-arm-1', 'arm64'),
          ...deployment('invoice-worker', 'edge-arm-1', [
            { name: 'app', image: invoice(multiArch.index.digest) },
          ]),
        ],
      }),
      new FixtureClusterCache(sources, {
        name: 'doks-tools',
        objects: invoiceWorkerObjects(),
      }),
    ];
  });

  afterAll(async () => {
    await registry?.stop();
    await basicRegistry?.stop();
    await hung?.stop();
    await outsider?.stop();
  });

  function check(images: RunningImage[]) {
    for (const image of images) {
      expect(RunningImageSchema.parse(image)).toEqual(image);
    }
    return images;
  }

  it('reads a multi-arch image per cluster platform and flags the rebase; a hung registry and a refused one cost only their own images', async () => {
    const service = imageService();
    const started = Date.now();
    const images = check(
      await service.imagesForEntity(viewOf('invoice-worker')),
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    const byKey = (cluster: string, repository: string) =>
      images.find(
        i => i.cluster === cluster && i.repository.endsWith(repository),
      );

    const gke = images.find(
      i => i.cluster === 'gke-prod-eu' && i.digest === multiArch.index.digest,
    )!;
    const edge = byKey('k3s-edge', 'payments/invoice-worker')!;
    for (const [image, platform, child] of [
      [gke, AMD64, multiArch.children[0]],
      [edge, ARM64, multiArch.children[1]],
    ] as const) {
      expect(image).toMatchObject({
        digest: multiArch.index.digest,
        platform,
        workloads: [
          {
            namespace: 'prod',
            kind: 'Deployment',
            name: 'invoice-worker',
            pods: 1,
          },
        ],
        registry: { state: 'fetched' },
        image: {
          manifestDigest: multiArch.index.digest,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          platformManifestDigest: child.digest,
          platform,
          layerCount: 3,
          topLayer: diffId(`app-${platform.architecture}`),
        },
        buildpacks: {
          detected: true,
          source: 'image-labels',
          platformApi: '0.12',
          defaultProcess: 'web',
          runImage: {
            image: `${host}/${RUN_REPO}:latest`,
            topLayer: diffId(`run-v1-${platform.architecture}`),
          },
          project: { type: 'git', commit: COMMIT },
          base: { id: 'io.buildpacks.stacks.jammy', distroName: 'ubuntu' },
          rebasable: true,
        },
        rebase: {
          state: 'rebase-available',
          basis: 'registry',
          runImage: `${host}/${RUN_REPO}:latest`,
          newRunImage: `${host}/${RUN_REPO}@${runLatest.digest}`,
          newTopLayer: diffId(`run-v2-${platform.architecture}`),
        },
      });
      expect(
        image.buildpacks?.buildpacks.map(b => `${b.id}@${b.version}`),
      ).toEqual([
        'paketo-buildpacks/ca-certificates@3.8.6',
        'paketo-buildpacks/bellsoft-liberica@11.0.1',
        'paketo-buildpacks/executable-jar@6.11.3',
        'paketo-buildpacks/spring-boot@5.31.2',
      ]);
    }

    // Never pushed to the registry (404), but kpack built it: kpack's facts stand in.
    const fromKpack = images.find(i => i.digest === kpackDigest(3))!;
    expect(fromKpack).toMatchObject({
      registry: { state: 'not-found' },
      buildpacks: {
        detected: true,
        source: 'kpack',
        lifecycleVersion: '0.20.2',
      },
      build: {
        system: 'kpack',
        cluster: 'doks-tools',
        name: 'invoice-worker-build-3',
        reasons: ['COMMIT', 'BUILDPACK'],
      },
      rebase: {
        state: 'rebase-available',
        basis: 'kpack',
        currentRunImage: OLD_RUN,
        newRunImage: NEW_RUN,
      },
    });

    const hanging = byKey('gke-prod-eu', 'mesh/proxy')!;
    expect(hanging.registry).toMatchObject({
      state: 'timeout',
      message: `${hung.host}/v2/mesh/proxy/manifests/sha256:${'4'.repeat(
        64,
      )} did not answer within 5000 ms`,
    });
    expect(hanging.rebase).toMatchObject({
      state: 'unknown',
      cause: 'facts-unavailable',
    });
    expect(hanging.buildpacks).toBeUndefined();

    const refused = byKey('gke-prod-eu', 'mesh/agent')!;
    expect(refused.registry).toEqual({
      state: 'not-allowed',
      message: `${outsider.host} is not on the portolan.registries allow-list`,
      checkedAt: expect.any(String),
    });
    expect(outsider.connections).toBe(0);
    expect(images).toHaveLength(5);
    service.stop();
  });

  it('costs registry requests on the first view only', async () => {
    const service = imageService();
    const first = check(await service.imagesForEntity(viewOf('payments-api')));
    // Manifest and config of the app image; index, platform manifest and
    // config of its run image tag.
    expect(service.registryRequestsSent).toBe(5);
    expect(first[0].rebase).toMatchObject({
      state: 'up-to-date',
      basis: 'registry',
    });

    for (let view = 0; view < 3; view++) {
      const again = check(
        await service.imagesForEntity(viewOf('payments-api')),
      );
      expect(again).toEqual(first);
    }
    expect(service.registryRequestsSent).toBe(5);

    // The same holds for a view with a timeout, a 404 and a refusal in it.
    const before = service.registryRequestsSent;
    await service.imagesForEntity(viewOf('invoice-worker'));
    const afterFirst = service.registryRequestsSent;
    expect(afterFirst).toBeGreaterThan(before);
    await service.imagesForEntity(viewOf('invoice-worker'));
    expect(service.registryRequestsSent).toBe(afterFirst);
    service.stop();
  });

  it('links the Tekton run that pushed the digest', async () => {
    const service = imageService();
    const [image] = check(
      await service.imagesForEntity(
        viewOf('payments-api', [tektonRun(pushed.paymentsApi.digest)]),
      ),
    );
    expect(image.build).toEqual({
      system: 'tekton',
      cluster: 'doks-tools',
      namespace: 'ci',
      name: 'payments-api-build-7x2k9',
      status: 'succeeded',
      finishedAt: '2026-11-20T05:19:00.000Z',
      commit: COMMIT,
    });
    const [other] = await service.imagesForEntity(
      viewOf('payments-api', [tektonRun(`sha256:${'7'.repeat(64)}`)]),
    );
    expect(other.build).toBeUndefined();
    service.stop();
  });

  it('reads a Docker v2 platform-API-0.9 image behind Basic auth, and never shows or logs the password', async () => {
    const logger = new LinesLogger();
    const service = imageService({ logger });
    const [ledger] = check(await service.imagesForEntity(viewOf('ledger')));
    expect(ledger).toMatchObject({
      registry: { state: 'fetched' },
      image: {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      },
      buildpacks: {
        detected: true,
        runImage: {
          image: `${host}/${RUN_REPO}:latest`,
          fromDeprecatedStack: true,
        },
      },
      rebase: { state: 'up-to-date', basis: 'registry' },
    });
    expect(
      ledger.buildpacks?.processes.find(p => p.type === 'web'),
    ).toMatchObject({
      command: ['java'],
      commandForm: 'string',
    });
    const everything = JSON.stringify(ledger) + logger.lines.join('\n');
    expect(everything).not.toContain(BASIC_PASSWORD);
    expect(everything).not.toContain(
      Buffer.from(`ledger:${BASIC_PASSWORD}`).toString('base64'),
    );
    service.stop();
  });

  it('says detected: false for a Dockerfile image and names a broken label', async () => {
    const service = imageService();
    const [search] = check(
      await service.imagesForEntity(viewOf('search-indexer')),
    );
    expect(search.buildpacks).toEqual({
      detected: false,
      source: 'image-labels',
      buildpacks: [],
      extensions: [],
      processes: [],
      warnings: [],
    });
    expect(search.rebase).toMatchObject({
      state: 'unknown',
      cause: 'not-buildpacks',
    });

    const [fraud] = check(
      await service.imagesForEntity(viewOf('fraud-detector')),
    );
    expect(fraud.buildpacks?.detected).toBe(true);
    expect(fraud.buildpacks?.warnings).toEqual([
      expect.stringMatching(
        /^Label io\.buildpacks\.lifecycle\.metadata is not valid JSON/,
      ),
    ]);
    expect(fraud.rebase).toMatchObject({
      state: 'unknown',
      cause: 'no-run-image',
    });

    const [missing] = check(
      await service.imagesForEntity(viewOf('missing-image')),
    );
    expect(missing.registry.state).toBe('not-found');
    expect(missing.rebase).toMatchObject({
      state: 'unknown',
      cause: 'facts-unavailable',
    });
    service.stop();
  });

  it('answers from kpack data alone when no registry is configured, making no request', async () => {
    const service = new ImageService({
      config: new ConfigReader({}),
      cache: new MemoryCacheService(),
      logger: new LinesLogger(),
    });
    const images = check(
      await service.imagesForEntity(viewOf('invoice-worker')),
    );
    expect(images.every(i => i.registry.state === 'not-configured')).toBe(true);
    expect(images.find(i => i.digest === kpackDigest(3))).toMatchObject({
      buildpacks: { detected: true, source: 'kpack' },
      rebase: {
        state: 'rebase-available',
        basis: 'kpack',
        newRunImage: NEW_RUN,
      },
    });
    expect(
      images.find(i => i.digest === multiArch.index.digest)?.rebase,
    ).toMatchObject({ state: 'unknown', cause: 'facts-unavailable' });
    expect(service.registryRequestsSent).toBe(0);
    expect(outsider.connections).toBe(0);
    service.stop();
  });

  it('re-resolves run image tags on the scheduler, so a newer run image shows without a request on view', async () => {
    let task: SchedulerServiceTaskInvocationDefinition | undefined;
    const scheduler = {
      scheduleTask: jest.fn(
        async (definition: SchedulerServiceTaskInvocationDefinition) => {
          task = definition;
        },
      ),
    } as unknown as SchedulerService;
    // A fresh tag, so this test does not depend on the others.
    await pushIndex(registry, RUN_REPO, 'stable', runImageSpecs('s1'));
    const app = await pushImage(registry, 'edge/gateway', undefined, {
      platform: AMD64,
      diffIds: [diffId('ubuntu-amd64'), diffId('run-s1-amd64'), diffId('gw')],
      labels: appLabels(host, 'stable', diffId('run-s1-amd64')),
    });
    const view = () =>
      singleClusterView('edge-gateway', [
        { name: 'app', image: ref('edge/gateway', app.digest) },
      ]);

    const imageSvc = imageService({ scheduler });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'portolan-registry-tag-refresh',
        scope: 'local',
        frequency: { milliseconds: 5 * 60_000 },
      }),
    );
    const [before] = await imageSvc.imagesForEntity(view());
    expect(before.rebase.state).toBe('up-to-date');

    const newer = await pushIndex(
      registry,
      RUN_REPO,
      'stable',
      runImageSpecs('s2'),
    );
    const requests = imageSvc.registryRequestsSent;
    const [cached] = await imageSvc.imagesForEntity(view());
    expect(cached.rebase.state).toBe('up-to-date'); // the tag is cached until refreshed
    expect(imageSvc.registryRequestsSent).toBe(requests);

    await task!.fn(new AbortController().signal);
    const afterRefresh = imageSvc.registryRequestsSent;
    expect(afterRefresh).toBeGreaterThan(requests);
    const [after] = await imageSvc.imagesForEntity(view());
    expect(after.rebase).toMatchObject({
      state: 'rebase-available',
      newRunImage: `${host}/${RUN_REPO}@${newer.index.digest}`,
    });
    expect(imageSvc.registryRequestsSent).toBe(afterRefresh);
    imageSvc.stop();
  });

  it('follows an allowed mirror when the run image’s own registry is not allowed', async () => {
    const labelsWith = (mirrors: string[]) =>
      cnbImageLabels({
        platformApi: '0.12',
        buildpacks: PAKETO_JAVA_BUILDPACKS,
        processes: PAKETO_JAVA_PROCESSES,
        runImage: {
          image: `index.docker.io/${RUN_REPO}:latest`,
          mirrors,
          reference: `index.docker.io/${RUN_REPO}@sha256:${'9'.repeat(64)}`,
          topLayer: diffId('run-v2-amd64'),
        },
      });
    const mirrored = await pushImage(registry, 'storefront/web', undefined, {
      platform: AMD64,
      diffIds: [diffId('ubuntu-amd64'), diffId('run-v2-amd64'), diffId('web')],
      labels: labelsWith([`${host}/${RUN_REPO}:latest`]),
    });
    const unmirrored = await pushImage(registry, 'storefront/cart', undefined, {
      platform: AMD64,
      diffIds: [diffId('ubuntu-amd64'), diffId('run-v2-amd64'), diffId('cart')],
      labels: labelsWith(['quay.io/paketo/run-jammy-base:latest']),
    });
    const imageSvc = imageService();
    const images = check(
      await imageSvc.imagesForEntity(
        singleClusterView('storefront-web', [
          { name: 'web', image: ref('storefront/web', mirrored.digest) },
          { name: 'cart', image: ref('storefront/cart', unmirrored.digest) },
        ]),
      ),
    );
    const web = images.find(i => i.repository.endsWith('storefront/web'))!;
    expect(web.rebase).toMatchObject({
      state: 'up-to-date',
      basis: 'registry',
      runImage: `${host}/${RUN_REPO}:latest`,
    });
    const cart = images.find(i => i.repository.endsWith('storefront/cart'))!;
    expect(cart.rebase).toEqual({
      state: 'unknown',
      cause: 'run-image-lookup-failed',
      reason: `Run image index.docker.io/${RUN_REPO}:latest was not looked up: index.docker.io is not on the portolan.registries allow-list`,
    });
    imageSvc.stop();
  });

  it('answers the fleet query: services whose images need a rebase, and entities that failed', async () => {
    const service = imageService();
    const names = [
      'invoice-worker',
      'payments-api',
      'ledger',
      'search-indexer',
      'fraud-detector',
    ];
    const response = await service.fleetImages({
      rebase: 'rebase-available',
      entities: [
        ...names.map(name => ({
          entityRef: `component:default/${name}`,
          view: () => viewOf(name),
        })),
        {
          entityRef: 'component:default/broken',
          view: () => {
            throw new Error(
              'Invalid backstage.io/kubernetes-label-selector annotation',
            );
          },
        },
      ],
    });
    expect(FleetImagesResponseSchema.parse(response)).toEqual(response);
    const found = response.items.map(i => [
      i.entityRef,
      i.cluster,
      i.digest,
      i.rebase.state,
    ]);
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        [
          'component:default/invoice-worker',
          'gke-prod-eu',
          multiArch.index.digest,
          'rebase-available',
        ],
        [
          'component:default/invoice-worker',
          'gke-prod-eu',
          kpackDigest(3),
          'rebase-available',
        ],
        [
          'component:default/invoice-worker',
          'k3s-edge',
          multiArch.index.digest,
          'rebase-available',
        ],
      ]),
    );
    expect(response).toMatchObject({
      entities: 6,
      partial: true,
      errors: [
        {
          entityRef: 'component:default/broken',
          message: 'Invalid backstage.io/kubernetes-label-selector annotation',
        },
      ],
    });

    const all = await service.fleetImages({
      entities: names.map(name => ({
        entityRef: `component:default/${name}`,
        view: () => viewOf(name),
      })),
    });
    expect(all.items.length).toBe(9);
    expect(all.partial).toBe(false);
    service.stop();
  });
});
