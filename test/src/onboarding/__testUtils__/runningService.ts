/*
 * Test-only: what the delivery tools and Kubernetes would have made of a
 * scaffolded repository, built from its generated files — the Deployment
 * Argo CD applied (with the ReplicaSet and pod its controller would create,
 * running the image the build produced), the PipelineRun its TriggerTemplate
 * started (with the buildpacks TaskRun and the IMAGE_URL/IMAGE_DIGEST
 * results), and the Argo CD Application synced and healthy. kube-sim has no
 * controllers, so the test writes their results too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from './kubeApi';

const COMMIT = '5f2c1a9e7b3d4c6a8e0f1b2c3d4e5f60718293a4';
export const IMAGE_DIGEST = `sha256:${'7e'.repeat(32)}`;

function readYaml(repo: string, path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(repo, path), 'utf8')).map(d =>
    d.toJS(),
  );
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `$(tt.params.x)` replaced as Tekton Triggers would. */
function substitute<T>(value: T, params: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(value).replace(
      /\$\(tt\.params\.([A-Za-z0-9_-]+)\)/g,
      (_, name) => params[name],
    ),
  );
}

/** The workload objects of one environment, as running. */
export function runningWorkload(
  repo: string,
  environment: string,
  imageRepository: string,
) {
  const [deployment] = readYaml(repo, `deploy/${environment}/deployment.yaml`);
  const [serviceAccount, service] = readYaml(
    repo,
    `deploy/${environment}/service.yaml`,
  );
  const { name, namespace } = deployment.metadata;
  const spec = deployment.spec as any;
  const replicas = spec.replicas ?? 1;
  const hash = '7c9d8f6b5d';
  const imageID = `${imageRepository}@${IMAGE_DIGEST}`;
  const replicaSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      labels: { ...spec.template.metadata.labels, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
          uid: `${name}-deployment-uid`,
          controller: true,
        },
      ],
    },
    spec: { replicas, selector: spec.selector, template: spec.template },
    status: {
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      fullyLabeledReplicas: replicas,
      observedGeneration: 1,
    },
  };
  const pods: KubeObject[] = Array.from({ length: replicas }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-${hash}-p${i}`,
      namespace,
      labels: { ...spec.template.metadata.labels, 'pod-template-hash': hash },
      annotations: {
        'kube-sim.portolan.dev/log': `${name} listening on :8080\nready`,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${name}-${hash}`,
          uid: `${name}-rs-uid`,
          controller: true,
        },
      ],
    },
    spec: { ...spec.template.spec, nodeName: `node-${i}` },
    status: {
      phase: 'Running',
      startTime: minutesAgo(5),
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
      ],
      containerStatuses: spec.template.spec.containers.map((c: any) => ({
        name: c.name,
        image: c.image,
        imageID,
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: minutesAgo(5) } },
      })),
    },
  }));
  const running: KubeObject = {
    ...deployment,
    metadata: {
      ...deployment.metadata,
      uid: `${name}-deployment-uid`,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    status: {
      observedGeneration: 1,
      replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
      updatedReplicas: replicas,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
  return [serviceAccount, service, running, replicaSet, ...pods];
}

/** The PipelineRun the TriggerTemplate would create for a push, finished, with its buildpacks TaskRun. */
export function finishedBuild(repo: string, imageRepository: string) {
  const [pipeline] = readYaml(repo, '.tekton/pipeline.yaml');
  const [, template] = readYaml(repo, '.tekton/triggers.yaml');
  const resource = (template.spec as any).resourcetemplates[0];
  const gitUrl = (pipeline.spec as any).params.find(
    (p: any) => p.name === 'git-url',
  ).default;
  const run = substitute(resource, {
    'git-url': gitUrl,
    'git-revision': COMMIT,
  });
  const name = `${run.metadata.generateName}x7k2p`;
  const namespace = template.metadata.namespace!;
  const taskRun = `${name}-build-image`;
  const { generateName, ...metadata } = run.metadata;
  const pipelineRun: KubeObject = {
    ...run,
    metadata: { ...metadata, name, namespace, uid: `${name}-uid` },
    status: {
      startTime: minutesAgo(20),
      completionTime: minutesAgo(12),
      conditions: [
        {
          type: 'Succeeded',
          status: 'True',
          reason: 'Succeeded',
          message: 'Tasks Completed: 2 (Failed: 0, Cancelled 0), Skipped: 0',
          lastTransitionTime: minutesAgo(12),
        },
      ],
      pipelineSpec: pipeline.spec,
      childReferences: [
        {
          apiVersion: 'tekton.dev/v1',
          kind: 'TaskRun',
          name: taskRun,
          pipelineTaskName: 'build-image',
        },
      ],
      results: [
        { name: 'IMAGE_URL', value: imageRepository },
        { name: 'IMAGE_DIGEST', value: IMAGE_DIGEST },
      ],
    },
  };
  const step = (stepName: string, from: number, to: number) => ({
    name: stepName,
    container: `step-${stepName}`,
    terminated: {
      exitCode: 0,
      reason: 'Completed',
      startedAt: minutesAgo(from),
      finishedAt: minutesAgo(to),
    },
  });
  const buildTaskRun: KubeObject = {
    apiVersion: 'tekton.dev/v1',
    kind: 'TaskRun',
    metadata: {
      name: taskRun,
      namespace,
      labels: {
        ...run.metadata.labels,
        'tekton.dev/pipelineRun': name,
        'tekton.dev/pipelineTask': 'build-image',
        'tekton.dev/task': 'buildpacks',
      },
      ownerReferences: [
        {
          apiVersion: 'tekton.dev/v1',
          kind: 'PipelineRun',
          name,
          uid: `${name}-uid`,
          controller: true,
        },
      ],
    },
    spec: {
      taskRef: { resolver: 'hub' },
      serviceAccountName: 'tekton-builder',
    },
    status: {
      podName: `${taskRun}-pod`,
      startTime: minutesAgo(18),
      completionTime: minutesAgo(12),
      conditions: [
        {
          type: 'Succeeded',
          status: 'True',
          reason: 'Succeeded',
          lastTransitionTime: minutesAgo(12),
        },
      ],
      steps: [
        step('prepare', 18, 17),
        step('create', 17, 13),
        step('results', 13, 12),
      ],
      results: [
        { name: 'APP_IMAGE_DIGEST', type: 'string', value: IMAGE_DIGEST },
        { name: 'APP_IMAGE_URL', type: 'string', value: imageRepository },
      ],
    },
  };
  return [pipelineRun, buildTaskRun];
}

/** The Argo CD Application of one environment, synced and healthy. */
export function syncedApplication(
  repo: string,
  application: string,
  imageRepository: string,
): KubeObject {
  const app = parse(
    readFileSync(join(repo, `argocd/${application}.yaml`), 'utf8'),
  ) as KubeObject;
  const spec = app.spec as any;
  return {
    ...app,
    status: {
      sync: {
        status: 'Synced',
        revision: COMMIT,
        comparedTo: { source: spec.source, destination: spec.destination },
      },
      health: { status: 'Healthy' },
      history: [
        {
          id: 1,
          revision: COMMIT,
          source: spec.source,
          deployStartedAt: minutesAgo(8),
          deployedAt: minutesAgo(7),
          initiatedBy: { automated: true },
        },
      ],
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: minutesAgo(8),
        finishedAt: minutesAgo(7),
        operation: {
          sync: { revision: COMMIT },
          initiatedBy: { automated: true },
        },
        syncResult: { revision: COMMIT, source: spec.source },
      },
      summary: { images: [`${imageRepository}@${IMAGE_DIGEST}`] },
      reconciledAt: minutesAgo(1),
    },
  };
}
