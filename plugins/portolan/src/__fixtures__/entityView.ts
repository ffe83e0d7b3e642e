/*
 * storefront-web's delivery view as the backend serves it: Tekton and
 * Jenkins X runs, an Argo CD multi-source app, a buildpacks image that needs
 * a rebase, workloads on three clusters. Helpers derive the empty, partial
 * and section-less variants the tests need.
 */
import type {
  Deployment,
  KpackImage,
  PipelineRun,
  RunningImage,
  TaskCounts,
  Workload,
} from '@portolan/plugin-portolan-common';
import type { PortolanEntityView } from '../api';

export const SHA_A = '3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a';
export const SHA_B = '9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c';
export const SHA_C = '1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d';
export const DIGEST_A =
  'sha256:aa11bb22cc33dd44ee55ff6677889900aabbccddeeff00112233445566778899';
export const DIGEST_C =
  'sha256:cc11bb22cc33dd44ee55ff6677889900aabbccddeeff00112233445566778899';
const IMAGE = 'registry.acme.example/storefront/storefront-web';
const SINCE = '2025-01-31T11:00:00Z';

function counts(partial: Partial<TaskCounts>): TaskCounts {
  return {
    total: 0,
    succeeded: 0,
    failed: 0,
    running: 0,
    pending: 0,
    cancelled: 0,
    timedOut: 0,
    skipped: 0,
    unknown: 0,
    ...partial,
  };
}

export const succeededTektonRun: PipelineRun = {
  system: 'tekton',
  cluster: 'doks-tools',
  namespace: 'ci',
  name: 'storefront-web-build-7',
  pipeline: 'storefront-web-build',
  status: 'succeeded',
  reason: 'Succeeded',
  conditionStatus: 'True',
  createdAt: '2025-01-31T10:00:00Z',
  startedAt: '2025-01-31T10:00:00Z',
  finishedAt: '2025-01-31T10:03:20Z',
  durationMs: 200_000,
  trigger: { kind: 'pipelines-as-code', event: 'push', sender: 'carol' },
  commit: {
    sha: SHA_A,
    repositoryUrl: 'https://github.com/acme/storefront-web',
    branch: 'main',
    message: 'Add gift cards to checkout',
    author: 'carol',
  },
  tasks: [
    {
      name: 'fetch-source',
      role: 'task',
      status: 'succeeded',
      objectName: 'storefront-web-build-7-fetch-source',
      objectKind: 'TaskRun',
      podName: 'storefront-web-build-7-fetch-source-pod',
      startedAt: '2025-01-31T10:00:00Z',
      finishedAt: '2025-01-31T10:00:20Z',
      durationMs: 20_000,
      steps: [
        {
          name: 'clone',
          status: 'succeeded',
          container: 'step-clone',
          exitCode: 0,
          terminationReason: 'Completed',
          startedAt: '2025-01-31T10:00:01Z',
          finishedAt: '2025-01-31T10:00:19Z',
        },
      ],
      results: [],
    },
    {
      name: 'build',
      displayName: 'Build with buildpacks',
      role: 'task',
      status: 'succeeded',
      objectName: 'storefront-web-build-7-build',
      objectKind: 'TaskRun',
      podName: 'storefront-web-build-7-build-pod',
      startedAt: '2025-01-31T10:00:20Z',
      finishedAt: '2025-01-31T10:03:20Z',
      durationMs: 180_000,
      steps: [
        {
          name: 'create',
          status: 'succeeded',
          container: 'step-create',
          exitCode: 0,
          terminationReason: 'Completed',
          startedAt: '2025-01-31T10:00:21Z',
          finishedAt: '2025-01-31T10:03:19Z',
        },
      ],
      results: [{ name: 'IMAGE_DIGEST', value: DIGEST_A }],
    },
  ],
  taskCounts: counts({ total: 2, succeeded: 2 }),
  results: [
    { name: 'IMAGE_URL', value: IMAGE },
    { name: 'IMAGE_DIGEST', value: DIGEST_A },
  ],
  images: [{ url: IMAGE, digest: DIGEST_A }],
  links: [],
  warnings: [],
};

export const failedTektonRun: PipelineRun = {
  ...succeededTektonRun,
  name: 'storefront-web-build-8',
  status: 'failed',
  reason: 'Failed',
  conditionStatus: 'False',
  message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
  createdAt: '2025-01-31T11:00:00Z',
  startedAt: '2025-01-31T11:00:00Z',
  finishedAt: '2025-01-31T11:01:30Z',
  durationMs: 90_000,
  commit: {
    sha: SHA_B,
    repositoryUrl: 'https://github.com/acme/storefront-web',
    branch: 'feature/search',
    message: 'Try the new search box',
    author: 'guest',
  },
  tasks: [
    {
      name: 'unit-tests',
      task: 'npm-test',
      role: 'task',
      status: 'failed',
      reason: 'Failed',
      message: '"step-test" exited with code 1',
      objectName: 'storefront-web-build-8-unit-tests',
      objectKind: 'TaskRun',
      podName: 'storefront-web-build-8-unit-tests-pod',
      startedAt: '2025-01-31T11:00:00Z',
      finishedAt: '2025-01-31T11:01:30Z',
      durationMs: 90_000,
      steps: [
        {
          name: 'test',
          status: 'failed',
          container: 'step-test',
          exitCode: 1,
          terminationReason: 'Error',
          startedAt: '2025-01-31T11:00:01Z',
          finishedAt: '2025-01-31T11:01:29Z',
        },
      ],
      results: [],
    },
    {
      name: 'build',
      role: 'task',
      status: 'skipped',
      steps: [],
      results: [],
    },
  ],
  taskCounts: counts({ total: 2, failed: 1, skipped: 1 }),
  results: [],
  images: [],
};

export const jenkinsXRun: PipelineRun = {
  system: 'jenkins-x',
  cluster: 'aks-staging',
  namespace: 'jx',
  name: 'acme-storefront-web-main-3',
  pipeline: 'acme/storefront-web/main',
  status: 'succeeded',
  reason: 'Succeeded',
  createdAt: '2025-01-30T09:00:00Z',
  startedAt: '2025-01-30T09:00:00Z',
  finishedAt: '2025-01-30T09:04:00Z',
  durationMs: 240_000,
  trigger: { kind: 'jenkins-x' },
  commit: {
    sha: SHA_C,
    repositoryUrl: 'https://github.com/acme/storefront-web',
    branch: 'main',
  },
  tasks: [
    {
      name: 'from build pack',
      role: 'stage',
      status: 'succeeded',
      startedAt: '2025-01-30T09:00:00Z',
      finishedAt: '2025-01-30T09:03:00Z',
      durationMs: 180_000,
      steps: [
        { name: 'git clone', status: 'succeeded' },
        { name: 'build container build', status: 'succeeded' },
      ],
      results: [],
    },
    {
      name: 'promote: staging',
      role: 'promote',
      status: 'succeeded',
      steps: [],
      results: [],
      promotion: {
        environment: 'staging',
        pullRequestUrl: 'https://github.com/acme/jx-staging/pull/303',
      },
    },
  ],
  taskCounts: counts({ total: 2, succeeded: 2 }),
  results: [],
  images: [{ url: `${IMAGE}:0.4.3`, digest: DIGEST_C }],
  links: [],
  warnings: [],
};

export const prodDeployment: Deployment = {
  system: 'argocd',
  cluster: 'doks-tools',
  namespace: 'argocd',
  application: 'storefront-web-prod',
  project: 'storefront',
  destination: {
    server: 'https://gke-prod-eu.example',
    namespace: 'storefront',
    cluster: 'gke-prod-eu',
    match: 'server',
  },
  sources: [
    {
      repoUrl: 'https://github.com/acme/storefront-web',
      path: 'deploy/prod',
      targetRevision: 'main',
    },
    {
      repoUrl: 'https://github.com/acme/storefront-values',
      ref: 'values',
      targetRevision: 'main',
    },
  ],
  multiSource: true,
  sync: 'synced',
  health: 'healthy',
  upstream: { sync: 'Synced', health: 'Healthy' },
  revisions: [SHA_A, 'e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5'],
  images: [`${IMAGE}@${DIGEST_A}`],
  history: [
    {
      id: 12,
      revisions: [SHA_A, 'e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5'],
      deployStartedAt: '2025-01-31T10:05:00Z',
      deployedAt: '2025-01-31T10:06:00Z',
      initiatedBy: { automated: true },
    },
  ],
  operation: {
    phase: 'succeeded',
    upstreamPhase: 'Succeeded',
    startedAt: '2025-01-31T10:05:00Z',
    finishedAt: '2025-01-31T10:06:00Z',
    revisions: [SHA_A],
  },
  links: [],
  warnings: [],
};

export const stagingDeployment: Deployment = {
  ...prodDeployment,
  application: 'storefront-web-staging',
  multiSource: false,
  sources: [
    {
      repoUrl: 'https://github.com/acme/storefront-web',
      path: 'deploy/staging',
      targetRevision: 'main',
    },
  ],
  destination: {
    name: 'aks-staging',
    namespace: 'storefront-staging',
    cluster: 'aks-staging',
    match: 'name',
  },
  sync: 'out-of-sync',
  health: 'degraded',
  healthMessage: 'Deployment storefront-web has 0/1 ready replicas',
  upstream: { sync: 'OutOfSync', health: 'Degraded' },
  revisions: [SHA_C],
  history: [],
  operation: undefined,
};

function workload(
  cluster: string,
  namespace: string,
  ready: number,
  desired: number,
  status: Workload['status'] = 'healthy',
): Workload {
  return {
    cluster,
    namespace,
    name: 'storefront-web',
    kind: 'Deployment',
    upstreamKind: 'Deployment',
    status,
    ...(status === 'degraded' ? { statusReason: 'CrashLoopBackOff' } : {}),
    replicas: { desired, ready, available: ready, updated: desired },
    images: [
      {
        container: 'web',
        image: `${IMAGE}@${DIGEST_A}`,
        digests: [DIGEST_A],
      },
    ],
    pods: Array.from({ length: desired }, (_, i) => ({
      name: `storefront-web-7d9f8-${i}`,
      phase: 'running' as const,
      ready: i < ready,
      terminating: false,
      restarts: status === 'degraded' ? 4 : 0,
      node: `${cluster}-node-${i}`,
      containers: [],
    })),
    restarts: status === 'degraded' ? 4 : 0,
    nodes: Array.from({ length: desired }, (_, i) => `${cluster}-node-${i}`),
  };
}

function runningImage(cluster: string, pods: number): RunningImage {
  return {
    cluster,
    repository: IMAGE,
    digest: DIGEST_A,
    reference: `${IMAGE}@${DIGEST_A}`,
    tags: [],
    platform: { os: 'linux', architecture: 'amd64' },
    workloads: [
      {
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'storefront-web',
        containers: ['web'],
        pods,
      },
    ],
    registry: { state: 'fetched', checkedAt: '2025-01-31T11:59:00Z' },
    buildpacks: {
      detected: true,
      source: 'image-labels',
      lifecycleVersion: '0.20.1',
      buildpacks: [
        { id: 'paketo-buildpacks/nodejs', version: '3.2.1' },
        { id: 'paketo-buildpacks/npm-install', version: '1.5.0' },
      ],
      extensions: [],
      processes: [
        {
          type: 'web',
          command: ['node', 'server.js'],
          commandForm: 'array',
          args: [],
          default: true,
        },
      ],
      runImage: {
        image: 'paketobuildpacks/run-jammy-base:latest',
        mirrors: [],
        topLayer: 'sha256:0ld',
        fromDeprecatedStack: false,
      },
      project: {
        type: 'git',
        commit: SHA_A,
        repository: 'https://github.com/acme/storefront-web',
        version: {},
        metadata: {},
      },
      builder: { image: 'paketobuildpacks/builder-jammy-base' },
      warnings: [],
    },
    build: {
      system: 'tekton',
      cluster: 'doks-tools',
      namespace: 'ci',
      name: 'storefront-web-build-7',
      status: 'succeeded',
      commit: SHA_A,
    },
    rebase: {
      state: 'rebase-available',
      basis: 'registry',
      runImage: 'paketobuildpacks/run-jammy-base:latest',
      newRunImage: 'paketobuildpacks/run-jammy-base@sha256:feedface',
      reason: 'The run image tag now has a newer top layer.',
    },
    warnings: [],
  };
}

/** The buildpacks image on both production clusters. */
export const buildpacksImages: RunningImage[] = [
  runningImage('gke-prod-eu', 3),
  runningImage('eks-prod-us', 3),
];

/** A Dockerfile-built image: no buildpacks, no rebase verdict. */
export const dockerfileImage: RunningImage = {
  ...runningImage('aks-staging', 1),
  digest: DIGEST_C,
  reference: `${IMAGE}@${DIGEST_C}`,
  buildpacks: {
    detected: false,
    source: 'image-labels',
    buildpacks: [],
    extensions: [],
    processes: [],
    warnings: [],
  },
  build: undefined,
  rebase: {
    state: 'unknown',
    cause: 'not-buildpacks',
    reason: 'Not built by buildpacks.',
  },
};

export const storefrontView: PortolanEntityView = {
  entityRef: 'component:default/storefront-web',
  generatedAt: '2025-01-31T12:00:00Z',
  partial: false,
  selection: {
    labelSelector: 'backstage.io/kubernetes-id=storefront-web',
    labelSelectorFrom: 'kubernetes-id',
    unknownClusters: [],
    matchers: ['kubernetes-id', 'project-slug'],
  },
  clusters: [
    'gke-prod-eu',
    'eks-prod-us',
    'aks-staging',
    'openshift-dev',
    'k3s-edge',
    'doks-tools',
  ].map(name => ({
    name,
    title: name,
    state: 'synced' as const,
    since: SINCE,
  })),
  sourceErrors: [],
  workloads: [
    workload('gke-prod-eu', 'storefront', 3, 3),
    workload('eks-prod-us', 'storefront', 3, 3),
    workload('aks-staging', 'storefront-staging', 0, 1, 'degraded'),
  ],
  pipelineRuns: [failedTektonRun, succeededTektonRun, jenkinsXRun],
  deployments: [prodDeployment, stagingDeployment],
  images: [...buildpacksImages, dockerfileImage],
  timeline: [
    {
      sha: SHA_B,
      commit: failedTektonRun.commit!,
      lastActivityAt: '2025-01-31T11:01:30Z',
      runs: [
        {
          system: 'tekton',
          cluster: 'doks-tools',
          namespace: 'ci',
          name: 'storefront-web-build-8',
          status: 'failed',
          startedAt: '2025-01-31T11:00:00Z',
          finishedAt: '2025-01-31T11:01:30Z',
        },
      ],
      images: [],
      deployments: [],
      runningOn: [],
    },
    {
      sha: SHA_A,
      commit: succeededTektonRun.commit!,
      lastActivityAt: '2025-01-31T10:06:00Z',
      runs: [
        {
          system: 'tekton',
          cluster: 'doks-tools',
          namespace: 'ci',
          name: 'storefront-web-build-7',
          status: 'succeeded',
          startedAt: '2025-01-31T10:00:00Z',
          finishedAt: '2025-01-31T10:03:20Z',
        },
      ],
      images: [{ url: IMAGE, digest: DIGEST_A }],
      deployments: [
        {
          system: 'argocd',
          cluster: 'doks-tools',
          namespace: 'argocd',
          application: 'storefront-web-prod',
          destinationCluster: 'gke-prod-eu',
          destinationNamespace: 'storefront',
          linkedBy: 'revision',
          current: true,
          deployedAt: '2025-01-31T10:06:00Z',
          sync: 'synced',
          health: 'healthy',
        },
      ],
      runningOn: [
        {
          cluster: 'gke-prod-eu',
          namespace: 'storefront',
          digest: DIGEST_A,
          pods: [
            'storefront-web-7d9f8-0',
            'storefront-web-7d9f8-1',
            'storefront-web-7d9f8-2',
          ],
          workloads: ['Deployment/storefront-web'],
        },
        {
          cluster: 'eks-prod-us',
          namespace: 'storefront',
          digest: DIGEST_A,
          pods: ['storefront-web-7d9f8-0'],
          workloads: ['Deployment/storefront-web'],
        },
      ],
    },
    {
      sha: SHA_C,
      commit: jenkinsXRun.commit!,
      lastActivityAt: '2025-01-30T09:04:00Z',
      runs: [
        {
          system: 'jenkins-x',
          cluster: 'aks-staging',
          namespace: 'jx',
          name: 'acme-storefront-web-main-3',
          status: 'succeeded',
          startedAt: '2025-01-30T09:00:00Z',
          finishedAt: '2025-01-30T09:04:00Z',
        },
      ],
      images: [{ url: `${IMAGE}:0.4.3`, digest: DIGEST_C }],
      deployments: [],
      runningOn: [],
    },
  ],
};

/** A view with nothing found, every section present and empty. */
export const emptyView: PortolanEntityView = {
  ...storefrontView,
  workloads: [],
  pipelineRuns: [],
  deployments: [],
  images: [],
  timeline: [],
};

/** The view with `eks-prod-us` unreachable (the others keep their data). */
export const partialView: PortolanEntityView = {
  ...storefrontView,
  partial: true,
  clusters: storefrontView.clusters.map(c =>
    c.name === 'eks-prod-us'
      ? {
          ...c,
          state: 'unreachable',
          since: '2025-01-31T11:58:00Z',
          message: 'connect ECONNREFUSED 127.0.0.1:6443',
        }
      : c,
  ),
  workloads: storefrontView.workloads!.filter(w => w.cluster !== 'eks-prod-us'),
};

/** invoice-worker's kpack Image: two builds, the latest for a new commit. */
export const kpackImage: KpackImage = {
  cluster: 'doks-tools',
  namespace: 'builds',
  name: 'invoice-worker',
  tag: 'registry.acme.example/payments/invoice-worker',
  state: 'ready',
  builder: { kind: 'ClusterBuilder', name: 'default' },
  sourceUrl: 'https://github.com/acme/invoice-worker',
  sourceRevision: 'main',
  latestDigest: DIGEST_A,
  currentRunImage:
    'index.docker.io/paketobuildpacks/run-jammy-base@sha256:76f363890836332698a7dfe07249d46f',
  currentRunImageFrom: 'ClusterStack/base',
  builds: [
    {
      cluster: 'doks-tools',
      namespace: 'builds',
      name: 'invoice-worker-build-7',
      image: 'invoice-worker',
      buildNumber: 7,
      status: 'succeeded',
      reasons: ['COMMIT'],
      upstreamReasons: ['COMMIT'],
      changes: [
        {
          reason: 'COMMIT',
          upstreamReason: 'COMMIT',
          old: 'f34213d',
          new: 'e050d85',
          summary: 'COMMIT f34213d → e050d85',
        },
      ],
      finishedAt: '2025-01-31T10:19:00Z',
      durationMs: 600_000,
      commit: { sha: 'e050d85687a3c8aa73c2b6bb5a24a2bbd5b7dd45' },
      builder: { kind: 'ClusterBuilder', name: 'default' },
      buildpacks: [],
      runImage:
        'index.docker.io/paketobuildpacks/run-jammy-base@sha256:0ld0ld0ld0ld0ld0',
      digest: DIGEST_A,
      tags: [],
      warnings: [],
    },
  ],
  warnings: [],
};
