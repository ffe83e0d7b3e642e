/*
 * observeFleet says "complete" only when every watched resource holds a
 * complete list: a resource that is stale (say, a relist interrupted by an
 * expired continue token) or still syncing makes the observation partial,
 * so catalog discovery adds but never deletes.
 */
import type { ClusterHealth } from '@portolan/plugin-portolan-common';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { type ResourceNeed, SourceSet } from '@portolan/plugin-portolan-node';
import { ArgoCdSource } from '../../sources/argocd/ArgoCdSource';
import { workloadsSource } from '../../sources/workloads/workloadsSource';
import { observeFleet } from './observeFleet';

const sources = new SourceSet([
  workloadsSource,
  new ArgoCdSource({ knownClusters: () => [] }),
]);

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'shop',
    namespace: 'team',
    uid: 'd1',
    labels: { app: 'shop' },
  },
  spec: {},
};

/** A cluster whose deployments need reports `health`, everything else synced. */
class OneResourceHealth extends FixtureClusterCache {
  constructor(private readonly deploymentsHealth: ClusterHealth) {
    super(sources, { name: 'c1', objects: [deployment] });
  }

  needHealth(need: ResourceNeed): ClusterHealth {
    return need.plural === 'deployments'
      ? this.deploymentsHealth
      : super.needHealth(need);
  }
}

describe('observeFleet', () => {
  const since = new Date(0).toISOString();

  it('is complete when every resource is synced (or not installed)', () => {
    const observation = observeFleet([
      new OneResourceHealth({ state: 'synced', since }).snapshot(),
    ]);
    expect(observation.complete).toBe(true);
    expect(observation.workloads.map(w => w.name)).toEqual(['shop']);
  });

  it.each(['stale', 'syncing', 'unreachable', 'forbidden'] as const)(
    'is partial while one resource is %s, and still lists what it has',
    state => {
      const observation = observeFleet([
        new OneResourceHealth({
          state,
          since,
          message: 'the continue token expired (410); relisting',
        }).snapshot(),
      ]);
      expect(observation.complete).toBe(false);
      expect(observation.workloads.map(w => w.name)).toEqual(['shop']);
    },
  );
});
