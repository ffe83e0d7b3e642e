import type { KubeObject } from '../source';
import {
  AnnotationFilter,
  compact,
  projectMetadata,
  projectObject,
} from './projection';

const none = new AnnotationFilter([]);

function pod(name: string, ownerReferences?: unknown) {
  return {
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, ownerReferences },
  };
}

const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: 'web-7d9f',
  uid: 'rs-uid-1',
  controller: true,
  blockOwnerDeletion: true,
};

describe('projectMetadata owner references', () => {
  it('shares one frozen list between the objects of one owner', () => {
    const a = projectMetadata(pod('a', [{ ...replicaSet }]), none)!;
    const b = projectMetadata(pod('b', [{ ...replicaSet }]), none)!;
    expect(a.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-7d9f',
        uid: 'rs-uid-1',
        controller: true,
      },
    ]);
    expect(b.ownerReferences).toBe(a.ownerReferences);
    expect(Object.isFrozen(a.ownerReferences)).toBe(true);
    expect(Object.isFrozen(a.ownerReferences[0])).toBe(true);
  });

  it('never shares a list whose owner differs in anything but the uid', () => {
    const first = projectMetadata(pod('a', [{ ...replicaSet }]), none)!;
    for (const change of [
      { name: 'other' },
      { kind: 'StatefulSet' },
      { apiVersion: 'apps/v2' },
      { controller: false },
    ]) {
      const other = projectMetadata(
        pod('b', [{ ...replicaSet, ...change }]),
        none,
      )!;
      expect(other.ownerReferences).not.toBe(first.ownerReferences);
      expect(other.ownerReferences[0]).toMatchObject(change);
    }
  });

  it('keeps several owners in order, and drops malformed ones', () => {
    const owners = projectMetadata(
      pod('a', [
        { ...replicaSet },
        { kind: 'Node' },
        { ...replicaSet, kind: 'Other', uid: 'x', controller: false },
      ]),
      none,
    )!.ownerReferences;
    expect(owners.map(o => [o.kind, o.uid])).toEqual([
      ['ReplicaSet', 'rs-uid-1'],
      ['Other', 'x'],
    ]);
    expect(projectMetadata(pod('b', [{ kind: 'Node' }]), none)!).toMatchObject({
      ownerReferences: [],
    });
    expect(projectMetadata(pod('c'), none)!.ownerReferences).toEqual([]);
    expect(
      projectMetadata(pod('d', 'nonsense'), none)!.ownerReferences,
    ).toEqual([]);
  });
});

describe('compact', () => {
  it('returns the same elements in an array of its own', () => {
    const grown: number[] = [];
    grown.push(1, 2, 3);
    const compacted = compact(grown);
    expect(compacted).toEqual([1, 2, 3]);
    expect(compacted).not.toBe(grown);
    const empty: number[] = [];
    expect(compact(empty)).toBe(empty);
  });
});

describe('projectMetadata with the stored version', () => {
  const filter = new AnnotationFilter(['keep.example/*', 'exact']);

  const base = {
    name: 'web-1',
    namespace: 'shop',
    uid: 'uid-1',
    creationTimestamp: '2024-01-01T00:00:00Z',
    generation: 3,
    labels: { app: 'web', tier: 'front' },
    annotations: { 'keep.example/a': '1', exact: 'x', other: 'dropped' },
    ownerReferences: [{ ...replicaSet }],
    resourceVersion: '10',
  };

  /** Variants of `base`, each differing in one way. */
  const variants: Array<[string, Record<string, unknown>]> = [
    ['the same', {}],
    ['another resourceVersion', { resourceVersion: '11' }],
    ['a changed label', { labels: { app: 'web', tier: 'back' } }],
    ['an added label', { labels: { app: 'web', tier: 'front', x: 'y' } }],
    ['a removed label', { labels: { app: 'web' } }],
    ['no labels', { labels: undefined }],
    [
      'a non-string label value',
      { labels: { app: 'web', tier: 'front', n: 1 } },
    ],
    [
      'a changed kept annotation',
      { annotations: { 'keep.example/a': '2', exact: 'x' } },
    ],
    [
      'a changed dropped annotation',
      { annotations: { 'keep.example/a': '1', exact: 'x', other: 'new' } },
    ],
    ['no annotations', { annotations: undefined }],
    ['another owner', { ownerReferences: [{ ...replicaSet, uid: 'rs-2' }] }],
    [
      'a non-controller owner',
      { ownerReferences: [{ ...replicaSet, controller: false }] },
    ],
    [
      'two owners',
      { ownerReferences: [{ ...replicaSet }, { ...replicaSet, uid: 'rs-2' }] },
    ],
    ['no owners', { ownerReferences: undefined }],
    ['another uid', { uid: 'uid-2' }],
    ['another namespace', { namespace: 'cart' }],
    ['a deletion timestamp', { deletionTimestamp: '2024-02-01T00:00:00Z' }],
    ['another generation', { generation: 4 }],
    ['no generation', { generation: undefined }],
  ];

  const raw = (change: Record<string, unknown>): KubeObject => ({
    metadata: JSON.parse(JSON.stringify({ ...base, ...change })),
  });

  it('gives the same metadata as without it, whatever changed', () => {
    for (const [, before] of variants) {
      const previous = projectMetadata(raw(before), filter)!;
      for (const [what, after] of variants) {
        const fresh = projectMetadata(raw(after), filter);
        const reused = projectMetadata(raw(after), filter, previous);
        expect({ what, metadata: reused }).toEqual({ what, metadata: fresh });
      }
    }
  });

  it('reuses the stored metadata when nothing it keeps changed', () => {
    const previous = projectMetadata(raw({}), filter)!;
    for (const change of [
      {},
      { resourceVersion: '11' },
      { annotations: { 'keep.example/a': '1', exact: 'x', other: 'new' } },
      { labels: { app: 'web', tier: 'front', n: 1 } },
    ]) {
      expect(projectMetadata(raw(change), filter, previous)).toBe(previous);
    }
  });

  it('reuses the unchanged parts of metadata that changed', () => {
    const previous = projectMetadata(raw({}), filter)!;
    const relabelled = projectMetadata(
      raw({ labels: { app: 'web', tier: 'back' } }),
      filter,
      previous,
    )!;
    expect(relabelled).not.toBe(previous);
    expect(relabelled.labels).toEqual({ app: 'web', tier: 'back' });
    expect(relabelled.annotations).toBe(previous.annotations);
    expect(relabelled.ownerReferences).toBe(previous.ownerReferences);

    const annotated = projectMetadata(
      raw({ annotations: { exact: 'y' }, generation: 4 }),
      filter,
      previous,
    )!;
    expect(annotated.labels).toBe(previous.labels);
    expect(annotated.annotations).toEqual({ exact: 'y' });
    expect(annotated.generation).toBe(4);
  });

  it('reuses the metadata in projectObject and projects the rest again', () => {
    const consumers = [
      {
        type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
        project: (o: KubeObject) => ({ phase: (o.status as any)?.phase }),
      },
    ];
    const first = projectObject(
      { ...raw({}), status: { phase: 'Pending' } },
      consumers,
      filter,
    ).stored!;
    const second = projectObject(
      { ...raw({ resourceVersion: '11' }), status: { phase: 'Running' } },
      consumers,
      filter,
      first,
    ).stored!;
    expect(second.metadata).toBe(first.metadata);
    expect(second.views[0]).toEqual({
      metadata: first.metadata,
      projection: { phase: 'Running' },
    });
  });
});

describe('projectMetadata shared maps and timestamps', () => {
  const labelled = (
    name: string,
    labels: unknown,
    creationTimestamp?: string,
  ) =>
    ({
      metadata: {
        name,
        namespace: 'shop',
        uid: `uid-${name}`,
        labels,
        creationTimestamp,
      },
    } as KubeObject);

  it('shares one frozen label map between objects with the same labels', () => {
    const labels = { app: 'web', 'pod-template-hash': '7d9f' };
    const a = projectMetadata(labelled('a', { ...labels }), none)!;
    const b = projectMetadata(labelled('b', { ...labels }), none)!;
    expect(a.labels).toEqual(labels);
    expect(b.labels).toBe(a.labels);
    expect(Object.isFrozen(a.labels)).toBe(true);
  });

  it('never shares a map that differs in a key, a value, an entry or the order', () => {
    const first = projectMetadata(
      labelled('a', { app: 'web', tier: 'front' }),
      none,
    )!;
    for (const labels of [
      { app: 'web', tier: 'back' },
      { app: 'web', level: 'front' },
      { app: 'web' },
      { app: 'web', tier: 'front', x: 'y' },
      { tier: 'front', app: 'web' },
      // The same characters, split differently between key and value.
      { app: 'webt', ier: 'front' },
    ]) {
      const other = projectMetadata(labelled('b', labels), none)!;
      expect(other.labels).toEqual(labels);
      expect(other.labels).not.toBe(first.labels);
    }
    // A non-string entry is not kept: the kept map is the same map.
    const withNumber = projectMetadata(
      labelled('c', { app: 'web', tier: 'front', n: 1 }),
      none,
    )!;
    expect(withNumber.labels).toBe(first.labels);
  });

  it('shares kept annotation maps the same way, after the filter', () => {
    const filter = new AnnotationFilter(['keep.example/*']);
    const a = projectMetadata(
      {
        metadata: {
          name: 'a',
          annotations: { 'keep.example/x': '1', drop: 'a' },
        },
      },
      filter,
    )!;
    const b = projectMetadata(
      {
        metadata: {
          name: 'b',
          annotations: { 'keep.example/x': '1', drop: 'b' },
        },
      },
      filter,
    )!;
    expect(a.annotations).toEqual({ 'keep.example/x': '1' });
    expect(b.annotations).toBe(a.annotations);
  });

  it('keeps timestamps as given (pooled: the pool must not change them)', () => {
    const a = projectMetadata(labelled('a', {}, '2026-11-19T11:00:01Z'), none)!;
    const b = projectMetadata(labelled('b', {}, '2026-11-19T11:00:02Z'), none)!;
    const c = projectMetadata(labelled('c', {}, '2026-11-19T11:00:01Z'), none)!;
    expect(a.creationTimestamp).toBe('2026-11-19T11:00:01Z');
    expect(b.creationTimestamp).toBe('2026-11-19T11:00:02Z');
    expect(c.creationTimestamp).toBe('2026-11-19T11:00:01Z');
    expect(
      projectMetadata(labelled('d', {}, ''), none)!.creationTimestamp,
    ).toBeUndefined();
  });
});

describe('projectObject reports malformed metadata', () => {
  const consumers = [
    {
      type: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
      project: () => ({}),
    },
  ];
  const meta = { name: 'p', namespace: 'ns' };

  it.each([
    [{ labels: { app: 7 } }, /metadata.labels\['app'\] is a number/],
    [{ labels: ['a'] }, /metadata.labels is a array, not a map/],
    [{ annotations: 'x' }, /metadata.annotations is a string, not a map/],
    [{ uid: 12 }, /metadata.uid is a number/],
    [{ generation: '2' }, /metadata.generation is a string/],
    [{ ownerReferences: {} }, /metadata.ownerReferences is a object/],
    [
      { ownerReferences: [{ kind: 'ReplicaSet' }] },
      /without kind, name and uid/,
    ],
  ])('keeps %j and reports it', (extra, message) => {
    const result = projectObject(
      { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, ...extra } } as any,
      consumers,
      none,
    );
    expect(result.stored?.metadata.name).toBe('p');
    expect(result.failures).toEqual([expect.stringMatching(message)]);
    expect(result.failures[0]).toMatch(/^ns\/p: /);
  });

  it('reports nothing on good metadata', () => {
    const result = projectObject(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...meta,
          uid: 'u',
          generation: 3,
          labels: { a: 'b' },
          ownerReferences: [{ kind: 'ReplicaSet', name: 'r', uid: 'x' }],
        },
      },
      consumers,
      none,
    );
    expect(result.failures).toEqual([]);
  });
});
