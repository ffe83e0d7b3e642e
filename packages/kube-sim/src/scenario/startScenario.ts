import type { KubeSim, SimCluster } from '../api';
import { demoBuild, type DemoBuild } from '../demo/builds';
import { DemoIds } from '../demo/DemoIds';
import {
  CLUSTERS,
  placements,
  SERVICES,
  type DemoService,
  type Placement,
} from '../demo/demoWorld';
import { ARGO_NAMESPACE } from '../demo/argo';
import { CI_NAMESPACE, tektonRun, type RunProgress } from '../demo/tekton';
import { makePod, podTemplate, type WorkloadContext } from '../demo/workloads';
import type { KubeObject } from '../types';

export interface ScenarioOptions {
  /** Time between steps; default 4000 ms. */
  intervalMs?: number;
  /** Seed of the choices (service order, commits, digests); default 1. */
  seed?: number;
}

export interface ScenarioHandle {
  stop(): void;
}

const TOOLS = 'doks-tools';
const KEEP_RUNS_PER_SERVICE = 6;

type Step = () => void;

function labelOf(o: KubeObject, key: string): string | undefined {
  return o.metadata.labels?.[key];
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The demo driver: every `intervalMs` it advances one step of a delivery —
 * a new Tekton PipelineRun starts, its TaskRuns progress and finish with a
 * new image digest, then for each Argo CD Application of that service the
 * application starts syncing to the new commit, the workload rolls to the
 * new digest (new ReplicaSet and pods, old ones removed), and the
 * application reports Synced/Healthy with a new history entry. Then the
 * next service. Needs the demo clusters (doks-tools and the destinations).
 */
export function startScenario(
  sim: KubeSim,
  options: ScenarioOptions = {},
): ScenarioHandle {
  const intervalMs = options.intervalMs ?? 4000;
  const seed = options.seed ?? 1;
  const ids = new DemoIds(`acme-scenario-${seed}`);
  const tools = sim.cluster(TOOLS);
  const services = SERVICES.filter(s => s.ci === 'tekton');
  const order = [...services].sort(
    (a, b) =>
      ids.int(`order:${a.name}`, 1000) - ids.int(`order:${b.name}`, 1000),
  );
  let round = 0;
  let queue: Step[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const nextRound = () => {
    const service = order[round % order.length];
    round++;
    queue = planDelivery(sim, tools, ids, service, intervalMs);
  };

  const tick = () => {
    if (stopped) return;
    try {
      if (queue.length === 0) nextRound();
      queue.shift()?.();
    } catch (e) {
      // A demo step failing (e.g. an object deleted by hand) skips the round.
      process.emitWarning(`kube-sim scenario: ${(e as Error).message}`);
      queue = [];
    }
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  timer = setTimeout(tick, Math.min(intervalMs, 1000));
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

function upsert(cluster: SimCluster, obj: KubeObject): void {
  const ref = {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name!,
  };
  if (cluster.get(ref)) cluster.update(obj);
  else cluster.create(obj);
}

function nextBuildNumber(tools: SimCluster, s: DemoService): number {
  let max = s.latestBuild;
  for (const pr of tools.list('tekton.dev/v1', 'PipelineRun', CI_NAMESPACE)) {
    if (labelOf(pr, 'tekton.dev/pipeline') !== `${s.name}-build`) continue;
    max = Math.max(max, Number(labelOf(pr, 'acme.example/build-number') ?? 0));
  }
  return max + 1;
}

/** The steps of one delivery of one service. */
function planDelivery(
  sim: KubeSim,
  tools: SimCluster,
  ids: DemoIds,
  s: DemoService,
  intervalMs: number,
): Step[] {
  const n = nextBuildNumber(tools, s);
  const base = Date.now();
  // The build, with the scenario's ids (new commit and digest), starting now.
  const b: DemoBuild = {
    ...demoBuild(ids, { ...s, latestBuild: n, latestOutcome: 'succeeded' }, n),
    startedAt: 0,
    service: s,
  };
  b.finishedAt = undefined;
  // A pipeline "minute" lasts a third of a step, so a run takes about 3-4 steps.
  const minuteMs = Math.max(50, Math.round(intervalMs / 3));
  const full = tektonRun(
    ids,
    { ...b, outcome: 'succeeded' },
    { tasksDone: 4 },
    { withPods: false, base, minuteMs },
  );
  const taskEnds = full.taskRuns.map(tr =>
    Date.parse((tr.status as any).completionTime),
  );
  const steps: Step[] = [];
  const publish = (progress: RunProgress, outcome: DemoBuild['outcome']) => {
    const run = tektonRun(ids, { ...b, outcome }, progress, {
      withPods: true,
      base,
      minuteMs,
    });
    upsert(tools, run.pipelineRun);
    for (const tr of run.taskRuns) upsert(tools, tr);
    for (const pod of run.pods) upsert(tools, pod);
  };
  steps.push(() => {
    publish({ tasksDone: 0, running: 0 }, 'running');
    prune(tools, s);
  });
  const tasks = taskEnds.length;
  const progressStep = () => {
    const now = Date.now();
    const done = taskEnds.filter(t => t <= now).length;
    if (done >= tasks) {
      publish({ tasksDone: tasks }, 'succeeded');
      return true;
    }
    publish({ tasksDone: done, running: done }, 'running');
    return false;
  };
  // Progress until the run is done (re-queued at the front while running).
  const runUntilDone: Step = () => {
    if (!progressStep()) steps.unshift(runUntilDone);
  };
  steps.push(runUntilDone);
  const finishedBuild: DemoBuild = {
    ...b,
    finishedAt: 0,
    outcome: 'succeeded',
  };
  for (const p of placements().filter(
    x => x.service.name === s.name && x.argoApp,
  )) {
    const target = sim.clusters.find(c => c.name === p.cluster);
    if (!target) continue;
    steps.push(() => argoSyncing(tools, p, finishedBuild));
    steps.push(() => rollOut(target, ids, p, finishedBuild, 'start'));
    steps.push(() => {
      rollOut(target, ids, p, finishedBuild, 'finish');
      argoSynced(tools, p, finishedBuild);
    });
  }
  return steps;
}

function prune(tools: SimCluster, s: DemoService): void {
  const runs = tools
    .list('tekton.dev/v1', 'PipelineRun', CI_NAMESPACE)
    .filter(pr => labelOf(pr, 'tekton.dev/pipeline') === `${s.name}-build`)
    .sort((a, b) =>
      String(a.metadata.creationTimestamp).localeCompare(
        String(b.metadata.creationTimestamp),
      ),
    );
  for (const pr of runs.slice(
    0,
    Math.max(0, runs.length - KEEP_RUNS_PER_SERVICE),
  )) {
    for (const tr of tools.list('tekton.dev/v1', 'TaskRun', CI_NAMESPACE)) {
      if (labelOf(tr, 'tekton.dev/pipelineRun') !== pr.metadata.name) continue;
      const podName = (tr.status as any)?.podName;
      if (
        podName &&
        tools.get({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: CI_NAMESPACE,
          name: podName,
        })
      ) {
        tools.delete({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: CI_NAMESPACE,
          name: podName,
        });
      }
      tools.delete({
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        namespace: CI_NAMESPACE,
        name: tr.metadata.name!,
      });
    }
    tools.delete({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      namespace: CI_NAMESPACE,
      name: pr.metadata.name!,
    });
  }
}

function appRef(p: Placement) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    namespace: ARGO_NAMESPACE,
    name: p.argoApp!,
  };
}

function revisionFields(
  app: KubeObject,
  b: DemoBuild,
): Record<string, unknown> {
  const spec = app.spec as { sources?: unknown[] };
  return spec.sources
    ? { revisions: ['3.4.1', b.commit] }
    : { revision: b.commit };
}

function argoSyncing(tools: SimCluster, p: Placement, b: DemoBuild): void {
  const app = tools.get(appRef(p));
  if (!app) return;
  const rev = revisionFields(app, b);
  tools.patch(appRef(p), {
    status: {
      sync: { status: 'OutOfSync', ...rev },
      health: { status: 'Progressing', lastTransitionTime: nowIso() },
      operationState: {
        operation: {
          sync: { ...rev, syncStrategy: { hook: {} } },
          initiatedBy: { automated: true },
          retry: { limit: 5 },
        },
        phase: 'Running',
        message: `waiting for healthy state of apps/${p.service.workload}/${p.service.name}`,
        startedAt: nowIso(),
        finishedAt: null,
        syncResult: null,
        retryCount: 0,
      },
      reconciledAt: nowIso(),
    },
  } as any);
}

function argoSynced(tools: SimCluster, p: Placement, b: DemoBuild): void {
  const app = tools.get(appRef(p));
  if (!app) return;
  const status = app.status as any;
  const rev = revisionFields(app, b);
  const spec = app.spec as any;
  const history = [...(status.history ?? [])];
  const lastId = history.length ? history[history.length - 1].id : 0;
  history.push({
    id: lastId + 1,
    ...rev,
    ...(spec.sources ? { sources: spec.sources } : { source: spec.source }),
    deployStartedAt: status.operationState?.startedAt ?? nowIso(),
    deployedAt: nowIso(),
    initiatedBy: { automated: true },
  });
  tools.patch(appRef(p), {
    status: {
      sync: { status: 'Synced', ...rev },
      health: {
        status: 'Healthy',
        message: null,
        lastTransitionTime: nowIso(),
      },
      history: history.slice(-10),
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        finishedAt: nowIso(),
        syncResult: {
          ...rev,
          ...(spec.sources
            ? { sources: spec.sources }
            : { source: spec.source }),
          resources: [],
        },
      },
      summary: { images: [b.imageRef!] },
      resources: (status.resources ?? []).map((r: any) =>
        r.kind === p.service.workload
          ? { ...r, status: 'Synced', health: { status: 'Healthy' } }
          : r,
      ),
      reconciledAt: nowIso(),
    },
  } as any);
}

function context(target: SimCluster, ids: DemoIds): WorkloadContext {
  const cluster = CLUSTERS.find(c => c.name === target.name)!;
  return {
    ids,
    cluster,
    nodes: target.list('v1', 'Node'),
    istio: cluster.offering === 'gke',
    base: Date.now(),
  };
}

/** Rolls a workload to a build: `start` adds the new pods (pending), `finish` makes them run and removes the old ones. */
function rollOut(
  target: SimCluster,
  ids: DemoIds,
  p: Placement,
  b: DemoBuild,
  phase: 'start' | 'finish',
): void {
  const ctx = context(target, ids);
  const s = p.service;
  const kind = s.workload;
  const workloadRef = {
    apiVersion: 'apps/v1',
    kind,
    namespace: p.namespace,
    name: s.name,
  };
  const workload = target.get(workloadRef);
  if (!workload) return;
  const replicas = (workload.spec as any).replicas ?? 1;
  const template = podTemplate(ctx, p, b);
  const pods = target
    .list('v1', 'Pod', p.namespace)
    .filter(
      pod =>
        pod.metadata.ownerReferences?.some(
          o =>
            o.kind === (kind === 'Deployment' ? 'ReplicaSet' : 'StatefulSet'),
        ) && labelOf(pod, 'app.kubernetes.io/name') === s.name,
    );
  if (kind === 'StatefulSet') {
    const revision = `${s.name}-${ids.suffix(
      `rev:${target.name}:${s.name}:${b.number}`,
      10,
    )}`;
    if (phase === 'start') {
      target.patch(workloadRef, {
        spec: { template },
        status: { updateRevision: revision, updatedReplicas: 0 },
      } as any);
      return;
    }
    for (let i = 0; i < replicas; i++) {
      const name = `${s.name}-${i}`;
      const old = pods.find(x => x.metadata.name === name);
      if (old)
        target.delete({
          apiVersion: 'v1',
          kind: 'Pod',
          namespace: p.namespace,
          name,
        });
      target.create(
        makePod(
          ctx,
          p,
          b,
          name,
          {
            apiVersion: 'apps/v1',
            kind: 'StatefulSet',
            name: s.name,
            uid: workload.metadata.uid!,
          },
          {
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(i),
          },
          { kind: 'running', restarts: 0, createdAt: 0 },
        ),
      );
    }
    target.patch(workloadRef, {
      status: {
        currentRevision: revision,
        updateRevision: revision,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        currentReplicas: replicas,
        availableReplicas: replicas,
      },
    } as any);
    return;
  }
  const hash = ids.templateHash(
    `${target.name}:${p.namespace}:${s.name}:${b.number}`,
  );
  const rsName = `${s.name}-${hash}`;
  const rsRef = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    namespace: p.namespace,
    name: rsName,
  };
  const revision =
    Number(
      workload.metadata.annotations?.['deployment.kubernetes.io/revision'] ??
        '1',
    ) + (phase === 'start' ? 1 : 0);
  const newPodName = (i: number) =>
    `${rsName}-${ids.suffix(`pod:${target.name}:${rsName}:${i}`)}`;
  const owner = () => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    name: rsName,
    uid: target.get(rsRef)!.metadata.uid!,
  });
  const rsLabels = { ...template.metadata.labels, 'pod-template-hash': hash };
  if (phase === 'start') {
    upsert(target, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: p.namespace,
        labels: rsLabels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          'deployment.kubernetes.io/revision': String(revision),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: s.name,
            uid: workload.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: {
          matchLabels: {
            ...(workload.spec as any).selector.matchLabels,
            'pod-template-hash': hash,
          },
        },
        template: {
          ...template,
          metadata: { ...template.metadata, labels: rsLabels },
        },
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        observedGeneration: 1,
      },
    });
    for (let i = 0; i < replicas; i++) {
      upsert(
        target,
        makePod(
          ctx,
          p,
          b,
          newPodName(i),
          owner(),
          { 'pod-template-hash': hash },
          { kind: 'pending', restarts: 0, createdAt: 0 },
        ),
      );
    }
    target.patch(workloadRef, {
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      },
      spec: { template },
      status: {
        replicas: replicas * 2,
        updatedReplicas: replicas,
        unavailableReplicas: replicas,
        conditions: [
          {
            type: 'Available',
            status: 'True',
            lastUpdateTime: nowIso(),
            lastTransitionTime: nowIso(),
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: nowIso(),
            lastTransitionTime: nowIso(),
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          },
        ],
      },
    } as any);
    return;
  }
  for (let i = 0; i < replicas; i++) {
    upsert(
      target,
      makePod(
        ctx,
        p,
        b,
        newPodName(i),
        owner(),
        { 'pod-template-hash': hash },
        { kind: 'running', restarts: 0, createdAt: 0 },
      ),
    );
  }
  target.patch(rsRef, {
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  } as any);
  for (const pod of pods) {
    if (labelOf(pod, 'pod-template-hash') === hash) continue;
    target.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: p.namespace,
      name: pod.metadata.name!,
    });
  }
  for (const rs of target.list('apps/v1', 'ReplicaSet', p.namespace)) {
    if (
      rs.metadata.name === rsName ||
      !rs.metadata.ownerReferences?.some(o => o.uid === workload.metadata.uid)
    )
      continue;
    if ((rs.spec as any).replicas !== 0) {
      target.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          namespace: p.namespace,
          name: rs.metadata.name!,
        },
        {
          spec: { replicas: 0 },
          status: {
            replicas: 0,
            fullyLabeledReplicas: null,
            readyReplicas: null,
            availableReplicas: null,
          },
        } as any,
      );
    }
  }
  target.patch(workloadRef, {
    status: {
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      unavailableReplicas: null,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: nowIso(),
          lastTransitionTime: nowIso(),
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: nowIso(),
          lastTransitionTime: nowIso(),
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
      ],
    },
  } as any);
}
