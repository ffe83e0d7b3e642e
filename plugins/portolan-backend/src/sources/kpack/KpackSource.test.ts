import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { KpackImageSchema } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { componentEntity } from '../../delivery/__fixtures__/componentEntity';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../../entities/EntityResolver';
import { createEntityQuery } from '../../views/createEntityQuery';
import { SourceSet } from '@portolan/plugin-portolan-node';
import {
  BUILDER_IMAGE,
  COMMIT_A,
  COMMIT_B,
  NEW_RUN,
  OLD_RUN,
  digest,
  invoiceWorkerObjects,
  ledgerObjects,
  orphanObjects,
} from './__fixtures__/kpackObjects';
import { KpackSource } from './KpackSource';
import { kpackBuildpacksFacts } from './kpackBuildpacksFacts';

const source = new KpackSource();
const sources = new SourceSet([source]);

function viewOf(entity: Entity, objects: KubeObject[]) {
  const cache = new FixtureClusterCache(sources, {
    name: 'doks-tools',
    objects,
  });
  const query = createEntityQuery(
    new EntityResolver(sources.matchers).resolve(entity),
    [cache.snapshot()],
  );
  const { kpackImages = [] } = source.entityView(query);
  for (const image of kpackImages) {
    expect(KpackImageSchema.parse(image)).toEqual(image);
  }
  return { kpackImages, logTargets: source.logTargets(query) };
}

const allObjects = () => [
  ...invoiceWorkerObjects(),
  ...ledgerObjects(),
  ...orphanObjects(),
];

describe('KpackSource', () => {
  it("finds an entity's Image by label with its builds, newest first, reasons and changes", () => {
    const { kpackImages } = viewOf(
      componentEntity('invoice-worker', {
        'backstage.io/kubernetes-id': 'invoice-worker',
      }),
      allObjects(),
    );
    expect(kpackImages.map(i => i.name)).toEqual(['invoice-worker']);
    const [image] = kpackImages;
    expect(image).toMatchObject({
      cluster: 'doks-tools',
      namespace: 'builds',
      state: 'ready',
      builder: { kind: 'ClusterBuilder', name: 'default' },
      tag: 'registry.acme.example/payments/invoice-worker',
      latestDigest: digest(3),
      latestBuildRef: 'invoice-worker-build-3',
      latestBuildReason: 'COMMIT,BUILDPACK',
      // The stack resolved a newer run image than the builder still reports.
      currentRunImage: NEW_RUN,
      currentRunImageFrom: 'ClusterStack/base',
      warnings: [],
    });
    expect(
      image.builds.map(b => [b.name, b.status, b.reasons, b.digest]),
    ).toEqual([
      ['invoice-worker-build-4', 'running', ['TRIGGER'], undefined],
      [
        'invoice-worker-build-3',
        'succeeded',
        ['COMMIT', 'BUILDPACK'],
        digest(3),
      ],
      ['invoice-worker-build-2', 'succeeded', ['STACK'], digest(2)],
      ['invoice-worker-build-1', 'succeeded', ['CONFIG'], digest(1)],
    ]);
    const build3 = image.builds[1];
    expect(build3).toMatchObject({
      buildNumber: 3,
      upstreamReasons: ['COMMIT', 'BUILDPACK'],
      commit: {
        sha: COMMIT_B,
        repositoryUrl: 'https://github.com/acme/invoice-worker',
      },
      builder: {
        image: BUILDER_IMAGE,
        kind: 'ClusterBuilder',
        name: 'default',
      },
      runImage: OLD_RUN,
      stackId: 'io.buildpacks.stacks.jammy',
      lifecycleVersion: '0.20.2',
      createdAt: '2026-11-13T06:00:00.000Z',
      // the build pod's first step, not the Build's creation
      startedAt: '2026-11-13T06:00:12.000Z',
      finishedAt: '2026-11-13T06:07:30.000Z',
      durationMs: 450_000,
      warnings: [],
    });
    expect(build3.changes.map(c => c.summary)).toEqual([
      'COMMIT f34213d → e050d85',
      'BUILDPACK paketo-buildpacks/maven 6.19.1 → paketo-buildpacks/maven 6.19.2',
    ]);
    expect(build3.changes[0]).toMatchObject({
      reason: 'COMMIT',
      old: COMMIT_A,
      new: COMMIT_B,
    });
    expect(image.builds[2].changes[0].summary).toBe(
      `STACK run-jammy-base@sha256:0000000 → run-jammy-base@sha256:1111111`,
    );
    expect(image.builds[3].changes[0].summary).toBe('CONFIG changed env');
    expect(image.builds[0].changes[0].summary).toBe(
      'TRIGGER requested at 2026-11-14T05:59:00Z',
    );
    expect(image.builds[0].finishedAt).toBeUndefined();
    // A running build has started once its pod's first step runs.
    expect(image.builds[0].startedAt).toBe('2026-11-14T06:00:12.000Z');
  });

  it('finds an Image by its git repository when nothing is labelled, and falls back to the builder’s run image', () => {
    const { kpackImages } = viewOf(
      componentEntity('ledger-service', {
        'github.com/project-slug': 'acme/ledger',
      }),
      allObjects(),
    );
    expect(kpackImages).toHaveLength(1);
    const [image] = kpackImages;
    expect(image).toMatchObject({
      name: 'ledger',
      state: 'not-ready',
      stateReason: 'BuildFailed',
      currentRunImage: OLD_RUN,
      currentRunImageFrom: 'Builder/java',
    });
    const [failed, first] = image.builds;
    expect(failed).toMatchObject({
      status: 'failed',
      conditionReason: 'BuildFailed',
      message: 'step build exited 51',
      changes: [],
      warnings: ['Annotation image.kpack.io/buildChanges is not valid JSON'],
    });
    expect(failed.digest).toBeUndefined();
    expect(first.digest).toBe(digest(7));
  });

  it('says when an Image’s builder is not known', () => {
    const { kpackImages } = viewOf(componentEntity('orphan'), allObjects());
    expect(kpackImages).toEqual([
      expect.objectContaining({
        name: 'orphan',
        state: 'unknown',
        sourceUrl: 'https://storage.acme.example/orphan.tgz',
        builds: [],
        warnings: [
          'The run image of ClusterBuilder gone is not known (builder or stack not found or not resolved)',
        ],
      }),
    ]);
    expect(kpackImages[0].currentRunImage).toBeUndefined();
  });

  it('returns nothing for an entity without kpack Images, and nothing where kpack is not installed', () => {
    expect(
      viewOf(componentEntity('cart-service'), allObjects()).kpackImages,
    ).toEqual([]);
    expect(viewOf(componentEntity('invoice-worker'), []).kpackImages).toEqual(
      [],
    );
  });

  it('offers the build pods’ step containers to the logs route', () => {
    const { logTargets } = viewOf(
      componentEntity('invoice-worker'),
      allObjects(),
    );
    expect(logTargets).toHaveLength(4);
    expect(logTargets).toContainEqual({
      cluster: 'doks-tools',
      namespace: 'builds',
      pod: 'invoice-worker-build-3-build-pod',
      containers: [
        'prepare',
        'analyze',
        'detect',
        'restore',
        'build',
        'export',
      ],
    });
  });

  it('turns a succeeded Build into buildpacks facts', () => {
    const { kpackImages } = viewOf(
      componentEntity('invoice-worker'),
      allObjects(),
    );
    expect(kpackBuildpacksFacts(kpackImages[0].builds[1])).toEqual({
      detected: true,
      source: 'kpack',
      lifecycleVersion: '0.20.2',
      buildpacks: [
        {
          id: 'paketo-buildpacks/bellsoft-liberica',
          version: '11.0.1',
          homepage: 'https://github.com/paketo-buildpacks/bellsoft-liberica',
        },
        { id: 'paketo-buildpacks/maven', version: '6.19.2' },
      ],
      extensions: [],
      processes: [],
      runImage: { reference: OLD_RUN, mirrors: [], fromDeprecatedStack: false },
      stackId: 'io.buildpacks.stacks.jammy',
      project: {
        type: 'git',
        commit: COMMIT_B,
        repository: 'https://github.com/acme/invoice-worker',
        version: { commit: COMMIT_B },
        metadata: { repository: 'https://github.com/acme/invoice-worker' },
      },
      builder: {
        image: BUILDER_IMAGE,
        kind: 'ClusterBuilder',
        name: 'default',
      },
      warnings: [],
    });
  });

  it('reads the demo world: invoice-worker builds with kpack and its run image is out of date', () => {
    const demo = loadYamlDocuments(
      join(
        __dirname,
        '../../../../../packages/kube-sim/fixtures/demo/doks-tools/kpack.yaml',
      ),
    ) as KubeObject[];
    const { kpackImages } = viewOf(componentEntity('invoice-worker'), demo);
    expect(kpackImages).toHaveLength(1);
    const [image] = kpackImages;
    expect(image.builds.length).toBeGreaterThan(0);
    const latest = image.builds.find(b => b.name === image.latestBuildRef);
    expect(latest?.status).toBe('succeeded');
    expect(latest?.buildpacks.length).toBeGreaterThan(0);
    expect(image.currentRunImage).toBeDefined();
    expect(latest?.runImage).toBeDefined();
    expect(latest?.runImage).not.toBe(image.currentRunImage);
  });
});
