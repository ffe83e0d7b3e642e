import { join } from 'node:path';
import { DeploymentSchema } from '@portolan/plugin-portolan-common';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import type { KnownCluster } from './argoDestination';
import { projectArgoApplication } from './projectArgoApplication';
import { translateArgoApplications } from './translateArgoApplications';

const KNOWN_CLUSTERS: KnownCluster[] = [
  {
    name: 'gke-prod-eu',
    url: 'https://GKE-prod-eu.clusters.acme.example:6443',
  },
  { name: 'eks-prod-us', url: 'https://eks-prod-us.clusters.acme.example' },
  { name: 'doks-tools' },
];

function translateFixture(file: string) {
  const apps = loadYamlDocuments(join(__dirname, '__fixtures__', file)).map(
    projectArgoApplication,
  );
  return translateArgoApplications('doks-tools', apps, KNOWN_CLUSTERS);
}

function named(
  translation: ReturnType<typeof translateFixture>,
  application: string,
) {
  const found = translation.deployments.find(
    deployment => deployment.application === application,
  );
  if (!found) {
    throw new Error(`no application ${application}`);
  }
  return found;
}

describe('translateArgoApplications', () => {
  const translation = translateFixture('applications.yaml');

  it('reads every fixture without warnings and within the schema', () => {
    expect(translation.warnings).toEqual([]);
    for (const deployment of translation.deployments) {
      expect(DeploymentSchema.parse(deployment)).toEqual(deployment);
    }
  });

  it('translates a single-source application deployed to a cluster matched by server URL', () => {
    expect(named(translation, 'payments-api-prod')).toEqual({
      system: 'argocd',
      cluster: 'doks-tools',
      namespace: 'argocd',
      application: 'payments-api-prod',
      project: 'payments',
      destination: {
        server: 'https://gke-prod-eu.clusters.acme.example:6443/',
        namespace: 'payments',
        cluster: 'gke-prod-eu',
        match: 'server',
      },
      sources: [
        {
          repoUrl: 'https://github.com/acme/payments-api.git',
          path: 'deploy/overlays/prod',
          targetRevision: 'main',
        },
      ],
      multiSource: false,
      sync: 'synced',
      health: 'healthy',
      upstream: { sync: 'Synced', health: 'Healthy' },
      revisions: ['9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'],
      images: [
        'registry.acme.example/payments/payments-api@sha256:1111111111111111111111111111111111111111111111111111111111111111',
      ],
      history: [
        {
          id: 11,
          revisions: ['1111111111111111111111111111111111111111'],
          deployStartedAt: '2025-05-01T09:00:00.000Z',
          deployedAt: '2025-05-01T09:00:40.000Z',
          initiatedBy: { automated: true },
        },
        {
          id: 12,
          revisions: ['9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'],
          deployStartedAt: '2025-05-12T10:10:00.000Z',
          deployedAt: '2025-05-12T10:10:45.000Z',
          initiatedBy: { username: 'alice', automated: false },
        },
      ],
      operation: {
        phase: 'succeeded',
        upstreamPhase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2025-05-12T10:10:00.000Z',
        finishedAt: '2025-05-12T10:10:45.000Z',
        revisions: ['9f2c1e7b5a4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'],
        initiatedBy: { username: 'alice', automated: false },
      },
      links: [{ title: 'Application URL', url: 'https://pay.acme.example' }],
      warnings: [],
    });
  });

  it('keeps one revision per source for a multi-source application matched by name', () => {
    expect(named(translation, 'storefront-web-prod')).toMatchObject({
      multiSource: true,
      sources: [
        {
          repoUrl: 'https://charts.acme.example',
          chart: 'web-frontend',
          targetRevision: '3.2.1',
        },
        {
          repoUrl: 'git@github.com:acme/storefront-web.git',
          targetRevision: 'main',
          ref: 'values',
        },
      ],
      destination: {
        name: 'eks-prod-us',
        cluster: 'eks-prod-us',
        match: 'name',
      },
      revisions: ['3.2.1', '5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081'],
      history: [
        {
          id: 3,
          revisions: ['3.2.1', '5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081'],
        },
      ],
    });
  });

  it('shows an out-of-sync, degraded application with its failed operation', () => {
    expect(named(translation, 'catalog-service-prod')).toMatchObject({
      project: 'default',
      sync: 'out-of-sync',
      health: 'degraded',
      healthMessage:
        'Deployment catalog-service exceeded its progress deadline',
      operation: {
        phase: 'failed',
        message: 'one or more objects failed to apply',
        revisions: ['7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b'],
      },
    });
  });

  it('attributes in-cluster destinations to the cluster Argo CD runs on', () => {
    expect(named(translation, 'argocd-self')).toMatchObject({
      destination: { cluster: 'doks-tools', match: 'in-cluster' },
      health: 'progressing',
      operation: { phase: 'running', initiatedBy: { automated: true } },
    });
    expect(named(translation, 'hydrated-app')).toMatchObject({
      destination: {
        name: 'in-cluster',
        cluster: 'doks-tools',
        match: 'in-cluster',
      },
      sources: [
        { repoUrl: 'https://github.com/acme/edge-gateway', path: 'helm' },
      ],
      health: 'suspended',
    });
  });

  it('leaves a destination nobody knows unresolved rather than guessing', () => {
    const mystery = named(translation, 'mystery-app');
    expect(mystery.destination).toEqual({
      name: 'some-cluster-argo-knows',
      namespace: 'default',
      match: 'unresolved',
    });
    expect(mystery).toMatchObject({ sync: 'unknown', health: 'missing' });
  });

  it('keeps malformed applications with unknown statuses and warnings, never throwing', () => {
    const malformed = translateFixture('malformed.yaml');
    expect(malformed.deployments).toHaveLength(4);
    for (const deployment of malformed.deployments) {
      expect(DeploymentSchema.safeParse(deployment).success).toBe(true);
      expect(deployment.warnings.length).toBeGreaterThan(0);
    }
    expect(named(malformed, 'brand-new')).toMatchObject({
      sync: 'unknown',
      health: 'unknown',
      warnings: [
        'status.sync.status is missing',
        'status.health.status is missing',
      ],
    });
    expect(named(malformed, 'future-values')).toMatchObject({
      sync: 'unknown',
      health: 'unknown',
      upstream: { sync: 'Drifting', health: 'Sparkling' },
      operation: { phase: 'unknown', upstreamPhase: 'Pondering' },
      warnings: [
        'status.sync.status "Drifting" is not a known value',
        'status.health.status "Sparkling" is not a known value',
        'status.operationState.phase "Pondering" is not a known value',
      ],
    });
    expect(named(malformed, 'wrong-types').warnings).toEqual(
      expect.arrayContaining([
        'spec.sources is not a list',
        'spec has no readable source, sources or sourceHydrator',
        'status.history is not a list',
        'status.summary.images is not a list',
      ]),
    );
    expect(malformed.warnings).toContain(
      'Application argocd/brand-new: status.sync.status is missing',
    );
  });
});

describe('Argo CD closed sets', () => {
  function withStatus(status: Record<string, unknown>) {
    return translateArgoApplications(
      'doks-tools',
      [
        projectArgoApplication({
          metadata: { name: 'a', namespace: 'argocd' },
          spec: { source: { repoURL: 'https://github.com/acme/a' } },
          status: {
            sync: { status: 'Synced' },
            health: { status: 'Healthy' },
            ...status,
          },
        }),
      ],
      [],
    ).deployments[0];
  }

  it.each([
    ['Synced', 'synced'],
    ['OutOfSync', 'out-of-sync'],
    ['Unknown', 'unknown'],
  ])('sync status %s is %s', (upstream, sync) => {
    const deployment = withStatus({ sync: { status: upstream } });
    expect(deployment.sync).toBe(sync);
    expect(deployment.warnings).toEqual([]);
  });

  it.each([
    ['Healthy', 'healthy'],
    ['Progressing', 'progressing'],
    ['Degraded', 'degraded'],
    ['Suspended', 'suspended'],
    ['Missing', 'missing'],
    ['Unknown', 'unknown'],
  ])('health status %s is %s', (upstream, health) => {
    const deployment = withStatus({ health: { status: upstream } });
    expect(deployment.health).toBe(health);
    expect(deployment.warnings).toEqual([]);
  });

  it.each([
    ['Running', 'running'],
    ['Terminating', 'terminating'],
    ['Failed', 'failed'],
    ['Error', 'error'],
    ['Succeeded', 'succeeded'],
  ])('operation phase %s is %s', (upstream, phase) => {
    const deployment = withStatus({ operationState: { phase: upstream } });
    expect(deployment.operation?.phase).toBe(phase);
    expect(deployment.warnings).toEqual([]);
  });
});
