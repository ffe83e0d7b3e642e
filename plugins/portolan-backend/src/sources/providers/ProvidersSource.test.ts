import { join } from 'node:path';
import { ClusterProfileSchema } from '@portolan/plugin-portolan-common';
import type {
  ClusterSnapshot,
  KubeObject,
} from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { loadYamlDocuments } from '../../delivery/__fixtures__/loadYamlDocuments';
import { SourceSet } from '@portolan/plugin-portolan-node';
import {
  ProvidersSource,
  clusterFactsOf,
  signalConfigMapResource,
} from './ProvidersSource';

const source = new ProvidersSource();
const sources = new SourceSet([source]);

function snapshotOf(
  name: string,
  gitVersion: string,
  fixture: string,
  apiGroups?: readonly string[],
): ClusterSnapshot {
  const cache = new FixtureClusterCache(sources, {
    name,
    gitVersion,
    objects: loadYamlDocuments(
      join(__dirname, '__fixtures__', fixture),
    ) as KubeObject[],
  });
  const snapshot = cache.snapshot();
  if (!apiGroups) {
    return snapshot;
  }
  // The fixture cache derives API groups from its objects; discovery would
  // report every group the cluster serves.
  return new Proxy(snapshot, {
    get(target, property) {
      if (property === 'apiGroups') {
        return apiGroups;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('ProvidersSource through the source contract', () => {
  it('profiles openshift-dev as ROSA from its nodes, API groups and brand ConfigMap', () => {
    const snapshot = snapshotOf(
      'openshift-dev',
      'v1.29.10+d5d1b4f',
      'openshift-dev.yaml',
      [
        '',
        'apps',
        'config.openshift.io',
        'route.openshift.io',
        'operators.coreos.com',
      ],
    );
    const { profile } = source.clusterFacts(snapshot);
    expect(ClusterProfileSchema.parse(profile)).toEqual(profile);
    expect(profile.provider).toMatchObject({ id: 'rosa', confidence: 'high' });
    expect(profile.provider.evidence.map(item => item.key)).toContain(
      'openshift-config/rosa-brand-logo',
    );
    expect(profile.operators).toEqual([
      expect.objectContaining({
        name: 'openshift-pipelines-operator-rh.v1.17.0',
        version: '1.17.0',
        phase: 'succeeded',
      }),
    ]);
    expect(profile).toMatchObject({
      region: 'us-east-2',
      zones: ['us-east-2a'],
    });
  });

  it('reads only the signal ConfigMaps, and keeps no ConfigMap data', () => {
    const snapshot = snapshotOf(
      'openshift-dev',
      'v1.29.10+d5d1b4f',
      'openshift-dev.yaml',
    );
    expect(clusterFactsOf(snapshot).configMaps).toEqual([
      { namespace: 'openshift-config', name: 'rosa-brand-logo' },
    ]);
    expect(
      JSON.stringify(snapshot.list(signalConfigMapResource)),
    ).not.toContain('never kept');
  });

  it('profiles k3s-edge from node annotations kept by the cache, with Cilium and Kata', () => {
    const { profile } = source.clusterFacts(
      snapshotOf('k3s-edge', 'v1.31.3+k3s1', 'k3s-edge.yaml'),
    );
    expect(profile.provider.id).toBe('k3s');
    expect(profile.provider.evidence.map(item => item.kind)).toEqual([
      'git-version',
      'provider-id',
      'node-annotation',
    ]);
    expect(profile.nodesByArchitecture).toEqual({ arm64: 1 });
    expect(profile.capabilities.map(capability => capability.id)).toEqual([
      'kata',
      'cilium',
    ]);
  });

  it('profiles a cluster that serves none of the resources as unknown, with what it saw', () => {
    const bare = new FixtureClusterCache(sources, {
      name: 'bare',
      gitVersion: 'v1.31.0',
      objects: [],
    });
    const unknown = source.clusterFacts(bare.snapshot()).profile;
    expect(unknown.provider).toMatchObject({
      id: 'unknown',
      confidence: 'none',
    });
    expect(unknown.provider.evidence).toEqual([
      expect.objectContaining({ kind: 'git-version', value: 'v1.31.0' }),
    ]);
    expect(unknown.nodeCount).toBe(0);
  });
});
