import { AnnotationFilter, compact, projectMetadata } from './projection';

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
