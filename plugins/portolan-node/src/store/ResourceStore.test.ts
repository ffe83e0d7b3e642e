import type { StoredObject } from './projection';
import {
  ResourceStore,
  declaredIndexId,
  labelIndexId,
  sameStoredObject,
  type StoreChange,
  type StoreIndex,
} from './ResourceStore';

function object(
  namespace: string | undefined,
  name: string,
  labels: Record<string, string>,
  repositories: string[] = [],
): StoredObject {
  const metadata = {
    uid: name,
    name,
    namespace,
    labels,
    annotations: {},
    ownerReferences: [],
  };
  return {
    metadata,
    views: [{ metadata, projection: { name, repositories } }],
  };
}

const appLabel: StoreIndex = {
  id: labelIndexId('app'),
  keysOf: o => o.metadata.labels.app,
};
const byRepository: StoreIndex = {
  id: declaredIndexId(0, 'repository'),
  keysOf: o =>
    (o.views[0]?.projection as { repositories: string[] } | undefined)
      ?.repositories,
};

function names(objects: Iterable<StoredObject>): string[] {
  return [...objects]
    .map(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

/** Every posting of an index, as `key → names`, to compare whole indexes. */
function postings(store: ResourceStore, keys: string[]) {
  return Object.fromEntries(
    keys
      .map(key => [key, names(store.lookup(byRepository.id, key))] as const)
      .filter(([, found]) => found.length > 0),
  );
}

describe('ResourceStore', () => {
  it('keeps objects per namespace and name, with a label index', () => {
    const store = new ResourceStore([appLabel]);
    store.upsert(object('a', 'x', { app: 'one' }));
    store.upsert(object('b', 'x', { app: 'one' }));
    store.upsert(object(undefined, 'node-1', {}));
    expect(store.size).toBe(3);
    expect(store.get('a', 'x')?.metadata.namespace).toBe('a');
    expect(store.get(undefined, 'node-1')).toBeDefined();
    expect(store.list('b').map(o => o.metadata.name)).toEqual(['x']);
    expect(store.isIndexed('app')).toBe(true);
    expect(store.isIndexed('tier')).toBe(false);
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

  it('swaps an updated object in its label postings when the label stays', () => {
    const store = new ResourceStore([appLabel]);
    const first = object('a', 'x', { app: 'one' });
    store.upsert(first);
    store.upsert(object('a', 'y', { app: 'one' }));
    const second = object('a', 'x', { app: 'one', tier: 'web' });
    store.upsert(second);
    const found = [...store.withIndexedLabel('app', 'one')];
    expect(found).toHaveLength(2);
    expect(found).toContain(second);
    expect(found).not.toContain(first);
    expect(store.size).toBe(2);
    // Dropping the label unfiles it; the last one leaves nothing behind.
    store.upsert(object('a', 'x', {}));
    expect(names(store.withIndexedLabel('app', 'one'))).toEqual(['a/y']);
    store.upsert(object('a', 'y', { app: 'two' }));
    expect([...store.withIndexedLabel('app', 'one')]).toEqual([]);
    expect(names(store.withIndexedLabel('app', 'two'))).toEqual(['a/y']);
    store.upsert(object('a', 'x', { app: 'two' }));
    expect(names(store.withIndexedLabel('app', 'two'))).toEqual(['a/x', 'a/y']);
  });

  it('replaces everything at once after a relist', () => {
    const store = new ResourceStore([appLabel]);
    store.upsert(object('a', 'old', { app: 'one' }));
    store.replaceAll([object('a', 'new', { app: 'one' })]);
    expect(store.list().map(o => o.metadata.name)).toEqual(['new']);
    expect(
      [...store.withIndexedLabel('app', 'one')].map(o => o.metadata.name),
    ).toEqual(['new']);
    expect(store.size).toBe(1);
  });

  describe('a declared index', () => {
    const KEYS = ['github.com/acme/shop', 'github.com/acme/cart', 'path:x/y'];

    it('files an added object under each of its keys', () => {
      const store = new ResourceStore([appLabel, byRepository]);
      expect(store.hasIndex(byRepository.id)).toBe(true);
      expect(store.hasIndex(declaredIndexId(0, 'other'))).toBe(false);
      store.upsert(
        object('ci', 'run-1', {}, [
          'github.com/acme/shop',
          'github.com/acme/cart',
        ]),
      );
      store.upsert(object('ci', 'run-2', {}, ['github.com/acme/shop']));
      store.upsert(object('ci', 'run-3', {}, []));
      // A key listed twice is filed once.
      store.upsert(object('other', 'run-4', {}, ['path:x/y', 'path:x/y']));
      expect(postings(store, KEYS)).toEqual({
        'github.com/acme/shop': ['ci/run-1', 'ci/run-2'],
        'github.com/acme/cart': ['ci/run-1'],
        'path:x/y': ['other/run-4'],
      });
      expect([...store.lookup(byRepository.id, 'nowhere')]).toEqual([]);
      expect([
        ...store.lookup('no-such-index', 'github.com/acme/shop'),
      ]).toEqual([]);
    });

    it('moves an object whose keys change, and drops keys left empty', () => {
      const store = new ResourceStore([byRepository]);
      store.upsert(object('ci', 'run-1', {}, ['github.com/acme/shop']));
      store.upsert(object('ci', 'run-2', {}, ['github.com/acme/shop']));
      store.upsert(
        object('ci', 'run-1', {}, ['github.com/acme/cart', 'path:x/y']),
      );
      expect(postings(store, KEYS)).toEqual({
        'github.com/acme/shop': ['ci/run-2'],
        'github.com/acme/cart': ['ci/run-1'],
        'path:x/y': ['ci/run-1'],
      });
      // The new version of the object is what the index hands out.
      const [found] = store.lookup(byRepository.id, 'github.com/acme/cart');
      expect(found).toBe(store.get('ci', 'run-1'));
      // Unchanged keys: still filed once, as the new object.
      const before = store.get('ci', 'run-2');
      store.upsert(
        object('ci', 'run-2', { touched: 'yes' }, ['github.com/acme/shop']),
      );
      const shop = [...store.lookup(byRepository.id, 'github.com/acme/shop')];
      expect(shop).toHaveLength(1);
      expect(shop[0]).not.toBe(before);
      expect(shop[0]).toBe(store.get('ci', 'run-2'));
    });

    it('unfiles a deleted object', () => {
      const store = new ResourceStore([byRepository]);
      store.upsert(object('ci', 'run-1', {}, ['github.com/acme/shop']));
      store.upsert(object('ci', 'run-2', {}, ['github.com/acme/shop']));
      store.remove('ci', 'run-1');
      expect(postings(store, KEYS)).toEqual({
        'github.com/acme/shop': ['ci/run-2'],
      });
      store.remove('ci', 'run-2');
      expect(postings(store, KEYS)).toEqual({});
    });

    it('is rebuilt from the relisted objects alone after a relist (410 Gone)', () => {
      const store = new ResourceStore([appLabel, byRepository]);
      store.upsert(
        object('ci', 'gone', { app: 'a' }, ['github.com/acme/shop']),
      );
      store.upsert(
        object('ci', 'kept', { app: 'a' }, ['github.com/acme/shop']),
      );
      store.replaceAll([
        object('ci', 'kept', { app: 'b' }, ['github.com/acme/cart']),
        object('ci', 'new', { app: 'a' }, ['github.com/acme/shop']),
      ]);
      expect(postings(store, KEYS)).toEqual({
        'github.com/acme/shop': ['ci/new'],
        'github.com/acme/cart': ['ci/kept'],
      });
      expect(names(store.withIndexedLabel('app', 'a'))).toEqual(['ci/new']);
      // Later events keep the rebuilt index exact.
      store.remove('ci', 'new');
      store.upsert(object('ci', 'kept', {}, ['github.com/acme/shop']));
      expect(postings(store, KEYS)).toEqual({
        'github.com/acme/shop': ['ci/kept'],
      });
    });

    it('files an object whose view or keys are missing under no key', () => {
      const store = new ResourceStore([byRepository]);
      const broken: StoredObject = {
        metadata: object('ci', 'broken', {}).metadata,
        views: [undefined],
      };
      store.upsert(broken);
      expect(store.size).toBe(1);
      expect(postings(store, KEYS)).toEqual({});
      store.remove('ci', 'broken');
      expect(store.size).toBe(0);
    });
  });
});

describe('ResourceStore change listeners', () => {
  const summary = (changes: readonly StoreChange[]) =>
    changes.map(
      c =>
        `${c.previous ? c.previous.metadata.name : '-'}→${
          c.next ? c.next.metadata.name : '-'
        }`,
    );

  it('hears upserts and removals, not removals of what is not there', () => {
    const store = new ResourceStore([appLabel]);
    const heard: string[][] = [];
    const off = store.onChange(changes => heard.push(summary(changes)));
    const x1 = object('a', 'x', { app: 'one' });
    store.upsert(x1);
    store.upsert(object('a', 'x', { app: 'two' }));
    store.remove('a', 'x');
    store.remove('a', 'x');
    off();
    store.upsert(object('a', 'y', {}));
    expect(heard).toEqual([['-→x'], ['x→x'], ['x→-']]);
  });

  it('hears of a relist only the objects that read differently', () => {
    const store = new ResourceStore([appLabel]);
    store.replaceAll([
      object('a', 'same', { app: 'one' }),
      object('a', 'edited', { app: 'one' }),
      object('a', 'gone', {}),
    ]);
    const heard: StoreChange[] = [];
    store.onChange(changes => heard.push(...changes));
    // Equal copies (new identities, as a relist projects them) are no change.
    store.replaceAll([
      object('a', 'same', { app: 'one' }),
      object('a', 'edited', { app: 'one' }),
      object('a', 'gone', {}),
    ]);
    expect(heard).toEqual([]);
    store.replaceAll([
      object('a', 'same', { app: 'one' }),
      object('a', 'edited', { app: 'two' }),
      object('b', 'new', {}),
    ]);
    expect(summary(heard).sort()).toEqual(['-→new', 'edited→edited', 'gone→-']);
    const edited = heard.find(c => c.next?.metadata.name === 'edited')!;
    expect(edited.previous?.metadata.labels.app).toBe('one');
    expect(edited.next?.metadata.labels.app).toBe('two');
  });

  it('tells equal stored objects from different ones', () => {
    const a = object('a', 'x', { app: 'one' }, ['r1']);
    expect(sameStoredObject(a, object('a', 'x', { app: 'one' }, ['r1']))).toBe(
      true,
    );
    expect(sameStoredObject(a, object('a', 'x', { app: 'one' }, ['r2']))).toBe(
      false,
    );
    expect(sameStoredObject(a, object('a', 'x', { app: 'one' }, []))).toBe(
      false,
    );
  });
});
