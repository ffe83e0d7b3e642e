import type { KubeObject } from '../types';
import { at, DEMO_EPOCH, type DemoIds } from './DemoIds';
import type { DemoBuild } from './builds';
import type { DemoService } from './demoWorld';

export const CI_NAMESPACE = 'ci';

const POD_PHASE = {
  done: 'Succeeded',
  running: 'Running',
  failed: 'Failed',
} as const;

interface StepDef {
  name: string;
  image: string;
  minutes: number;
  log: (b: DemoBuild) => string[];
}

interface TaskDef {
  pipelineTask: string;
  task: string;
  steps: StepDef[];
}

const GIT_INIT =
  'ghcr.io/tektoncd/github.com/tektoncd/pipeline/cmd/git-init:v0.40.2@sha256:cba5e2f0e6f6c1e0a9d9d0fa4b06e0d2e6be2b49f8a8b8d5f94e9ab39d4e7a1c';
const BASH =
  'docker.io/library/bash:5.2.37@sha256:01a15c6f48f6a3c08431cd77e11567823530b18159889dca3b7309b707beef91';

function tasksFor(s: DemoService): TaskDef[] {
  const repo = `https://github.com/acme/${s.name}`;
  const tests: Record<string, TaskDef> = {
    'buildpacks-java': {
      pipelineTask: 'unit-tests',
      task: 'maven-test',
      steps: [
        {
          name: 'mvn-test',
          image: 'docker.io/library/maven:3.9.9-eclipse-temurin-21',
          minutes: 2.5,
          log: () => [
            '[INFO] Scanning for projects...',
            `[INFO] Building ${s.name} 1.0.0-SNAPSHOT`,
            '[INFO] Tests run: 412, Failures: 0, Errors: 0, Skipped: 3',
            '[INFO] BUILD SUCCESS',
          ],
        },
      ],
    },
    'buildpacks-nodejs': {
      pipelineTask: 'unit-tests',
      task: 'npm-test',
      steps: [
        {
          name: 'npm-test',
          image: 'docker.io/library/node:20.18-bookworm',
          minutes: 1.5,
          log: () => [
            '> storefront-web@3.4.1 test',
            '> vitest run',
            ' Test Files  87 passed (87)',
            '      Tests  1021 passed (1021)',
          ],
        },
      ],
    },
    dockerfile: {
      pipelineTask: 'unit-tests',
      task: 'go-test',
      steps: [
        {
          name: 'go-test',
          image: 'docker.io/library/golang:1.23.4',
          minutes: 1.2,
          log: () => [
            `ok  	github.com/acme/${s.name}/internal/api	0.412s`,
            `ok  	github.com/acme/${s.name}/internal/store	1.208s`,
            'PASS',
          ],
        },
      ],
    },
  };
  const test = tests[s.build];
  const build: TaskDef = s.build.startsWith('buildpacks')
    ? {
        pipelineTask: 'build-image',
        task: 'buildpacks',
        steps: [
          {
            name: 'prepare',
            image: BASH,
            minutes: 0.1,
            log: () => ['Preparing workspace /workspace/source'],
          },
          {
            name: 'create',
            image:
              s.build === 'buildpacks-java'
                ? 'docker.io/paketobuildpacks/builder-jammy-base:0.4.318'
                : 'docker.io/paketobuildpacks/builder-jammy-base:0.4.318',
            minutes: 3.2,
            log: b => [
              '===> ANALYZING',
              `Image with name "${b.imageUrl}" not found`,
              '===> DETECTING',
              s.build === 'buildpacks-java'
                ? '6 of 26 buildpacks participating'
                : '5 of 10 buildpacks participating',
              s.build === 'buildpacks-java'
                ? 'paketo-buildpacks/bellsoft-liberica 11.0.1'
                : 'paketo-buildpacks/node-engine 4.1.14',
              s.build === 'buildpacks-java'
                ? 'paketo-buildpacks/maven             6.19.2'
                : 'paketo-buildpacks/npm-install       1.5.9',
              '===> BUILDING',
              '===> EXPORTING',
              `Saving ${b.imageUrl}...`,
              `*** Digest: sha256:${b.digest ?? ''}`,
            ],
          },
          {
            name: 'results',
            image: BASH,
            minutes: 0.1,
            log: () => ['Wrote results IMAGE_URL, IMAGE_DIGEST'],
          },
        ],
      }
    : {
        pipelineTask: 'build-image',
        task: 'kaniko',
        steps: [
          {
            name: 'build-and-push',
            image:
              'gcr.io/kaniko-project/executor:v1.23.2@sha256:' +
              'c3109d5926a997b100c4343944e06c6b30a6804b2f9abe0994d3de6ef92b028e',
            minutes: 2.8,
            log: b =>
              b.outcome === 'failed-oom'
                ? [
                    'INFO[0000] Retrieving image manifest nvcr.io/nvidia/pytorch:24.10-py3',
                    'INFO[0041] Unpacking rootfs as cmd RUN pip install -r requirements.txt requires it.',
                    'INFO[0188] RUN pip install -r requirements.txt',
                    'INFO[0412] Taking snapshot of full filesystem...',
                  ]
                : [
                    'INFO[0000] Retrieving image manifest cgr.dev/chainguard/static:latest',
                    "INFO[0002] Building stage 'golang:1.23' [idx: '0', base-idx: '-1']",
                    'INFO[0095] Taking snapshot of full filesystem...',
                    `INFO[0101] Pushing image to ${b.imageUrl}`,
                    `INFO[0104] Pushed ${b.imageRef ?? b.imageUrl}`,
                  ],
          },
          {
            name: 'write-url',
            image: BASH,
            minutes: 0.1,
            log: b => [b.imageUrl],
          },
        ],
      };
  return [
    {
      pipelineTask: 'fetch-source',
      task: 'git-clone',
      steps: [
        {
          name: 'clone',
          image: GIT_INIT,
          minutes: 0.4,
          log: b => [
            `{"level":"info","ts":1732000000.1,"caller":"git/git.go:176","msg":"Successfully cloned ${repo} @ ${b.commit} (grafted, HEAD) in path /workspace/output/"}`,
          ],
        },
      ],
    },
    test,
    build,
    {
      pipelineTask: 'scan-image',
      task: 'trivy-scanner',
      steps: [
        {
          name: 'scan',
          image: 'docker.io/aquasec/trivy:0.57.1',
          minutes: 0.9,
          log: b => [
            `${b.imageRef ?? b.imageUrl} (debian 12.8)`,
            'Total: 3 (UNKNOWN: 0, LOW: 2, MEDIUM: 1, HIGH: 0, CRITICAL: 0)',
          ],
        },
      ],
    },
  ];
}

/** How far a run got. */
export interface RunProgress {
  /** Tasks finished successfully (in order). */
  tasksDone: number;
  /** The task running now (index), if any. */
  running?: number;
  /** The task that failed (index) with an OOM-killed step, if any. */
  failed?: number;
}

export function progressOf(b: DemoBuild): RunProgress {
  if (b.outcome === 'running') return { tasksDone: 2, running: 2 };
  if (b.outcome === 'failed-oom') return { tasksDone: 2, failed: 2 };
  return { tasksDone: 4 };
}

export function pipelineRunName(ids: DemoIds, b: DemoBuild): string {
  return `${b.service.name}-build-${ids.suffix(
    `pr:${b.service.name}:${b.number}`,
  )}`;
}

export interface TektonObjects {
  pipelineRun: KubeObject;
  taskRuns: KubeObject[];
  pods: KubeObject[];
}

/**
 * A Tekton v1 PipelineRun for a build with its TaskRuns (and their pods when
 * `withPods`), in the state `progress` says. Times are minutes after `base`.
 */
export function tektonRun(
  ids: DemoIds,
  b: DemoBuild,
  progress: RunProgress,
  o: { withPods: boolean; base?: number; minuteMs?: number },
): TektonObjects {
  const base = o.base ?? DEMO_EPOCH;
  const minuteMs = o.minuteMs ?? 60_000;
  const t = (m: number) =>
    new Date(base + Math.round((m * minuteMs) / 1000) * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  const s = b.service;
  const prName = pipelineRunName(ids, b);
  const prUid = ids.uid(`pr:${prName}`);
  const tasks = tasksFor(s);
  const commonLabels = {
    'app.kubernetes.io/managed-by': 'tekton-pipelines',
    'backstage.io/kubernetes-id': s.name,
    'tekton.dev/pipeline': `${s.name}-build`,
    'triggers.tekton.dev/eventlistener': 'github-listener',
    'triggers.tekton.dev/trigger': 'github-push',
    'triggers.tekton.dev/triggers-eventid': ids.uid(`event:${prName}`),
  };
  const params = [
    { name: 'git-url', value: `https://github.com/acme/${s.name}` },
    { name: 'git-revision', value: b.commit },
    { name: 'image', value: b.imageUrl },
  ];
  let cursor = b.startedAt + 0.1;
  const taskRuns: KubeObject[] = [];
  const pods: KubeObject[] = [];
  const childReferences: any[] = [];
  let imageResults: Array<{ name: string; type: string; value: string }> = [];
  const lastIndex =
    progress.failed ?? progress.running ?? progress.tasksDone - 1;
  for (let i = 0; i <= lastIndex && i < tasks.length; i++) {
    const td = tasks[i];
    const trName = `${prName}-${td.pipelineTask}`;
    const trUid = ids.uid(`tr:${trName}`);
    const podName = `${trName}-pod`;
    let state: 'done' | 'running' | 'failed' = 'done';
    if (i === progress.running) state = 'running';
    if (i === progress.failed) state = 'failed';
    const start = cursor;
    const steps: any[] = [];
    const containerStatuses: any[] = [];
    let stepCursor = start + 0.15;
    let finished = start;
    for (let j = 0; j < td.steps.length; j++) {
      const st = td.steps[j];
      const stepStart = stepCursor;
      const stepEnd = stepStart + st.minutes;
      const containerID = `containerd://${ids.hex(
        `step:${trName}:${st.name}`,
      )}`;
      const imageID = st.image.includes('@')
        ? st.image
        : `${st.image}@sha256:${ids.digest(`img:${st.image}`)}`;
      let containerState: any;
      if (state === 'done' || (state === 'failed' && j < td.steps.length)) {
        const oom = state === 'failed' && j === 0;
        const skipped = state === 'failed' && j > 0;
        let terminated: Record<string, unknown> = {
          exitCode: 0,
          reason: 'Completed',
          startedAt: t(stepStart),
          finishedAt: t(stepEnd),
          containerID,
        };
        if (oom)
          terminated = { ...terminated, exitCode: 137, reason: 'OOMKilled' };
        if (skipped) {
          terminated = {
            exitCode: 1,
            reason: 'Error',
            message: 'Step was skipped due to previous step failure',
            startedAt: t(stepEnd),
            finishedAt: t(stepEnd),
            containerID,
          };
        }
        containerState = { terminated };
        finished = oom ? stepEnd : Math.max(finished, stepEnd);
        if (skipped) finished = Math.max(finished, stepStart);
      } else {
        containerState = { running: { startedAt: t(stepStart) } };
      }
      steps.push({
        ...containerState,
        name: st.name,
        container: `step-${st.name}`,
        imageID,
      });
      containerStatuses.push({
        name: `step-${st.name}`,
        image: st.image,
        imageID,
        containerID,
        ready: 'running' in containerState,
        started: 'running' in containerState,
        restartCount: 0,
        state: containerState,
        lastState: {},
      });
      stepCursor = stepEnd + 0.02;
    }
    cursor = Math.max(finished, stepCursor) + 0.1;
    const results =
      td.pipelineTask === 'build-image' && state === 'done' && b.digest
        ? [
            {
              name: 'IMAGE_DIGEST',
              type: 'string',
              value: `sha256:${b.digest}`,
            },
            { name: 'IMAGE_URL', type: 'string', value: b.imageUrl },
          ]
        : [];
    if (results.length) imageResults = results;
    const conds = {
      done: {
        type: 'Succeeded',
        status: 'True',
        reason: 'Succeeded',
        message: 'All Steps have completed executing',
        lastTransitionTime: t(cursor - 0.05),
      },
      running: {
        type: 'Succeeded',
        status: 'Unknown',
        reason: 'Running',
        message: 'Not all Steps in the Task have finished executing',
        lastTransitionTime: t(start + 0.2),
      },
      failed: {
        type: 'Succeeded',
        status: 'False',
        reason: 'Failed',
        message: `"step-${td.steps[0].name}" exited with code 137: OOMKilled\nfor logs run: kubectl -n ${CI_NAMESPACE} logs ${podName} -c step-${td.steps[0].name}\n`,
        lastTransitionTime: t(cursor - 0.05),
      },
    };
    const cond = conds[state];
    const trLabels = {
      ...commonLabels,
      'tekton.dev/memberOf': 'tasks',
      'tekton.dev/pipelineRun': prName,
      'tekton.dev/pipelineRunUID': prUid,
      'tekton.dev/pipelineTask': td.pipelineTask,
      'tekton.dev/task': td.task,
    };
    taskRuns.push({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: {
        name: trName,
        namespace: CI_NAMESPACE,
        uid: trUid,
        creationTimestamp: t(start),
        generation: 1,
        labels: trLabels,
        annotations: { 'pipeline.tekton.dev/release': 'v0.65.2' },
        ownerReferences: [
          {
            apiVersion: 'tekton.dev/v1',
            kind: 'PipelineRun',
            name: prName,
            uid: prUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        params:
          td.pipelineTask === 'fetch-source'
            ? [
                { name: 'url', value: params[0].value },
                { name: 'revision', value: b.commit },
              ]
            : [{ name: 'image', value: b.imageUrl }],
        serviceAccountName: 'tekton-builder',
        taskRef: { kind: 'Task', name: td.task },
        timeout: '1h0m0s',
        workspaces: [
          {
            name: 'source',
            persistentVolumeClaim: {
              claimName: `pvc-${ids.hex(`ws:${prName}`, 10)}`,
            },
          },
        ],
      },
      status: {
        conditions: [cond],
        podName,
        startTime: t(start),
        ...(state === 'running' ? {} : { completionTime: t(cursor - 0.05) }),
        steps,
        ...(results.length ? { results } : {}),
        taskSpec: {
          params: [{ name: 'image', type: 'string' }],
          steps: td.steps.map(st => ({
            name: st.name,
            image: st.image,
            computeResources: {},
          })),
          workspaces: [{ name: 'source' }],
          ...(td.pipelineTask === 'build-image'
            ? {
                results: [
                  { name: 'IMAGE_DIGEST', type: 'string' },
                  { name: 'IMAGE_URL', type: 'string' },
                ],
              }
            : {}),
        },
        provenance: {
          featureFlags: {
            RunningInEnvWithInjectedSidecars: true,
            EnableAPIFields: 'beta',
            AwaitSidecarReadiness: true,
            Coschedule: 'workspaces',
            ResultExtractionMethod: 'termination-message',
            MaxResultSize: 4096,
          },
        },
      },
    });
    childReferences.push({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      name: trName,
      pipelineTaskName: td.pipelineTask,
    });
    if (o.withPods) {
      const annotations: Record<string, string> = {
        'pipeline.tekton.dev/release': 'v0.65.2',
        'tekton.dev/ready': 'READY',
      };
      td.steps.forEach((st, j) => {
        const lines = st.log(b);
        const stepStart = start + 0.15;
        annotations[`kube-sim.portolan.dev/log-step-${st.name}`] = lines
          .map((l, k) => `${t(stepStart + j * 0.3 + k * 0.05)} ${l}`)
          .join('\n');
      });
      const nodeName = `tools-pool-${ids.suffix(
        `doks:${ids.int(`trnode:${trName}`, 3)}`,
        5,
      )}`;
      pods.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName,
          namespace: CI_NAMESPACE,
          uid: ids.uid(`trpod:${podName}`),
          creationTimestamp: t(start + 0.05),
          labels: {
            ...trLabels,
            'app.kubernetes.io/managed-by': 'tekton-pipelines',
            'tekton.dev/taskRun': trName,
            'tekton.dev/taskRunUID': trUid,
          },
          annotations,
          ownerReferences: [
            {
              apiVersion: 'tekton.dev/v1',
              kind: 'TaskRun',
              name: trName,
              uid: trUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          initContainers: [
            {
              name: 'prepare',
              image:
                'ghcr.io/tektoncd/pipeline/entrypoint-bff0a22da108bc2f16c818c97641a296:v0.65.2',
            },
          ],
          containers: td.steps.map(st => ({
            name: `step-${st.name}`,
            image: st.image,
            command: ['/tekton/bin/entrypoint'],
            resources:
              td.pipelineTask === 'build-image' && s.name === 'fraud-detector'
                ? { limits: { memory: '2Gi' }, requests: { memory: '1Gi' } }
                : {},
          })),
          serviceAccountName: 'tekton-builder',
          restartPolicy: 'Never',
          nodeName,
          schedulerName: 'default-scheduler',
        },
        status: {
          phase: POD_PHASE[state],
          conditions: [
            {
              type: 'Initialized',
              status: 'True',
              lastProbeTime: null,
              lastTransitionTime: t(start + 0.1),
            },
            {
              type: 'Ready',
              status: state === 'running' ? 'True' : 'False',
              lastProbeTime: null,
              lastTransitionTime: t(cursor),
              ...(state === 'running' ? {} : { reason: 'PodCompleted' }),
            },
            {
              type: 'PodScheduled',
              status: 'True',
              lastProbeTime: null,
              lastTransitionTime: t(start + 0.05),
            },
          ],
          hostIP: `10.114.0.${2 + ids.int(`trnode:${trName}`, 3)}`,
          podIP: ids.ip(`trpod:${podName}`, '10.65'),
          startTime: t(start + 0.05),
          containerStatuses,
          qosClass: 'BestEffort',
        },
      });
    }
  }
  const skipped =
    progress.failed !== undefined
      ? tasks.slice(progress.failed + 1).map(td => ({
          name: td.pipelineTask,
          reason: 'PipelineRun was stopping',
        }))
      : [];
  const done = progress.failed === undefined && progress.running === undefined;
  const doneCount =
    progress.tasksDone + (progress.failed !== undefined ? 1 : 0);
  const message = `Tasks Completed: ${doneCount} (Failed: ${
    progress.failed !== undefined ? 1 : 0
  }, Cancelled 0), Skipped: ${skipped.length}`;
  let condition = {
    type: 'Succeeded',
    status: 'Unknown',
    reason: 'Running',
    message,
    lastTransitionTime: t(b.startedAt + 0.1),
  };
  if (done) {
    condition = {
      ...condition,
      status: 'True',
      reason: 'Succeeded',
      lastTransitionTime: t(cursor),
    };
  } else if (progress.failed !== undefined) {
    condition = {
      ...condition,
      status: 'False',
      reason: 'Failed',
      lastTransitionTime: t(cursor),
    };
  }
  const pipelineRun: KubeObject = {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name: prName,
      namespace: CI_NAMESPACE,
      uid: prUid,
      creationTimestamp: t(b.startedAt),
      generation: 1,
      generateName: `${s.name}-build-`,
      labels: {
        ...commonLabels,
        'acme.example/build-number': String(b.number),
      },
      annotations: {
        'pipeline.tekton.dev/release': 'v0.65.2',
        'acme.example/commit-message': b.message,
        'acme.example/commit-author': b.author,
        ...(done ? { 'chains.tekton.dev/signed': 'true' } : {}),
      },
    },
    spec: {
      pipelineRef: { name: `${s.name}-build` },
      params,
      taskRunTemplate: { serviceAccountName: 'tekton-builder' },
      timeouts: { pipeline: '1h0m0s' },
      workspaces: [
        {
          name: 'source',
          volumeClaimTemplate: {
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
            },
          },
        },
      ],
    },
    status: {
      conditions: [condition],
      startTime: t(b.startedAt),
      ...(done || progress.failed !== undefined
        ? { completionTime: t(cursor) }
        : {}),
      pipelineSpec: pipelineSpec(s),
      childReferences,
      ...(done && imageResults.length
        ? {
            results: [
              { name: 'IMAGE_URL', value: b.imageUrl },
              { name: 'IMAGE_DIGEST', value: `sha256:${b.digest}` },
            ],
          }
        : {}),
      ...(skipped.length ? { skippedTasks: skipped } : {}),
      provenance: {
        featureFlags: {
          RunningInEnvWithInjectedSidecars: true,
          EnableAPIFields: 'beta',
          AwaitSidecarReadiness: true,
          Coschedule: 'workspaces',
          ResultExtractionMethod: 'termination-message',
          MaxResultSize: 4096,
        },
      },
    },
  };
  return { pipelineRun, taskRuns, pods };
}

function pipelineSpec(s: DemoService) {
  const tasks = tasksFor(s);
  return {
    params: [
      { name: 'git-url', type: 'string' },
      { name: 'git-revision', type: 'string' },
      { name: 'image', type: 'string' },
    ],
    workspaces: [{ name: 'source' }],
    tasks: tasks.map((td, i) => ({
      name: td.pipelineTask,
      taskRef: { kind: 'Task', name: td.task },
      ...(i > 0 ? { runAfter: [tasks[i - 1].pipelineTask] } : {}),
      params:
        i === 0
          ? [
              { name: 'url', value: '$(params.git-url)' },
              { name: 'revision', value: '$(params.git-revision)' },
            ]
          : [{ name: 'image', value: '$(params.image)' }],
      workspaces: [{ name: 'source', workspace: 'source' }],
    })),
    results: [
      {
        name: 'IMAGE_URL',
        type: 'string',
        value: '$(tasks.build-image.results.IMAGE_URL)',
      },
      {
        name: 'IMAGE_DIGEST',
        type: 'string',
        value: '$(tasks.build-image.results.IMAGE_DIGEST)',
      },
    ],
  };
}

/** The Pipeline and Task definitions a service's runs refer to. */
export function tektonDefinitions(
  ids: DemoIds,
  services: DemoService[],
): KubeObject[] {
  const out: KubeObject[] = [];
  const seenTasks = new Set<string>();
  for (const s of services) {
    out.push({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: {
        name: `${s.name}-build`,
        namespace: CI_NAMESPACE,
        uid: ids.uid(`pipeline:${s.name}`),
        creationTimestamp: at(-60000),
        generation: 3,
        labels: { 'backstage.io/kubernetes-id': s.name },
      },
      spec: pipelineSpec(s),
    });
    for (const td of tasksFor(s)) {
      if (seenTasks.has(td.task)) continue;
      seenTasks.add(td.task);
      out.push({
        apiVersion: 'tekton.dev/v1',
        kind: 'Task',
        metadata: {
          name: td.task,
          namespace: CI_NAMESPACE,
          uid: ids.uid(`task:${td.task}`),
          creationTimestamp: at(-61000),
          generation: 1,
          labels: { 'app.kubernetes.io/version': '0.9' },
        },
        spec: {
          params: [{ name: 'image', type: 'string', default: '' }],
          workspaces: [{ name: 'source' }],
          steps: td.steps.map(st => ({
            name: st.name,
            image: st.image,
            script: `#!/usr/bin/env sh\nset -e\necho running ${st.name}\n`,
          })),
          ...(td.pipelineTask === 'build-image'
            ? {
                results: [
                  { name: 'IMAGE_DIGEST', type: 'string' },
                  { name: 'IMAGE_URL', type: 'string' },
                ],
              }
            : {}),
        },
      });
    }
  }
  return out;
}
