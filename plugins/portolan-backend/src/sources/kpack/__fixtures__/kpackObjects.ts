/*
 * Test-only: kpack.io/v1alpha2 objects as a kpack controller writes them
 * (shapes from kpack `pkg/apis/build/v1alpha2`): Images, their Builds with
 * reason and change annotations, builders and a ClusterStack.
 */
import type { KubeObject } from '@portolan/plugin-portolan-node';

export const RUN_REPO = 'index.docker.io/paketobuildpacks/run-jammy-base';
export const OLD_RUN = `${RUN_REPO}@sha256:${'1'.repeat(64)}`;
export const NEW_RUN = `${RUN_REPO}@sha256:${'2'.repeat(64)}`;
export const BUILDER_IMAGE = `registry.acme.example/kpack/default-builder@sha256:${'3'.repeat(
  64,
)}`;
export const COMMIT_A = 'f34213db89002294fc753a2bc0c1ccd239582b73';
export const COMMIT_B = 'e050d85687a3c8aa73c2b6bb5a24a2bbd5b7dd45';
export const digest = (n: number) => `sha256:${String(n).repeat(64)}`;

const BUILDPACKS = [
  {
    id: 'paketo-buildpacks/bellsoft-liberica',
    version: '11.0.1',
    homepage: 'https://github.com/paketo-buildpacks/bellsoft-liberica',
  },
  { id: 'paketo-buildpacks/maven', version: '6.19.2' },
];

function build(
  image: string,
  number: number,
  options: {
    reason: string;
    changes: string;
    condition?: { status: string; reason?: string; message?: string };
    commit?: string;
    digestN?: number;
    runImage?: string;
    labels?: Record<string, string>;
  },
): KubeObject {
  const name = `${image}-build-${number}`;
  const done = options.condition?.status === 'True';
  // The build pod starts 12 s after the Build is created (scheduling, pulls).
  const podStarted = `2026-11-1${number}T06:00:12Z`;
  const stepsDone = `2026-11-1${number}T06:07:20Z`;
  return {
    apiVersion: 'kpack.io/v1alpha2',
    kind: 'Build',
    metadata: {
      name,
      namespace: 'builds',
      uid: `uid-${name}`,
      creationTimestamp: `2026-11-1${number}T06:00:00Z`,
      labels: {
        'image.kpack.io/buildNumber': String(number),
        'image.kpack.io/image': image,
        'image.kpack.io/imageGeneration': '3',
        ...options.labels,
      },
      annotations: {
        'image.kpack.io/reason': options.reason,
        'image.kpack.io/buildChanges': options.changes,
        'image.kpack.io/builderName': 'default',
        'image.kpack.io/builderKind': 'ClusterBuilder',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
    },
    spec: {
      tags: [`registry.acme.example/payments/${image}`],
      builder: { image: BUILDER_IMAGE },
      source: {
        git: {
          url: `https://github.com/acme/${image}`,
          revision: options.commit ?? COMMIT_B,
        },
      },
    },
    status: {
      conditions: options.condition
        ? [
            {
              type: 'Succeeded',
              ...options.condition,
              lastTransitionTime: `2026-11-1${number}T06:07:30Z`,
            },
          ]
        : [],
      buildMetadata: BUILDPACKS,
      stack: {
        runImage: options.runImage ?? OLD_RUN,
        id: 'io.buildpacks.stacks.jammy',
      },
      lifecycleVersion: '0.20.2',
      latestImage: done
        ? `registry.acme.example/payments/${image}@${digest(
            options.digestN ?? number,
          )}`
        : undefined,
      podName: `${name}-build-pod`,
      stepsCompleted: done
        ? ['prepare', 'analyze', 'detect', 'restore', 'build', 'export']
        : ['prepare'],
      // Container states of the build pod's steps.
      stepStates: done
        ? [
            {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: podStarted,
                finishedAt: `2026-11-1${number}T06:00:30Z`,
              },
            },
            {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: `2026-11-1${number}T06:00:31Z`,
                finishedAt: stepsDone,
              },
            },
          ]
        : [{ running: { startedAt: podStarted } }],
    },
  };
}

/** invoice-worker: a ClusterBuilder whose ClusterStack moved on (rebase due). */
export function invoiceWorkerObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Image',
      metadata: {
        name: 'invoice-worker',
        namespace: 'builds',
        uid: 'uid-image',
        labels: { 'backstage.io/kubernetes-id': 'invoice-worker' },
      },
      spec: {
        tag: 'registry.acme.example/payments/invoice-worker',
        builder: { kind: 'ClusterBuilder', name: 'default' },
        source: {
          git: {
            url: 'https://github.com/acme/invoice-worker',
            revision: 'main',
          },
        },
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'BuilderReady', status: 'True' },
        ],
        latestBuildRef: 'invoice-worker-build-3',
        latestImage: `registry.acme.example/payments/invoice-worker@${digest(
          3,
        )}`,
        latestStack: 'io.buildpacks.stacks.jammy',
        buildCounter: 4,
        latestBuildReason: 'COMMIT,BUILDPACK',
      },
    },
    build('invoice-worker', 1, {
      reason: 'CONFIG',
      changes: JSON.stringify([
        {
          reason: 'CONFIG',
          old: { env: [] },
          new: { env: [{ name: 'BP_JVM_VERSION', value: '21' }] },
        },
      ]),
      condition: { status: 'True' },
      commit: COMMIT_A,
    }),
    build('invoice-worker', 2, {
      reason: 'STACK',
      changes: JSON.stringify([
        {
          reason: 'STACK',
          old: `${RUN_REPO}@sha256:${'0'.repeat(64)}`,
          new: OLD_RUN,
        },
      ]),
      condition: { status: 'True' },
      commit: COMMIT_A,
    }),
    build('invoice-worker', 3, {
      reason: 'COMMIT,BUILDPACK',
      changes: JSON.stringify([
        { reason: 'COMMIT', old: COMMIT_A, new: COMMIT_B },
        {
          reason: 'BUILDPACK',
          old: [{ id: 'paketo-buildpacks/maven', version: '6.19.1' }],
          new: [{ id: 'paketo-buildpacks/maven', version: '6.19.2' }],
        },
      ]),
      condition: { status: 'True' },
    }),
    build('invoice-worker', 4, {
      reason: 'TRIGGER',
      changes: '[{"reason":"TRIGGER","old":"","new":"2026-11-14T05:59:00Z"}]',
      condition: { status: 'Unknown', reason: 'Building' },
    }),
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'ClusterBuilder',
      metadata: { name: 'default', uid: 'uid-cb' },
      spec: {
        tag: 'registry.acme.example/kpack/default-builder',
        stack: { kind: 'ClusterStack', name: 'base' },
      },
      status: {
        latestImage: BUILDER_IMAGE,
        stack: { runImage: OLD_RUN, id: 'io.buildpacks.stacks.jammy' },
      },
    },
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'ClusterStack',
      metadata: { name: 'base', uid: 'uid-cs' },
      spec: {
        id: 'io.buildpacks.stacks.jammy',
        runImage: { image: `${RUN_REPO}:0.1.141` },
      },
      status: {
        id: 'io.buildpacks.stacks.jammy',
        runImage: { latestImage: NEW_RUN, image: `${RUN_REPO}:0.1.141` },
      },
    },
  ];
}

/**
 * ledger: a namespaced Builder with no ClusterStack in the cache (its own
 * record decides), a failed build with a malformed changes annotation, and
 * no kubernetes-id label (found by repository only).
 */
export function ledgerObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Image',
      metadata: { name: 'ledger', namespace: 'builds', uid: 'uid-ledger' },
      spec: {
        tag: 'registry.acme.example/payments/ledger',
        builder: { kind: 'Builder', name: 'java' },
        source: {
          git: { url: 'git@github.com:acme/ledger.git', revision: 'main' },
        },
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'BuildFailed',
            message: 'Build ledger-build-2 failed',
          },
        ],
      },
    },
    build('ledger', 1, {
      reason: 'CONFIG',
      changes: '[]',
      condition: { status: 'True' },
      digestN: 7,
    }),
    build('ledger', 2, {
      reason: 'COMMIT',
      changes: '{not json',
      condition: {
        status: 'False',
        reason: 'BuildFailed',
        message: 'step build exited 51',
      },
    }),
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Builder',
      metadata: { name: 'java', namespace: 'builds', uid: 'uid-b' },
      spec: { stack: { kind: 'ClusterStack', name: 'not-cached' } },
      status: {
        stack: { runImage: OLD_RUN, id: 'io.buildpacks.stacks.jammy' },
      },
    },
  ];
}

/** An Image whose builder does not exist. */
export function orphanObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Image',
      metadata: {
        name: 'orphan',
        namespace: 'builds',
        uid: 'uid-orphan',
        labels: { 'backstage.io/kubernetes-id': 'orphan' },
      },
      spec: {
        tag: 'registry.acme.example/x/orphan',
        builder: { kind: 'ClusterBuilder', name: 'gone' },
        source: { blob: { url: 'https://storage.acme.example/orphan.tgz' } },
      },
      status: {},
    },
  ];
}
