/*
 * What a recorded read is invalidated by: the keys a changed object is
 * found under before and after the change, by name, namespace, label
 * index and declared index (the store's own keysOf).
 */
import {
  type KubeObject,
  SourceSet,
  defineResource,
  projectObject,
  type StoreChange,
  type StoredObject,
} from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { ReadRecorder, readKeysOfChanges } from './ReadRecorder';

const configMaps = defineResource({
  type: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  project: o => ({ repo: String((o.data as { repo?: string })?.repo ?? '') }),
  indexes: { repo: o => (o.projection.repo ? [o.projection.repo] : []) },
});
const sources = new SourceSet([{ id: 'maps', resources: [configMaps] }]);
const need = sources.needs[0];

function configMap(
  namespace: string,
  name: string,
  repo: string,
  labels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace, name, labels },
    data: { repo },
  };
}

function stored(object: KubeObject): StoredObject {
  return projectObject(object, need.consumers, need.annotations).stored!;
}

const fixture = new FixtureClusterCache(sources, {
  name: 'alpha',
  objects: [
    configMap('a', 'one', 'github.com/acme/one', {
      'backstage.io/kubernetes-id': 'one',
    }),
  ],
});

/** Whether a change touches anything the recorder read. */
function touches(recorder: ReadRecorder, change: StoreChange): boolean {
  return [...readKeysOfChanges('alpha', need, [change])].some(k =>
    recorder.keys.has(k),
  );
}

describe('ReadRecorder', () => {
  it('answers exactly as the reader does', () => {
    const reader = fixture.snapshot();
    const recording = new ReadRecorder(sources).wrap(reader);
    expect(
      recording.byIndex(configMaps, 'repo', 'github.com/acme/one'),
    ).toEqual(reader.byIndex(configMaps, 'repo', 'github.com/acme/one'));
    expect(recording.get(configMaps, 'a', 'one')).toBe(
      reader.get(configMaps, 'a', 'one'),
    );
    expect(recording.list(configMaps)).toEqual(reader.list(configMaps));
  });

  it('invalidates an index read by the object found under its key before or after the change', () => {
    const recorder = new ReadRecorder(sources);
    recorder
      .wrap(fixture.snapshot())
      .byIndex(configMaps, 'repo', 'github.com/acme/one');
    const under = (repo: string) => stored(configMap('b', 'x', repo));
    // Moves away from the key, moves onto it, is added under it.
    expect(
      touches(recorder, {
        previous: under('github.com/acme/one'),
        next: under('github.com/acme/two'),
      }),
    ).toBe(true);
    expect(
      touches(recorder, {
        previous: under('github.com/acme/two'),
        next: under('github.com/acme/one'),
      }),
    ).toBe(true);
    expect(touches(recorder, { next: under('github.com/acme/one') })).toBe(
      true,
    );
    // Never under the key: not this read's business.
    expect(
      touches(recorder, {
        previous: under('github.com/acme/two'),
        next: under('github.com/acme/three'),
      }),
    ).toBe(false);
  });

  it('records an indexed selector as its index key, and any other selector as its namespace', () => {
    const indexed = new ReadRecorder(sources);
    indexed
      .wrap(fixture.snapshot())
      .selectByLabels(configMaps, 'backstage.io/kubernetes-id=one');
    const labelled = (id: string, namespace = 'z') =>
      stored(
        configMap(namespace, 'y', '', { 'backstage.io/kubernetes-id': id }),
      );
    expect(touches(indexed, { next: labelled('one') })).toBe(true);
    expect(touches(indexed, { next: labelled('two') })).toBe(false);

    const scanned = new ReadRecorder(sources);
    scanned.wrap(fixture.snapshot()).selectByLabels(configMaps, 'team=x', 'a');
    expect(touches(scanned, { next: labelled('two', 'a') })).toBe(true);
    expect(touches(scanned, { next: labelled('two', 'b') })).toBe(false);
  });

  it('invalidates a read by name only by that object', () => {
    const recorder = new ReadRecorder(sources);
    const reading = recorder.wrap(fixture.snapshot());
    reading.get(configMaps, 'a', 'one');
    expect(recorder.clusters).toEqual(new Set(['alpha']));
    expect(
      touches(recorder, { previous: stored(configMap('a', 'one', '')) }),
    ).toBe(true);
    expect(touches(recorder, { next: stored(configMap('a', 'two', '')) })).toBe(
      false,
    );
    expect(touches(recorder, { next: stored(configMap('b', 'one', '')) })).toBe(
      false,
    );
  });
});
