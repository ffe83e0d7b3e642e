import { join } from 'node:path';
import {
  TimelineEntrySchema,
  type Deployment,
  type PipelineRun,
  type Workload,
} from '@portolan/plugin-portolan-common';
import { kpackImagesOf } from './__fixtures__/kpackImages';
import { loadYamlDocuments } from './__fixtures__/loadYamlDocuments';
import { projectArgoApplication } from '../sources/argocd/projectArgoApplication';
import { translateArgoApplications } from '../sources/argocd/translateArgoApplications';
import {
  projectTektonPipelineRun,
  projectTektonTaskRun,
} from '../sources/tekton/projectTektonRuns';
import {
  COMMIT_A,
  COMMIT_B,
  digest as kpackDigest,
  invoiceWorkerObjects,
} from '../sources/kpack/__fixtures__/kpackObjects';
import { translateTektonRuns } from '../sources/tekton/translateTektonRuns';
import { countTasks } from './countTasks';
import { linkDeliveryTimeline } from './linkDeliveryTimeline';

const NEW =
  'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const OLD =
  'sha256:0000000000000000000000000000000000000000000000000000000000000000';

function fixture(path: string) {
  return loadYamlDocuments(join(__dirname, '..', 'sources', path));
}

const tektonDocuments = fixture(
  'tekton/__fixtures__/payments-api-succeeded.yaml',
);
const paymentsRun = translateTektonRuns(
  'doks-tools',
  [projectTektonPipelineRun(tektonDocuments[0])],
  tektonDocuments.slice(1).map(projectTektonTaskRun),
).runs[0];

const deployments = translateArgoApplications(
  'doks-tools',
  fixture('argocd/__fixtures__/applications.yaml').map(projectArgoApplication),
  [
    {
      name: 'gke-prod-eu',
      url: 'https://gke-prod-eu.clusters.acme.example:6443',
    },
    { name: 'eks-prod-us' },
  ],
).deployments;

function run(overrides: Partial<PipelineRun>): PipelineRun {
  return {
    system: 'tekton',
    cluster: 'doks-tools',
    namespace: 'ci',
    name: 'run',
    status: 'succeeded',
    trigger: { kind: 'unknown' },
    tasks: [],
    taskCounts: countTasks([]),
    results: [],
    images: [],
    links: [],
    warnings: [],
    ...overrides,
  };
}

function workload(
  cluster: string,
  digest: string,
  pods: string[],
  workloadName = 'payments-api',
): Workload {
  return {
    cluster,
    namespace: 'payments',
    name: workloadName,
    kind: 'Deployment',
    upstreamKind: 'Deployment',
    status: 'healthy',
    images: [
      {
        container: 'app',
        image: 'registry.acme.example/payments/payments-api',
        digests: [digest],
      },
    ],
    pods: pods.map(podName => ({
      name: podName,
      phase: 'running',
      ready: true,
      terminating: false,
      restarts: 0,
      containers: [
        {
          name: 'app',
          image: 'registry.acme.example/payments/payments-api:9f2c1e7',
          digest,
          init: false,
          ready: true,
          restarts: 0,
          state: 'running',
        },
      ],
    })),
    restarts: 0,
    nodes: [],
  };
}

describe('linkDeliveryTimeline', () => {
  const olderRun = run({
    name: 'payments-api-build-older',
    startedAt: '2025-05-01T08:00:00.000Z',
    finishedAt: '2025-05-01T08:05:00.000Z',
    commit: { sha: '1111111111111111111111111111111111111111' },
    images: [
      {
        url: 'registry.acme.example/payments/payments-api:1111111',
        digest: OLD,
      },
    ],
  });
  const workloads = [
    workload('gke-prod-eu', NEW, [
      'payments-api-7d9f-b',
      'payments-api-7d9f-a',
    ]),
    workload('eks-prod-us', OLD, ['payments-api-5c4b-x']),
  ];
  const paymentsDeployments = deployments.filter(
    deployment => deployment.application === 'payments-api-prod',
  );
  const timeline = linkDeliveryTimeline({
    pipelineRuns: [olderRun, paymentsRun],
    deployments: paymentsDeployments,
    workloads,
  });

  it('orders commits newest first and fits the schema', () => {
    expect(timeline.map(entry => entry.sha)).toEqual([
      '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
      '1111111111111111111111111111111111111111',
    ]);
    for (const entry of timeline) {
      expect(TimelineEntrySchema.parse(entry)).toEqual(entry);
    }
  });

  it('links commit → run → digest → deployment → the clusters running that digest now', () => {
    expect(timeline[0]).toEqual({
      sha: '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
      commit: {
        sha: '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
        repositoryUrl: 'https://github.com/acme/payments-api.git',
      },
      lastActivityAt: '2025-05-12T10:10:45.000Z',
      runs: [
        {
          system: 'tekton',
          cluster: 'doks-tools',
          namespace: 'ci',
          name: 'payments-api-build-7x2k9',
          status: 'succeeded',
          startedAt: '2025-05-12T10:00:00.000Z',
          finishedAt: '2025-05-12T10:06:30.000Z',
        },
      ],
      images: [
        {
          url: 'registry.acme.example/payments/payments-api:9f2c1e7',
          digest: NEW,
        },
      ],
      deployments: [
        {
          system: 'argocd',
          cluster: 'doks-tools',
          namespace: 'argocd',
          application: 'payments-api-prod',
          destinationCluster: 'gke-prod-eu',
          destinationNamespace: 'payments',
          linkedBy: 'image-digest',
          current: true,
          deployedAt: '2025-05-12T10:10:45.000Z',
          sync: 'synced',
          health: 'healthy',
        },
      ],
      runningOn: [
        {
          cluster: 'gke-prod-eu',
          namespace: 'payments',
          digest: NEW,
          pods: ['payments-api-7d9f-a', 'payments-api-7d9f-b'],
          workloads: ['Deployment/payments-api'],
        },
      ],
    });
  });

  it('links an older commit through the deployment history, and where its image still runs', () => {
    expect(timeline[1].deployments).toEqual([
      expect.objectContaining({
        application: 'payments-api-prod',
        linkedBy: 'revision',
        current: false,
        deployedAt: '2025-05-01T09:00:40.000Z',
      }),
    ]);
    expect(timeline[1].runningOn).toEqual([
      expect.objectContaining({ cluster: 'eks-prod-us', digest: OLD }),
    ]);
  });

  it('links by image tag when the application names a tag, and by revision in multi-source apps', () => {
    const storefront = linkDeliveryTimeline({
      pipelineRuns: [
        run({
          name: 'storefront-web-build',
          commit: { sha: '5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081' },
          images: [
            {
              url: 'registry.acme.example/storefront/storefront-web:5e6f708',
              digest:
                'sha256:2222222222222222222222222222222222222222222222222222222222222222',
            },
          ],
        }),
      ],
      deployments: deployments.filter(
        deployment => deployment.application === 'storefront-web-prod',
      ),
    });
    expect(storefront[0].deployments).toEqual([
      expect.objectContaining({
        application: 'storefront-web-prod',
        destinationCluster: 'eks-prod-us',
        linkedBy: 'image-tag',
        current: true,
      }),
    ]);
    const byRevision = linkDeliveryTimeline({
      pipelineRuns: [run({ commit: { sha: '5e6f708' }, images: [] })],
      deployments: deployments.filter(
        deployment => deployment.application === 'storefront-web-prod',
      ),
    });
    expect(byRevision[0].deployments[0]).toMatchObject({
      linkedBy: 'revision',
      current: true,
    });
  });

  it('merges runs of the same commit, abbreviated or not, and ignores runs without a commit', () => {
    const merged = linkDeliveryTimeline({
      pipelineRuns: [
        run({ name: 'a', commit: { sha: '9f2c1e7', message: 'Fix rounding' } }),
        run({
          name: 'b',
          commit: {
            sha: '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
            repositoryUrl: 'https://github.com/acme/payments-api',
          },
        }),
        run({ name: 'no-commit' }),
      ],
      deployments: [],
    });
    expect(merged).toHaveLength(1);
    expect(merged[0].sha).toBe('9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b');
    expect(merged[0].commit).toEqual({
      sha: '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
      message: 'Fix rounding',
      repositoryUrl: 'https://github.com/acme/payments-api',
    });
    expect(merged[0].runs.map(entry => entry.name).sort()).toEqual(['a', 'b']);
  });

  it('does not link a deployment that shares nothing with the commit', () => {
    const unrelated: Deployment[] = deployments.filter(
      deployment => deployment.application === 'catalog-service-prod',
    );
    const result = linkDeliveryTimeline({
      pipelineRuns: [paymentsRun],
      deployments: unrelated,
    });
    expect(result[0].deployments).toEqual([]);
    expect(result[0].runningOn).toEqual([]);
  });

  it('keeps only the most recent commits', () => {
    const many = Array.from({ length: 5 }, (_, index) =>
      run({
        name: `r${index}`,
        startedAt: `2025-05-0${index + 1}T00:00:00.000Z`,
        commit: { sha: `${index}`.repeat(40) },
      }),
    );
    expect(
      linkDeliveryTimeline({ pipelineRuns: many, deployments: [] }, 2).map(
        entry => entry.sha[0],
      ),
    ).toEqual(['4', '3']);
  });

  describe('with kpack', () => {
    const kpackImages = kpackImagesOf('invoice-worker', invoiceWorkerObjects());
    const image = (n: number) =>
      `registry.acme.example/payments/invoice-worker@${kpackDigest(n)}`;
    const invoiceDeployment = (
      application: string,
      overrides: Partial<Deployment>,
    ): Deployment => ({
      system: 'argocd',
      cluster: 'doks-tools',
      namespace: 'argocd',
      application,
      project: 'payments',
      destination: {
        cluster: 'gke-prod-eu',
        namespace: 'payments',
        match: 'name',
      },
      sources: [],
      multiSource: false,
      sync: 'synced',
      health: 'healthy',
      upstream: {},
      // The manifests live in another repository: no revision is a commit of the code.
      revisions: ['0123456789abcdef0123456789abcdef01234567'],
      images: [],
      history: [],
      links: [],
      warnings: [],
      ...overrides,
    });
    const prod = invoiceDeployment('invoice-worker-prod', {
      images: [image(3)],
      history: [
        {
          id: 4,
          revisions: ['0123456789abcdef0123456789abcdef01234567'],
          deployedAt: '2026-11-13T06:20:00Z',
        },
      ],
    });
    const kpackTimeline = linkDeliveryTimeline({
      pipelineRuns: [],
      deployments: [prod],
      workloads: [
        workload(
          'gke-prod-eu',
          kpackDigest(3),
          ['invoice-worker-1'],
          'invoice-worker',
        ),
        workload(
          'eks-prod-us',
          kpackDigest(2),
          ['invoice-worker-2'],
          'invoice-worker',
        ),
      ],
      kpackImages,
    });

    it('starts a kpack-built service’s timeline from its Builds, which fit the schema', () => {
      expect(kpackTimeline.map(entry => entry.sha)).toEqual([
        COMMIT_B,
        COMMIT_A,
      ]);
      for (const entry of kpackTimeline) {
        expect(TimelineEntrySchema.parse(entry)).toEqual(entry);
      }
    });

    it('links commit → kpack Build → digest → deployment → the clusters running that digest', () => {
      expect(kpackTimeline[0]).toEqual({
        sha: COMMIT_B,
        commit: {
          sha: COMMIT_B,
          repositoryUrl: 'https://github.com/acme/invoice-worker',
        },
        // the running build 4 (a TRIGGER rebuild of the same commit)
        lastActivityAt: '2026-11-14T06:00:12.000Z',
        runs: [
          {
            system: 'kpack',
            cluster: 'doks-tools',
            namespace: 'builds',
            name: 'invoice-worker-build-4',
            status: 'running',
            startedAt: '2026-11-14T06:00:12.000Z',
            kpackImage: 'invoice-worker',
          },
          {
            system: 'kpack',
            cluster: 'doks-tools',
            namespace: 'builds',
            name: 'invoice-worker-build-3',
            status: 'succeeded',
            startedAt: '2026-11-13T06:00:12.000Z',
            finishedAt: '2026-11-13T06:07:30.000Z',
            kpackImage: 'invoice-worker',
          },
        ],
        // the running build has pushed nothing yet
        images: [{ url: image(3), digest: kpackDigest(3) }],
        deployments: [
          expect.objectContaining({
            application: 'invoice-worker-prod',
            linkedBy: 'image-digest',
            current: true,
            deployedAt: '2026-11-13T06:20:00Z',
          }),
        ],
        runningOn: [
          {
            cluster: 'gke-prod-eu',
            namespace: 'payments',
            digest: kpackDigest(3),
            pods: ['invoice-worker-1'],
            workloads: ['Deployment/invoice-worker'],
          },
        ],
      });
    });

    it('keeps a rebuild of the same commit (STACK) on that commit, with both images', () => {
      const older = kpackTimeline[1];
      expect(older.runs.map(r => r.name)).toEqual([
        'invoice-worker-build-2',
        'invoice-worker-build-1',
      ]);
      expect(older.images.map(i => i.digest)).toEqual([
        kpackDigest(2),
        kpackDigest(1),
      ]);
      expect(older.deployments).toEqual([]);
      expect(older.runningOn).toEqual([
        expect.objectContaining({
          cluster: 'eks-prod-us',
          digest: kpackDigest(2),
        }),
      ]);
    });

    it('does not link a deployment by the tag every Build of the Image pushes', () => {
      const byTag = linkDeliveryTimeline({
        pipelineRuns: [],
        deployments: [
          invoiceDeployment('invoice-worker-dev', {
            images: ['registry.acme.example/payments/invoice-worker:latest'],
          }),
        ],
        kpackImages,
      });
      expect(byTag.flatMap(entry => entry.deployments)).toEqual([]);
    });

    it('puts a pipeline run and a kpack Build of one commit on one entry', () => {
      const both = linkDeliveryTimeline({
        pipelineRuns: [
          run({
            name: 'invoice-worker-test',
            startedAt: '2026-11-13T05:50:00.000Z',
            commit: { sha: COMMIT_B, message: 'Round invoice totals' },
          }),
        ],
        deployments: [],
        kpackImages,
      });
      expect(both[0].commit).toMatchObject({
        sha: COMMIT_B,
        message: 'Round invoice totals',
        repositoryUrl: 'https://github.com/acme/invoice-worker',
      });
      expect(both[0].runs.map(r => [r.system, r.name])).toEqual([
        ['kpack', 'invoice-worker-build-4'],
        ['kpack', 'invoice-worker-build-3'],
        ['tekton', 'invoice-worker-test'],
      ]);
    });

    it('leaves out Builds that name no commit (blob or image sources)', () => {
      const [withoutCommits] = kpackImages.map(i => ({
        ...i,
        builds: i.builds.map(({ commit: _, ...b }) => b),
      }));
      expect(
        linkDeliveryTimeline({
          pipelineRuns: [],
          deployments: [],
          kpackImages: [withoutCommits],
        }),
      ).toEqual([]);
    });
  });
});
