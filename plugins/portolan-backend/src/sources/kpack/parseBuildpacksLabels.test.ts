import { BuildpacksFactsSchema } from '@portolan/plugin-portolan-common';
import {
  PAKETO_JAVA_BUILDPACKS,
  PAKETO_JAVA_PROCESSES,
  cnbImageLabels,
  kpackGitProject,
  type CnbLabelOptions,
} from './__fixtures__/cnbImageLabels';
import {
  BUILD_METADATA_LABEL,
  LIFECYCLE_METADATA_LABEL,
  PROJECT_METADATA_LABEL,
  parseBuildpacksLabels,
} from './parseBuildpacksLabels';

const RUN_TAG = 'index.docker.io/paketobuildpacks/run-jammy-base:latest';
const RUN_REF = `index.docker.io/paketobuildpacks/run-jammy-base@sha256:${'b'.repeat(
  64,
)}`;
const TOP_LAYER = `sha256:${'c'.repeat(64)}`;
const COMMIT = 'e050d85687a3c8aa73c2b6bb5a24a2bbd5b7dd45';

function options(overrides: Partial<CnbLabelOptions> = {}): CnbLabelOptions {
  return {
    platformApi: '0.12',
    buildpacks: PAKETO_JAVA_BUILDPACKS,
    processes: PAKETO_JAVA_PROCESSES,
    runImage: { image: RUN_TAG, reference: RUN_REF, topLayer: TOP_LAYER },
    project: kpackGitProject('https://github.com/acme/invoice-worker', COMMIT),
    ...overrides,
  };
}

function parse(
  labels: Record<string, string>,
  config: { env?: string[]; entrypoint?: string[] } = {},
) {
  const facts = parseBuildpacksLabels({ labels, ...config });
  // Every result, however odd the input, is a valid model record.
  expect(BuildpacksFactsSchema.parse(facts)).toEqual(facts);
  return facts;
}

describe('parseBuildpacksLabels', () => {
  it('reads an image built with platform API 0.12 (array commands, runImage.image)', () => {
    const facts = parse(
      cnbImageLabels(
        options({
          runImage: {
            image: RUN_TAG,
            mirrors: ['ghcr.io/acme/run-jammy-base:latest'],
            reference: RUN_REF,
            topLayer: TOP_LAYER,
          },
          base: {
            id: 'io.buildpacks.stacks.jammy',
            'distro.name': 'ubuntu',
            'distro.version': '22.04',
          },
          rebasable: true,
        }),
      ),
      {
        env: ['PATH=/cnb/process:/usr/bin', 'CNB_PLATFORM_API=0.12'],
        entrypoint: ['/cnb/process/web'],
      },
    );
    expect(facts).toMatchObject({
      detected: true,
      source: 'image-labels',
      platformApi: '0.12',
      defaultProcess: 'web',
      rebasable: true,
      runImage: {
        image: RUN_TAG,
        mirrors: ['ghcr.io/acme/run-jammy-base:latest'],
        reference: RUN_REF,
        topLayer: TOP_LAYER,
        fromDeprecatedStack: false,
      },
      base: {
        id: 'io.buildpacks.stacks.jammy',
        distroName: 'ubuntu',
        distroVersion: '22.04',
      },
      launcher: {
        version: '0.20.2',
        repository: 'github.com/buildpacks/lifecycle',
      },
      project: {
        type: 'git',
        commit: COMMIT,
        repository: 'https://github.com/acme/invoice-worker',
        revision: 'main',
      },
      warnings: [],
    });
    expect(facts.stackId).toBeUndefined();
    expect(facts.buildpacks).toEqual([
      {
        id: 'paketo-buildpacks/ca-certificates',
        version: '3.8.6',
        homepage: 'https://github.com/paketo-buildpacks/ca-certificates',
        layers: ['helper'],
      },
      {
        id: 'paketo-buildpacks/bellsoft-liberica',
        version: '11.0.1',
        homepage: 'https://github.com/paketo-buildpacks/bellsoft-liberica',
        layers: ['helper', 'java-security-properties', 'jre'],
      },
      {
        id: 'paketo-buildpacks/executable-jar',
        version: '6.11.3',
        homepage: 'https://github.com/paketo-buildpacks/executable-jar',
        layers: [],
      },
      {
        id: 'paketo-buildpacks/spring-boot',
        version: '5.31.2',
        homepage: 'https://github.com/paketo-buildpacks/spring-boot',
        layers: ['helper', 'spring-cloud-bindings'],
      },
    ]);
    expect(facts.processes).toEqual([
      {
        type: 'executable-jar',
        command: ['java'],
        commandForm: 'array',
        args: ['org.springframework.boot.loader.launch.JarLauncher'],
        direct: true,
        default: false,
        buildpackId: 'paketo-buildpacks/executable-jar',
      },
      expect.objectContaining({ type: 'task', default: false }),
      expect.objectContaining({
        type: 'web',
        command: ['java'],
        commandForm: 'array',
        default: true,
      }),
    ]);
  });

  it('reads a platform API 0.9 image: string command, deprecated stack.runImage, stack id', () => {
    const facts = parse(
      cnbImageLabels(
        options({
          platformApi: '0.9',
          defaultProcess: 'web',
          processes: [
            {
              type: 'web',
              command: ['java', '-jar'],
              args: ['app.jar'],
              buildpackID: 'paketo-buildpacks/executable-jar',
              workingDir: '/workspace',
            },
          ],
          stackId: 'io.buildpacks.stacks.bionic',
        }),
      ),
      { env: ['CNB_PLATFORM_API=0.9'] },
    );
    expect(facts.processes).toEqual([
      {
        type: 'web',
        command: ['java'],
        commandForm: 'string',
        args: ['-jar', 'app.jar'],
        direct: true,
        default: true,
        buildpackId: 'paketo-buildpacks/executable-jar',
        workingDirectory: '/workspace',
      },
    ]);
    // No `default: true` on the process and no entrypoint: the build metadata decides.
    expect(facts.defaultProcess).toBe('web');
    expect(facts.runImage).toEqual({
      image: RUN_TAG,
      mirrors: [],
      reference: RUN_REF,
      topLayer: TOP_LAYER,
      fromDeprecatedStack: true,
    });
    expect(facts.stackId).toBe('io.buildpacks.stacks.bionic');
    expect(facts.base).toBeUndefined();
  });

  it('still reads a platform API 0.8 image that carries the legacy bom', () => {
    const labels = cnbImageLabels(options({ platformApi: '0.8' }));
    expect(JSON.parse(labels[BUILD_METADATA_LABEL]).bom).toEqual([]);
    const facts = parse(labels);
    expect(facts.buildpacks.map(bp => bp.id)).toHaveLength(4);
    expect(facts.processes.every(p => p.commandForm === 'string')).toBe(true);
    expect(facts.warnings).toEqual([]);
  });

  it('prefers runImage.image over the deprecated stack when both are written', () => {
    const facts = parse(
      cnbImageLabels(
        options({
          withStack: true,
          runImage: {
            image: 'registry.acme.example/base/run:jammy',
            reference: RUN_REF,
            topLayer: TOP_LAYER,
          },
        }),
      ),
    );
    expect(facts.runImage).toMatchObject({
      image: 'registry.acme.example/base/run:jammy',
      fromDeprecatedStack: false,
    });
  });

  it('takes the default process from the entrypoint, then `default`, then CNB_PROCESS_TYPE', () => {
    const labels = cnbImageLabels(options());
    expect(parse(labels, { entrypoint: ['/cnb/process/task'] })).toMatchObject({
      defaultProcess: 'task',
    });
    expect(
      parse(labels, { entrypoint: ['c:\\cnb\\process\\task.exe'] })
        .defaultProcess,
    ).toBe('task');
    expect(parse(labels).defaultProcess).toBe('web');
    const noDefault = cnbImageLabels(
      options({
        processes: PAKETO_JAVA_PROCESSES.map(p => ({ ...p, default: false })),
      }),
    );
    expect(
      parse(noDefault, {
        env: ['CNB_PROCESS_TYPE=executable-jar'],
        entrypoint: ['/cnb/lifecycle/launcher'],
      }).defaultProcess,
    ).toBe('executable-jar');
    expect(parse(noDefault).defaultProcess).toBeUndefined();
  });

  describe('project metadata', () => {
    const project = (value: unknown) =>
      parse({
        ...cnbImageLabels(options()),
        [PROJECT_METADATA_LABEL]: JSON.stringify(value),
      }).project;

    it('is absent for `{}` (no project metadata given)', () => {
      expect(project({})).toBeUndefined();
      expect(project({ source: {} })).toBeUndefined();
    });

    it('reads kpack git, blob and image sources', () => {
      expect(
        project(kpackGitProject('https://github.com/acme/ledger', COMMIT)),
      ).toEqual({
        type: 'git',
        commit: COMMIT,
        repository: 'https://github.com/acme/ledger',
        revision: 'main',
        version: { commit: COMMIT },
        metadata: {
          repository: 'https://github.com/acme/ledger',
          revision: 'main',
        },
      });
      expect(
        project({
          source: {
            type: 'blob',
            version: { sha256sum: 'abc123' },
            metadata: { url: 'https://storage.acme.example/src.tgz' },
          },
        }),
      ).toEqual({
        type: 'blob',
        repository: 'https://storage.acme.example/src.tgz',
        version: { sha256sum: 'abc123' },
        metadata: { url: 'https://storage.acme.example/src.tgz' },
      });
      expect(
        project({
          source: {
            type: 'image',
            version: { digest: 'sha256:123' },
            metadata: { image: 'registry.acme.example/src:1' },
          },
        }),
      ).toMatchObject({
        type: 'image',
        version: { digest: 'sha256:123' },
        metadata: { image: 'registry.acme.example/src:1' },
      });
    });

    it('reads pack sources: project.toml `declared` versions and git refs lists', () => {
      expect(
        project({
          source: {
            type: 'project',
            version: { declared: '1.0.2' },
            metadata: { url: 'https://github.com/acme/cart-service' },
          },
        }),
      ).toMatchObject({
        type: 'project',
        repository: 'https://github.com/acme/cart-service',
        version: { declared: '1.0.2' },
      });
      expect(
        project({
          source: {
            type: 'git',
            version: { commit: COMMIT },
            metadata: { refs: ['main', 'v1.2.0'], url: 'git@github.com:a/b' },
          },
        }),
      ).toEqual({
        type: 'git',
        commit: COMMIT,
        repository: 'git@github.com:a/b',
        revision: 'main',
        version: { commit: COMMIT },
        metadata: { refs: 'main, v1.2.0', url: 'git@github.com:a/b' },
      });
    });
  });

  describe('base image and stack labels', () => {
    it('keeps every io.buildpacks.base.* label and reads id and distro', () => {
      const facts = parse({
        ...cnbImageLabels(options()),
        'io.buildpacks.base.id': 'io.buildpacks.stacks.noble',
        'io.buildpacks.base.maintainer': 'Paketo Buildpacks',
        'io.buildpacks.base.distro.name': 'ubuntu',
        'io.buildpacks.base.distro.version': '24.04',
      });
      expect(facts.base).toEqual({
        id: 'io.buildpacks.stacks.noble',
        distroName: 'ubuntu',
        distroVersion: '24.04',
        labels: {
          id: 'io.buildpacks.stacks.noble',
          maintainer: 'Paketo Buildpacks',
          'distro.name': 'ubuntu',
          'distro.version': '24.04',
        },
      });
      expect(facts.stackId).toBeUndefined();
    });

    it('reads the deprecated stack id and Paketo’s stack distro labels', () => {
      const facts = parse({
        ...cnbImageLabels(options({ stackId: 'io.buildpacks.stacks.jammy' })),
        'io.buildpacks.stack.distro.name': 'ubuntu',
        'io.buildpacks.stack.distro.version': '22.04',
      });
      expect(facts.stackId).toBe('io.buildpacks.stacks.jammy');
      expect(facts.base).toEqual({
        distroName: 'ubuntu',
        distroVersion: '22.04',
        labels: {},
      });
    });
  });

  it('reads io.buildpacks.rebasable and reports values that are not booleans', () => {
    expect(parse(cnbImageLabels(options({ rebasable: false }))).rebasable).toBe(
      false,
    );
    expect(parse(cnbImageLabels(options())).rebasable).toBeUndefined();
    const odd = parse({
      ...cnbImageLabels(options()),
      'io.buildpacks.rebasable': 'yes',
    });
    expect(odd.rebasable).toBeUndefined();
    expect(odd.warnings).toEqual([
      "Label io.buildpacks.rebasable is 'yes', not 'true' or 'false'",
    ]);
  });

  it('says detected: false for an image not built by buildpacks, without warnings', () => {
    expect(
      parse({
        'org.opencontainers.image.source': 'https://github.com/acme/search',
        maintainer: 'storefront',
        'io.buildpacks.stack.id': 'io.buildpacks.stacks.jammy',
      }),
    ).toEqual({
      detected: false,
      source: 'image-labels',
      buildpacks: [],
      extensions: [],
      processes: [],
      warnings: [],
    });
    expect(parse({}).detected).toBe(false);
  });

  it('turns malformed label JSON into a warning naming the label and keeps the other labels', () => {
    const facts = parse({
      ...cnbImageLabels(options()),
      [LIFECYCLE_METADATA_LABEL]: '{"runImage": {"topLayer": ',
    });
    expect(facts.detected).toBe(true);
    expect(facts.runImage).toBeUndefined();
    expect(facts.warnings).toHaveLength(1);
    expect(facts.warnings[0]).toMatch(
      /^Label io\.buildpacks\.lifecycle\.metadata is not valid JSON \(.+\); its facts are missing$/,
    );
    // Build metadata still gives buildpacks and processes.
    expect(facts.buildpacks.map(bp => bp.version)).toEqual([
      '3.8.6',
      '11.0.1',
      '6.11.3',
      '5.31.2',
    ]);
    expect(facts.processes).toHaveLength(3);
  });

  it('falls back to lifecycle metadata buildpacks when build metadata is broken', () => {
    const facts = parse({
      ...cnbImageLabels(options()),
      [BUILD_METADATA_LABEL]: '["not", "an", "object"]',
    });
    expect(facts.warnings).toEqual([
      'Label io.buildpacks.build.metadata is not a JSON object; its facts are missing',
    ]);
    expect(facts.buildpacks[1]).toEqual({
      id: 'paketo-buildpacks/bellsoft-liberica',
      version: '11.0.1',
      layers: ['helper', 'java-security-properties', 'jre'],
    });
    expect(facts.processes).toEqual([]);
    expect(facts.runImage?.topLayer).toBe(TOP_LAYER);
  });

  it('detects an image with build metadata but no lifecycle metadata, and says the run image is unknown', () => {
    const labels = cnbImageLabels(options());
    const facts = parse({
      [BUILD_METADATA_LABEL]: labels[BUILD_METADATA_LABEL],
    });
    expect(facts.detected).toBe(true);
    expect(facts.runImage).toBeUndefined();
    expect(facts.warnings).toEqual([
      'Label io.buildpacks.lifecycle.metadata is missing; the run image is not known',
    ]);
  });

  it('reports processes it cannot read and buildpacks without ids', () => {
    const facts = parse({
      [LIFECYCLE_METADATA_LABEL]: JSON.stringify({
        buildpacks: [{ version: '1.0.0' }],
        runImage: { topLayer: TOP_LAYER, reference: RUN_REF },
      }),
      [BUILD_METADATA_LABEL]: JSON.stringify({
        buildpacks: [{ id: 'acme/go', version: '2.0.0' }],
        processes: [
          { type: 'web', command: { not: 'a command' } },
          { command: ['ls'] },
        ],
      }),
    });
    expect(facts.processes).toEqual([
      {
        type: 'web',
        command: [],
        commandForm: 'array',
        args: [],
        default: false,
      },
    ]);
    expect(facts.warnings).toEqual([
      'io.buildpacks.lifecycle.metadata has an entry without key',
      'io.buildpacks.build.metadata process web has a command that is neither a string nor a list of strings',
      'io.buildpacks.build.metadata has a process without a type',
    ]);
    // A run image reference and top layer but no tag to follow.
    expect(facts.runImage).toEqual({
      mirrors: [],
      reference: RUN_REF,
      topLayer: TOP_LAYER,
      fromDeprecatedStack: false,
    });
  });
});
