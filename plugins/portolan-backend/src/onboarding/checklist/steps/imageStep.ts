/*
 * Step `image`: the image the workloads run was built by Cloud Native
 * Buildpacks and is up to date — it is the latest image the service's
 * builds produced, and no newer run image is waiting for a rebase.
 *
 * Reads the `images` section (image labels from the registry, or kpack)
 * where it says something; otherwise infers from the builds: a succeeded
 * pipeline run whose build task is the buildpacks task and that reported
 * IMAGE_DIGEST, or a kpack Image's latest image. Inferences are said to be
 * inferences.
 */
import type {
  KpackImage,
  OnboardingStep,
  PipelineRun,
  RunningImage,
} from '@portolan/plugin-portolan-common';
import { buildpacksBuildFix, rebaseFix, rolloutFix } from '../fixSnippets';
import { listOf, type StepContext } from '../OnboardingInput';

export const IMAGE_STEP_TITLE =
  'The running image is built by buildpacks and up to date';

const WHY_BUILDPACKS =
  'Buildpacks images record what they contain and can be rebased onto a patched OS without a rebuild; a Dockerfile build cannot.';

/** The annotation naming an entity's kpack Image (`namespace/name`). */
export const KPACK_IMAGE_ANNOTATION = 'kpack.io/image';

interface BuiltImage {
  digest: string;
  reference: string;
  at?: string;
  /** `Tekton PipelineRun ci/x`, `kpack Image ci/x`. */
  by: string;
  /** True: built by buildpacks; false: by something else; undefined: cannot tell. */
  buildpacks?: boolean;
  inferred: boolean;
  /** The Task that decided `buildpacks`, when a Task name did. */
  task?: string;
}

/** `sha256:…` from a digest or a `repo@sha256:…` reference. */
export function digestOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /(sha256:[0-9a-f]{64})/i.exec(text);
  return m ? m[1].toLowerCase() : undefined;
}

/** `registry/path/name` of an image reference, without tag or digest. */
function repositoryOf(reference: string): string {
  const withoutDigest = reference.replace(/@.*$/, '');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function short(digest: string): string {
  return digest.slice(0, 19);
}

/** Task names of Cloud Native Buildpacks builds (Tekton `buildpacks`, `buildpacks-phases`, kpack, `cnb-*`). */
const BUILDPACKS_TASK = /buildpack|\bcnb\b|cnb-|kpack/i;
/** Task names of builds that are not buildpacks (Dockerfile builders, Jib, ko, s2i). */
const OTHER_BUILDER_TASK =
  /kaniko|buildah|docker|dockerfile|\bjib\b|jib-|\bko\b|s2i|source-to-image/i;

/**
 * Whether a Tekton run built with buildpacks, from the tasks that report an
 * image (else all tasks): by the Task each runs (`tekton.dev/task`,
 * `taskRef`), its names, or the lifecycle's step names. The Task name is
 * strong evidence either way; a step or display name only says "buildpacks".
 */
function builtWithBuildpacks(run: PipelineRun): {
  buildpacks?: boolean;
  task?: string;
} {
  const imageTasks = run.tasks.filter(t =>
    t.results.some(r => /IMAGE_(DIGEST|URL)/.test(r.name)),
  );
  const tasks = imageTasks.length ? imageTasks : run.tasks;
  const byTask = tasks.find(t => t.task && BUILDPACKS_TASK.test(t.task));
  if (byTask) return { buildpacks: true, task: byTask.task };
  const otherByTask = tasks.find(
    t => t.task && OTHER_BUILDER_TASK.test(t.task),
  );
  if (otherByTask) return { buildpacks: false, task: otherByTask.task };
  const looksLikeBuildpacks = tasks.some(
    t =>
      BUILDPACKS_TASK.test(`${t.name} ${t.displayName ?? ''}`) ||
      t.steps.some(s => s.name === 'create') ||
      (t.steps.some(s => s.name === 'detect') &&
        t.steps.some(s => s.name === 'export')),
  );
  if (looksLikeBuildpacks) return { buildpacks: true };
  const looksLikeOther = tasks.some(t =>
    OTHER_BUILDER_TASK.test(
      `${t.name} ${t.displayName ?? ''} ${t.steps.map(s => s.name).join(' ')}`,
    ),
  );
  return looksLikeOther && imageTasks.length ? { buildpacks: false } : {};
}

function builtImages(
  runs: readonly PipelineRun[],
  kpack: readonly KpackImage[],
): BuiltImage[] {
  const built: BuiltImage[] = [];
  for (const run of runs) {
    if (run.status !== 'succeeded') continue;
    for (const image of run.images) {
      const digest = digestOf(image.digest) ?? digestOf(image.url);
      if (!digest) continue;
      const repository = image.url?.replace(/@.*$/, '');
      built.push({
        digest,
        reference: repository ? `${repository}@${digest}` : digest,
        at: run.finishedAt ?? run.startedAt ?? run.createdAt,
        by: `${
          run.system === 'tekton' ? 'Tekton PipelineRun' : 'Jenkins X run'
        } ${run.namespace}/${run.name} on ${run.cluster}`,
        ...builtWithBuildpacks(run),
        inferred: true,
      });
    }
  }
  for (const image of kpack) {
    const digest = digestOf(image.latestDigest) ?? digestOf(image.latestImage);
    if (!digest) continue;
    const finished = image.builds
      .flatMap(b => (b.finishedAt ? [b.finishedAt] : []))
      .sort()
      .pop();
    built.push({
      digest,
      reference: image.latestImage ?? digest,
      at: finished,
      by: `kpack Image ${image.namespace}/${image.name} on ${image.cluster}`,
      buildpacks: true,
      inferred: false,
    });
  }
  return built.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
}

export function imageStep({ input, values }: StepContext): OnboardingStep {
  const base = { id: 'image' as const, title: IMAGE_STEP_TITLE };
  const { view, entity } = input;
  const images: readonly RunningImage[] = view.images ?? [];
  const kpack: readonly KpackImage[] = view.kpackImages ?? [];
  const usesKpack =
    kpack.length > 0 ||
    Boolean(entity.metadata.annotations?.[KPACK_IMAGE_ANNOTATION]);
  const buildKind = usesKpack ? 'kpack' : 'tekton';

  const built = builtImages(view.pipelineRuns ?? [], kpack);
  const latest = built[0];
  // Sidecars (a mesh proxy) run images the service does not build: when the
  // builds name a repository, only containers of that repository count.
  const builtRepositories = new Set(
    built.map(b => repositoryOf(b.reference)).filter(r => r !== ''),
  );
  const containers = (view.workloads ?? []).flatMap(w => w.images);
  const own = containers.filter(i =>
    builtRepositories.has(repositoryOf(i.image)),
  );
  const running = new Map<string, string>();
  for (const image of own.length ? own : containers) {
    for (const d of image.digests) {
      const digest = digestOf(d);
      if (digest && !running.has(digest)) {
        running.set(digest, `${repositoryOf(image.image)}@${digest}`);
      }
    }
  }
  for (const image of images) {
    const digest = digestOf(image.digest);
    if (digest && !running.has(digest)) {
      running.set(digest, image.reference);
    }
  }
  const evidence: string[] = [];
  if (running.size) {
    evidence.push(`Workloads run ${listOf([...running.keys()].map(short))}.`);
  }
  if (latest) {
    evidence.push(
      `The latest build is ${short(latest.digest)}, by ${latest.by}${
        latest.at ? ` at ${latest.at}` : ''
      }.`,
    );
  }

  // What the registry or kpack said about the images that run, when known.
  const runningFacts = images.filter(i => running.has(digestOf(i.digest)!));
  const notBuildpacks = runningFacts.filter(
    i => i.buildpacks?.detected === false,
  );
  if (notBuildpacks.length > 0) {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        `${listOf(
          notBuildpacks.map(i => short(digestOf(i.digest)!)),
        )} carries no io.buildpacks.lifecycle.metadata label: not built by Cloud Native Buildpacks.`,
      ],
      fix: buildpacksBuildFix(values, WHY_BUILDPACKS, buildKind),
    };
  }
  const needsRebase = runningFacts.filter(
    i => i.rebase.state === 'rebase-available',
  );
  if (needsRebase.length > 0) {
    const first = needsRebase[0];
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        `${listOf(
          needsRebase.map(i => short(digestOf(i.digest)!)),
        )} sits on an old run image: ${first.rebase.reason}.`,
      ],
      fix: rebaseFix(
        values,
        'A newer run image (OS packages, CVE fixes) exists; a rebase swaps it in without rebuilding the app.',
        first.reference,
        usesKpack,
      ),
    };
  }

  const pending = view.clusters.filter(c => c.state !== 'synced');
  if (running.size === 0) {
    if (pending.length > 0 || view.workloads === undefined) {
      return {
        ...base,
        state: 'unknown',
        evidence: [
          ...evidence,
          view.workloads === undefined
            ? 'No workloads source is registered.'
            : `Workloads are not known yet on ${listOf(
                pending.map(c => c.name),
              )}.`,
        ],
      };
    }
    if (latest) {
      return {
        ...base,
        state: 'unknown',
        evidence: [
          ...evidence,
          'Nothing of the service runs yet, so no running image to check.',
        ],
      };
    }
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        'No image was built (no succeeded run reported IMAGE_DIGEST, no kpack Image has a latest image) and nothing runs.',
      ],
      fix: buildpacksBuildFix(
        values,
        `Build ${values.name} with Cloud Native Buildpacks and report the image, so Portolan can link commit, build and what runs.`,
        buildKind,
      ),
    };
  }

  if (!latest) {
    const allBuildpacks =
      runningFacts.length > 0 &&
      runningFacts.length === running.size &&
      runningFacts.every(i => i.buildpacks?.detected);
    if (allBuildpacks) {
      return {
        ...base,
        state: 'met',
        evidence: [
          ...evidence,
          'Built by Cloud Native Buildpacks (image labels); no build of it was found to compare with.',
        ],
      };
    }
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        'No pipeline run or kpack Image of the service reports building an image (IMAGE_DIGEST result, latestImage).',
      ],
      fix: buildpacksBuildFix(
        values,
        'Without a build that reports its image, Portolan cannot tell whether what runs is current or how it was built.',
        buildKind,
      ),
    };
  }

  if (!running.has(latest.digest)) {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        `No workload runs the latest build ${short(latest.digest)}.`,
      ],
      fix: rolloutFix(
        values,
        `The latest build (${short(
          latest.digest,
        )}) is not deployed; workloads still run ${listOf(
          [...running.keys()].map(short),
        )}.`,
        latest.reference,
      ),
    };
  }
  const labelled = runningFacts.find(
    i => i.digest && digestOf(i.digest) === latest.digest,
  );
  const buildpacks = labelled?.buildpacks?.detected ?? latest.buildpacks;
  if (buildpacks === false) {
    return {
      ...base,
      state: 'unmet',
      evidence: [
        ...evidence,
        `${latest.by} did not build with buildpacks${
          latest.task ? ` (its build runs the Task ${latest.task})` : ''
        }.`,
      ],
      fix: buildpacksBuildFix(values, WHY_BUILDPACKS, buildKind),
    };
  }
  if (buildpacks === undefined) {
    return {
      ...base,
      state: 'unknown',
      evidence: [
        ...evidence,
        'The latest build is running, but neither its image labels nor its build say whether buildpacks built it.',
      ],
    };
  }
  let how = '';
  if (labelled?.buildpacks) how = ' (image labels)';
  else if (latest.task) how = ` (its build runs the Task ${latest.task})`;
  else if (latest.inferred) how = ' (inferred from the build task)';
  return {
    ...base,
    state: 'met',
    evidence: [
      ...evidence,
      `Workloads run the latest build, made with Cloud Native Buildpacks${how}${
        labelled?.rebase.state === 'up-to-date'
          ? ' on the current run image'
          : ''
      }.`,
    ],
  };
}
