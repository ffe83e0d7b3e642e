import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import type { DemoCluster } from './demoWorld';

/** A running system Deployment with its ReplicaSet and pods. */
export function systemDeployment(
  ids: DemoIds,
  cluster: DemoCluster,
  nodes: KubeObject[],
  ns: string,
  name: string,
  image: string,
  replicas = 1,
  extraLabels: Record<string, string> = {},
): KubeObject[] {
  const labels = { 'app.kubernetes.io/name': name, ...extraLabels };
  const hash = ids.templateHash(`sys:${cluster.name}:${ns}:${name}`);
  const depUid = ids.uid(`sysdep:${cluster.name}:${ns}:${name}`);
  const rsName = `${name}-${hash}`;
  const rsUid = ids.uid(`sysrs:${cluster.name}:${ns}:${rsName}`);
  const created = -90000 - ids.int(`sysc:${cluster.name}:${name}`, 9000);
  const template = {
    metadata: { labels: { ...labels, 'pod-template-hash': hash } },
    spec: {
      containers: [
        {
          name,
          image,
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
      serviceAccountName: name,
    },
  };
  const out: KubeObject[] = [];
  const eligible = nodes.filter(
    n =>
      (n.metadata.labels ?? {})['eks.amazonaws.com/compute-type'] !==
        'fargate' &&
      !(n.metadata.labels ?? {})['cloud.google.com/gke-accelerator'],
  );
  for (let i = 0; i < replicas; i++) {
    const podName = `${rsName}-${ids.suffix(
      `syspod:${cluster.name}:${rsName}:${i}`,
    )}`;
    const node = eligible[ids.int(`sysnode:${podName}`, eligible.length)];
    const started = at(created + 1);
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: podName,
        namespace: ns,
        uid: ids.uid(`syspod:${cluster.name}:${ns}:${podName}`),
        creationTimestamp: at(created + 0.5),
        generateName: `${rsName}-`,
        labels: template.metadata.labels,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rsName,
            uid: rsUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        ...template.spec,
        nodeName: node.metadata.name,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
      },
      status: {
        phase: 'Running',
        conditions: [
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].map(type => ({
          type,
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: started,
        })),
        hostIP: (node.status as any).addresses[0].address,
        podIP: ids.ip(`syspod:${cluster.name}:${podName}`, '10.70'),
        startTime: started,
        containerStatuses: [
          {
            name,
            image,
            imageID: `${image.split(':')[0].split('@')[0]}@sha256:${ids.digest(
              `sysimg:${image}`,
            )}`,
            containerID: `${
              cluster.offering === 'openshift' ? 'cri-o' : 'containerd'
            }://${ids.hex(`syscid:${cluster.name}:${podName}`)}`,
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: started } },
            lastState: {},
          },
        ],
        qosClass: 'Burstable',
      },
    });
  }
  out.push({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: rsName,
      namespace: ns,
      uid: rsUid,
      creationTimestamp: at(created),
      generation: 1,
      labels: template.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
          uid: depUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...labels, 'pod-template-hash': hash } },
      template,
    },
    status: {
      replicas,
      fullyLabeledReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      observedGeneration: 1,
    },
  });
  out.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: ns,
      uid: depUid,
      creationTimestamp: at(created),
      generation: 1,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: template.spec },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastUpdateTime: at(created + 1),
          lastTransitionTime: at(created + 1),
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: at(created + 1),
          lastTransitionTime: at(created),
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${rsName}" has successfully progressed.`,
        },
      ],
    },
  });
  return out;
}

/** A DaemonSet scheduled on every node (no pods are listed for it). */
export function daemonSet(
  ids: DemoIds,
  cluster: DemoCluster,
  ns: string,
  name: string,
  image: string,
  nodes: number,
  labels: Record<string, string> = {},
): KubeObject {
  const l = { 'k8s-app': name, ...labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name,
      namespace: ns,
      uid: ids.uid(`ds:${cluster.name}:${ns}:${name}`),
      creationTimestamp: at(-95000),
      generation: 2,
      labels: l,
      annotations: { 'deprecated.daemonset.template.generation': '2' },
    },
    spec: {
      selector: { matchLabels: { 'k8s-app': name } },
      template: {
        metadata: { labels: l },
        spec: {
          containers: [{ name, image }],
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
        },
      },
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
      },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: nodes,
      desiredNumberScheduled: nodes,
      numberAvailable: nodes,
      numberMisscheduled: 0,
      numberReady: nodes,
      observedGeneration: 2,
      updatedNumberScheduled: nodes,
    },
  };
}

export function namespace(
  ids: DemoIds,
  cluster: DemoCluster,
  name: string,
  labels: Record<string, string> = {},
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: ids.uid(`ns:${cluster.name}:${name}`),
      creationTimestamp: at(
        -100000 + ids.int(`nsc:${cluster.name}:${name}`, 5000),
      ),
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      ...(annotations ? { annotations } : {}),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
