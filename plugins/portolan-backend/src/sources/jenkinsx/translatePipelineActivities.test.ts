import { join } from 'node:path';
import { PipelineRunSchema } from '@portolan/plugin-portolan-common';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { projectPipelineActivity } from './projectPipelineActivity';
import { translatePipelineActivities } from './translatePipelineActivities';

function translateFixture(file: string) {
  return translatePipelineActivities(
    'aks-staging',
    loadYamlDocuments(join(__dirname, '__fixtures__', file)).map(
      projectPipelineActivity,
    ),
  );
}

describe('translatePipelineActivities', () => {
  const translation = translateFixture('activities.yaml');
  const [release, pullRequest, waiting] = translation.runs;

  it('reads the fixtures without warnings and within the schema', () => {
    expect(translation.warnings).toEqual([]);
    for (const run of translation.runs) {
      expect(PipelineRunSchema.parse(run)).toEqual(run);
    }
  });

  it('translates a release with its stage steps and its promotion', () => {
    expect(release).toMatchObject({
      system: 'jenkins-x',
      cluster: 'aks-staging',
      namespace: 'jx',
      name: 'acme-search-indexer-main-42',
      pipeline: 'acme/search-indexer/main',
      status: 'succeeded',
      reason: 'Succeeded',
      durationMs: 720_000,
      trigger: { kind: 'jenkins-x', event: 'release' },
      commit: {
        sha: 'c0ffee0123456789abcdef0123456789abcdef01',
        repositoryUrl: 'https://github.com/acme/search-indexer.git',
        branch: 'main',
        message: 'Index product reviews',
        author: 'carol',
      },
    });
    expect(
      release.tasks.map(task => [task.name, task.role, task.status]),
    ).toEqual([
      ['from build pack', 'stage', 'succeeded'],
      ['promote staging', 'promote', 'succeeded'],
    ]);
    expect(release.tasks[0].steps.map(step => step.name)).toEqual([
      'Git Clone',
      'Build Container Build',
      'Promote Changelog',
    ]);
    expect(release.tasks[1]).toMatchObject({
      promotion: {
        environment: 'staging',
        pullRequestUrl: 'https://github.com/acme/environment-staging/pull/77',
        mergeCommitSha: 'd00d0123456789abcdef0123456789abcdef0123',
        applicationUrl: 'http://search-indexer.staging.acme.example',
      },
      steps: [
        expect.objectContaining({
          name: 'Promote to Staging',
          status: 'succeeded',
        }),
        expect.objectContaining({
          name: 'Promote update',
          status: 'succeeded',
        }),
      ],
    });
    expect(release.links).toEqual([
      {
        title: 'Build logs',
        url: 'https://jx.acme.example/logs/acme/search-indexer/main/42',
      },
      {
        title: 'Release notes',
        url: 'https://github.com/acme/search-indexer/releases/tag/v1.8.0',
      },
      {
        title: 'Commit',
        url: 'https://github.com/acme/search-indexer/commit/c0ffee0123456789abcdef0123456789abcdef01',
      },
      {
        title: 'Pull request (staging)',
        url: 'https://github.com/acme/environment-staging/pull/77',
      },
    ]);
  });

  it('translates a running pull-request pipeline with its preview environment', () => {
    expect(pullRequest).toMatchObject({
      status: 'running',
      trigger: { kind: 'jenkins-x', event: 'pr' },
    });
    expect(pullRequest.durationMs).toBeUndefined();
    expect(pullRequest.tasks[1]).toMatchObject({
      role: 'preview',
      status: 'running',
      promotion: {
        environment: 'jx-acme-search-indexer-pr-17',
        pullRequestUrl: 'https://github.com/acme/search-indexer/pull/17',
      },
    });
  });

  it('shows a release waiting for approval as pending, and unexecuted stages as skipped', () => {
    expect(waiting.status).toBe('pending');
    expect(waiting.reason).toBe('WaitingForApproval');
    expect(waiting.tasks.map(task => task.status)).toEqual([
      'succeeded',
      'pending',
      'skipped',
    ]);
    expect(waiting.taskCounts).toMatchObject({
      total: 3,
      skipped: 1,
      pending: 1,
    });
  });

  it('keeps malformed activities as unknown runs with warnings, never throwing', () => {
    const malformed = translateFixture('malformed.yaml');
    expect(malformed.runs.map(run => run.status)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
    const [future, wrongTypes, noSpec] = malformed.runs;
    expect(future.warnings).toEqual([
      'spec.steps[0] (Approval) has no details',
      'spec.status "Queued" is not a known ActivityStatusType',
      'spec.steps[0].kind "Approval" is not a known step kind',
      'spec.steps[1].status "Exploded" is not a known ActivityStatusType',
    ]);
    expect(future.tasks.map(task => task.status)).toEqual([
      'pending',
      'unknown',
    ]);
    expect(wrongTypes.warnings).toEqual(
      expect.arrayContaining([
        'spec.status is not a string',
        'spec.steps is not a list',
        'spec.startedTimestamp is not a timestamp: not-a-time',
      ]),
    );
    expect(wrongTypes.reason).toBe('3');
    expect(noSpec.warnings).toEqual(['spec is missing']);
    for (const run of malformed.runs) {
      expect(PipelineRunSchema.safeParse(run).success).toBe(true);
    }
  });
});

describe('Jenkins X ActivityStatusType', () => {
  function runWith(status: string | undefined) {
    return translatePipelineActivities('c', [
      projectPipelineActivity({
        metadata: { name: 'a', namespace: 'jx' },
        spec: {
          ...(status === undefined ? {} : { status }),
          steps: [
            {
              kind: 'Stage',
              stage: { name: 's', ...(status === undefined ? {} : { status }) },
            },
          ],
        },
      }),
    ]).runs[0];
  }

  it.each([
    ['', 'pending', 'pending'],
    ['Pending', 'pending', 'pending'],
    ['Running', 'running', 'running'],
    ['Succeeded', 'succeeded', 'succeeded'],
    ['Failed', 'failed', 'failed'],
    ['WaitingForApproval', 'pending', 'pending'],
    ['Error', 'failed', 'failed'],
    ['Aborted', 'cancelled', 'cancelled'],
    ['NotExecuted', 'cancelled', 'skipped'],
    ['TimedOut', 'timed-out', 'timed-out'],
    ['Cancelled', 'cancelled', 'cancelled'],
  ])(
    '"%s" is %s for a run and %s for a stage',
    (upstream, runStatus, taskStatus) => {
      const run = runWith(upstream);
      expect(run.status).toBe(runStatus);
      expect(run.tasks[0].status).toBe(taskStatus);
      expect(run.warnings).toEqual([]);
    },
  );

  it('a missing status is upstream\'s "none": not started', () => {
    expect(runWith(undefined).status).toBe('pending');
  });
});
