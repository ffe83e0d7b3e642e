/*
 * Test-only builders for onboarding: a service entity, its delivery view
 * with the records sources would produce, and cluster summaries — in the
 * shape the entity route serves them.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterSummary,
  Deployment,
  EntityView,
  KpackImage,
  PipelineRun,
  RebaseState,
  RunningImage,
  Workload,
} from '@portolan/plugin-portolan-common';
import type { LogTarget } from '@portolan/plugin-portolan-node';
import { DEFAULT_ONBOARDING_CONVENTIONS } from '../OnboardingConventions';
import type { LogProbe, OnboardingInput } from '../checklist/OnboardingInput';

export const T0 = '2026-11-20T08:00:00Z';
export const DIGEST_OLD = `sha256:${'1'.repeat(64)}`;
export const DIGEST_NEW = `sha256:${'2'.repeat(64)}`;
export const IMAGE_REPO = 'registry.acme.example/storefront/basket-api';

/** `basket-api`, as the template writes it. */
export function serviceEntity(
  overrides: Partial<Entity['metadata']> = {},
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'basket-api',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': 'basket-api',
        'backstage.io/source-location':
          'url:https://github.com/acme/basket-api/tree/main/',
        'github.com/project-slug': 'acme/basket-api',
        'argocd/app-name': 'basket-api-prod,basket-api-staging',
        'tekton.dev/cicd': 'true',
      },
      ...overrides,
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-storefront',
      system: 'system:default/storefront',
      ...spec,
    },
  };
}

export function emptyView(overrides: Partial<EntityView> = {}): EntityView {
  return {
    entityRef: 'component:default/basket-api',
    generatedAt: T0,
    partial: false,
    selection: {
      labelSelector: 'backstage.io/kubernetes-id=basket-api',
      labelSelectorFrom: 'kubernetes-id',
      unknownClusters: [],
      matchers: ['repository', 'argocd-app'],
    },
    clusters: [
      { name: 'gke-prod-eu', title: 'gke-prod-eu', state: 'synced', since: T0 },
      { name: 'doks-tools', title: 'doks-tools', state: 'synced', since: T0 },
    ],
    sourceErrors: [],
    workloads: [],
    pipelineRuns: [],
    deployments: [],
    ...overrides,
  };
}

function resource(
  group: string,
  plural: string,
  kind: string,
  state: ClusterSummary['health']['state'],
) {
  return { group, version: 'v1', plural, kind, state, since: T0, count: 0 };
}

/** gke-prod-eu runs workloads; doks-tools has Tekton and Argo CD. */
export function clusterSummaries(
  state: ClusterSummary['health']['state'] = 'synced',
): ClusterSummary[] {
  const common = (name: string, extra: ReturnType<typeof resource>[]) => ({
    name,
    title: name,
    locator: 'demo',
    health: { state, since: T0 },
    version: {},
    resources: [
      resource('apps', 'deployments', 'Deployment', state),
      resource('', 'pods', 'Pod', state),
      ...extra,
    ],
    facts: {},
  });
  const installed = (s: typeof state) => (s === 'synced' ? 'not-installed' : s);
  return [
    common('gke-prod-eu', [
      resource('tekton.dev', 'pipelineruns', 'PipelineRun', installed(state)),
      resource('argoproj.io', 'applications', 'Application', installed(state)),
    ]),
    common('doks-tools', [
      resource('tekton.dev', 'pipelineruns', 'PipelineRun', state),
      resource('argoproj.io', 'applications', 'Application', state),
    ]),
  ];
}

export function workload(
  digest = DIGEST_NEW,
  status: Workload['status'] = 'healthy',
): Workload {
  return {
    cluster: 'gke-prod-eu',
    namespace: 'storefront',
    name: 'basket-api',
    kind: 'Deployment',
    upstreamKind: 'Deployment',
    status,
    replicas: { desired: 2, ready: 2, available: 2, updated: 2 },
    images: [
      {
        container: 'basket-api',
        image: `${IMAGE_REPO}:main`,
        digests: [digest],
      },
    ],
    pods: [
      {
        name: 'basket-api-6d9f-abcde',
        phase: 'running',
        ready: true,
        terminating: false,
        restarts: 0,
        containers: [
          {
            name: 'basket-api',
            image: `${IMAGE_REPO}:main`,
            digest,
            init: false,
            ready: true,
            restarts: 0,
            state: 'running',
          },
        ],
      },
    ],
    restarts: 0,
    nodes: ['node-1'],
  };
}

/** A succeeded buildpacks run that built `digest`. */
export function pipelineRun(
  name: string,
  digest: string,
  finishedAt: string,
  options: {
    status?: PipelineRun['status'];
    buildTask?: 'buildpacks' | 'kaniko';
    /** The Task the build task runs (`tekton.dev/task`); names and steps then say nothing. */
    taskName?: string;
    repositoryUrl?: string;
  } = {},
): PipelineRun {
  const buildpacks = (options.buildTask ?? 'buildpacks') === 'buildpacks';
  // What the build task's steps say: nothing when the Task name decides.
  let steps: PipelineRun['tasks'][number]['steps'] = [
    { name: 'build-and-push', status: 'succeeded' },
  ];
  if (options.taskName) {
    steps = [{ name: 'build', status: 'succeeded' }];
  } else if (buildpacks) {
    steps = [
      { name: 'prepare', status: 'succeeded' },
      { name: 'create', status: 'succeeded' },
      { name: 'results', status: 'succeeded' },
    ];
  }
  const results = [
    { name: 'IMAGE_URL', value: IMAGE_REPO },
    { name: 'IMAGE_DIGEST', value: digest },
  ];
  return {
    system: 'tekton',
    cluster: 'doks-tools',
    namespace: 'ci',
    name,
    pipeline: 'basket-api-build',
    status: options.status ?? 'succeeded',
    trigger: { kind: 'tekton-triggers' },
    startedAt: finishedAt,
    finishedAt,
    commit: {
      sha: 'a'.repeat(40),
      repositoryUrl:
        options.repositoryUrl ?? 'https://github.com/acme/basket-api',
    },
    tasks: [
      {
        name: 'build-image',
        role: 'task',
        status: 'succeeded',
        ...(options.taskName ? { task: options.taskName } : {}),
        steps,
        results: [
          { name: 'APP_IMAGE_URL', value: IMAGE_REPO },
          { name: 'APP_IMAGE_DIGEST', value: digest },
        ],
        ...(buildpacks || options.taskName
          ? {}
          : { displayName: 'kaniko build' }),
      },
    ],
    taskCounts: {
      total: 1,
      succeeded: 1,
      failed: 0,
      running: 0,
      pending: 0,
      cancelled: 0,
      timedOut: 0,
      skipped: 0,
      unknown: 0,
    },
    results,
    images: [{ url: IMAGE_REPO, digest }],
    links: [],
    warnings: [],
  };
}

export function argoDeployment(
  application: string,
  sync: Deployment['sync'] = 'synced',
  health: Deployment['health'] = 'healthy',
): Deployment {
  return {
    system: 'argocd',
    cluster: 'doks-tools',
    namespace: 'argocd',
    application,
    project: 'storefront',
    destination: {
      name: 'gke-prod-eu',
      namespace: 'storefront',
      cluster: 'gke-prod-eu',
      match: 'name',
    },
    sources: [
      {
        repoUrl: 'https://github.com/acme/basket-api.git',
        path: 'deploy/prod',
      },
    ],
    multiSource: false,
    sync,
    health,
    ...(health === 'degraded'
      ? {
          healthMessage:
            'Deployment "basket-api" exceeded its progress deadline',
        }
      : {}),
    upstream: {},
    revisions: [],
    images: [],
    history: [],
    links: [],
    warnings: [],
  };
}

/** Reading one line of the pod's log went `ok` (or failed as said). */
export function logProbe(
  ok = true,
  failure?: LogProbe['failure'],
  message?: string,
): LogProbe {
  return {
    cluster: 'gke-prod-eu',
    namespace: 'storefront',
    pod: 'basket-api-6d9f-abcde',
    container: 'basket-api',
    ok,
    ...(failure ? { failure } : {}),
    ...(message ? { message } : {}),
  };
}

export const podTarget: LogTarget = {
  cluster: 'gke-prod-eu',
  namespace: 'storefront',
  pod: 'basket-api-6d9f-abcde',
  containers: ['basket-api'],
};

/** A freshly scaffolded service: registered, nothing runs yet. */
export function freshInput(
  overrides: Partial<OnboardingInput> = {},
): OnboardingInput {
  return {
    entity: serviceEntity(),
    view: emptyView(),
    clusters: clusterSummaries(),
    owner: { found: true, title: 'Storefront' },
    logs: { permitted: true, targets: [] },
    conventions: DEFAULT_ONBOARDING_CONVENTIONS,
    ...overrides,
  };
}

/** The same service once it runs, builds and deploys. */
export function onboardedInput(
  overrides: Partial<OnboardingInput> = {},
): OnboardingInput {
  return freshInput({
    view: emptyView({
      workloads: [workload(DIGEST_NEW)],
      pipelineRuns: [
        pipelineRun('basket-api-build-b', DIGEST_NEW, '2026-11-20T09:00:00Z'),
        pipelineRun('basket-api-build-a', DIGEST_OLD, '2026-11-20T08:00:00Z'),
      ],
      deployments: [argoDeployment('basket-api-prod')],
    }),
    logs: {
      permitted: true,
      targets: [podTarget],
      probe: logProbe(),
    },
    ...overrides,
  });
}

/** An image the workloads run, as the images source reports it. */
export function runningImage(
  digest: string,
  facts: { buildpacks?: boolean; rebase?: RebaseState } = {},
): RunningImage {
  return {
    cluster: 'gke-prod-eu',
    repository: IMAGE_REPO,
    digest,
    reference: `${IMAGE_REPO}@${digest}`,
    tags: ['main'],
    workloads: [
      {
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'basket-api',
        containers: ['basket-api'],
        pods: 2,
      },
    ],
    registry: {
      state: facts.buildpacks === undefined ? 'not-configured' : 'fetched',
    },
    ...(facts.buildpacks === undefined
      ? {}
      : {
          buildpacks: {
            detected: facts.buildpacks,
            source: 'image-labels' as const,
            buildpacks: [],
            extensions: [],
            processes: [],
            warnings: [],
          },
        }),
    rebase: facts.rebase ?? {
      state: 'unknown',
      cause: 'not-checked',
      reason: 'the registry step has not run',
    },
    warnings: [],
  };
}

/** A kpack Image with `builds` finished builds, the latest producing `latestDigest`. */
export function kpackImage(
  builds: string[],
  latestDigest?: string,
): KpackImage {
  return {
    cluster: 'doks-tools',
    namespace: 'ci',
    name: 'basket-api',
    tag: IMAGE_REPO,
    state: 'ready',
    builder: { kind: 'ClusterBuilder', name: 'default' },
    ...(latestDigest
      ? { latestImage: `${IMAGE_REPO}@${latestDigest}`, latestDigest }
      : {}),
    builds: builds.map((finishedAt, i) => ({
      cluster: 'doks-tools',
      namespace: 'ci',
      name: `basket-api-build-${i + 1}`,
      status: 'succeeded' as const,
      reasons: ['COMMIT' as const],
      upstreamReasons: ['COMMIT'],
      changes: [],
      finishedAt,
      builder: {},
      buildpacks: [],
      tags: [],
      warnings: [],
    })),
    warnings: [],
  };
}
