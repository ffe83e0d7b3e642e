import { defineResource, PortolanSource } from '../source';
import { FixtureClusterCache } from '../testUtils';
import { SourceSet } from './SourceSet';

const pods = defineResource({
  type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
  project: () => ({}),
  keepAnnotations: ['a/b'],
});
const podsAgain = defineResource({
  type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
  project: () => ({ other: true }),
  keepAnnotations: ['c/*'],
  indexLabels: ['app'],
});
const runs = defineResource({
  type: {
    group: 'tekton.dev',
    version: 'v1',
    plural: 'pipelineruns',
    kind: 'PipelineRun',
  },
  fallbackVersions: ['v1beta1'],
  project: () => ({}),
});

function source(
  id: string,
  resources: PortolanSource['resources'],
  extra: Partial<PortolanSource> = {},
): PortolanSource {
  return { id, resources, ...extra };
}

describe('SourceSet', () => {
  it('shares one need between sources watching the same type', () => {
    const set = new SourceSet([
      source('a', [pods]),
      source('b', [podsAgain, runs]),
    ]);
    expect(set.needs.map(n => n.key)).toEqual([
      '/pods@v1',
      'tekton.dev/pipelineruns@v1,v1beta1',
    ]);
    const [podNeed] = set.needs;
    expect(podNeed.consumers).toEqual([pods, podsAgain]);
    expect(set.slotOf(podsAgain)).toEqual({ need: podNeed, index: 1 });
    expect(podNeed.annotations.keeps('a/b')).toBe(true);
    expect(podNeed.annotations.keeps('c/anything')).toBe(true);
    expect(
      podNeed.annotations.keeps(
        'kubectl.kubernetes.io/last-applied-configuration',
      ),
    ).toBe(false);
    expect([...podNeed.indexedLabels]).toEqual([
      'backstage.io/kubernetes-id',
      'app',
    ]);
  });

  it('refuses Secrets', () => {
    const secrets = defineResource({
      type: { group: '', version: 'v1', plural: 'secrets', kind: 'Secret' },
      project: () => ({}),
    });
    expect(() => new SourceSet([source('leaky', [secrets])])).toThrow(
      "Portolan source 'leaky' declares Secrets; Portolan never watches Secrets",
    );
  });

  it('refuses duplicate ids, conflicting matchers and malformed types', () => {
    expect(() => new SourceSet([source('a', []), source('a', [])])).toThrow(
      "Two Portolan sources have the id 'a'",
    );
    const m1 = { id: 'repo', resolve: () => undefined };
    const m2 = { id: 'repo', resolve: () => 'x' };
    expect(
      () =>
        new SourceSet([
          source('a', [], { matchers: [m1] }),
          source('b', [], { matchers: [m1] }),
        ]),
    ).not.toThrow();
    expect(
      () =>
        new SourceSet([
          source('a', [], { matchers: [m1] }),
          source('b', [], { matchers: [m2] }),
        ]),
    ).toThrow(
      "Portolan source 'b' declares a second matcher with the id 'repo'",
    );
    const bad = defineResource({
      type: { group: '', version: 'v1', plural: 'Pods/', kind: 'Pod' },
      project: () => ({}),
    });
    expect(() => new SourceSet([source('a', [bad])])).toThrow(
      "invalid plural 'Pods/'",
    );
  });

  it('gives each consumer its own declared indexes, read from its own view', () => {
    const byTeam = defineResource({
      type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
      project: o => ({ team: String(o.metadata?.labels?.team) }),
      indexes: {
        team: pod => [pod.projection.team],
        // A throwing index files the object under no key.
        broken: pod => {
          if (pod.metadata.name === 'b') throw new Error('no');
          return [pod.metadata.name];
        },
      },
    });
    const set = new SourceSet([source('a', [pods]), source('b', [byTeam])]);
    expect(set.needs[0].indexes.map(index => index.id)).toEqual([
      'label:backstage.io/kubernetes-id',
      '1:team',
      '1:broken',
    ]);
    const pod = (name: string, team: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: name, labels: { team } },
    });
    const snapshot = new FixtureClusterCache(set, {
      name: 'c',
      objects: [pod('a', 'red'), pod('b', 'red'), pod('c', 'blue')],
    }).snapshot();
    const namesOf = (objects: readonly { metadata: { name: string } }[]) =>
      objects.map(o => o.metadata.name).sort();
    expect(namesOf(snapshot.byIndex(byTeam, 'team', 'red'))).toEqual([
      'a',
      'b',
    ]);
    expect(namesOf(snapshot.byIndex(byTeam, 'team', 'red', 'b'))).toEqual([
      'b',
    ]);
    expect(namesOf(snapshot.byIndex(byTeam, 'broken', 'a'))).toEqual(['a']);
    expect(snapshot.byIndex(byTeam, 'broken', 'b')).toEqual([]);
    expect(() => snapshot.byIndex(pods, 'team', 'red')).toThrow(
      "Pod declares no index 'team' (declared: none)",
    );
  });

  it('refuses an index that is not a function', () => {
    const bad = defineResource({
      type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
      project: () => ({}),
      indexes: { team: 'team' as never },
    });
    expect(() => new SourceSet([source('a', [bad])])).toThrow(
      "Portolan source 'a' declares an index 'team' on pods that is not a function",
    );
  });
});
