import {
  PipelineRunSchema,
  type EntityView,
  type FleetPipelineRunsQuery,
  type PipelineRun,
} from '@portolan/plugin-portolan-common';
import { fleetPipelineRuns } from './fleetPipelineRuns';

const ALL: FleetPipelineRunsQuery = { limit: 200 };

function run(
  name: string,
  status: PipelineRun['status'],
  times: Partial<Pick<PipelineRun, 'createdAt' | 'startedAt' | 'finishedAt'>>,
): PipelineRun {
  return PipelineRunSchema.parse({
    system: 'tekton',
    cluster: 'alpha',
    namespace: 'ci',
    name,
    status,
    trigger: { kind: 'unknown' },
    tasks: [],
    taskCounts: {
      total: 0,
      succeeded: 0,
      failed: 0,
      running: 0,
      pending: 0,
      skipped: 0,
      cancelled: 0,
      timedOut: 0,
      unknown: 0,
    },
    results: [],
    images: [],
    links: [],
    warnings: [],
    ...times,
  });
}

function view(
  entityRef: string,
  pipelineRuns: PipelineRun[],
  overrides: Partial<EntityView> = {},
): EntityView {
  return {
    entityRef,
    generatedAt: '2026-11-27T00:00:00Z',
    partial: false,
    selection: {
      labelSelector: 'backstage.io/kubernetes-id=x',
      labelSelectorFrom: 'kubernetes-id',
      unknownClusters: [],
      matchers: [],
    },
    clusters: [
      {
        name: 'alpha',
        title: 'Alpha',
        state: 'synced',
        since: '2026-11-27T00:00:00Z',
      },
    ],
    sourceErrors: [],
    pipelineRuns,
    ...overrides,
  };
}

describe('fleetPipelineRuns', () => {
  it('orders by finish, else start, else creation time, newest first', () => {
    const answer = fleetPipelineRuns(ALL, [
      {
        entityRef: 'component:default/a',
        view: () =>
          view('component:default/a', [
            run('finished-early', 'failed', {
              startedAt: '2026-11-20T09:00:00Z',
              finishedAt: '2026-11-20T10:00:00Z',
            }),
            run('only-created', 'pending', {
              createdAt: '2026-11-26T00:00:00Z',
            }),
          ]),
      },
      {
        entityRef: 'component:default/b',
        view: () =>
          view('component:default/b', [
            run('started-late', 'running', {
              startedAt: '2026-11-25T00:00:00Z',
            }),
          ]),
      },
    ]);
    expect(answer.items.map(r => [r.name, r.entityRef])).toEqual([
      ['only-created', 'component:default/a'],
      ['started-late', 'component:default/b'],
      ['finished-early', 'component:default/a'],
    ]);
    expect(answer).toMatchObject({
      entities: 2,
      total: 3,
      truncated: false,
      partial: false,
      errors: [],
    });
  });

  it('names every service whose runs may be incomplete instead of dropping it', () => {
    const answer = fleetPipelineRuns({ ...ALL, status: ['failed'] }, [
      {
        entityRef: 'component:default/broken',
        view: () => {
          throw new Error('bad label selector annotation');
        },
      },
      {
        entityRef: 'component:default/stale',
        view: () =>
          view(
            'component:default/stale',
            [
              run('old-failure', 'failed', {
                finishedAt: '2026-11-01T00:00:00Z',
              }),
            ],
            {
              partial: true,
              clusters: [
                {
                  name: 'alpha',
                  title: 'Alpha',
                  state: 'stale',
                  since: '2026-11-27T00:00:00Z',
                  message: 'connection refused',
                },
              ],
              sourceErrors: [{ source: 'jenkins-x', message: 'boom' }],
            },
          ),
      },
    ]);
    expect(answer.partial).toBe(true);
    expect(answer.errors).toEqual([
      {
        entityRef: 'component:default/broken',
        message: 'bad label selector annotation',
      },
      {
        entityRef: 'component:default/stale',
        message:
          'cluster alpha is stale (connection refused); source jenkins-x failed: boom',
      },
    ]);
    // What the stale cluster still holds is served, marked partial.
    expect(answer.items.map(r => r.name)).toEqual(['old-failure']);
  });

  it('filters by status and system, and cuts at the limit saying so', () => {
    const runs = [
      run('r1', 'failed', { finishedAt: '2026-11-01T00:00:00Z' }),
      run('r2', 'succeeded', { finishedAt: '2026-11-02T00:00:00Z' }),
      run('r3', 'timed-out', { finishedAt: '2026-11-03T00:00:00Z' }),
      {
        ...run('r4', 'failed', { finishedAt: '2026-11-04T00:00:00Z' }),
        system: 'jenkins-x' as const,
      },
    ];
    const entities = [
      {
        entityRef: 'component:default/a',
        view: () => view('component:default/a', runs),
      },
    ];
    const failing = fleetPipelineRuns(
      { limit: 2, status: ['failed', 'timed-out'] },
      entities,
    );
    expect(failing.items.map(r => r.name)).toEqual(['r4', 'r3']);
    expect(failing).toMatchObject({ total: 3, truncated: true });
    const tektonFailed = fleetPipelineRuns(
      { limit: 10, status: ['failed'], system: 'tekton' },
      entities,
    );
    expect(tektonFailed.items.map(r => r.name)).toEqual(['r1']);
  });
});
