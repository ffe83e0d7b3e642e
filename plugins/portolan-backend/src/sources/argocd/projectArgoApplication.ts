/*
 * Projection of Argo CD Applications (argoproj.io/v1alpha1): the fields the
 * translator reads, for single-source (`spec.source`), multi-source
 * (`spec.sources`) and source-hydrator (`spec.sourceHydrator`) applications.
 * Never throws; what does not fit is reported in `warnings`.
 */
import type { DeploymentSource } from '@portolan/plugin-portolan-common';
import { compact } from '@portolan/plugin-portolan-node';
import {
  normalizeRepositoryUrl,
  type RepositoryKey,
} from '../../delivery/repositoryUrl';
import {
  ReadWarnings,
  asObject,
  readArray,
  readBoolean,
  readInteger,
  readNamespacedIdentity,
  readNonEmptyString,
  readString,
  readStringArray,
  readTimestamp,
  withoutUndefined,
} from '../../delivery/unstructured';

/** Who started a sync, as upstream writes it. */
export interface ProjectedInitiator {
  username?: string;
  automated: boolean;
}

/** One `status.history` entry. */
export interface ProjectedHistoryEntry {
  id?: number;
  revision?: string;
  revisions: string[];
  deployStartedAt?: string;
  deployedAt?: string;
  initiatedBy?: ProjectedInitiator;
}

/** An Argo CD Application. */
export interface ProjectedArgoApplication {
  name: string;
  namespace: string;
  project?: string;
  destination: { server?: string; name?: string; namespace?: string };
  sources: DeploymentSource[];
  multiSource: boolean;
  sync: { status?: string; revision?: string; revisions: string[] };
  health: { status?: string; message?: string };
  history: ProjectedHistoryEntry[];
  operation?: {
    phase?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    revision?: string;
    revisions: string[];
    initiatedBy?: ProjectedInitiator;
  };
  images: string[];
  externalUrls: string[];
  /** Keys of every source repository, for matching entities by repository. */
  repositoryKeys: RepositoryKey[];
  warnings: string[];
}

function readSource(
  value: unknown,
  field: string,
  parentWarnings: ReadWarnings,
): DeploymentSource | undefined {
  if (!asObject(value)) {
    parentWarnings.add(`${field} is not an object`);
    return undefined;
  }
  const warnings = parentWarnings.within(field);
  const repoUrl = readNonEmptyString(value, ['repoURL'], warnings);
  if (!repoUrl) {
    parentWarnings.add(`${field}.repoURL is missing`);
    return undefined;
  }
  return withoutUndefined({
    repoUrl,
    path: readNonEmptyString(value, ['path'], warnings),
    targetRevision: readNonEmptyString(value, ['targetRevision'], warnings),
    chart: readNonEmptyString(value, ['chart'], warnings),
    ref: readNonEmptyString(value, ['ref'], warnings),
    name: readNonEmptyString(value, ['name'], warnings),
  });
}

function readInitiator(value: unknown): ProjectedInitiator | undefined {
  const initiator = asObject(value);
  if (!initiator) {
    return undefined;
  }
  return withoutUndefined({
    username: readNonEmptyString(initiator, ['username']),
    automated: readBoolean(initiator, ['automated']) ?? false,
  });
}

function readSources(
  spec: unknown,
  warnings: ReadWarnings,
): { sources: DeploymentSource[]; multiSource: boolean } {
  const listed = readArray(spec, ['sources'], warnings);
  if (listed.length > 0) {
    const sources: DeploymentSource[] = [];
    listed.forEach((entry, index) => {
      const source = readSource(entry, `sources[${index}]`, warnings);
      if (source) {
        sources.push(source);
      }
    });
    return { sources: compact(sources), multiSource: true };
  }
  const single = asObject(spec)?.source;
  if (single !== undefined && single !== null) {
    const source = readSource(single, 'source', warnings);
    return { sources: source ? [source] : [], multiSource: false };
  }
  // Source hydrator: the dry source is the repository people commit to.
  const drySource = asObject(
    asObject(asObject(spec)?.sourceHydrator)?.drySource,
  );
  if (drySource) {
    const source = readSource(drySource, 'sourceHydrator.drySource', warnings);
    return { sources: source ? [source] : [], multiSource: false };
  }
  return { sources: [], multiSource: false };
}

function readRevisions(value: unknown, warnings: ReadWarnings): string[] {
  return compact(
    readStringArray(value, ['revisions'], warnings).filter(
      revision => revision !== '',
    ),
  );
}

/** Projects an Application. Never throws. */
export function projectArgoApplication(raw: unknown): ProjectedArgoApplication {
  const warnings = new ReadWarnings();
  const { name, namespace } = readNamespacedIdentity(raw, warnings);
  const spec = asObject(raw)?.spec;
  const specWarnings = warnings.within('spec');
  if (!asObject(spec)) {
    warnings.add('spec is missing');
  }
  const status = asObject(raw)?.status;
  if (status !== undefined && !asObject(status)) {
    warnings.add('status is not an object');
  }
  const statusWarnings = warnings.within('status');
  const { sources, multiSource } = readSources(spec, specWarnings);
  if (sources.length === 0) {
    warnings.add('spec has no readable source, sources or sourceHydrator');
  }

  const history: ProjectedHistoryEntry[] = [];
  for (const entry of readArray(status, ['history'], statusWarnings)) {
    const entryWarnings = statusWarnings.within('history');
    history.push(
      withoutUndefined({
        id: readInteger(entry, ['id'], entryWarnings),
        revision: readNonEmptyString(entry, ['revision'], entryWarnings),
        revisions: readRevisions(entry, entryWarnings),
        deployStartedAt: readTimestamp(
          entry,
          ['deployStartedAt'],
          entryWarnings,
        ),
        deployedAt: readTimestamp(entry, ['deployedAt'], entryWarnings),
        initiatedBy: readInitiator(asObject(entry)?.initiatedBy),
      }),
    );
  }

  const operationState = asObject(asObject(status)?.operationState);
  const operationWarnings = statusWarnings.within('operationState');
  const operation = operationState
    ? withoutUndefined({
        phase: readNonEmptyString(operationState, ['phase'], operationWarnings),
        message: readNonEmptyString(
          operationState,
          ['message'],
          operationWarnings,
        ),
        startedAt: readTimestamp(
          operationState,
          ['startedAt'],
          operationWarnings,
        ),
        finishedAt: readTimestamp(
          operationState,
          ['finishedAt'],
          operationWarnings,
        ),
        revision:
          readNonEmptyString(operationState, ['syncResult', 'revision']) ??
          readNonEmptyString(operationState, ['operation', 'sync', 'revision']),
        revisions: readRevisions(
          asObject(operationState.syncResult) ??
            asObject(asObject(operationState.operation)?.sync),
          operationWarnings,
        ),
        initiatedBy: readInitiator(
          asObject(operationState.operation)?.initiatedBy,
        ),
      })
    : undefined;

  const repositoryKeys: RepositoryKey[] = [];
  for (const source of sources) {
    const key = normalizeRepositoryUrl(source.repoUrl);
    if (key && !repositoryKeys.includes(key)) {
      repositoryKeys.push(key);
    }
  }

  return withoutUndefined({
    name,
    namespace,
    project: readString(spec, ['project'], specWarnings),
    destination: withoutUndefined({
      server: readNonEmptyString(spec, ['destination', 'server'], specWarnings),
      name: readNonEmptyString(spec, ['destination', 'name'], specWarnings),
      namespace: readNonEmptyString(
        spec,
        ['destination', 'namespace'],
        specWarnings,
      ),
    }),
    sources,
    multiSource,
    sync: withoutUndefined({
      status: readNonEmptyString(status, ['sync', 'status'], statusWarnings),
      revision: readNonEmptyString(
        status,
        ['sync', 'revision'],
        statusWarnings,
      ),
      revisions: readRevisions(
        asObject(status)?.sync,
        statusWarnings.within('sync'),
      ),
    }),
    health: withoutUndefined({
      status: readNonEmptyString(status, ['health', 'status'], statusWarnings),
      message: readNonEmptyString(
        status,
        ['health', 'message'],
        statusWarnings,
      ),
    }),
    history: compact(history),
    operation,
    images: compact(
      readStringArray(status, ['summary', 'images'], statusWarnings),
    ),
    externalUrls: readStringArray(
      status,
      ['summary', 'externalURLs'],
      statusWarnings,
    ),
    repositoryKeys: compact(repositoryKeys),
    warnings: warnings.messages,
  });
}
