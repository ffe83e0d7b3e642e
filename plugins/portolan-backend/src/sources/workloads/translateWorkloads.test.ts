import { join } from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { WorkloadSchema } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { componentEntity } from '../../delivery/__fixtures__/componentEntity';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { EntityResolver } from '../../entities/EntityResolver';
import { createEntityQuery } from '../../views/createEntityQuery';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { podResource } from './workloadResources';
import { workloadsSource } from './workloadsSource';

const objects = loadYamlDocuments(
  join(__dirname, '__fixtures__', 'payments.yaml'),
) as KubeObject[];
const sources = new SourceSet([workloadsSource]);
const cache = new FixtureClusterCache(sources, {
  name: 'gke-prod-eu',
  objects,
});

const entity = componentEntity;

function query(e: Entity) {
  return createEntityQuery(new EntityResolver([]).resolve(e), [
    cache.snapshot(),
  ]);
}

function workloadsOf(e: Entity) {
  const sections = workloadsSource.entityView!(query(e));
  for (const w of sections.workloads!) {
    expect(WorkloadSchema.parse(w)).toEqual(w);
  }
  return sections.workloads!;
}

describe('workloads source', () => {
  it('groups pods under their Deployment through the ReplicaSet and resolves digests', () => {
    const workloads = workloadsOf(entity('payments-api'));
    expect(workloads.map(w => `${w.namespace}/${w.kind}/${w.name}`)).toEqual([
      'payments/Deployment/payments-api',
      'payments/other/payments-api-migrate',
      'payments-tools/Pod/payments-api-debug',
    ]);
    const [deployment] = workloads;
    expect(deployment).toMatchObject({
      cluster: 'gke-prod-eu',
      upstreamKind: 'Deployment',
      status: 'degraded',
      statusReason: 'payments-api-7d9f-fghij/api: CrashLoopBackOff',
      replicas: { desired: 2, ready: 1, available: 1, updated: 2 },
      revision: '3',
      restarts: 5,
      nodes: ['gke-prod-eu-pool-a-1', 'gke-prod-eu-pool-a-2'],
      images: [
        {
          container: 'api',
          image: 'registry.acme.example/payments/payments-api:1.4.2',
          digests: [
            'sha256:1111111111111111111111111111111111111111111111111111111111111111',
          ],
        },
      ],
    });
    expect(deployment.pods.map(p => p.name)).toEqual([
      'payments-api-7d9f-abcde',
      'payments-api-7d9f-fghij',
    ]);
    expect(deployment.pods[1]).toMatchObject({
      phase: 'running',
      ready: false,
      restarts: 5,
      revision: 'payments-api-7d9f',
      containers: [
        {
          name: 'api',
          state: 'waiting',
          reason: 'CrashLoopBackOff',
          lastTermination: {
            reason: 'OOMKilled',
            exitCode: 137,
            finishedAt: '2025-01-10T09:20:00.000Z',
          },
        },
      ],
    });
  });

  it('shows pods of controllers it does not watch, and bare pods', () => {
    const [, job, debug] = workloadsOf(entity('payments-api'));
    expect(job).toMatchObject({
      kind: 'other',
      upstreamKind: 'Job',
      status: 'healthy',
      pods: [{ name: 'payments-api-migrate-x7k2p', phase: 'succeeded' }],
    });
    expect(job.replicas).toBeUndefined();
    // A bare sha256 imageID is an image config id, not a registry digest.
    expect(job.pods[0].containers.map(c => [c.name, c.init, c.digest])).toEqual(
      [
        ['wait-db', true, undefined],
        [
          'migrate',
          false,
          'sha256:2222222222222222222222222222222222222222222222222222222222222222',
        ],
      ],
    );
    expect(debug).toMatchObject({
      kind: 'Pod',
      status: 'progressing',
      statusReason: 'pending',
    });
  });

  it('keeps other entities out and reads StatefulSets and DaemonSets', () => {
    const workloads = workloadsOf(entity('ledger'));
    expect(workloads.map(w => [w.kind, w.name, w.status])).toEqual([
      ['StatefulSet', 'ledger', 'healthy'],
      ['DaemonSet', 'ledger-agent', 'healthy'],
    ]);
    expect(workloads[0]).toMatchObject({
      revision: 'ledger-6f7',
      restarts: 1,
      pods: [{ name: 'ledger-0', revision: 'ledger-6f7', ready: true }],
    });
    expect(workloads[1].replicas).toEqual({
      desired: 3,
      ready: 3,
      available: 3,
      updated: 3,
    });
  });

  it('honours the namespace annotation and label selectors without the index', () => {
    const inTools = workloadsOf(
      entity('payments-api', {
        'backstage.io/kubernetes-namespace': 'payments-tools',
      }),
    );
    expect(inTools.map(w => w.name)).toEqual(['payments-api-debug']);
    const bySelector = workloadsOf(
      entity('anything', {
        'backstage.io/kubernetes-label-selector':
          'backstage.io/kubernetes-id in (ledger),!pod-template-hash',
      }),
    );
    expect(bySelector.map(w => w.name)).toEqual(['ledger', 'ledger-agent']);
  });

  it('finds nothing for an entity without workloads', () => {
    expect(workloadsOf(entity('search-indexer'))).toEqual([]);
  });

  it('lists the pods whose logs belong to the entity, with all containers', () => {
    const targets = workloadsSource.logTargets!(query(entity('payments-api')));
    expect(targets).toEqual(
      expect.arrayContaining([
        {
          cluster: 'gke-prod-eu',
          namespace: 'payments',
          pod: 'payments-api-migrate-x7k2p',
          containers: ['wait-db', 'migrate'],
          defaultContainer: 'migrate',
        },
      ]),
    );
    // Pipeline step pods are not workloads, but their logs are the entity's.
    expect(targets.map(t => t.pod).sort()).toEqual([
      'payments-api-7d9f-abcde',
      'payments-api-7d9f-fghij',
      'payments-api-build-x1-unit-tests-pod',
      'payments-api-debug',
      'payments-api-migrate-x7k2p',
    ]);
  });
});

describe('workload projections', () => {
  it('keep a pod small and drop unrequested annotations', () => {
    const snapshot = cache.snapshot();
    const pod = snapshot.get(
      podResource,
      'payments',
      'payments-api-7d9f-abcde',
    )!;
    expect(JSON.stringify(pod).length).toBeLessThan(1000);
    const deployment = snapshot.list(sources.sources[0].resources[1]);
    expect(deployment[0].metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '3',
    });
  });

  it('read malformed objects as missing fields instead of throwing', () => {
    const broken = new FixtureClusterCache(sources, {
      name: 'x',
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'weird',
            namespace: 'n',
            labels: { 'backstage.io/kubernetes-id': 'w' },
          },
          spec: { containers: 'not a list', nodeName: 42 },
          status: {
            phase: 'Exploded',
            containerStatuses: [{ name: 'x', restartCount: -1 }],
          },
        },
      ],
    });
    const workloads = workloadsSource.entityView!(
      createEntityQuery(new EntityResolver([]).resolve(entity('w')), [
        broken.snapshot(),
      ]),
    ).workloads!;
    expect(workloads).toEqual([
      expect.objectContaining({
        kind: 'Pod',
        status: 'unknown',
        pods: [
          expect.objectContaining({
            phase: 'unknown',
            upstreamPhase: 'Exploded',
            node: '42',
          }),
        ],
      }),
    ]);
  });
});
