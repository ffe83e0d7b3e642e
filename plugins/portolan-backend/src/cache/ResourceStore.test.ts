import type { StoredObject } from './projection';
import { ResourceStore } from './ResourceStore';

function object(
  namespace: string | undefined,
  name: string,
  labels: Record<string, string>,
): StoredObject {
  const metadata = {
    uid: name,
    name,
    namespace,
    labels,
    annotations: {},
    ownerReferences: [],
  };
  return { metadata, views: [{ metadata, projection: { name } }] };
}

describe('ResourceStore', () => {
  it('keeps objects per namespace and name, with a label index', () => {
    const store = new ResourceStore(new Set(['app']));
    store.upsert(object('a', 'x', { app: 'one' }));
    store.upsert(object('b', 'x', { app: 'one' }));
    store.upsert(object(undefined, 'node-1', {}));
    expect(store.size).toBe(3);
    expect(store.get('a', 'x')?.metadata.namespace).toBe('a');
    expect(store.get(undefined, 'node-1')).toBeDefined();
    expect(store.list('b').map(o => o.metadata.name)).toEqual(['x']);
    expect([...store.withIndexedLabel('app', 'one')]).toHaveLength(2);

    // Relabelling moves the object in the index; deleting removes it.
    store.upsert(object('a', 'x', { app: 'two' }));
    expect(store.size).toBe(3);
    expect(
      [...store.withIndexedLabel('app', 'one')].map(o => o.metadata.namespace),
    ).toEqual(['b']);
    expect([...store.withIndexedLabel('app', 'two')]).toHaveLength(1);
    store.remove('b', 'x');
    store.remove('b', 'never-there');
    expect(store.size).toBe(2);
    expect([...store.withIndexedLabel('app', 'one')]).toEqual([]);
  });

  it('replaces everything at once after a relist', () => {
    const store = new ResourceStore(new Set(['app']));
    store.upsert(object('a', 'old', { app: 'one' }));
    store.replaceAll([object('a', 'new', { app: 'one' })]);
    expect(store.list().map(o => o.metadata.name)).toEqual(['new']);
    expect(
      [...store.withIndexedLabel('app', 'one')].map(o => o.metadata.name),
    ).toEqual(['new']);
    expect(store.size).toBe(1);
  });
});
