/*
 * What a Tekton run says about where it came from and what it produced:
 * repository, commit and trigger from Pipelines-as-Code annotations, Tekton
 * Triggers labels and conventional params; images from results following the
 * Tekton Chains conventions (`IMAGE_URL`/`IMAGE_DIGEST`, `*_IMAGE_URL`/
 * `*_IMAGE_DIGEST`, `IMAGES`, `*ARTIFACT_OUTPUTS`).
 */
import type {
  BuiltImage,
  CommitRef,
  RunTrigger,
} from '@portolan/plugin-portolan-common';
import { digestOf, normalizeDigest } from '../../delivery/imageReference';
import { withoutUndefined } from '../../delivery/unstructured';
import {
  isCommitSha,
  normalizeRepositoryUrl,
} from '../../delivery/repositoryUrl';
import type {
  ProjectedNamedValue,
  ProjectedTektonPipelineRun,
  ProjectedTektonTaskRun,
} from './projectTektonRuns';

const PAC = 'pipelinesascode.tekton.dev/';

// Param names (lowercased, separators removed) that conventionally carry
// the repository URL or the revision: git-clone, buildpacks, Triggers examples.
const REPOSITORY_PARAMS = new Set([
  'giturl',
  'repourl',
  'repositoryurl',
  'gitrepourl',
  'gitrepositoryurl',
  'gitrepo',
  'repo',
  'repository',
  'url',
  'sourceurl',
  'chainsgiturl',
]);
const REVISION_PARAMS = new Set([
  'gitrevision',
  'revision',
  'gitcommit',
  'commit',
  'commitsha',
  'sha',
  'gitsha',
  'headsha',
  'gitref',
  'ref',
  'chainsgitcommit',
]);
const BRANCH_PARAMS = new Set(['gitbranch', 'branch', 'targetbranch']);
const MESSAGE_PARAMS = new Set([
  'commitmessage',
  'gitcommitmessage',
  'message',
]);
const AUTHOR_PARAMS = new Set(['commitauthor', 'gitauthor', 'author']);

function paramKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function stringValue(value: ProjectedNamedValue['value']): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function metadataValue(
  run: ProjectedTektonPipelineRun,
  key: string,
): string | undefined {
  return run.labels[key] ?? run.annotations[key];
}

function findValue(
  values: readonly ProjectedNamedValue[],
  names: ReadonlySet<string>,
  accept: (value: string) => boolean = () => true,
): string | undefined {
  for (const entry of values) {
    const value = stringValue(entry.value);
    if (value && names.has(paramKey(entry.name)) && accept(value)) {
      return value;
    }
  }
  return undefined;
}

function branchFromRef(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

/**
 * Every repository URL the run names, most authoritative first:
 * Pipelines-as-Code, params, run results, then task results (git-clone's
 * `url`). Used both to show the commit and to match entities by repository.
 */
export function tektonRepositoryUrls(
  run: ProjectedTektonPipelineRun,
  taskRuns: readonly ProjectedTektonTaskRun[] = [],
): string[] {
  const urls: string[] = [];
  for (const url of repositoryUrlCandidates(run, taskRuns)) {
    if (normalizeRepositoryUrl(url) && !urls.includes(url)) {
      urls.push(url);
    }
  }
  return urls;
}

/** The first of {@link tektonRepositoryUrls}, without reading the rest. */
function firstRepositoryUrl(
  run: ProjectedTektonPipelineRun,
  taskRuns: readonly ProjectedTektonTaskRun[],
): string | undefined {
  for (const url of repositoryUrlCandidates(run, taskRuns)) {
    if (normalizeRepositoryUrl(url)) return url;
  }
  return undefined;
}

/** Texts that may name the run's repository, most authoritative first. */
function* repositoryUrlCandidates(
  run: ProjectedTektonPipelineRun,
  taskRuns: readonly ProjectedTektonTaskRun[],
): Generator<string> {
  for (const key of [`${PAC}repo-url`, `${PAC}source-repo-url`]) {
    const url = metadataValue(run, key);
    if (url) yield url;
  }
  const org = metadataValue(run, `${PAC}url-org`);
  const repository = metadataValue(run, `${PAC}url-repository`);
  const provider = metadataValue(run, `${PAC}git-provider`);
  if (org && repository && provider && /^github$|^gitlab$/i.test(provider)) {
    yield `https://${provider.toLowerCase()}.com/${org}/${repository}`;
  }
  for (const values of [
    run.params,
    run.results,
    ...taskRuns.map(taskRun => taskRun.results),
  ]) {
    for (const entry of values) {
      if (REPOSITORY_PARAMS.has(paramKey(entry.name))) {
        const url = stringValue(entry.value);
        if (url) yield url;
      }
    }
  }
}

/** The commit the run built, from the most authoritative place that names it. */
export function tektonCommit(
  run: ProjectedTektonPipelineRun,
  taskRuns: readonly ProjectedTektonTaskRun[] = [],
): CommitRef | undefined {
  const allValues = [
    ...run.params,
    ...run.results,
    ...taskRuns.flatMap(taskRun => taskRun.results),
  ];
  const sha =
    [metadataValue(run, `${PAC}sha`)].find(isCommitSha) ??
    findValue(allValues, REVISION_PARAMS, isCommitSha);
  const branchRef =
    metadataValue(run, `${PAC}branch`) ??
    findValue(run.params, BRANCH_PARAMS) ??
    findValue(run.params, REVISION_PARAMS, value => !isCommitSha(value));
  const commit: CommitRef = {
    sha: sha?.toLowerCase(),
    repositoryUrl: firstRepositoryUrl(run, taskRuns),
    branch: branchRef ? branchFromRef(branchRef) : undefined,
    message:
      run.annotations[`${PAC}sha-title`] ??
      findValue(run.params, MESSAGE_PARAMS),
    author: findValue(run.params, AUTHOR_PARAMS),
    url: run.annotations[`${PAC}sha-url`],
  };
  const defined = withoutUndefined(commit);
  return Object.keys(defined).length > 0 ? defined : undefined;
}

/** What started the run. */
export function tektonTrigger(run: ProjectedTektonPipelineRun): RunTrigger {
  const hasPac = [
    ...Object.keys(run.labels),
    ...Object.keys(run.annotations),
  ].some(key => key.startsWith(PAC));
  if (hasPac) {
    return withoutUndefined({
      kind: 'pipelines-as-code',
      event: metadataValue(run, `${PAC}event-type`),
      sender: metadataValue(run, `${PAC}sender`),
      pullRequest: metadataValue(run, `${PAC}pull-request`),
    });
  }
  const eventListener = run.labels['triggers.tekton.dev/eventlistener'];
  const trigger = run.labels['triggers.tekton.dev/trigger'];
  if (eventListener || trigger) {
    return withoutUndefined({
      kind: 'tekton-triggers',
      eventListener,
      trigger,
    });
  }
  return { kind: 'unknown' };
}

/**
 * Images named by results, following Tekton Chains' type hints. Run results
 * win; task results are read only when the run declares none, so that an
 * image is not reported twice under two names.
 */
export function tektonImages(
  runResults: readonly ProjectedNamedValue[],
  taskResults: readonly ProjectedNamedValue[] = [],
): BuiltImage[] {
  const fromRun = imagesFromResults(runResults);
  return fromRun.length > 0 ? fromRun : imagesFromResults(taskResults);
}

function imagesFromResults(
  results: readonly ProjectedNamedValue[],
): BuiltImage[] {
  const images: BuiltImage[] = [];
  const add = (url: string | undefined, digest: string | undefined) => {
    const cleanUrl = url?.trim() || undefined;
    const cleanDigest = normalizeDigest(digest) ?? digestOf(cleanUrl);
    if (!cleanUrl && !cleanDigest) {
      return;
    }
    const duplicate = images.find(image =>
      cleanDigest ? image.digest === cleanDigest : image.url === cleanUrl,
    );
    if (duplicate) {
      duplicate.url ??= cleanUrl;
      return;
    }
    images.push(
      withoutUndefined({ url: cleanUrl, digest: cleanDigest }) as BuiltImage,
    );
  };
  const byName = new Map(results.map(result => [result.name, result.value]));
  for (const [name, value] of byName) {
    // IMAGE_URL / <prefix>_IMAGE_URL pair with IMAGE_DIGEST / <prefix>_IMAGE_DIGEST.
    if (name === 'IMAGE_URL' || name.endsWith('_IMAGE_URL')) {
      const digest = byName.get(name.replace(/IMAGE_URL$/, 'IMAGE_DIGEST'));
      add(
        typeof value === 'string' ? value : undefined,
        typeof digest === 'string' ? digest : undefined,
      );
    } else if (name === 'IMAGES' && typeof value === 'string') {
      for (const reference of value.split(/[\s,]+/)) {
        add(reference, undefined);
      }
    } else if (
      name.endsWith('ARTIFACT_OUTPUTS') &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      add(value.uri, value.digest);
    }
  }
  // A digest without a URL result still identifies the image.
  const loneDigest = byName.get('IMAGE_DIGEST');
  if (!byName.has('IMAGE_URL') && typeof loneDigest === 'string') {
    add(undefined, loneDigest);
  }
  return images;
}
