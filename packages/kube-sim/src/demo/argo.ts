import type { KubeObject } from '../types';
import { at, DEMO_EPOCH, type DemoIds } from './DemoIds';
import { demoBuild, type DemoBuild } from './builds';
import { goodBuilds, type Placement } from './demoWorld';

export const ARGO_NAMESPACE = 'argocd';

const PROD_OVERLAY: Record<string, string> = {
  'eks-prod-us': 'prod-us',
  'k3s-edge': 'edge',
};

function sourceFor(p: Placement) {
  const s = p.service;
  const overlay =
    p.stage === 'prod' ? PROD_OVERLAY[p.cluster] ?? 'prod' : p.stage;
  return {
    repoURL: `https://github.com/acme/${s.name}`,
    path: `deploy/overlays/${overlay}`,
    targetRevision: 'main',
  };
}

function multiSources(p: Placement) {
  const env = p.stage === 'prod' ? PROD_OVERLAY[p.cluster] ?? 'prod' : p.stage;
  const values = `values-${env}.yaml`;
  return [
    {
      repoURL: 'https://charts.acme.example',
      chart: 'storefront-web',
      targetRevision: '3.4.1',
      helm: {
        releaseName: 'storefront-web',
        valueFiles: [`$values/deploy/${values}`],
      },
    },
    {
      repoURL: 'https://github.com/acme/storefront-web',
      targetRevision: 'main',
      ref: 'values',
    },
  ];
}

/**
 * An Argo CD Application for a placement, with sync/health, history,
 * operationState and summary.images as the application controller writes them.
 * `deployed` is the build running; `target` the build git points at now.
 */
export function argoApplication(
  ids: DemoIds,
  p: Placement,
  o: {
    deployed?: DemoBuild;
    target?: DemoBuild;
    degraded?: boolean;
    base?: number;
    historyFrom?: DemoBuild[];
  } = {},
): KubeObject {
  const base = o.base ?? DEMO_EPOCH;
  const t = (m: number) => at(m, base);
  const s = p.service;
  const name = p.argoApp!;
  const multi = s.argo === 'multi';
  const deployed = o.deployed ?? demoBuild(ids, s, p.build);
  const target =
    o.target ??
    (p.stuckRolloutTo !== undefined
      ? demoBuild(ids, s, p.stuckRolloutTo)
      : deployed);
  const history = (
    o.historyFrom ??
    goodBuilds(s)
      .slice()
      .reverse()
      .filter(n => n <= deployed.number)
      .map(n => demoBuild(ids, s, n))
  ).slice(-3);
  const chartRev = '3.4.1';
  const revFields = (b: DemoBuild) =>
    multi ? { revisions: [chartRev, b.commit] } : { revision: b.commit };
  const sourceFields = multi
    ? { sources: multiSources(p) }
    : { source: sourceFor(p) };
  const deployTime = (b: DemoBuild) =>
    b.finishedAt! +
    (p.stage === 'prod' ? 95 : 12) +
    ids.int(`deploy:${p.cluster}:${s.name}`, 20);
  const lastSyncStart = deployTime(deployed) - 0.4;
  const outOfSync = target.commit !== deployed.commit;
  const degraded = o.degraded ?? p.stuckRolloutTo !== undefined;
  const ns = p.namespace;
  const workloadKind = s.workload;
  const resources = [
    {
      version: 'v1',
      kind: 'Service',
      namespace: ns,
      name: s.name,
      status: 'Synced',
      health: { status: 'Healthy' },
    },
    {
      version: 'v1',
      kind: 'ServiceAccount',
      namespace: ns,
      name: s.name,
      status: 'Synced',
    },
    {
      group: 'apps',
      version: 'v1',
      kind: workloadKind,
      namespace: ns,
      name: s.name,
      status: outOfSync ? 'OutOfSync' : 'Synced',
      health: degraded
        ? {
            status: 'Degraded',
            message: `Deployment "${s.name}" exceeded its progress deadline`,
          }
        : { status: 'Healthy' },
    },
  ];
  const syncResultResources = resources.map(r => ({
    group: r.group ?? '',
    version: r.version,
    kind: r.kind,
    namespace: ns,
    name: r.name,
    status: 'Synced',
    message: `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${
      r.name
    } ${r.kind === workloadKind ? 'configured' : 'unchanged'}`,
    hookPhase: 'Running',
    syncPhase: 'Sync',
  }));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: ARGO_NAMESPACE,
      uid: ids.uid(`app:${name}`),
      creationTimestamp: at(-50000 - ids.int(`appc:${name}`, 5000)),
      generation: 1200 + ids.int(`gen:${name}`, 400),
      labels: {
        'app.kubernetes.io/name': s.name,
        'app.kubernetes.io/part-of': s.system,
        'backstage.io/kubernetes-id': s.name,
        'acme.example/environment': p.stage,
      },
      annotations: {
        'notifications.argoproj.io/subscribe.on-sync-failed.slack': `${s.system}-alerts`,
      },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: s.system,
      ...sourceFields,
      destination: { name: p.cluster, namespace: ns },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true'],
        retry: {
          limit: 5,
          backoff: { duration: '5s', factor: 2, maxDuration: '3m' },
        },
      },
      revisionHistoryLimit: 10,
    },
    status: {
      sync: {
        status: outOfSync ? 'OutOfSync' : 'Synced',
        comparedTo: {
          ...sourceFields,
          destination: { name: p.cluster, namespace: ns },
        },
        ...revFields(target),
      },
      health: degraded
        ? {
            status: 'Degraded',
            message: `Deployment "${s.name}" exceeded its progress deadline`,
            lastTransitionTime: t(-35),
          }
        : {
            status: 'Healthy',
            lastTransitionTime: t(deployTime(deployed) + 1),
          },
      history: history.map((b, i) => ({
        id: i + 1 + (ids.int(`hist:${name}`, 30) + 5),
        ...revFields(b),
        ...(multi ? { sources: multiSources(p) } : { source: sourceFor(p) }),
        deployStartedAt: t(deployTime(b) - 0.4),
        deployedAt: t(deployTime(b)),
        initiatedBy: { automated: true },
      })),
      operationState: {
        operation: {
          sync: {
            ...revFields(deployed),
            syncStrategy: { hook: {} },
          },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: degraded ? 'Failed' : 'Succeeded',
        message: degraded
          ? `one or more synchronization tasks completed unsuccessfully, reason: Deployment "${s.name}" exceeded its progress deadline (retried 5 times).`
          : 'successfully synced (all tasks run)',
        startedAt: t(degraded ? -46 : lastSyncStart),
        finishedAt: t(degraded ? -35 : deployTime(deployed)),
        syncResult: {
          ...revFields(degraded ? target : deployed),
          ...sourceFields,
          resources: syncResultResources,
        },
        retryCount: degraded ? 5 : 0,
      },
      summary: {
        images: [
          (degraded ? target : deployed).imageRef!,
          ...(degraded ? [deployed.imageRef!] : []),
        ]
          .filter(Boolean)
          .sort(),
        ...(s.name === 'storefront-web' && p.stage === 'prod'
          ? {
              externalURLs: [
                p.cluster === 'eks-prod-us'
                  ? 'https://us.shop.acme.example/'
                  : 'https://shop.acme.example/',
              ],
            }
          : {}),
      },
      resources,
      reconciledAt: t(-2),
      ...(multi
        ? { sourceTypes: ['Helm', 'Directory'] }
        : { sourceType: 'Kustomize' }),
      controllerNamespace: ARGO_NAMESPACE,
    },
  };
}

export function argoProjects(ids: DemoIds): KubeObject[] {
  return ['payments', 'storefront'].map(system => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: system,
      namespace: ARGO_NAMESPACE,
      uid: ids.uid(`proj:${system}`),
      creationTimestamp: at(-70000),
      generation: 2,
    },
    spec: {
      description: `Applications of the ${system} system (team-${system})`,
      sourceRepos: ['https://github.com/acme/*', 'https://charts.acme.example'],
      destinations: [
        { name: '*', namespace: `${system}` },
        { name: '*', namespace: `${system}-*` },
      ],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      roles: [
        {
          name: 'deployers',
          groups: [`acme:team-${system}`],
          policies: [
            `p, proj:${system}:deployers, applications, sync, ${system}/*, allow`,
          ],
        },
      ],
    },
  }));
}
