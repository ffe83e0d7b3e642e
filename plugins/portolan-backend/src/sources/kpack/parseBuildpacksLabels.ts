/*
 * Reads the Cloud Native Buildpacks labels of an image config into
 * BuildpacksFacts. The label shapes follow buildpacks/lifecycle
 * `platform/files` (LayersMetadata, BuildMetadata, ProjectMetadata, Stack)
 * and `launch.Process`. Pure and total: an image without the labels is
 * `detected: false`, and a label that does not parse costs only its own
 * facts plus a warning naming it — never an exception.
 */
import { toError } from '@backstage/errors';
import type {
  BaseImageFacts,
  BuildpackProcess,
  BuildpackRef,
  BuildpacksFacts,
  LauncherFacts,
  ProjectSourceFacts,
  RunImageFacts,
} from '@portolan/plugin-portolan-common';
import {
  asObject,
  readArray,
  readBoolean,
  readNonEmptyString,
  readPath,
  readStringArray,
  type Unstructured,
} from '../../delivery/unstructured';

/** `LayersMetadata`: run image, deprecated stack, buildpack layers. */
export const LIFECYCLE_METADATA_LABEL = 'io.buildpacks.lifecycle.metadata';
/** `BuildMetadata`: buildpacks, launcher, processes. */
export const BUILD_METADATA_LABEL = 'io.buildpacks.build.metadata';
/** `ProjectMetadata`: the source the app was built from. */
export const PROJECT_METADATA_LABEL = 'io.buildpacks.project.metadata';
/** `"false"` when a buildpack or extension changed the run image layers. */
export const REBASABLE_LABEL = 'io.buildpacks.rebasable';
/** Deprecated (platform API 0.12) by the `io.buildpacks.base.*` labels. */
export const STACK_ID_LABEL = 'io.buildpacks.stack.id';
/** Target facts of the base image (`id`, `distro.name`, `distro.version`, …). */
export const BASE_LABEL_PREFIX = 'io.buildpacks.base.';
// Paketo run images set only these, not their `base.distro.*` successors.
const STACK_DISTRO_NAME_LABEL = 'io.buildpacks.stack.distro.name';
const STACK_DISTRO_VERSION_LABEL = 'io.buildpacks.stack.distro.version';

const PROCESS_ENTRYPOINT =
  /^(?:\/cnb\/process\/|c:\\cnb\\process\\)([^/\\]+?)(?:\.exe)?$/i;

/** The parts of an image config the parser reads. */
export interface ImageConfigLabels {
  labels: Readonly<Record<string, string>>;
  /** `config.Env`, `KEY=value` entries. */
  env?: readonly string[];
  /** `config.Entrypoint`. */
  entrypoint?: readonly string[];
}

function envValue(
  env: readonly string[] | undefined,
  key: string,
): string | undefined {
  const prefix = `${key}=`;
  const entry = env?.find(e => e.startsWith(prefix));
  const value = entry?.slice(prefix.length);
  return value ? value : undefined;
}

function parseJsonLabel(
  labels: Readonly<Record<string, string>>,
  name: string,
  warnings: string[],
): Unstructured | undefined {
  const text = labels[name];
  if (text === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    warnings.push(
      `Label ${name} is not valid JSON (${
        toError(e).message
      }); its facts are missing`,
    );
    return undefined;
  }
  const object = asObject(parsed);
  if (!object) {
    warnings.push(`Label ${name} is not a JSON object; its facts are missing`);
  }
  return object;
}

/** A map's values as strings: lists joined, other values as JSON. */
function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value) ?? {})) {
    if (entry === undefined || entry === null) continue;
    if (typeof entry === 'string') {
      result[key] = entry;
    } else if (
      Array.isArray(entry) &&
      entry.every(item => typeof item === 'string')
    ) {
      result[key] = entry.join(', ');
    } else {
      result[key] = JSON.stringify(entry);
    }
  }
  return result;
}

function buildpackRefs(
  entries: unknown[],
  idKey: 'id' | 'key',
  warnings: string[],
  where: string,
): BuildpackRef[] {
  const refs: BuildpackRef[] = [];
  for (const entry of entries) {
    const id = readNonEmptyString(entry, [idKey]);
    if (!id) {
      warnings.push(`${where} has an entry without ${idKey}`);
      continue;
    }
    const ref: BuildpackRef = { id };
    const version = readNonEmptyString(entry, ['version']);
    if (version) ref.version = version;
    const homepage = readNonEmptyString(entry, ['homepage']);
    if (homepage) ref.homepage = homepage;
    const layers = asObject(readPath(entry, ['layers']));
    if (layers) ref.layers = Object.keys(layers).sort();
    refs.push(ref);
  }
  return refs;
}

/** Build metadata's buildpacks, with the layers lifecycle metadata lists for each. */
function mergeBuildpacks(
  fromBuild: BuildpackRef[] | undefined,
  fromLifecycle: BuildpackRef[],
): BuildpackRef[] {
  if (!fromBuild) {
    return fromLifecycle;
  }
  return fromBuild.map(buildpack => {
    const layers = fromLifecycle.find(l => l.id === buildpack.id)?.layers;
    return layers ? { ...buildpack, layers } : buildpack;
  });
}

function runImageFacts(lifecycle: Unstructured): RunImageFacts | undefined {
  const image = readNonEmptyString(lifecycle, ['runImage', 'image']);
  const stackImage = readNonEmptyString(lifecycle, [
    'stack',
    'runImage',
    'image',
  ]);
  const reference = readNonEmptyString(lifecycle, ['runImage', 'reference']);
  const topLayer = readNonEmptyString(lifecycle, ['runImage', 'topLayer']);
  if (!image && !stackImage && !reference && !topLayer) {
    return undefined;
  }
  const mirrors = image
    ? readStringArray(lifecycle, ['runImage', 'mirrors'])
    : readStringArray(lifecycle, ['stack', 'runImage', 'mirrors']);
  const facts: RunImageFacts = {
    mirrors,
    fromDeprecatedStack: !image && stackImage !== undefined,
  };
  const followed = image ?? stackImage;
  if (followed) facts.image = followed;
  if (reference) facts.reference = reference;
  if (topLayer) facts.topLayer = topLayer;
  return facts;
}

function launcherFacts(build: Unstructured): LauncherFacts | undefined {
  const launcher: LauncherFacts = {};
  const version = readNonEmptyString(build, ['launcher', 'version']);
  const repository = readNonEmptyString(build, [
    'launcher',
    'source',
    'git',
    'repository',
  ]);
  const commit = readNonEmptyString(build, [
    'launcher',
    'source',
    'git',
    'commit',
  ]);
  if (version) launcher.version = version;
  if (repository) launcher.repository = repository;
  if (commit) launcher.commit = commit;
  return Object.keys(launcher).length > 0 ? launcher : undefined;
}

function processes(
  build: Unstructured,
  warnings: string[],
): BuildpackProcess[] {
  const result: BuildpackProcess[] = [];
  for (const raw of readArray(build, ['processes'])) {
    const type = readNonEmptyString(raw, ['type']);
    if (!type) {
      warnings.push(`${BUILD_METADATA_LABEL} has a process without a type`);
      continue;
    }
    const command = readPath(raw, ['command']);
    let commandList: string[];
    let commandForm: BuildpackProcess['commandForm'];
    if (typeof command === 'string') {
      // Platform API < 0.10: one string, the rest of the command is in args.
      commandList = [command];
      commandForm = 'string';
    } else if (
      Array.isArray(command) &&
      command.every(part => typeof part === 'string')
    ) {
      commandList = command;
      commandForm = 'array';
    } else {
      warnings.push(
        `${BUILD_METADATA_LABEL} process ${type} has a command that is neither a string nor a list of strings`,
      );
      commandList = [];
      commandForm = 'array';
    }
    const process: BuildpackProcess = {
      type,
      command: commandList,
      commandForm,
      args: readStringArray(raw, ['args']),
      default: readBoolean(raw, ['default']) === true,
    };
    const direct = readBoolean(raw, ['direct']);
    if (direct !== undefined) process.direct = direct;
    const buildpackId = readNonEmptyString(raw, ['buildpackID']);
    if (buildpackId) process.buildpackId = buildpackId;
    const workingDirectory = readNonEmptyString(raw, ['working-dir']);
    if (workingDirectory) process.workingDirectory = workingDirectory;
    result.push(process);
  }
  return result;
}

function projectFacts(project: Unstructured): ProjectSourceFacts | undefined {
  const source = asObject(project.source);
  // `{}` is what the lifecycle writes when the platform gave no project metadata.
  if (!source || Object.keys(source).length === 0) {
    return undefined;
  }
  const version = stringRecord(source.version);
  const metadata = stringRecord(source.metadata);
  const facts: ProjectSourceFacts = { version, metadata };
  const type = readNonEmptyString(source, ['type']);
  if (type) facts.type = type;
  const commit = version.commit;
  if (commit) facts.commit = commit;
  const repository = metadata.repository ?? metadata.url;
  if (repository) facts.repository = repository;
  const refs = readStringArray(source, ['metadata', 'refs']);
  const revision = metadata.revision ?? refs[0];
  if (revision) facts.revision = revision;
  return facts;
}

function baseFacts(
  labels: Readonly<Record<string, string>>,
): BaseImageFacts | undefined {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(BASE_LABEL_PREFIX)) {
      base[key.slice(BASE_LABEL_PREFIX.length)] = value;
    }
  }
  const distroName = base['distro.name'] ?? labels[STACK_DISTRO_NAME_LABEL];
  const distroVersion =
    base['distro.version'] ?? labels[STACK_DISTRO_VERSION_LABEL];
  if (Object.keys(base).length === 0 && !distroName && !distroVersion) {
    return undefined;
  }
  const facts: BaseImageFacts = { labels: base };
  if (base.id) facts.id = base.id;
  if (distroName) facts.distroName = distroName;
  if (distroVersion) facts.distroVersion = distroVersion;
  return facts;
}

function defaultProcessType(
  image: ImageConfigLabels,
  build: Unstructured | undefined,
  found: BuildpackProcess[],
): string | undefined {
  // What the image really starts: its entrypoint names the process (platform API 0.6+).
  const entrypoint = image.entrypoint?.[0];
  const fromEntrypoint = entrypoint
    ? PROCESS_ENTRYPOINT.exec(entrypoint)?.[1]
    : undefined;
  return (
    fromEntrypoint ??
    found.find(p => p.default)?.type ??
    readNonEmptyString(build, ['buildpack-default-process-type']) ??
    envValue(image.env, 'CNB_PROCESS_TYPE')
  );
}

/** The buildpacks facts of an image config; `detected: false` when it has none. */
export function parseBuildpacksLabels(
  image: ImageConfigLabels,
): BuildpacksFacts {
  const { labels } = image;
  const warnings: string[] = [];
  const detected =
    labels[LIFECYCLE_METADATA_LABEL] !== undefined ||
    labels[BUILD_METADATA_LABEL] !== undefined;
  const facts: BuildpacksFacts = {
    detected,
    source: 'image-labels',
    buildpacks: [],
    extensions: [],
    processes: [],
    warnings,
  };
  if (!detected) {
    return facts;
  }

  const lifecycle = parseJsonLabel(labels, LIFECYCLE_METADATA_LABEL, warnings);
  const build = parseJsonLabel(labels, BUILD_METADATA_LABEL, warnings);
  const project = parseJsonLabel(labels, PROJECT_METADATA_LABEL, warnings);
  if (labels[LIFECYCLE_METADATA_LABEL] === undefined) {
    warnings.push(
      `Label ${LIFECYCLE_METADATA_LABEL} is missing; the run image is not known`,
    );
  }

  const platformApi = envValue(image.env, 'CNB_PLATFORM_API');
  if (platformApi) facts.platformApi = platformApi;

  const lifecycleBuildpacks = lifecycle
    ? buildpackRefs(
        readArray(lifecycle, ['buildpacks']),
        'key',
        warnings,
        LIFECYCLE_METADATA_LABEL,
      )
    : [];
  const buildBuildpacks = build
    ? buildpackRefs(
        readArray(build, ['buildpacks']),
        'id',
        warnings,
        BUILD_METADATA_LABEL,
      )
    : undefined;
  facts.buildpacks = mergeBuildpacks(buildBuildpacks, lifecycleBuildpacks);
  if (build) {
    facts.extensions = buildpackRefs(
      readArray(build, ['extensions']),
      'id',
      warnings,
      BUILD_METADATA_LABEL,
    );
    const launcher = launcherFacts(build);
    if (launcher) facts.launcher = launcher;
    facts.processes = processes(build, warnings);
  }
  const defaultProcess = defaultProcessType(image, build, facts.processes);
  if (defaultProcess) {
    facts.defaultProcess = defaultProcess;
    facts.processes = facts.processes.map(p => ({
      ...p,
      default: p.type === defaultProcess,
    }));
  }

  const runImage = lifecycle ? runImageFacts(lifecycle) : undefined;
  if (runImage) facts.runImage = runImage;
  const stackId = labels[STACK_ID_LABEL];
  if (stackId) facts.stackId = stackId;
  const base = baseFacts(labels);
  if (base) facts.base = base;
  const projectSource = project ? projectFacts(project) : undefined;
  if (projectSource) facts.project = projectSource;

  const rebasable = labels[REBASABLE_LABEL];
  if (rebasable === 'true' || rebasable === 'false') {
    facts.rebasable = rebasable === 'true';
  } else if (rebasable !== undefined) {
    warnings.push(
      `Label ${REBASABLE_LABEL} is '${rebasable}', not 'true' or 'false'`,
    );
  }
  return facts;
}
