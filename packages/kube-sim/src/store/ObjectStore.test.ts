import { ResourceRegistry } from '../resources/ResourceRegistry';
import type { KubeObject } from '../types';
import { ApiError } from './ApiError';
import { ContinueToken } from './ContinueToken';
import { FieldSelector } from './FieldSelector';
import { LabelSelector } from './LabelSelector';
import { ObjectStore } from './ObjectStore';
import type { StoredEntry, WatchEventType } from './StoredEntry';

const everything = {
  label: LabelSelector.everything,
  field: FieldSelector.everything,
};

function ns(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function cm(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data,
  };
}

function setup(window = 100, objects: KubeObject[] = []) {
  const registry = new ResourceRegistry();
  const store = new ObjectStore(registry, window);
  store.load([ns('a'), ns('b'), ...objects]);
  const cms = registry.lookup('v1', 'ConfigMap')!;
  return { registry, store, cms };
}

function names(entries: StoredEntry[]): string[] {
  return entries.map(
    e => `${e.obj.metadata.namespace ?? ''}/${e.obj.metadata.name}`,
  );
}

function expectApiError(
  fn: () => unknown,
  code: number,
  reason?: string,
): ApiError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe(code);
  if (reason) expect((err as ApiError).reason).toBe(reason);
  return err as ApiError;
}

describe('ObjectStore', () => {
  it('gives every write a new, increasing resourceVersion shared by all types', () => {
    const { store, cms, registry } = setup();
    const start = store.resourceVersion;
    const a = store.create(cms, cm('a', 'one'));
    const b = store.create(registry.lookup('v1', 'Namespace')!, ns('c'));
    const c = store.update(cms, { ...a.copy(), data: { k: 'v' } });
    expect([a.rv, b.rv, c.rv]).toEqual([start + 1, start + 2, start + 3]);
    expect(c.obj.metadata.resourceVersion).toBe(String(start + 3));
    expect(c.obj.metadata.uid).toBe(a.obj.metadata.uid);
    expect(c.obj.metadata.creationTimestamp).toBe(
      a.obj.metadata.creationTimestamp,
    );
  });

  it('answers 409 AlreadyExists, 404 NotFound, 409 Conflict and 404 for a missing namespace', () => {
    const { store, cms } = setup();
    const first = store.create(cms, cm('a', 'one'));
    expectApiError(
      () => store.create(cms, cm('a', 'one')),
      409,
      'AlreadyExists',
    );
    expectApiError(() => store.update(cms, cm('a', 'nope')), 404, 'NotFound');
    expectApiError(() => store.delete(cms, 'a', 'nope'), 404, 'NotFound');
    const stale = { ...first.copy(), data: { x: '1' } };
    store.update(cms, { ...first.copy(), data: { x: '2' } });
    const conflict = expectApiError(
      () => store.update(cms, stale),
      409,
      'Conflict',
    );
    expect(conflict.message).toContain('the object has been modified');
    const missingNs = expectApiError(
      () => store.create(cms, cm('zzz', 'one')),
      404,
      'NotFound',
    );
    expect(missingNs.message).toBe('namespaces "zzz" not found');
  });

  it('bumps generation only when the spec changes and keeps status under the status subresource rules', () => {
    const { store, registry } = setup();
    const deployments = registry.lookup('apps/v1', 'Deployment')!;
    const d = store.create(deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'a' },
      spec: { replicas: 1 },
      status: { readyReplicas: 1 },
    });
    expect(d.obj.metadata.generation).toBe(1);
    const labelsOnly = store.update(deployments, {
      ...d.copy(),
      metadata: { ...d.obj.metadata, labels: { x: 'y' } },
    });
    expect(labelsOnly.obj.metadata.generation).toBe(1);
    const scaled = store.update(
      deployments,
      {
        ...labelsOnly.copy(),
        spec: { replicas: 3 },
        status: { readyReplicas: 9 },
      },
      'keep',
    );
    expect(scaled.obj.metadata.generation).toBe(2);
    expect(scaled.obj.status).toEqual({ readyReplicas: 1 });
    const status = store.update(
      deployments,
      { ...scaled.copy(), spec: { replicas: 7 }, status: { readyReplicas: 3 } },
      'only',
    );
    expect(status.obj.spec).toEqual({ replicas: 3 });
    expect(status.obj.status).toEqual({ readyReplicas: 3 });
  });

  it('deleting a namespace deletes what it holds', () => {
    const { store, cms, registry } = setup();
    store.create(cms, cm('a', 'one'));
    store.create(cms, cm('b', 'two'));
    store.delete(registry.lookup('v1', 'Namespace')!, undefined, 'a');
    expect(names(store.list(cms, everything).entries)).toEqual(['b/two']);
  });

  it('lists by namespace and selectors, in key order, with the list resourceVersion', () => {
    const { store, cms } = setup(100, [
      cm('b', 'z', { app: 'web' }),
      cm('a', 'y', { app: 'db' }),
      cm('a', 'x', { app: 'web', tier: 'front' }),
    ]);
    expect(names(store.list(cms, everything).entries)).toEqual([
      'a/x',
      'a/y',
      'b/z',
    ]);
    expect(
      names(store.list(cms, { ...everything, namespace: 'a' }).entries),
    ).toEqual(['a/x', 'a/y']);
    expect(
      names(
        store.list(cms, {
          ...everything,
          label: LabelSelector.parse('app=web'),
        }).entries,
      ),
    ).toEqual(['a/x', 'b/z']);
    expect(
      names(
        store.list(cms, {
          ...everything,
          field: FieldSelector.parse('metadata.namespace=b', '', 'configmaps'),
        }).entries,
      ),
    ).toEqual(['b/z']);
    expect(store.list(cms, everything).resourceVersion).toBe(
      String(store.resourceVersion),
    );
  });

  it('does not confuse namespaces that share a prefix', () => {
    const { store, cms, registry } = setup();
    store.create(registry.lookup('v1', 'Namespace')!, ns('a-b'));
    store.create(cms, cm('a-b', 'in-a-b'));
    store.create(cms, cm('a', 'in-a'));
    expect(
      names(store.list(cms, { ...everything, namespace: 'a' }).entries),
    ).toEqual(['a/in-a']);
    expect(
      names(
        store.list(cms, { ...everything, namespace: 'a', limit: 1 }).entries,
      ),
    ).toEqual(['a/in-a']);
  });

  it('paginates with limit/continue and remainingItemCount', () => {
    const objects = Array.from({ length: 25 }, (_, i) =>
      cm('a', `cm-${String(i).padStart(2, '0')}`),
    );
    const { store, cms } = setup(100, objects);
    const seen: string[] = [];
    let token: string | undefined;
    const remaining: Array<number | undefined> = [];
    do {
      const page = store.list(cms, {
        ...everything,
        limit: 10,
        continueToken: token,
      });
      seen.push(...names(page.entries));
      remaining.push(page.remainingItemCount);
      token = page.continue;
    } while (token);
    expect(seen).toEqual(objects.map(o => `a/${o.metadata.name}`));
    expect(remaining).toEqual([15, 5, undefined]);
  });

  it('serves every page from the snapshot of the first, whatever is written in between', () => {
    const objects = Array.from({ length: 30 }, (_, i) =>
      cm('a', `cm-${String(i).padStart(2, '0')}`, {}, { v: 'old' }),
    );
    const { store, cms } = setup(1000, objects);
    const first = store.list(cms, { ...everything, limit: 10 });
    const snapshotRv = first.resourceVersion;
    // Concurrent writes: delete one not yet served, add one in range, modify one not yet served, delete one served.
    store.delete(cms, 'a', 'cm-15');
    store.create(cms, cm('a', 'cm-15b', {}, { v: 'new' }));
    const e20 = store.get(cms, 'a', 'cm-20')!;
    store.update(cms, { ...e20.copy(), data: { v: 'new' } });
    store.delete(cms, 'a', 'cm-03');
    const rest: StoredEntry[] = [];
    let token = first.continue;
    const counts: Array<number | undefined> = [first.remainingItemCount];
    while (token) {
      const page = store.list(cms, {
        ...everything,
        limit: 10,
        continueToken: token,
      });
      expect(page.resourceVersion).toBe(snapshotRv);
      counts.push(page.remainingItemCount);
      rest.push(...page.entries);
      token = page.continue;
    }
    const all = [...first.entries, ...rest];
    expect(names(all)).toEqual(objects.map(o => `a/${o.metadata.name}`));
    expect(all.every(e => e.obj.data && (e.obj.data as any).v === 'old')).toBe(
      true,
    );
    expect(counts).toEqual([20, 10, undefined]);
    // A fresh list sees the new state.
    const fresh = names(store.list(cms, everything).entries);
    expect(fresh).toContain('a/cm-15b');
    expect(fresh).not.toContain('a/cm-15');
    expect(fresh).not.toContain('a/cm-03');
  });

  it('answers 410 Expired for a continue token whose snapshot left the event window', () => {
    const objects = Array.from({ length: 5 }, (_, i) => cm('a', `cm-${i}`));
    const { store, cms } = setup(3, objects);
    const first = store.list(cms, { ...everything, limit: 2 });
    for (let i = 0; i < 5; i++) store.create(cms, cm('b', `new-${i}`));
    const err = expectApiError(
      () =>
        store.list(cms, {
          ...everything,
          limit: 2,
          continueToken: first.continue,
        }),
      410,
      'Expired',
    );
    expect(err.message).toMatch(/continue parameter is too old/);
  });

  it('keeps a continue token valid while nothing of its type changed', () => {
    const { store, cms, registry } = setup(2, [
      cm('a', 'x'),
      cm('a', 'y'),
      cm('a', 'z'),
    ]);
    const first = store.list(cms, { ...everything, limit: 1 });
    for (let i = 0; i < 10; i++)
      store.create(registry.lookup('v1', 'Namespace')!, ns(`n${i}`));
    expect(
      names(
        store.list(cms, {
          ...everything,
          limit: 5,
          continueToken: first.continue,
        }).entries,
      ),
    ).toEqual(['a/y', 'a/z']);
  });

  it('rejects malformed continue tokens with 400 and encodes them like the API server', () => {
    const { store, cms } = setup();
    expectApiError(
      () => store.list(cms, { ...everything, continueToken: 'not-a-token' }),
      400,
    );
    const token = ContinueToken.encode({ rv: 12, lastKey: 'a/b' });
    expect(JSON.parse(Buffer.from(token, 'base64').toString())).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 12,
      start: 'a/b\u0000',
    });
    expect(ContinueToken.decode(token)).toEqual({ rv: 12, lastKey: 'a/b' });
  });

  it('answers a too-large resourceVersion with 504 and serves exact snapshots', () => {
    const { store, cms } = setup(100, [cm('a', 'x')]);
    const rv = store.resourceVersion;
    store.create(cms, cm('a', 'later'));
    expectApiError(
      () =>
        store.list(cms, { ...everything, resourceVersion: String(rv + 100) }),
      504,
      'Timeout',
    );
    const exact = store.list(cms, {
      ...everything,
      resourceVersion: String(rv),
      resourceVersionMatch: 'Exact',
    });
    expect(names(exact.entries)).toEqual(['a/x']);
    expect(exact.resourceVersion).toBe(String(rv));
  });

  it('notifies watchers with selector transitions as the watch cache does', () => {
    const { store, cms } = setup();
    const got: Array<[WatchEventType, string, string | undefined]> = [];
    store.typeStore(cms).watchers.add({
      namespace: 'a',
      label: LabelSelector.parse('app=web'),
      field: FieldSelector.everything,
      send: (type, e) =>
        got.push([type, e.obj.metadata.name!, e.obj.metadata.labels?.app]),
    });
    const x = store.create(cms, cm('a', 'x', { app: 'web' }));
    store.create(cms, cm('b', 'other-ns', { app: 'web' }));
    const y = store.create(cms, cm('a', 'y', { app: 'db' }));
    store.update(cms, {
      ...y.copy(),
      metadata: { ...y.obj.metadata, labels: { app: 'web' } },
    });
    const x2 = store.update(cms, { ...x.copy(), data: { a: 'b' } });
    const x3 = store.update(cms, {
      ...x2.copy(),
      metadata: { ...x2.obj.metadata, labels: { app: 'db' } },
    });
    store.delete(cms, 'a', 'y');
    expect(got).toEqual([
      ['ADDED', 'x', 'web'],
      ['ADDED', 'y', 'web'],
      ['MODIFIED', 'x', 'web'],
      ['DELETED', 'x', 'web'],
      ['DELETED', 'y', 'web'],
    ]);
    expect(x3.rv).toBeGreaterThan(x2.rv);
  });

  it('registers the types a CRD declares and removes them (and their objects) with it', () => {
    const { store, registry } = setup();
    const crds = registry.lookup(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
    )!;
    store.create(crds, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.acme.example' },
      spec: {
        group: 'acme.example',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', shortNames: ['wd'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
          },
        ],
      },
    });
    const widgets = registry.byResource('acme.example', 'v1', 'widgets')!;
    expect(widgets.shortNames).toEqual(['wd']);
    expect(widgets.hasStatus).toBe(true);
    store.create(widgets, {
      apiVersion: 'acme.example/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'a' },
    });
    store.delete(crds, undefined, 'widgets.acme.example');
    expect(
      registry.byResource('acme.example', 'v1', 'widgets'),
    ).toBeUndefined();
    expect(store.get(widgets, 'a', 'w')).toBeUndefined();
  });

  it('replays events after a revision and refuses compacted ones with 410', () => {
    const { store, cms } = setup(3);
    const rv0 = store.resourceVersion;
    for (let i = 0; i < 3; i++) store.create(cms, cm('a', `n${i}`));
    const ts = store.typeStore(cms);
    expect(ts.eventsSince(rv0).map(e => e.entry.obj.metadata.name)).toEqual([
      'n0',
      'n1',
      'n2',
    ]);
    store.create(cms, cm('a', 'n3'));
    expectApiError(() => ts.eventsSince(rv0), 410, 'Expired');
    expect(ts.eventsSince(rv0 + 1).map(e => e.entry.obj.metadata.name)).toEqual(
      ['n1', 'n2', 'n3'],
    );
  });
});
