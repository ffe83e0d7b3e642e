import { join } from 'node:path';
import {
  TimelineEntrySchema,
  type Deployment,
  type PipelineRun,
  type Workload,
} from '@portolan/plugin-portolan-common';
import { loadYamlDocuments } from './__fixtures__/loadYamlDocuments';
import { projectArgoApplication } from '../sources/argocd/projectArgoApplication';
import { translateArgoApplications } from '../sources/argocd/translateArgoApplications';
import {
  projectTektonPipelineRun,
  projectTektonTaskRun,
} from '../sources/tekton/projectTektonRuns';
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

function workload(cluster: string, digest: string, pods: string[]): Workload {
  return {
    cluster,
    namespace: 'payments',
    name: 'payments-api',
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
    pods: pods.map(name => ({
      name,
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
});
