/*
 * Test-only: the `io.buildpacks.*` labels the lifecycle's exporter writes,
 * built from its Go types (buildpacks/lifecycle `platform/files`
 * LayersMetadata, BuildMetadata, ProjectMetadata, Stack; `launch.Process`)
 * with JSON keys and field order as `encoding/json` emits them. Shared by
 * the parser tests and the registry tests that push images.
 */

/** A buildpack in the build group. */
export interface FixtureBuildpack {
  id: string;
  version: string;
  homepage?: string;
  /** Launch layer names. */
  layers?: string[];
}

/** A process (`launch.Process`). */
export interface FixtureProcess {
  type: string;
  command: string[];
  args?: string[];
  direct?: boolean;
  default?: boolean;
  buildpackID: string;
  workingDir?: string;
}

export interface CnbLabelOptions {
  /** Decides the process `command` form (< 0.10: string), the `bom` key (< 0.9) and `runImage.image` (≥ 0.12). */
  platformApi: string;
  buildpacks: FixtureBuildpack[];
  processes: FixtureProcess[];
  defaultProcess?: string;
  runImage: {
    image: string;
    mirrors?: string[];
    reference: string;
    topLayer: string;
  };
  /** Also write the deprecated `stack` key (always written before 0.12). */
  withStack?: boolean;
  /** `io.buildpacks.project.metadata`; `{}` when undefined. */
  project?: unknown;
  stackId?: string;
  base?: Record<string, string>;
  rebasable?: boolean;
  launcher?: { version: string; repository: string; commit: string };
}

function sha(seed: string): string {
  // Deterministic, hex-looking layer digests; the registry never checks these.
  let hex = '';
  let n = 0;
  for (const ch of seed) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  while (hex.length < 64) {
    n = (n * 1103515245 + 12345) >>> 0;
    hex += n.toString(16).padStart(8, '0');
  }
  return `sha256:${hex.slice(0, 64)}`;
}

function atLeast(version: string, minimum: string): boolean {
  const [a1, a2] = version.split('.').map(Number);
  const [b1, b2] = minimum.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
}

/** The labels of a buildpacks-built app image. */
export function cnbImageLabels(
  options: CnbLabelOptions,
): Record<string, string> {
  const api = options.platformApi;
  const runImage: Record<string, unknown> = {
    topLayer: options.runImage.topLayer,
    reference: options.runImage.reference,
  };
  if (atLeast(api, '0.12')) {
    runImage.image = options.runImage.image;
    if (options.runImage.mirrors) runImage.mirrors = options.runImage.mirrors;
  }
  const lifecycle: Record<string, unknown> = {
    app: [{ sha: sha('app') }],
    buildpacks: options.buildpacks.map(bp => ({
      key: bp.id,
      version: bp.version,
      layers: Object.fromEntries(
        (bp.layers ?? []).map(layer => [
          layer,
          { sha: sha(`${bp.id}/${layer}`), data: {}, launch: true },
        ]),
      ),
    })),
    config: { sha: sha('config') },
    launcher: { sha: sha('launcher') },
    'process-types': { sha: sha('process-types') },
    runImage,
  };
  if (options.withStack || !atLeast(api, '0.12')) {
    lifecycle.stack = {
      runImage: {
        image: options.runImage.image,
        ...(options.runImage.mirrors
          ? { mirrors: options.runImage.mirrors }
          : {}),
      },
    };
  }

  const processes = options.processes.map(p => {
    const base = atLeast(api, '0.10')
      ? { type: p.type, command: p.command, args: p.args ?? [] }
      : {
          type: p.type,
          command: p.command[0],
          args: [...p.command.slice(1), ...(p.args ?? [])],
        };
    return {
      ...base,
      direct: p.direct ?? true,
      ...(p.default ? { default: true } : {}),
      buildpackID: p.buildpackID,
      ...(p.workingDir ? { 'working-dir': p.workingDir } : {}),
    };
  });
  const launcher = options.launcher ?? {
    version: '0.20.2',
    repository: 'github.com/buildpacks/lifecycle',
    commit: '7aa2cb7b2c1e5a0fb3d8e0b7f7a1b1f4c5d2e9a0',
  };
  const build: Record<string, unknown> = {
    ...(atLeast(api, '0.9') ? {} : { bom: [] }),
    buildpacks: options.buildpacks.map(bp => ({
      id: bp.id,
      version: bp.version,
      ...(bp.homepage ? { homepage: bp.homepage } : {}),
    })),
    launcher: {
      version: launcher.version,
      source: {
        git: { repository: launcher.repository, commit: launcher.commit },
      },
    },
    processes,
    ...(options.defaultProcess
      ? { 'buildpack-default-process-type': options.defaultProcess }
      : {}),
  };

  const labels: Record<string, string> = {
    'io.buildpacks.lifecycle.metadata': JSON.stringify(lifecycle),
    'io.buildpacks.build.metadata': JSON.stringify(build),
    'io.buildpacks.project.metadata': JSON.stringify(options.project ?? {}),
  };
  if (options.stackId) labels['io.buildpacks.stack.id'] = options.stackId;
  for (const [key, value] of Object.entries(options.base ?? {})) {
    labels[`io.buildpacks.base.${key}`] = value;
  }
  if (options.rebasable !== undefined) {
    labels['io.buildpacks.rebasable'] = String(options.rebasable);
  }
  return labels;
}

/** The Paketo Java buildpacks of the demo world. */
export const PAKETO_JAVA_BUILDPACKS: FixtureBuildpack[] = [
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
  },
  {
    id: 'paketo-buildpacks/spring-boot',
    version: '5.31.2',
    homepage: 'https://github.com/paketo-buildpacks/spring-boot',
    layers: ['helper', 'spring-cloud-bindings'],
  },
];

/** The processes Paketo's executable-jar buildpack contributes. */
export const PAKETO_JAVA_PROCESSES: FixtureProcess[] = [
  {
    type: 'executable-jar',
    command: ['java'],
    args: ['org.springframework.boot.loader.launch.JarLauncher'],
    buildpackID: 'paketo-buildpacks/executable-jar',
  },
  {
    type: 'task',
    command: ['java'],
    args: ['org.springframework.boot.loader.launch.JarLauncher'],
    buildpackID: 'paketo-buildpacks/executable-jar',
  },
  {
    type: 'web',
    command: ['java'],
    args: ['org.springframework.boot.loader.launch.JarLauncher'],
    default: true,
    buildpackID: 'paketo-buildpacks/executable-jar',
  },
];

/** kpack's project metadata for a git source. */
export function kpackGitProject(repository: string, commit: string) {
  return {
    source: {
      type: 'git',
      version: { commit },
      metadata: { repository, revision: 'main' },
    },
  };
}
