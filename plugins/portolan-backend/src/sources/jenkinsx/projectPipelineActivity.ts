/*
 * Projection of Jenkins X PipelineActivities (jenkins.io/v1). Their state
 * lives in `spec` (`spec.status`, `spec.steps`), not in `status`. Never
 * throws; what does not fit is reported in `warnings`.
 */
import { compact } from '@portolan/plugin-portolan-node';
import {
  normalizeRepositoryUrl,
  type RepositoryKey,
} from '../../delivery/repositoryUrl';
import {
  ReadWarnings,
  asObject,
  readArray,
  readNamespacedIdentity,
  readNonEmptyString,
  readStringMap,
  readTimestamp,
  withoutUndefined,
} from '../../delivery/unstructured';

/** A `CoreActivityStep`: name, status and times. */
export interface ProjectedActivityCore {
  name?: string;
  description?: string;
  status?: string;
  startedAt?: string;
  completedAt?: string;
}

/** One `spec.steps[]` entry: a stage (with sub-steps), a preview or a promotion. */
export interface ProjectedActivityStep extends ProjectedActivityCore {
  kind?: string;
  steps: ProjectedActivityCore[];
  environment?: string;
  pullRequestUrl?: string;
  mergeCommitSha?: string;
  applicationUrl?: string;
}

/** A PipelineActivity. */
export interface ProjectedPipelineActivity {
  name: string;
  namespace: string;
  /** False when the object has no `spec`, where all of its state lives. */
  hasSpec: boolean;
  pipeline?: string;
  build?: string;
  status?: string;
  startedAt?: string;
  completedAt?: string;
  gitUrl?: string;
  gitOwner?: string;
  gitRepository?: string;
  gitBranch?: string;
  lastCommitSha?: string;
  lastCommitMessage?: string;
  lastCommitUrl?: string;
  author?: string;
  buildUrl?: string;
  buildLogsUrl?: string;
  releaseNotesUrl?: string;
  context?: string;
  steps: ProjectedActivityStep[];
  /** Repository keys from `gitUrl`, for matching entities by repository. */
  repositoryKeys: RepositoryKey[];
  /** `owner/repo` when only owner and repository are known (no host). */
  repositoryPath?: string;
  warnings: string[];
}

function readCore(
  value: unknown,
  warnings: ReadWarnings,
): ProjectedActivityCore {
  return withoutUndefined({
    name: readNonEmptyString(value, ['name'], warnings),
    description: readNonEmptyString(value, ['description'], warnings),
    // Upstream's "none" status is the empty string: kept as such.
    status: readStatus(value, warnings),
    startedAt: readTimestamp(value, ['startedTimestamp'], warnings),
    completedAt: readTimestamp(value, ['completedTimestamp'], warnings),
  });
}

function readStatus(value: unknown, warnings: ReadWarnings) {
  const status = asObject(value)?.status;
  if (status === undefined || status === null) {
    return undefined;
  }
  if (typeof status !== 'string') {
    warnings.add('status is not a string');
    // Kept (as text) so that the translator shows it as an unknown value.
    return JSON.stringify(status);
  }
  return status;
}

const STEP_KEYS: Record<string, 'stage' | 'preview' | 'promote'> = {
  Stage: 'stage',
  Preview: 'preview',
  Promote: 'promote',
};

function readStep(
  entry: unknown,
  index: number,
  warnings: ReadWarnings,
): ProjectedActivityStep | undefined {
  const field = `steps[${index}]`;
  if (!asObject(entry)) {
    warnings.add(`${field} is not an object`);
    return undefined;
  }
  const kind = readNonEmptyString(entry, ['kind'], warnings.within(field));
  // The kind names which of stage/preview/promote holds the step.
  const key =
    (kind && STEP_KEYS[kind]) ??
    (['stage', 'preview', 'promote'] as const).find(
      candidate => asObject(asObject(entry)?.[candidate]) !== undefined,
    );
  const body = key ? asObject(asObject(entry)?.[key]) : undefined;
  if (!body) {
    warnings.add(`${field} (${kind ?? 'no kind'}) has no details`);
    return withoutUndefined({ kind, steps: [] });
  }
  const bodyWarnings = warnings.within(`${field}.${key}`);
  const steps: ProjectedActivityCore[] = [];
  for (const sub of readArray(body, ['steps'], bodyWarnings)) {
    steps.push(readCore(sub, bodyWarnings.within('steps')));
  }
  const pullRequest = asObject(body.pullRequest);
  const update = asObject(body.update);
  // A promotion's pull request and update phases are its sub-steps.
  if (pullRequest) {
    steps.push({
      ...readCore(pullRequest, bodyWarnings.within('pullRequest')),
      name: readNonEmptyString(pullRequest, ['name']) ?? 'Promote pull request',
    });
  }
  if (update) {
    steps.push({
      ...readCore(update, bodyWarnings.within('update')),
      name: readNonEmptyString(update, ['name']) ?? 'Promote update',
    });
  }
  return withoutUndefined({
    kind: kind ?? (key ? `${key[0].toUpperCase()}${key.slice(1)}` : undefined),
    ...readCore(body, bodyWarnings),
    steps: compact(steps),
    environment: readNonEmptyString(body, ['environment'], bodyWarnings),
    pullRequestUrl:
      readNonEmptyString(body, ['pullRequestURL'], bodyWarnings) ??
      readNonEmptyString(pullRequest, ['pullRequestURL'], bodyWarnings),
    mergeCommitSha: readNonEmptyString(
      pullRequest,
      ['mergeCommitSHA'],
      bodyWarnings,
    ),
    applicationUrl: readNonEmptyString(body, ['applicationURL'], bodyWarnings),
  });
}

/** Projects a PipelineActivity. Never throws. */
export function projectPipelineActivity(
  raw: unknown,
): ProjectedPipelineActivity {
  const warnings = new ReadWarnings();
  const { name, namespace } = readNamespacedIdentity(raw, warnings);
  const spec = asObject(raw)?.spec;
  if (!asObject(spec)) {
    warnings.add('spec is missing');
  }
  const specWarnings = warnings.within('spec');
  const steps: ProjectedActivityStep[] = [];
  for (const [index, entry] of readArray(
    spec,
    ['steps'],
    specWarnings,
  ).entries()) {
    const step = readStep(entry, index, specWarnings);
    if (step) {
      steps.push(step);
    }
  }
  const text = (key: string) => readNonEmptyString(spec, [key], specWarnings);
  // jx also labels activities with owner and repository; the spec wins.
  const labels = readStringMap(raw, ['metadata', 'labels']);
  const gitUrl = text('gitUrl');
  const gitOwner = text('gitOwner') ?? labels.owner;
  const gitRepository = text('gitRepository') ?? labels.repository;
  const gitKey = normalizeRepositoryUrl(gitUrl);
  return withoutUndefined({
    name,
    namespace,
    hasSpec: asObject(spec) !== undefined,
    pipeline: text('pipeline'),
    build: text('build'),
    status: readStatus(spec, specWarnings),
    startedAt: readTimestamp(spec, ['startedTimestamp'], specWarnings),
    completedAt: readTimestamp(spec, ['completedTimestamp'], specWarnings),
    gitUrl,
    gitOwner,
    gitRepository,
    gitBranch: text('gitBranch'),
    lastCommitSha: text('lastCommitSHA'),
    lastCommitMessage: text('lastCommitMessage'),
    lastCommitUrl: text('lastCommitURL'),
    author: text('author'),
    buildUrl: text('buildUrl'),
    buildLogsUrl: text('buildLogsUrl'),
    releaseNotesUrl: text('releaseNotesURL'),
    context: text('context'),
    steps: compact(steps),
    repositoryKeys: gitKey ? [gitKey] : [],
    repositoryPath:
      gitOwner && gitRepository
        ? `${gitOwner}/${gitRepository}`.toLowerCase()
        : undefined,
    warnings: warnings.messages,
  });
}
