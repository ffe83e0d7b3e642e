import { jsonPatch } from './jsonPatch';
import { mergePatch } from './mergePatch';

describe('mergePatch (RFC 7386)', () => {
  it('merges objects, deletes nulls, replaces arrays and scalars', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: 'x', gone: true };
    expect(
      mergePatch(target, { a: { c: 3, d: 4 }, list: [3], gone: null }),
    ).toEqual({
      a: { b: 1, c: 3, d: 4 },
      list: [3],
      keep: 'x',
    });
    expect(target.a.c).toBe(2);
  });
});

describe('jsonPatch (RFC 6902)', () => {
  it('applies add, replace, remove, move, copy and test', () => {
    const doc = {
      metadata: { labels: { a: '1' } },
      spec: { items: ['x', 'y'] },
    };
    const out = jsonPatch(doc, [
      { op: 'test', path: '/metadata/labels/a', value: '1' },
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'replace', path: '/metadata/labels/a', value: '3' },
      { op: 'add', path: '/spec/items/-', value: 'z' },
      { op: 'remove', path: '/spec/items/0' },
      { op: 'copy', from: '/spec/items/0', path: '/spec/first' },
      { op: 'move', from: '/spec/first', path: '/spec/moved' },
    ]);
    expect(out).toEqual({
      metadata: { labels: { a: '3', 'b/c': '2' } },
      spec: { items: ['y', 'z'], moved: 'y' },
    });
  });

  it('fails a test operation and a missing path with 422', () => {
    expect(() =>
      jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]),
    ).toThrow(/testing value/);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(
      /missing path/,
    );
  });
});
