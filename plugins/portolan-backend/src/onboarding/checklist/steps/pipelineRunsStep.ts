/*
 * Step `pipeline-runs`: pipeline runs of the entity were found, and by
 * which matcher (its label selector, or its repository). When none are,
 * says whether a pipeline system is installed at all and where Portolan
 * could not look yet.
 */
import type {
  OnboardingStep,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import { repositoriesOfEntity } from '../../../delivery/repositoryMatcher';
import { normalizeRepositoryUrl } from '../../../delivery/repositoryUrl';
import { pipelineRunLabelsFix } from '../fixSnippets';
import {
  coverageGap,
  listOf,
  resourceCoverage,
  runKey,
  type RunMatcherId,
  type StepContext,
} from '../OnboardingInput';

export const PIPELINE_RUNS_STEP_TITLE = 'Pipeline runs are found';

export const PIPELINE_RESOURCES = [
  { group: 'tekton.dev', plural: 'pipelineruns', label: 'Tekton PipelineRuns' },
  {
    group: 'jenkins.io',
    plural: 'pipelineactivities',
    label: 'Jenkins X PipelineActivities',
  },
];

/** How a run was matched: as the backend established it, else from its recorded repository. */
function matchersOf(
  run: PipelineRun,
  context: StepContext,
): readonly RunMatcherId[] {
  const known = context.input.runMatches?.get(runKey(run));
  if (known) return known;
  const repositories = repositoriesOfEntity(
    context.input.entity.metadata.annotations,
  );
  const key = normalizeRepositoryUrl(run.commit?.repositoryUrl);
  return key && repositories.includes(key)
    ? ['repository']
    : ['label-selector'];
}

function describeMatch(id: RunMatcherId, context: StepContext): string {
  if (id === 'label-selector') {
    return `its label selector ${context.values.labelSelector}`;
  }
  const repos = repositoriesOfEntity(context.input.entity.metadata.annotations);
  return `its repository ${listOf(repos)}`;
}

export function pipelineRunsStep(context: StepContext): OnboardingStep {
  const { input, values } = context;
  const base = {
    id: 'pipeline-runs' as const,
    title: PIPELINE_RUNS_STEP_TITLE,
  };
  const runs = input.view.pipelineRuns;
  if (!runs) {
    return {
      ...base,
      state: 'unknown',
      evidence: ['No pipeline source (Tekton, Jenkins X) is registered.'],
    };
  }
  if (runs.length > 0) {
    const latest = runs[0];
    const byMatcher = new Map<RunMatcherId, number>();
    for (const run of runs) {
      for (const id of matchersOf(run, context)) {
        byMatcher.set(id, (byMatcher.get(id) ?? 0) + 1);
      }
    }
    const pipelines = [
      ...new Set(runs.flatMap(r => (r.pipeline ? [r.pipeline] : []))),
    ];
    return {
      ...base,
      state: 'met',
      evidence: [
        `${runs.length} run(s)${
          pipelines.length ? ` of ${listOf(pipelines)}` : ''
        }; latest ${latest.name} on ${latest.cluster}/${latest.namespace}: ${
          latest.status
        }.`,
        ...[...byMatcher].map(
          ([id, count]) =>
            `${count} found by ${describeMatch(id, context)} (matcher ${id}).`,
        ),
      ],
    };
  }
  const kpackBuilds = (input.view.kpackImages ?? []).filter(
    k => k.builds.length > 0,
  );
  if (kpackBuilds.length > 0) {
    return {
      ...base,
      state: 'met',
      evidence: [
        `No pipeline run, but kpack builds the service: ${listOf(
          kpackBuilds.map(
            k =>
              `${k.builds.length} build(s) of Image ${k.namespace}/${k.name} on ${k.cluster}`,
          ),
        )}.`,
      ],
    };
  }
  const coverage = resourceCoverage(input, PIPELINE_RESOURCES);
  const evidence = [
    `No run is labelled ${values.labelSelector}${
      repositoriesOfEntity(input.entity.metadata.annotations).length
        ? ` or records the repository ${listOf(
            repositoriesOfEntity(input.entity.metadata.annotations),
          )}`
        : ''
    }.`,
  ];
  const gap = coverageGap(
    coverage,
    'Tekton PipelineRuns or Jenkins X PipelineActivities',
  );
  if (gap) {
    return { ...base, state: 'unknown', evidence: [...evidence, gap] };
  }
  if (coverage.synced.length === 0) {
    evidence.push(
      'No cluster Portolan watches has Tekton or Jenkins X installed.',
    );
  } else {
    evidence.push(
      `Tekton or Jenkins X runs are watched on ${listOf(coverage.synced)}.`,
    );
  }
  return {
    ...base,
    state: 'unmet',
    evidence,
    fix: pipelineRunLabelsFix(
      values,
      `Portolan ties a run to a service by the run's labels (${values.labelSelector}) or by the repository it built; label the PipelineRuns your trigger creates.`,
    ),
  };
}
