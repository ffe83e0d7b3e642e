import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import { demoBuilds } from './builds';
import { imageRepo, type DemoService } from './demoWorld';

export const KPACK_NAMESPACE = 'builds';

const RUN_IMAGE_REPO = 'index.docker.io/paketobuildpacks/run-jammy-base';

/** kpack (kpack.io/v1alpha2) Image, Builds, ClusterStack and ClusterBuilder for a service. */
export function kpackObjects(ids: DemoIds, s: DemoService): KubeObject[] {
  const builds = demoBuilds(ids, s);
  const latest = builds[builds.length - 1];
  const repo = imageRepo(s);
  const oldRun = `${RUN_IMAGE_REPO}@sha256:${ids.digest(
    'run-jammy-base:0.1.130',
  )}`;
  const newRun = `${RUN_IMAGE_REPO}@sha256:${ids.digest(
    'run-jammy-base:0.1.141',
  )}`;
  const builderImage = `registry.acme.example/kpack/default-builder@sha256:${ids.digest(
    'builder:default',
  )}`;
  const reasons = ['CONFIG', 'STACK', 'COMMIT'];
  const imageUid = ids.uid(`kpimage:${s.name}`);
  const buildpacks = [
    {
      id: 'paketo-buildpacks/ca-certificates',
      version: '3.8.6',
      homepage: 'https://github.com/paketo-buildpacks/ca-certificates',
    },
    {
      id: 'paketo-buildpacks/bellsoft-liberica',
      version: '11.0.1',
      homepage: 'https://github.com/paketo-buildpacks/bellsoft-liberica',
    },
    {
      id: 'paketo-buildpacks/syft',
      version: '2.5.0',
      homepage: 'https://github.com/paketo-buildpacks/syft',
    },
    {
      id: 'paketo-buildpacks/maven',
      version: '6.19.2',
      homepage: 'https://github.com/paketo-buildpacks/maven',
    },
    {
      id: 'paketo-buildpacks/executable-jar',
      version: '6.11.3',
      homepage: 'https://github.com/paketo-buildpacks/executable-jar',
    },
    {
      id: 'paketo-buildpacks/spring-boot',
      version: '5.31.2',
      homepage: 'https://github.com/paketo-buildpacks/spring-boot',
    },
  ];
  const out: KubeObject[] = builds.map((b, i) => {
    const name = `${s.name}-build-${b.number}`;
    const changesByReason: Record<string, unknown[]> = {
      COMMIT: [{ reason: 'COMMIT', old: builds[i - 1]?.commit, new: b.commit }],
      STACK: [
        {
          reason: 'STACK',
          old: `${RUN_IMAGE_REPO}@sha256:${ids.digest(
            'run-jammy-base:0.1.120',
          )}`,
          new: oldRun,
        },
      ],
      CONFIG: [
        {
          reason: 'CONFIG',
          old: { env: [] },
          new: { env: [{ name: 'BP_JVM_VERSION', value: '21' }] },
        },
      ],
    };
    const changes = changesByReason[reasons[i]];
    return {
      apiVersion: 'kpack.io/v1alpha2',
      kind: 'Build',
      metadata: {
        name,
        namespace: KPACK_NAMESPACE,
        uid: ids.uid(`kpbuild:${name}`),
        creationTimestamp: at(b.startedAt),
        generation: 1,
        labels: {
          'image.kpack.io/buildNumber': String(b.number),
          'image.kpack.io/image': s.name,
          'image.kpack.io/imageGeneration': String(3 + i),
          'backstage.io/kubernetes-id': s.name,
        },
        annotations: {
          'image.kpack.io/reason': reasons[i],
          'image.kpack.io/buildChanges': JSON.stringify(changes),
        },
        ownerReferences: [
          {
            apiVersion: 'kpack.io/v1alpha2',
            kind: 'Image',
            name: s.name,
            uid: imageUid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        tags: [
          repo,
          `${repo}:b${b.number}.${at(b.startedAt)
            .slice(0, 10)
            .replace(/-/g, '')}.${at(b.startedAt)
            .slice(11, 19)
            .replace(/:/g, '')}`,
        ],
        builder: { image: builderImage },
        serviceAccountName: 'kpack-builder',
        source: {
          git: { url: `https://github.com/acme/${s.name}`, revision: b.commit },
        },
        cache: { volume: { persistentVolumeClaimName: `${s.name}-cache` } },
        env: [{ name: 'BP_JVM_VERSION', value: '21' }],
        ...(i > 0
          ? {
              lastBuild: {
                image: builds[i - 1].imageRef,
                stackId: 'io.buildpacks.stacks.jammy',
              },
            }
          : {}),
        resources: {},
        creationTime: at(b.startedAt),
      },
      status: {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Succeeded',
            status: 'True',
            lastTransitionTime: at(b.finishedAt!),
          },
        ],
        buildMetadata: buildpacks,
        stack: { runImage: oldRun, id: 'io.buildpacks.stacks.jammy' },
        lifecycleVersion: '0.20.2',
        latestImage: b.imageRef,
        latestCacheImage: '',
        podName: `${name}-build-pod`,
        stepStates: [
          'prepare',
          'analyze',
          'detect',
          'restore',
          'build',
          'export',
          'completion',
        ].map(step => ({
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: at(b.startedAt + 0.2),
            finishedAt: at(b.finishedAt! - 0.1),
            containerID: `containerd://${ids.hex(`kpstep:${name}:${step}`)}`,
          },
        })),
        stepsCompleted: [
          'prepare',
          'analyze',
          'detect',
          'restore',
          'build',
          'export',
          'completion',
        ],
      },
    };
  });
  out.push({
    apiVersion: 'kpack.io/v1alpha2',
    kind: 'Image',
    metadata: {
      name: s.name,
      namespace: KPACK_NAMESPACE,
      uid: imageUid,
      creationTimestamp: at(-60000),
      generation: 5,
      labels: {
        'backstage.io/kubernetes-id': s.name,
        'app.kubernetes.io/part-of': s.system,
      },
    },
    spec: {
      tag: repo,
      builder: { kind: 'ClusterBuilder', name: 'default' },
      serviceAccountName: 'kpack-builder',
      source: {
        git: { url: `https://github.com/acme/${s.name}`, revision: 'main' },
      },
      cache: { volume: { size: '2Gi' } },
      failedBuildHistoryLimit: 10,
      successBuildHistoryLimit: 10,
      build: { env: [{ name: 'BP_JVM_VERSION', value: '21' }] },
    },
    status: {
      observedGeneration: 5,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: at(latest.finishedAt!),
        },
        { type: 'BuilderReady', status: 'True', lastTransitionTime: at(-3000) },
      ],
      latestBuildRef: `${s.name}-build-${latest.number}`,
      latestBuildImageGeneration: 5,
      latestImage: latest.imageRef,
      latestStack: 'io.buildpacks.stacks.jammy',
      buildCounter: latest.number,
      buildCacheName: `${s.name}-cache`,
      latestBuildReason: 'COMMIT',
    },
  });
  out.push({
    apiVersion: 'kpack.io/v1alpha2',
    kind: 'ClusterStack',
    metadata: {
      name: 'base',
      uid: ids.uid('clusterstack:base'),
      creationTimestamp: at(-90000),
      generation: 8,
    },
    spec: {
      id: 'io.buildpacks.stacks.jammy',
      buildImage: {
        image: 'index.docker.io/paketobuildpacks/build-jammy-base:0.1.141',
      },
      runImage: { image: `${RUN_IMAGE_REPO}:0.1.141` },
    },
    status: {
      observedGeneration: 8,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: at(-300) },
      ],
      id: 'io.buildpacks.stacks.jammy',
      buildImage: {
        latestImage: `index.docker.io/paketobuildpacks/build-jammy-base@sha256:${ids.digest(
          'build-jammy-base:0.1.141',
        )}`,
        image: 'index.docker.io/paketobuildpacks/build-jammy-base:0.1.141',
      },
      runImage: { latestImage: newRun, image: `${RUN_IMAGE_REPO}:0.1.141` },
      mixins: [],
      userId: 1001,
      groupId: 1000,
    },
  });
  out.push({
    apiVersion: 'kpack.io/v1alpha2',
    kind: 'ClusterBuilder',
    metadata: {
      name: 'default',
      uid: ids.uid('clusterbuilder:default'),
      creationTimestamp: at(-90000),
      generation: 4,
    },
    spec: {
      tag: 'registry.acme.example/kpack/default-builder',
      stack: { kind: 'ClusterStack', name: 'base' },
      store: { kind: 'ClusterStore', name: 'default' },
      serviceAccountRef: { name: 'kpack-builder', namespace: KPACK_NAMESPACE },
      order: [
        { group: [{ id: 'paketo-buildpacks/java' }] },
        { group: [{ id: 'paketo-buildpacks/nodejs' }] },
      ],
    },
    status: {
      observedGeneration: 4,
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: at(-3000) },
      ],
      latestImage: builderImage,
      stack: { runImage: oldRun, id: 'io.buildpacks.stacks.jammy' },
      builderMetadata: [
        {
          id: 'paketo-buildpacks/java',
          version: '17.7.0',
          homepage: 'https://github.com/paketo-buildpacks/java',
        },
      ],
      os: 'linux',
    },
  });
  return out;
}
