import { join } from 'node:path';
import { PipelineRunSchema } from '@portolan/plugin-portolan-common';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import {
  projectTektonPipelineRun,
  projectTektonTaskRun,
} from './projectTektonRuns';
import { translateTektonRuns } from './translateTektonRuns';

function translateFixture(...files: string[]) {
  const documents = files.flatMap(file =>
    loadYamlDocuments(join(__dirname, '__fixtures__', file)),
  );
  const kindOf = (document: unknown) =>
    typeof document === 'object' && document !== null
      ? (document as { kind?: unknown }).kind
      : undefined;
  const pipelineRuns = documents
    .filter(document => kindOf(document) !== 'TaskRun')
    .map(projectTektonPipelineRun);
  const taskRuns = documents
    .filter(document => kindOf(document) === 'TaskRun')
    .map(projectTektonTaskRun);
  return translateTektonRuns('doks-tools', pipelineRuns, taskRuns);
}

function runNamed(
  translation: ReturnType<typeof translateFixture>,
  name: string,
) {
  const run = translation.runs.find(candidate => candidate.name === name);
  if (!run) {
    throw new Error(`no run ${name}`);
  }
  return run;
}

describe('translateTektonRuns', () => {
  it('translates a succeeded run with its TaskRuns, finally and skipped tasks', () => {
    const translation = translateFixture('payments-api-succeeded.yaml');
    expect(translation.warnings).toEqual([]);
    const run = runNamed(translation, 'payments-api-build-7x2k9');
    expect(PipelineRunSchema.parse(run)).toEqual(run);
    expect(run).toMatchObject({
      system: 'tekton',
      cluster: 'doks-tools',
      namespace: 'ci',
      pipeline: 'payments-api-build',
      status: 'succeeded',
      reason: 'Completed',
      conditionStatus: 'True',
      startedAt: '2025-05-12T10:00:00.000Z',
      finishedAt: '2025-05-12T10:06:30.000Z',
      durationMs: 390_000,
      trigger: {
        kind: 'tekton-triggers',
        eventListener: 'github-push',
        trigger: 'payments-api-push',
      },
      commit: {
        sha: '9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
        repositoryUrl: 'https://github.com/acme/payments-api.git',
      },
      images: [
        {
          url: 'registry.acme.example/payments/payments-api:9f2c1e7',
          digest:
            'sha256:1111111111111111111111111111111111111111111111111111111111111111',
        },
      ],
    });
    expect(run.tasks.map(task => [task.name, task.role, task.status])).toEqual([
      ['fetch-source', 'task', 'succeeded'],
      ['build-image', 'task', 'succeeded'],
      ['deploy-preview', 'task', 'skipped'],
      ['notify', 'finally', 'succeeded'],
    ]);
    expect(run.taskCounts).toEqual({
      total: 4,
      succeeded: 3,
      failed: 0,
      running: 0,
      pending: 0,
      cancelled: 0,
      timedOut: 0,
      skipped: 1,
      unknown: 0,
    });
    const build = run.tasks[1];
    expect(build).toMatchObject({
      displayName: 'Build the image',
      objectName: 'payments-api-build-7x2k9-build-image',
      podName: 'payments-api-build-7x2k9-build-image-pod',
      durationMs: 328_000,
    });
    expect(build.steps.map(step => [step.container, step.status])).toEqual([
      ['step-prepare', 'succeeded'],
      ['step-create', 'succeeded'],
    ]);
    expect(run.tasks[2].reason).toBe('When Expressions evaluated to false');
    // The Task each pipeline task runs: declared by name, or by a resolver.
    expect(run.tasks.map(task => task.task)).toEqual([
      'git-clone',
      'buildpacks',
      'kubectl-deploy-pod',
      'send-to-slack',
    ]);
  });

  it('names the Task of a TaskRun by its label, else by its own taskRef', () => {
    const labelled = projectTektonTaskRun({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: {
        name: 'build-1-image',
        namespace: 'ci',
        labels: { 'tekton.dev/task': 'kaniko' },
      },
      spec: { taskRef: { name: 'something-else' } },
    });
    expect(labelled.task).toBe('kaniko');
    const clusterTask = projectTektonTaskRun({
      metadata: {
        name: 'build-1-image',
        namespace: 'ci',
        labels: { 'tekton.dev/clusterTask': 'buildah' },
      },
    });
    expect(clusterTask.task).toBe('buildah');
    const bundled = projectTektonTaskRun({
      metadata: { name: 'build-1-image', namespace: 'ci' },
      spec: {
        taskRef: {
          resolver: 'bundles',
          params: [
            { name: 'bundle', value: 'ghcr.io/acme/tasks/build:1.0' },
            { name: 'name', value: 'buildpacks-phases' },
          ],
        },
      },
    });
    expect(bundled.task).toBe('buildpacks-phases');
    const embedded = projectTektonTaskRun({
      metadata: { name: 'build-1-image', namespace: 'ci' },
      spec: { taskSpec: { steps: [] } },
    });
    expect(embedded.task).toBeUndefined();
  });

  it('keeps the OOMKilled step of a failed run and the tasks skipped after it', () => {
    const run = runNamed(
      translateFixture('fraud-detector-oom.yaml'),
      'fraud-detector-build-q8w2p',
    );
    expect(run.status).toBe('failed');
    expect(run.commit?.repositoryUrl).toBe(
      'git@github.com:acme/fraud-detector.git',
    );
    const failedTask = run.tasks.find(task => task.name === 'train-and-build');
    expect(failedTask).toMatchObject({
      status: 'failed',
      reason: 'StepOOM',
      message: '"step-build" exited with code 137: OOMKilled',
    });
    expect(failedTask?.steps).toEqual([
      expect.objectContaining({
        name: 'build',
        status: 'failed',
        exitCode: 137,
        terminationReason: 'OOMKilled',
        container: 'step-build',
      }),
      expect.objectContaining({ name: 'export', status: 'skipped' }),
    ]);
    expect(run.tasks.find(task => task.name === 'push-image')).toMatchObject({
      status: 'skipped',
      reason: 'PipelineRun was stopping',
    });
    expect(run.tasks.find(task => task.name === 'report')?.role).toBe(
      'finally',
    );
    expect(run.taskCounts).toMatchObject({
      total: 4,
      succeeded: 2,
      failed: 1,
      skipped: 1,
    });
  });

  it('reads a Pipelines-as-Code run that is still running', () => {
    const run = runNamed(
      translateFixture('cart-service-running.yaml'),
      'cart-service-on-push-h7d2m',
    );
    expect(run).toMatchObject({
      status: 'running',
      trigger: { kind: 'pipelines-as-code', event: 'push', sender: 'carol' },
      commit: {
        sha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
        repositoryUrl: 'https://github.com/Acme/Cart-Service',
        branch: 'main',
        message: 'Add coupon support to the cart',
      },
      links: [
        {
          title: 'Pipelines-as-Code log',
          url: 'https://console.acme.example/ci/cart-service-on-push-h7d2m',
        },
        {
          title: 'Commit',
          url: 'https://github.com/acme/cart-service/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
        },
      ],
    });
    expect(run.durationMs).toBeUndefined();
    expect(run.tasks.map(task => [task.name, task.status])).toEqual([
      ['fetch-source', 'succeeded'],
      ['build-image', 'running'],
      ['scan', 'pending'],
    ]);
    expect(run.tasks[1].steps.map(step => step.status)).toEqual([
      'running',
      'pending',
    ]);
    expect(run.tasks[1].steps[1].upstreamStatus).toBe(
      'waiting: PodInitializing',
    );
  });

  it('handles graceful cancellation, pending, timeout, matrix and custom runs', () => {
    const translation = translateFixture('edge-cases.yaml');
    expect(translation.warnings).toEqual([]);

    const cancelling = runNamed(translation, 'ledger-build-cancel');
    expect(cancelling).toMatchObject({
      status: 'running',
      termination: 'cancelling',
      reason: 'CancelledRunningFinally',
    });
    expect(cancelling.tasks.map(task => [task.name, task.status])).toEqual([
      ['build', 'cancelled'],
      ['test', 'skipped'],
      ['cleanup', 'running'],
    ]);
    expect(cancelling.tasks[0].steps[0].status).toBe('cancelled');

    expect(runNamed(translation, 'ledger-build-queued')).toMatchObject({
      status: 'pending',
      tasks: [],
      warnings: [],
    });

    const timedOut = runNamed(translation, 'ledger-build-slow');
    expect(timedOut.status).toBe('timed-out');
    expect(timedOut.tasks[0].status).toBe('timed-out');
    expect(timedOut.tasks[0].steps[0].status).toBe('timed-out');

    const matrix = runNamed(translation, 'edge-gateway-build-matrix');
    expect(
      matrix.tasks.map(task => [task.name, task.objectName, task.status]),
    ).toEqual([
      ['build', 'edge-gateway-build-matrix-build-0', 'succeeded'],
      ['build', 'edge-gateway-build-matrix-build-1', 'succeeded'],
      ['approve', 'edge-gateway-build-matrix-approve', 'unknown'],
    ]);
    expect(matrix.tasks[0].displayName).toBe('Build per platform');
    expect(matrix.tasks[2]).toMatchObject({
      objectKind: 'CustomRun',
      message: 'CustomRun status is not read by Portolan',
    });
    expect(matrix.taskCounts.total).toBe(3);
  });

  it('reads v1beta1 runs with an embedded TaskRun status', () => {
    const run = runNamed(translateFixture('edge-cases.yaml'), 'legacy-build');
    expect(run).toMatchObject({
      status: 'succeeded',
      commit: {
        sha: 'abcdef0123456789abcdef0123456789abcdef01',
        repositoryUrl: 'https://gitlab.acme.example/platform/legacy-app.git',
      },
      images: [
        {
          url: 'registry.acme.example/platform/legacy-app@sha256:3333333333333333333333333333333333333333333333333333333333333333',
          digest:
            'sha256:3333333333333333333333333333333333333333333333333333333333333333',
        },
      ],
    });
    expect(run.tasks).toEqual([
      expect.objectContaining({
        name: 'compile',
        status: 'succeeded',
        objectName: 'legacy-build-compile',
        podName: 'legacy-build-compile-pod',
      }),
    ]);
  });

  it('falls back to the tekton.dev/pipelineRun label without childReferences', () => {
    const translation = translateFixture('payments-api-succeeded.yaml');
    const [raw] = loadYamlDocuments(
      join(__dirname, '__fixtures__', 'payments-api-succeeded.yaml'),
    ) as Array<{ status: Record<string, unknown> }>;
    delete raw.status.childReferences;
    delete raw.status.pipelineSpec;
    const taskRuns = loadYamlDocuments(
      join(__dirname, '__fixtures__', 'payments-api-succeeded.yaml'),
    )
      .slice(1)
      .map(projectTektonTaskRun);
    const { runs } = translateTektonRuns(
      'doks-tools',
      [projectTektonPipelineRun(raw)],
      taskRuns,
    );
    expect(runs[0].tasks.map(task => [task.name, task.status])).toEqual([
      ['fetch-source', 'succeeded'],
      ['build-image', 'succeeded'],
      ['notify', 'succeeded'],
      ['deploy-preview', 'skipped'],
    ]);
    expect(translation.runs[0].tasks).toHaveLength(4);
  });

  it('keeps malformed objects as unknown runs with warnings and never throws', () => {
    const translation = translateFixture('malformed.yaml');
    const byName = new Map(translation.runs.map(run => [run.name, run]));
    for (const run of translation.runs) {
      expect(run.status).toBe('unknown');
      expect(run.warnings.length).toBeGreaterThan(0);
      expect(PipelineRunSchema.safeParse(run).success).toBe(true);
    }
    expect(byName.get('no-status')?.warnings).toEqual([
      'PipelineRun has no Succeeded condition',
    ]);
    expect(byName.get('conditions-not-a-list')?.warnings).toContain(
      'status.conditions is not a list',
    );
    expect(byName.get('unknown-reason')).toMatchObject({
      reason: 'SomethingTektonInventedLater',
      conditionStatus: 'False',
    });
    expect(byName.get('unknown-reason')?.warnings[0]).toBe(
      'PipelineRun reason "SomethingTektonInventedLater" is not a known reason for status False',
    );
    expect(byName.get('bad-condition-status')?.warnings).toEqual([
      'PipelineRun Succeeded condition has status "Maybe"',
    ]);
    expect(byName.get('wrong-types')?.warnings).toEqual(
      expect.arrayContaining([
        'metadata.labels is not a map',
        'spec.params is not a list',
        'status.startTime is not a timestamp: yesterday',
        'status.completionTime is not a timestamp: 12',
        'status.childReferences is not a list',
      ]),
    );
    // The reason 42 is a number; YAML authors write numbers, so it is read as "42".
    expect(byName.get('wrong-types')?.reason).toBe('42');
    const unnamed = translation.runs.filter(run => run.name === '');
    expect(unnamed.map(run => run.warnings)).toEqual([
      expect.arrayContaining([
        'metadata.name is missing',
        'status is not an object',
      ]),
      expect.arrayContaining(['not an object', 'metadata.name is missing']),
    ]);
    expect(translation.runs).toHaveLength(7);
    expect(translation.warnings).toContain(
      'PipelineRun ci/no-status: PipelineRun has no Succeeded condition',
    );
  });

  it('reports malformed TaskRun steps on the run that owns them', () => {
    const translation = translateFixture('malformed.yaml');
    const run = translation.runs.find(
      candidate => candidate.name === 'unknown-reason',
    );
    expect(run?.tasks).toEqual([
      expect.objectContaining({
        name: 'orphan-with-bad-steps',
        status: 'failed',
        steps: [
          expect.objectContaining({ name: 'a', status: 'unknown' }),
          expect.objectContaining({ name: 'b', status: 'running' }),
        ],
      }),
    ]);
    expect(run?.warnings).toEqual(
      expect.arrayContaining([
        'TaskRun orphan-with-bad-steps: status.steps.terminated.exitCode is not an integer',
        'TaskRun orphan-with-bad-steps: status.steps has an entry without a name',
      ]),
    );
  });
});
