import type { KubeSim, SimCluster } from '../api';
import { startKubeSim } from '../startKubeSim';
import { simRequest, simStream, waitFor } from '../testing/simHttp';
import type { KubeObject } from '../types';

function pod(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  containers: string[],
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels,
      creationTimestamp: '2026-11-01T00:00:00Z',
    },
    spec: {
      containers: containers.map(c => ({
        name: c,
        image: `registry.example/${c}:1`,
      })),
      nodeName: 'node-1',
    },
    status: {
      phase: 'Running',
      containerStatuses: containers.map(c => ({
        name: c,
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: '2026-11-01T00:00:05Z' } },
      })),
    },
    ...extra,
  };
}

const CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'pipelineruns.tekton.dev' },
  spec: {
    group: 'tekton.dev',
    scope: 'Namespaced',
    names: {
      kind: 'PipelineRun',
      plural: 'pipelineruns',
      singular: 'pipelinerun',
      shortNames: ['pr', 'prs'],
      categories: ['tekton'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          {
            name: 'Succeeded',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Succeeded")].status',
          },
          {
            name: 'Reason',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Succeeded")].reason',
          },
        ],
      },
    ],
  },
};

describe('the Kubernetes API of a cluster', () => {
  let sim: KubeSim;
  let c: SimCluster;

  beforeAll(async () => {
    sim = await startKubeSim({
      bookmarkIntervalMs: 100,
      watchEventWindow: 50,
      logFollowIntervalMs: 50,
      clusters: [
        {
          name: 'alpha',
          gitVersion: 'v1.30.8-eks-2d98532',
          token: 'secret-token',
          apiResources: [
            {
              group: 'acme.example',
              version: 'v1beta1',
              kind: 'Gadget',
              plural: 'gadgets',
              namespaced: false,
            },
          ],
          objects: [
            CRD,
            pod('shop', 'web-1', { app: 'web' }, ['web']),
            pod('shop', 'web-2', { app: 'web' }, ['web', 'istio-proxy'], {
              metadata: {
                name: 'web-2',
                namespace: 'shop',
                labels: { app: 'web' },
                annotations: {
                  'kube-sim.portolan.dev/log-web':
                    'line 1\nline 2\nline 3\nline 4',
                },
              },
            }),
            pod('shop', 'db-1', { app: 'db' }, ['db']),
            {
              apiVersion: 'tekton.dev/v1',
              kind: 'PipelineRun',
              metadata: { name: 'build-1', namespace: 'ci' },
              status: {
                conditions: [
                  { type: 'Succeeded', status: 'True', reason: 'Succeeded' },
                ],
              },
            },
            {
              apiVersion: 'jenkins.io/v1',
              kind: 'PipelineActivity',
              metadata: { name: 'a-1', namespace: 'jx' },
              spec: { status: 'Running' },
            },
          ],
        },
      ],
    });
    c = sim.cluster('alpha');
  });

  afterAll(() => sim.stop());

  afterEach(async () => {
    await c.faults.reset();
  });

  it('serves /version from the fixture gitVersion', async () => {
    const res = await simRequest(c, '/version');
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      major: '1',
      minor: '30+',
      gitVersion: 'v1.30.8-eks-2d98532',
    });
  });

  it('serves legacy discovery: /api, /apis, /api/v1, /apis/<group>/<version>', async () => {
    const api = (await simRequest(c, '/api')).json();
    expect(api.kind).toBe('APIVersions');
    expect(api.versions).toEqual(['v1']);
    const groups = (await simRequest(c, '/apis')).json();
    expect(groups.kind).toBe('APIGroupList');
    const names = groups.groups.map((g: any) => g.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'node.k8s.io',
        'autoscaling',
        'apiextensions.k8s.io',
        'tekton.dev',
        'jenkins.io',
        'acme.example',
      ]),
    );
    const core = (await simRequest(c, '/api/v1')).json();
    const pods = core.resources.find((r: any) => r.name === 'pods');
    expect(pods).toMatchObject({
      kind: 'Pod',
      namespaced: true,
      shortNames: ['po'],
      singularName: 'pod',
    });
    expect(core.resources.map((r: any) => r.name)).toEqual(
      expect.arrayContaining([
        'pods/log',
        'pods/status',
        'nodes',
        'namespaces',
        'configmaps',
        'secrets',
        'events',
        'serviceaccounts',
        'persistentvolumeclaims',
        'services',
      ]),
    );
    expect(core.resources.find((r: any) => r.name === 'nodes').namespaced).toBe(
      false,
    );
    const tekton = (await simRequest(c, '/apis/tekton.dev/v1')).json();
    expect(
      tekton.resources.find((r: any) => r.name === 'pipelineruns'),
    ).toMatchObject({
      kind: 'PipelineRun',
      shortNames: ['pr', 'prs'],
      namespaced: true,
    });
    const jx = (await simRequest(c, '/apis/jenkins.io/v1')).json();
    expect(jx.resources[0]).toMatchObject({
      name: 'pipelineactivities',
      kind: 'PipelineActivity',
      namespaced: true,
    });
    const gadgets = (await simRequest(c, '/apis/acme.example/v1beta1')).json();
    expect(gadgets.resources[0]).toMatchObject({
      name: 'gadgets',
      namespaced: false,
    });
    const hpa = (await simRequest(c, '/apis/autoscaling/v2')).json();
    expect(hpa.resources[0]).toMatchObject({
      name: 'horizontalpodautoscalers',
      shortNames: ['hpa'],
    });
    expect(
      (await simRequest(c, '/apis/node.k8s.io/v1')).json().resources[0],
    ).toMatchObject({ name: 'runtimeclasses', namespaced: false });
    expect((await simRequest(c, '/apis/apps')).json()).toMatchObject({
      kind: 'APIGroup',
      name: 'apps',
      preferredVersion: { groupVersion: 'apps/v1' },
    });
  });

  it('serves aggregated discovery when asked for it, as kubectl 1.32 does', async () => {
    const accept =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const res = await simRequest(c, '/apis', { headers: { Accept: accept } });
    expect(res.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const doc = res.json();
    expect(doc.kind).toBe('APIGroupDiscoveryList');
    const tekton = doc.items.find((i: any) => i.metadata.name === 'tekton.dev');
    expect(tekton.versions[0].resources[0]).toMatchObject({
      resource: 'pipelineruns',
      scope: 'Namespaced',
      responseKind: { group: 'tekton.dev', version: 'v1', kind: 'PipelineRun' },
    });
    const core = (
      await simRequest(c, '/api', { headers: { Accept: accept } })
    ).json();
    expect(
      core.items[0].versions[0].resources
        .find((r: any) => r.resource === 'pods')
        .subresources.map((s: any) => s.subresource),
    ).toEqual(['status', 'log', 'exec']);
  });

  it('answers an unserved /openapi/v3 group-version with a 404 Status', async () => {
    const res = await simRequest(c, '/openapi/v3/apis/no.such.group/v1');
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      code: 404,
      reason: 'NotFound',
    });
  });

  it('lists with kind/apiVersion/resourceVersion, selectors, cluster-wide and per namespace', async () => {
    const all = (await simRequest(c, '/api/v1/pods')).json();
    expect(all).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(all.metadata.resourceVersion).toBe(c.resourceVersion);
    expect(all.items.map((p: any) => p.metadata.name)).toEqual([
      'db-1',
      'web-1',
      'web-2',
    ]);
    expect(all.items[0]).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    const web = (
      await simRequest(
        c,
        `/api/v1/namespaces/shop/pods?labelSelector=${encodeURIComponent(
          'app in (web)',
        )}`,
      )
    ).json();
    expect(web.items.map((p: any) => p.metadata.name)).toEqual([
      'web-1',
      'web-2',
    ]);
    const byName = (
      await simRequest(c, '/api/v1/pods?fieldSelector=metadata.name%3Dweb-2')
    ).json();
    expect(byName.items.map((p: any) => p.metadata.name)).toEqual(['web-2']);
    const prs = (
      await simRequest(c, '/apis/tekton.dev/v1/namespaces/ci/pipelineruns')
    ).json();
    expect(prs).toMatchObject({
      kind: 'PipelineRunList',
      apiVersion: 'tekton.dev/v1',
    });
    expect(
      (await simRequest(c, '/api/v1/namespaces/other/pods')).json().items,
    ).toEqual([]);
  });

  it('answers errors as Status objects: bad selector 400, unknown resource/object 404', async () => {
    const bad = await simRequest(c, '/api/v1/pods?labelSelector=a%20in%20b');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
    });
    const unknown = await simRequest(c, '/apis/nope.example/v1/things');
    expect(unknown.status).toBe(404);
    const missing = await simRequest(c, '/api/v1/namespaces/shop/pods/nope');
    expect(missing.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    expect((await simRequest(c, '/api/v1/namespaces/shop/nodes')).status).toBe(
      404,
    );
  });

  it('authenticates: 401 for a bad or missing token, /version readable anonymously', async () => {
    expect(
      (await simRequest(c, '/api/v1/pods', { token: 'wrong' })).json(),
    ).toMatchObject({ code: 401, reason: 'Unauthorized' });
    expect((await simRequest(c, '/api/v1/pods', { token: null })).status).toBe(
      401,
    );
    expect((await simRequest(c, '/version', { token: null })).status).toBe(200);
    expect((await simRequest(c, '/version', { token: 'wrong' })).status).toBe(
      401,
    );
  });

  it('renders a Table for kubectl, with CRD printer columns', async () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const pods = await simRequest(c, '/api/v1/namespaces/shop/pods?limit=500', {
      headers: { Accept: accept },
    });
    expect(pods.headers['content-type']).toBe(
      'application/json;as=Table;v=v1;g=meta.k8s.io',
    );
    const table = pods.json();
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((d: any) => d.name).slice(0, 5)).toEqual(
      ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
    );
    expect(table.rows[2].cells.slice(0, 4)).toEqual([
      'web-2',
      '2/2',
      'Running',
      '0',
    ]);
    expect(table.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'db-1', namespace: 'shop' },
    });
    const prs = (
      await simRequest(c, '/apis/tekton.dev/v1/namespaces/ci/pipelineruns', {
        headers: { Accept: accept },
      })
    ).json();
    expect(prs.columnDefinitions.map((d: any) => d.name)).toEqual([
      'Name',
      'Succeeded',
      'Reason',
    ]);
    expect(prs.rows[0].cells).toEqual(['build-1', 'True', 'Succeeded']);
  });

  it('serves pod logs with container, tailLines and the API server errors', async () => {
    const one = await simRequest(c, '/api/v1/namespaces/shop/pods/web-1/log');
    expect(one.status).toBe(200);
    expect(one.headers['content-type']).toBe('text/plain');
    expect(one.body.split('\n').length).toBeGreaterThan(10);
    const ambiguous = await simRequest(
      c,
      '/api/v1/namespaces/shop/pods/web-2/log',
    );
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json().message).toBe(
      'a container name must be specified for pod web-2, choose one of: [web istio-proxy]',
    );
    const unknown = await simRequest(
      c,
      '/api/v1/namespaces/shop/pods/web-2/log?container=nope',
    );
    expect(unknown.json().message).toBe(
      'container nope is not valid for pod web-2',
    );
    const tail = await simRequest(
      c,
      '/api/v1/namespaces/shop/pods/web-2/log?container=web&tailLines=2',
    );
    expect(tail.body).toBe('line 3\nline 4\n');
    expect(
      (await simRequest(c, '/api/v1/namespaces/shop/pods/nope/log')).status,
    ).toBe(404);
  });

  it('follows logs until the client goes away', async () => {
    const s = await simStream(
      c,
      '/api/v1/namespaces/shop/pods/web-1/log?follow=true&tailLines=1',
    );
    await s.until(
      x => x.lines.length >= 3,
      'two followed lines after the tail',
    );
    expect(s.status).toBe(200);
    s.close();
  });

  it('creates, updates, patches and deletes through HTTP', async () => {
    const created = await simRequest(c, '/api/v1/namespaces/shop/configmaps', {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { a: '1' },
      },
    });
    expect(created.status).toBe(201);
    const obj = created.json();
    expect(obj.metadata).toMatchObject({ name: 'settings', namespace: 'shop' });
    expect(obj.metadata.uid).toBeTruthy();
    expect(
      (
        await simRequest(c, '/api/v1/namespaces/shop/configmaps', {
          method: 'POST',
          body: obj,
        })
      ).json().reason,
    ).toBe('AlreadyExists');
    const updated = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      { method: 'PUT', body: { ...obj, data: { a: '2' } } },
    );
    expect(updated.json().data).toEqual({ a: '2' });
    const conflict = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      { method: 'PUT', body: { ...obj, data: { a: '3' } } },
    );
    expect(conflict.status).toBe(409);
    const patched = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: { data: { b: 'x' } },
      },
    );
    expect(patched.json().data).toEqual({ a: '2', b: 'x' });
    const jp = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: [{ op: 'remove', path: '/data/a' }],
      },
    );
    expect(jp.json().data).toEqual({ b: 'x' });
    const applyWithoutManager = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: 'data: {c: "y"}',
      },
    );
    expect(applyWithoutManager.status).toBe(422);
    const apply = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings?fieldManager=test',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/apply-patch+yaml' },
        body: 'apiVersion: v1\nkind: ConfigMap\ndata: {c: "y"}\n',
      },
    );
    expect(apply.status).toBe(200);
    expect(apply.json().data).toEqual({ b: 'x', c: 'y' });
    const unsupported = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/no-such-map',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'text/plain' },
        body: '{}',
      },
    );
    expect(unsupported.status).toBe(415);
    const del = await simRequest(
      c,
      '/api/v1/namespaces/shop/configmaps/settings',
      { method: 'DELETE' },
    );
    expect(del.json()).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'settings', kind: 'configmaps' },
    });
    expect(
      c.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'settings',
      }),
    ).toBeUndefined();
  });

  describe('watch', () => {
    it('streams ADDED for the current state, then changes, one JSON object per line', async () => {
      const s = await simStream(
        c,
        '/api/v1/namespaces/shop/pods?watch=true&labelSelector=app%3Dweb',
      );
      expect(s.response.headers['transfer-encoding']).toBe('chunked');
      await s.until(x => x.events.length >= 2, 'initial ADDED events');
      expect(s.events.map(e => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'web-1'],
        ['ADDED', 'web-2'],
      ]);
      c.create(pod('shop', 'web-3', { app: 'web' }, ['web']));
      c.patch(
        { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-3' },
        { metadata: { labels: { app: 'web', v: '2' } } },
      );
      c.patch(
        { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'web-3' },
        { metadata: { labels: { app: 'other' } } },
      );
      c.create(pod('shop', 'db-2', { app: 'db' }, ['db']));
      await s.until(x => x.events.length >= 5, 'three more events');
      expect(
        s.events.slice(2).map(e => [e.type, e.object.metadata.name]),
      ).toEqual([
        ['ADDED', 'web-3'],
        ['MODIFIED', 'web-3'],
        ['DELETED', 'web-3'],
      ]);
      s.close();
      c.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-3',
      });
      c.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: 'shop',
        name: 'db-2',
      });
    });

    it('resumes after a resourceVersion, replaying what happened since', async () => {
      const rv = c.resourceVersion;
      c.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'r1', namespace: 'shop' },
      });
      c.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'r2', namespace: 'shop' },
      });
      const s = await simStream(
        c,
        `/api/v1/namespaces/shop/configmaps?watch=1&resourceVersion=${rv}`,
      );
      await s.until(x => x.events.length >= 2, 'replayed events');
      expect(s.events.map(e => [e.type, e.object.metadata.name])).toEqual([
        ['ADDED', 'r1'],
        ['ADDED', 'r2'],
      ]);
      expect(
        Number(s.events[1].object.metadata.resourceVersion),
      ).toBeGreaterThan(Number(rv));
      s.close();
    });

    it('sends a 410 Expired ERROR event for a version older than the window', async () => {
      const rv = c.resourceVersion;
      for (let i = 0; i < 60; i++)
        c.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `old-${i}`, namespace: 'shop' },
        });
      const s = await simStream(
        c,
        `/api/v1/namespaces/shop/configmaps?watch=true&resourceVersion=${rv}`,
      );
      await s.until(x => x.ended, 'the stream to end');
      expect(s.status).toBe(200);
      expect(s.events).toEqual([
        {
          type: 'ERROR',
          object: expect.objectContaining({
            kind: 'Status',
            status: 'Failure',
            code: 410,
            reason: 'Expired',
            message: expect.stringMatching(
              /^too old resource version: \d+ \(\d+\)$/,
            ),
          }),
        },
      ]);
    });

    it('sends BOOKMARKs only when allowed, with just the resourceVersion', async () => {
      const plain = await simStream(
        c,
        `/api/v1/namespaces/shop/pods?watch=true&resourceVersion=${c.resourceVersion}`,
      );
      const s = await simStream(
        c,
        `/api/v1/namespaces/shop/pods?watch=true&allowWatchBookmarks=true&resourceVersion=${c.resourceVersion}`,
      );
      await s.until(
        x => x.events.some(e => e.type === 'BOOKMARK'),
        'a bookmark',
      );
      const bm = s.events.find(e => e.type === 'BOOKMARK');
      expect(bm.object).toEqual({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: c.resourceVersion,
          creationTimestamp: null,
        },
      });
      // The plain watch got nothing in the same time.
      expect(plain.lines).toEqual([]);
      s.close();
      plain.close();
    });

    it('ends after timeoutSeconds', async () => {
      const s = await simStream(
        c,
        `/api/v1/pods?watch=true&timeoutSeconds=1&resourceVersion=${c.resourceVersion}`,
      );
      await s.until(x => x.ended, 'the timeout to end the stream', 10_000);
      expect(s.events).toEqual([]);
    });
  });

  describe('faults', () => {
    it('adds latency', async () => {
      c.faults.setLatency(300);
      const start = Date.now();
      await simRequest(c, '/version');
      expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    });

    it('answers 500, then recovers', async () => {
      c.faults.failWith500(true);
      const res = await simRequest(c, '/api/v1/pods');
      expect(res.status).toBe(500);
      expect(res.json()).toMatchObject({
        kind: 'Status',
        code: 500,
        reason: 'InternalError',
      });
      c.faults.failWith500(false);
      expect((await simRequest(c, '/api/v1/pods')).status).toBe(200);
    });

    it('answers malformed JSON', async () => {
      c.faults.malformedJson(true);
      const res = await simRequest(c, '/api/v1/pods');
      expect(res.status).toBe(200);
      expect(() => res.json()).toThrow();
    });

    it('expires and rotates tokens', async () => {
      c.faults.expireToken();
      expect(
        (await simRequest(c, '/api/v1/pods', { token: 'secret-token' })).status,
      ).toBe(401);
      c.faults.rotateToken('fresh-token');
      expect(c.token).toBe('fresh-token');
      expect(
        (await simRequest(c, '/api/v1/pods', { token: 'fresh-token' })).status,
      ).toBe(200);
      expect(
        (await simRequest(c, '/api/v1/pods', { token: 'secret-token' })).status,
      ).toBe(401);
      await c.faults.reset();
      expect(c.token).toBe('secret-token');
    });

    it('forbids a resource for a token with a 403 naming it', async () => {
      c.faults.forbid('secret-token', {
        group: 'tekton.dev',
        resource: 'pipelineruns',
      });
      const res = await simRequest(
        c,
        '/apis/tekton.dev/v1/namespaces/ci/pipelineruns',
      );
      expect(res.status).toBe(403);
      expect(res.json().message).toBe(
        'pipelineruns.tekton.dev is forbidden: User "system:serviceaccount:kube-system:kube-sim-reader" cannot list resource "pipelineruns" in API group "tekton.dev" in the namespace "ci"',
      );
      expect((await simRequest(c, '/api/v1/pods')).status).toBe(200);
      c.faults.forbid('*', { group: '', resource: 'pods/log' });
      expect(
        (await simRequest(c, '/api/v1/namespaces/shop/pods/web-1/log')).status,
      ).toBe(403);
      expect(
        (await simRequest(c, '/api/v1/namespaces/shop/pods/web-1')).status,
      ).toBe(200);
    });

    it('goes down (connections refused, watches cut) and comes back on the same port', async () => {
      const url = c.url;
      const s = await simStream(
        c,
        `/api/v1/pods?watch=true&resourceVersion=${c.resourceVersion}`,
      );
      await c.faults.down();
      await s.until(x => x.ended, 'the watch to be cut');
      await expect(simRequest(c, '/version')).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
      await c.faults.up();
      expect(c.url).toBe(url);
      expect((await simRequest(c, '/version')).status).toBe(200);
    });

    it('drops open watches on demand', async () => {
      const s = await simStream(
        c,
        `/api/v1/pods?watch=true&resourceVersion=${c.resourceVersion}`,
      );
      await waitFor(
        () => c.requests.count({ verb: 'watch', status: 200 }) > 0,
        'the watch to be registered',
      );
      c.faults.dropWatches();
      await s.until(x => x.ended, 'the watch to end');
      expect(s.events).toEqual([]);
    });

    it('expires the next watch only', async () => {
      c.faults.expireNextWatch();
      const first = await simStream(
        c,
        `/api/v1/pods?watch=true&resourceVersion=${c.resourceVersion}`,
      );
      await first.until(x => x.ended, 'the expired watch to end');
      expect(first.events[0]).toMatchObject({
        type: 'ERROR',
        object: { code: 410, reason: 'Expired' },
      });
      const second = await simStream(
        c,
        `/api/v1/pods?watch=true&timeoutSeconds=1&resourceVersion=${c.resourceVersion}`,
      );
      await second.until(x => x.ended, 'the second watch to time out', 10_000);
      expect(second.events).toEqual([]);
    });
  });

  it('records every request with its verb, resource, status and bytes', async () => {
    c.clearRequests();
    await simRequest(
      c,
      '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb',
      { headers: { 'User-Agent': 'portolan-test/1.0' } },
    );
    await simRequest(c, '/api/v1/namespaces/shop/pods/web-1');
    await simRequest(c, '/apis');
    await simRequest(c, '/api/v1/namespaces/shop/pods/nope');
    const [list, get, discovery, missing] = c.requests.entries;
    expect(list).toMatchObject({
      method: 'GET',
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace: 'shop',
      status: 200,
      userAgent: 'portolan-test/1.0',
    });
    expect(list.bytes).toBeGreaterThan(100);
    expect(get).toMatchObject({ verb: 'get', resource: 'pods' });
    expect(discovery).toMatchObject({ verb: 'discovery', status: 200 });
    expect(missing).toMatchObject({ verb: 'get', status: 404 });
    expect(c.requests.count({ verb: 'list' })).toBe(1);
  });
});
