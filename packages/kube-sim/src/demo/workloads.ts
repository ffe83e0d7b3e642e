import type { KubeObject } from '../types';
import { at, DEMO_EPOCH, type DemoIds } from './DemoIds';
import { demoBuild, type DemoBuild } from './builds';
import { type DemoCluster, type Placement, goodBuilds } from './demoWorld';

const ISTIO_PROXY = 'docker.io/istio/proxyv2:1.24.2';

export interface WorkloadContext {
  ids: DemoIds;
  cluster: DemoCluster;
  nodes: KubeObject[];
  /** Inject the Istio sidecar into pods (namespace labelled istio-injection=enabled). */
  istio: boolean;
  /** Epoch ms that minute offsets are relative to (default: the demo epoch). */
  base?: number;
}

function tm(ctx: WorkloadContext, minutes: number): string {
  return at(minutes, ctx.base ?? DEMO_EPOCH);
}

function runtimePrefix(cluster: DemoCluster): string {
  return cluster.offering === 'openshift' ? 'cri-o://' : 'containerd://';
}

export function workloadLabels(p: Placement): Record<string, string> {
  return {
    'app.kubernetes.io/name': p.service.name,
    'app.kubernetes.io/part-of': p.service.system,
    'app.kubernetes.io/component':
      p.service.workload === 'StatefulSet' ? 'database' : 'backend',
    'backstage.io/kubernetes-id': p.service.name,
    ...(p.argoApp ? { 'app.kubernetes.io/instance': p.argoApp } : {}),
  };
}

function selectorLabels(p: Placement): Record<string, string> {
  return {
    'app.kubernetes.io/name': p.service.name,
    'app.kubernetes.io/part-of': p.service.system,
  };
}

function isGpu(ctx: WorkloadContext, p: Placement): boolean {
  return p.service.name === 'fraud-detector' && ctx.cluster.offering === 'gke';
}

/** The pod template a workload of this placement declares for a build. */
export function podTemplate(
  ctx: WorkloadContext,
  p: Placement,
  build: DemoBuild,
) {
  const s = p.service;
  const gpu = isGpu(ctx, p);
  const resources = gpu
    ? {
        requests: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' },
        limits: { memory: '8Gi', 'nvidia.com/gpu': '1' },
      }
    : { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };
  return {
    metadata: {
      labels: {
        ...workloadLabels(p),
        ...(s.ci === 'jenkins-x'
          ? { 'app.kubernetes.io/version': `0.4.${build.number}` }
          : {}),
      },
      annotations: {
        'acme.example/git-commit': build.commit,
        ...(s.build.startsWith('buildpacks')
          ? { 'acme.example/built-with': 'buildpacks' }
          : {}),
      },
    },
    spec: {
      serviceAccountName: s.name,
      ...(ctx.cluster.offering === 'gke' && s.name === 'invoice-worker'
        ? { runtimeClassName: 'gvisor' }
        : {}),
      ...(gpu
        ? {
            nodeSelector: {
              'cloud.google.com/gke-accelerator': 'nvidia-tesla-t4',
            },
            tolerations: [
              {
                key: 'nvidia.com/gpu',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
          }
        : {}),
      ...(s.name === 'edge-gateway'
        ? { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }
        : {}),
      ...(s.name === 'search-indexer' && ctx.cluster.offering === 'eks'
        ? {
            tolerations: [
              {
                key: 'eks.amazonaws.com/compute-type',
                operator: 'Equal',
                value: 'fargate',
                effect: 'NoSchedule',
              },
            ],
          }
        : {}),
      containers: [
        {
          name: s.name,
          image: build.imageRef!,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: s.port, protocol: 'TCP' }],
          env: [
            { name: 'ACME_ENVIRONMENT', value: p.stage },
            { name: 'ACME_CLUSTER', value: ctx.cluster.name },
          ],
          resources,
          readinessProbe: {
            httpGet: { path: '/readyz', port: 'http', scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
          },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: { runAsNonRoot: true, runAsUser: 10001 },
    },
  };
}

function nodeFor(
  ctx: WorkloadContext,
  p: Placement,
  label: string,
): KubeObject {
  const { nodes } = ctx;
  const by = (pred: (l: Record<string, string>) => boolean) =>
    nodes.filter(n => pred(n.metadata.labels ?? {}));
  let pool = by(
    l =>
      !l['cloud.google.com/gke-accelerator'] &&
      l['eks.amazonaws.com/compute-type'] !== 'fargate' &&
      l['kubernetes.io/arch'] !== 'arm64',
  );
  if (isGpu(ctx, p))
    pool = by(l => Boolean(l['cloud.google.com/gke-accelerator']));
  if (p.service.name === 'edge-gateway')
    pool = by(l => l['kubernetes.io/arch'] === 'arm64');
  if (p.service.name === 'search-indexer' && ctx.cluster.offering === 'eks')
    pool = by(l => l['eks.amazonaws.com/compute-type'] === 'fargate');
  if (pool.length === 0)
    throw new Error(`no node in ${ctx.cluster.name} can run ${p.service.name}`);
  return pool[ctx.ids.int(label, pool.length)];
}

export interface PodState {
  kind: 'running' | 'crashloop' | 'pending';
  restarts: number;
  /** Minutes (relative to the demo epoch) the pod was created. */
  createdAt: number;
}

/** A pod of a workload, as the kubelet reports it. */
export function makePod(
  ctx: WorkloadContext,
  p: Placement,
  build: DemoBuild,
  name: string,
  owner: { apiVersion: string; kind: string; name: string; uid: string },
  extraLabels: Record<string, string>,
  state: PodState,
): KubeObject {
  const { ids, cluster } = ctx;
  const tpl = podTemplate(ctx, p, build);
  const node = nodeFor(ctx, p, `${cluster.name}:${name}`);
  const nodeIp = (node.status as any).addresses[0].address as string;
  const podIp = ids.ip(
    `pod:${cluster.name}:${name}`,
    `10.${60 + ids.int(cluster.name, 30)}`,
  );
  const started = tm(ctx, state.createdAt + 0.3);
  const s = p.service;
  const containers: any[] = [...tpl.spec.containers];
  const initContainers: any[] = [];
  const statuses: any[] = [];
  const ready = state.kind === 'running';
  const mainStatus: any = {
    name: s.name,
    image: build.imageRef,
    imageID: build.imageRef,
    containerID: `${runtimePrefix(cluster)}${ids.hex(
      `cid:${cluster.name}:${name}`,
    )}`,
    ready,
    started: state.kind !== 'pending',
    restartCount: state.restarts,
    state: {},
    lastState: {},
  };
  if (state.kind === 'running') {
    mainStatus.state = { running: { startedAt: started } };
    if (state.restarts > 0) {
      mainStatus.lastState = {
        terminated: {
          exitCode: 137,
          reason: 'OOMKilled',
          startedAt: started,
          finishedAt: tm(ctx, state.createdAt + 180),
          containerID: `${runtimePrefix(cluster)}${ids.hex(
            `cid-prev:${cluster.name}:${name}`,
          )}`,
        },
      };
      mainStatus.state = {
        running: { startedAt: tm(ctx, state.createdAt + 181) },
      };
    }
  } else if (state.kind === 'crashloop') {
    mainStatus.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 5m0s restarting failed container=${
          s.name
        } pod=${name}_${p.namespace}(${ids.uid(
          `pod:${cluster.name}:${p.namespace}:${name}`,
        )})`,
      },
    };
    mainStatus.lastState = {
      terminated: {
        exitCode: 1,
        reason: 'Error',
        startedAt: tm(ctx, -12),
        finishedAt: tm(ctx, -11.5),
        containerID: `${runtimePrefix(cluster)}${ids.hex(
          `cid-prev:${cluster.name}:${name}`,
        )}`,
      },
    };
    mainStatus.started = false;
  } else {
    mainStatus.state = { waiting: { reason: 'ContainerCreating' } };
    delete mainStatus.imageID;
    delete mainStatus.containerID;
  }
  statuses.push(mainStatus);
  const annotations: Record<string, string> = { ...tpl.metadata.annotations };
  if (ctx.istio) {
    initContainers.push({
      name: 'istio-init',
      image: ISTIO_PROXY,
      args: [
        'istio-iptables',
        '-p',
        '15001',
        '-z',
        '15006',
        '-u',
        '1337',
        '-m',
        'REDIRECT',
        '-i',
        '*',
        '-x',
        '',
        '-b',
        '*',
        '-d',
        '15090,15021,15020',
      ],
    });
    containers.push({
      name: 'istio-proxy',
      image: ISTIO_PROXY,
      args: [
        'proxy',
        'sidecar',
        '--domain',
        `$(POD_NAMESPACE).svc.cluster.local`,
        '--proxyLogLevel=warning',
      ],
      ports: [
        { name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP' },
      ],
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '2', memory: '1Gi' },
      },
    });
    statuses.push({
      name: 'istio-proxy',
      image: ISTIO_PROXY,
      imageID: `docker.io/istio/proxyv2@sha256:${ids.digest(
        'istio-proxy:1.24.2',
      )}`,
      containerID: `${runtimePrefix(cluster)}${ids.hex(
        `cid-istio:${cluster.name}:${name}`,
      )}`,
      ready: state.kind !== 'pending',
      started: state.kind !== 'pending',
      restartCount: 0,
      state:
        state.kind === 'pending'
          ? { waiting: { reason: 'PodInitializing' } }
          : { running: { startedAt: started } },
      lastState: {},
    });
    annotations['sidecar.istio.io/status'] =
      '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"],"imagePullSecrets":null,"revision":"default"}';
    annotations['kubectl.kubernetes.io/default-container'] = s.name;
    annotations['prometheus.io/port'] = '15020';
    annotations['prometheus.io/scrape'] = 'true';
  }
  if (state.kind === 'crashloop') {
    annotations[`kube-sim.portolan.dev/log-${s.name}`] = [
      `${tm(ctx, -12)} INFO  starting ${s.name} build ${
        build.number
      } (${build.commit.slice(0, 7)})`,
      `${tm(ctx, -11.9)} INFO  connecting to postgres://catalog-db.${
        p.namespace
      }.svc:5432/catalog`,
      `${tm(
        ctx,
        -11.6,
      )} ERROR migration 0042_add_variant_index failed: column "sku" does not exist`,
      `${tm(ctx, -11.5)} FATAL exiting: schema migration failed`,
    ].join('\n');
  }
  const allReady = statuses.every(x => x.ready);
  const cond = (
    type: string,
    status: boolean,
    reason?: string,
    message?: string,
  ) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: tm(ctx, state.createdAt + (status ? 0.5 : 0)),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  });
  const notReadyMsg = `containers with unready status: [${s.name}]`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: p.namespace,
      uid: ids.uid(`pod:${cluster.name}:${p.namespace}:${name}`),
      creationTimestamp: tm(ctx, state.createdAt),
      ...(owner.kind === 'ReplicaSet'
        ? { generateName: `${owner.name}-` }
        : {}),
      labels: {
        ...tpl.metadata.labels,
        ...extraLabels,
        ...(ctx.istio
          ? {
              'security.istio.io/tlsMode': 'istio',
              'service.istio.io/canonical-name': s.name,
              'service.istio.io/canonical-revision': 'latest',
            }
          : {}),
      },
      annotations,
      ownerReferences: [
        { ...owner, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      ...tpl.spec,
      ...(initContainers.length ? { initContainers } : {}),
      containers,
      nodeName: node.metadata.name,
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: state.kind === 'pending' ? 'Pending' : 'Running',
      conditions: [
        cond('PodReadyToStartContainers', state.kind !== 'pending'),
        cond('Initialized', true),
        cond(
          'Ready',
          allReady,
          allReady ? undefined : 'ContainersNotReady',
          allReady ? undefined : notReadyMsg,
        ),
        cond(
          'ContainersReady',
          allReady,
          allReady ? undefined : 'ContainersNotReady',
          allReady ? undefined : notReadyMsg,
        ),
        cond('PodScheduled', true),
      ],
      hostIP: nodeIp,
      hostIPs: [{ ip: nodeIp }],
      ...(state.kind === 'pending'
        ? {}
        : { podIP: podIp, podIPs: [{ ip: podIp }] }),
      startTime: tm(ctx, state.createdAt),
      ...(initContainers.length
        ? {
            initContainerStatuses: [
              {
                name: 'istio-init',
                image: ISTIO_PROXY,
                imageID: `docker.io/istio/proxyv2@sha256:${ids.digest(
                  'istio-proxy:1.24.2',
                )}`,
                containerID: `${runtimePrefix(cluster)}${ids.hex(
                  `cid-init:${cluster.name}:${name}`,
                )}`,
                ready: true,
                started: false,
                restartCount: 0,
                state: {
                  terminated: {
                    exitCode: 0,
                    reason: 'Completed',
                    startedAt: tm(ctx, state.createdAt + 0.1),
                    finishedAt: tm(ctx, state.createdAt + 0.2),
                  },
                },
                lastState: {},
              },
            ],
          }
        : {}),
      containerStatuses: statuses,
      qosClass: 'Burstable',
    },
  };
}

/** Every object of one placement: service account, service, workload, replica sets, pods, ... */
export function demoWorkload(ctx: WorkloadContext, p: Placement): KubeObject[] {
  const { ids, cluster } = ctx;
  const s = p.service;
  const ns = p.namespace;
  const out: KubeObject[] = [];
  const labels = workloadLabels(p);
  const build = demoBuild(ids, s, p.build);
  const deployedAt =
    build.finishedAt! +
    (p.stage === 'prod' ? 95 : 12) +
    ids.int(`deploy:${cluster.name}:${s.name}`, 20);
  const created = -40000 - ids.int(`created:${cluster.name}:${s.name}`, 20000);
  out.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: ids.uid(`sa:${cluster.name}:${ns}:${s.name}`),
      creationTimestamp: tm(ctx, created),
      labels,
    },
  });
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: ids.uid(`svc:${cluster.name}:${ns}:${s.name}`),
      creationTimestamp: tm(ctx, created),
      labels,
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: ids.ip(`svc:${cluster.name}:${ns}:${s.name}`, '10.96'),
      clusterIPs: [ids.ip(`svc:${cluster.name}:${ns}:${s.name}`, '10.96')],
      ports: [
        {
          name: 'http',
          port: s.workload === 'StatefulSet' ? s.port : 80,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
      selector: selectorLabels(p),
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  });
  if (s.workload === 'StatefulSet') {
    out.push(...statefulSet(ctx, p, build, created, deployedAt));
    return out;
  }
  const depUid = ids.uid(`deploy:${cluster.name}:${ns}:${s.name}`);
  const good = goodBuilds(s);
  const previousBuild = good.find(n => n < p.build);
  const stuck =
    p.stuckRolloutTo !== undefined
      ? demoBuild(ids, s, p.stuckRolloutTo)
      : undefined;
  const revisions: Array<{
    build: DemoBuild;
    replicas: number;
    revision: number;
    createdAt: number;
    state: PodState['kind'];
  }> = [];
  if (previousBuild !== undefined) {
    const pb = demoBuild(ids, s, previousBuild);
    revisions.push({
      build: pb,
      replicas: 0,
      revision: 1,
      createdAt: pb.finishedAt! + 60,
      state: 'running',
    });
  }
  revisions.push({
    build,
    replicas: p.replicas,
    revision: revisions.length + 1,
    createdAt: deployedAt,
    state: 'running',
  });
  if (stuck) {
    revisions.push({
      build: stuck,
      replicas: 1,
      revision: revisions.length + 1,
      createdAt: -45,
      state: 'crashloop',
    });
  }
  const top = revisions[revisions.length - 1];
  const tplBuild = top.build;
  let readyTotal = 0;
  let totalReplicas = 0;
  for (const r of revisions) {
    const hash = ids.templateHash(
      `${cluster.name}:${ns}:${s.name}:${r.build.number}`,
    );
    const rsName = `${s.name}-${hash}`;
    const rsUid = ids.uid(`rs:${cluster.name}:${ns}:${rsName}`);
    const ready = r.state === 'running' ? r.replicas : 0;
    readyTotal += ready;
    totalReplicas += r.replicas;
    const tpl = podTemplate(ctx, p, r.build);
    out.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: ns,
        uid: rsUid,
        creationTimestamp: tm(ctx, r.createdAt),
        generation: r.replicas === 0 ? 3 : 1,
        labels: { ...labels, 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(p.replicas),
          'deployment.kubernetes.io/max-replicas': String(p.replicas + 1),
          'deployment.kubernetes.io/revision': String(r.revision),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: s.name,
            uid: depUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: r.replicas,
        selector: {
          matchLabels: { ...selectorLabels(p), 'pod-template-hash': hash },
        },
        template: {
          ...tpl,
          metadata: {
            ...tpl.metadata,
            labels: { ...tpl.metadata.labels, 'pod-template-hash': hash },
          },
        },
      },
      status: {
        replicas: r.replicas,
        ...(r.replicas ? { fullyLabeledReplicas: r.replicas } : {}),
        ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
        observedGeneration: r.replicas === 0 ? 3 : 1,
      },
    });
    for (let i = 0; i < r.replicas; i++) {
      const podName = `${rsName}-${ids.suffix(
        `pod:${cluster.name}:${rsName}:${i}`,
      )}`;
      // Crash-looping pods restart a lot; one pod in ten restarted once.
      let restarts =
        ids.int(`restarts:${cluster.name}:${podName}`, 10) === 0 ? 1 : 0;
      if (r.state === 'crashloop') restarts = 14;
      out.push(
        makePod(
          ctx,
          p,
          r.build,
          podName,
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rsName,
            uid: rsUid,
          },
          { 'pod-template-hash': hash },
          {
            kind: r.state,
            restarts,
            createdAt: r.createdAt + 0.2,
          },
        ),
      );
    }
  }
  const stuckRs = stuck
    ? `${s.name}-${ids.templateHash(
        `${cluster.name}:${ns}:${s.name}:${stuck.number}`,
      )}`
    : undefined;
  const currentRs = `${s.name}-${ids.templateHash(
    `${cluster.name}:${ns}:${s.name}:${top.build.number}`,
  )}`;
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: s.name,
      namespace: ns,
      uid: depUid,
      creationTimestamp: tm(ctx, created),
      generation: revisions.length + 2,
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(top.revision),
      },
    },
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: selectorLabels(p) },
      template: podTemplate(ctx, p, tplBuild),
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: revisions.length + 2,
      replicas: totalReplicas,
      updatedReplicas: top.replicas,
      readyReplicas: readyTotal,
      availableReplicas: readyTotal,
      ...(totalReplicas - readyTotal > 0
        ? { unavailableReplicas: totalReplicas - readyTotal }
        : {}),
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: tm(ctx, created + 1),
          lastTransitionTime: tm(ctx, created + 1),
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        stuckRs
          ? {
              type: 'Progressing',
              status: 'False',
              lastUpdateTime: tm(ctx, -35),
              lastTransitionTime: tm(ctx, -35),
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${stuckRs}" has timed out progressing.`,
            }
          : {
              type: 'Progressing',
              status: 'True',
              lastUpdateTime: tm(ctx, deployedAt + 1),
              lastTransitionTime: tm(ctx, created + 1),
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${currentRs}" has successfully progressed.`,
            },
      ],
    },
  });
  if (stuckRs) {
    const crashPod = out.find(
      o => o.kind === 'Pod' && o.metadata.name!.startsWith(stuckRs),
    )!;
    out.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${crashPod.metadata.name}.${ids.hex(
          `ev:${crashPod.metadata.name}`,
          16,
        )}`,
        namespace: ns,
        uid: ids.uid(`event:${crashPod.metadata.name}`),
        creationTimestamp: tm(ctx, -44),
      },
      involvedObject: {
        kind: 'Pod',
        namespace: ns,
        name: crashPod.metadata.name,
        uid: crashPod.metadata.uid,
        apiVersion: 'v1',
        fieldPath: `spec.containers{${s.name}}`,
      },
      reason: 'BackOff',
      message: `Back-off restarting failed container ${s.name} in pod ${crashPod.metadata.name}`,
      source: { component: 'kubelet', host: (crashPod.spec as any).nodeName },
      firstTimestamp: tm(ctx, -44),
      lastTimestamp: tm(ctx, -1),
      count: 187,
      type: 'Warning',
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: (crashPod.spec as any).nodeName,
    });
  }
  if (s.name === 'storefront-web' && p.stage === 'prod') {
    out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: s.name,
        namespace: ns,
        uid: ids.uid(`hpa:${cluster.name}:${s.name}`),
        creationTimestamp: tm(ctx, created),
        labels,
      },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: s.name,
        },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
      status: {
        currentReplicas: p.replicas,
        desiredReplicas: p.replicas,
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: { averageUtilization: 41, averageValue: '102m' },
            },
          },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            lastTransitionTime: tm(ctx, created + 2),
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
          },
        ],
      },
    });
    const host =
      cluster.offering === 'gke' ? 'shop.acme.example' : 'us.shop.acme.example';
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: s.name,
        namespace: ns,
        uid: ids.uid(`ing:${cluster.name}:${s.name}`),
        creationTimestamp: tm(ctx, created),
        labels,
      },
      spec: {
        ingressClassName: cluster.offering === 'gke' ? 'gce' : 'alb',
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: s.name, port: { name: 'http' } },
                  },
                },
              ],
            },
          },
        ],
        tls: [{ hosts: [host], secretName: `${s.name}-tls` }],
      },
      status: {
        loadBalancer: {
          ingress: [
            cluster.offering === 'gke'
              ? { ip: '34.120.18.77' }
              : {
                  hostname:
                    'k8s-storefro-storefro-4f1a2b3c4d-1234567890.us-east-1.elb.amazonaws.com',
                },
          ],
        },
      },
    });
  }
  return out;
}

function statefulSet(
  ctx: WorkloadContext,
  p: Placement,
  build: DemoBuild,
  created: number,
  deployedAt: number,
): KubeObject[] {
  const { ids, cluster } = ctx;
  const s = p.service;
  const ns = p.namespace;
  const labels = workloadLabels(p);
  const uid = ids.uid(`sts:${cluster.name}:${ns}:${s.name}`);
  const revision = `${s.name}-${ids.suffix(
    `rev:${cluster.name}:${s.name}:${build.number}`,
    10,
  )}`;
  const out: KubeObject[] = [];
  for (let i = 0; i < p.replicas; i++) {
    const name = `${s.name}-${i}`;
    out.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: `data-${name}`,
        namespace: ns,
        uid: ids.uid(`pvc:${cluster.name}:${ns}:${name}`),
        creationTimestamp: tm(ctx, created + i),
        labels: selectorLabels(p),
        annotations: {
          'pv.kubernetes.io/bind-completed': 'yes',
          'volume.kubernetes.io/storage-provisioner': 'pd.csi.storage.gke.io',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '50Gi' } },
        storageClassName: 'standard-rwo',
        volumeMode: 'Filesystem',
        volumeName: `pvc-${ids.uid(`pv:${cluster.name}:${ns}:${name}`)}`,
      },
      status: {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '50Gi' },
      },
    });
    out.push(
      makePod(
        ctx,
        p,
        build,
        name,
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: s.name, uid },
        {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(i),
        },
        {
          kind: 'running',
          restarts: i === 1 ? 2 : 0,
          createdAt: deployedAt + i * 1.5,
        },
      ),
    );
  }
  out.push({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: s.name,
      namespace: ns,
      uid,
      creationTimestamp: tm(ctx, created),
      generation: 4,
      labels,
    },
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: selectorLabels(p) },
      serviceName: s.name,
      template: podTemplate(ctx, p, build),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { partition: 0 },
      },
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '50Gi' } },
          },
        },
      ],
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
    },
    status: {
      observedGeneration: 4,
      replicas: p.replicas,
      readyReplicas: p.replicas,
      currentReplicas: p.replicas,
      updatedReplicas: p.replicas,
      availableReplicas: p.replicas,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    },
  });
  return out;
}
