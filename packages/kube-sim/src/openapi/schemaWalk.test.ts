import { startKubeSim } from '../startKubeSim';
import { strategicMergePatch, unknownFields, type Schema } from './schemaWalk';
import { OpenApi } from '../server/OpenApi';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { simRequest } from '../testing/simHttp';

const registry = new ResourceRegistry();
const api = new OpenApi(registry, 'v1.31.0');
const podType = registry.lookup('v1', 'Pod')!;
const podSchema = api.objectSchema(podType) as Schema;

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', finalizers: ['a', 'b'] },
  spec: {
    containers: [
      { name: 'app', image: 'app:1', env: [{ name: 'X', value: '1' }] },
      { name: 'side', image: 'side:1' },
    ],
    volumes: [{ name: 'v1', emptyDir: {} }],
  },
});

describe('strategicMergePatch with the upstream Pod schema', () => {
  const smp = (patch: unknown) =>
    strategicMergePatch(pod(), patch, podSchema, api.resolve) as any;

  it('merges containers by name and env by name', () => {
    const out = smp({
      spec: {
        containers: [{ name: 'app', env: [{ name: 'Y', value: '2' }] }],
      },
    });
    expect(out.spec.containers).toEqual([
      {
        name: 'app',
        image: 'app:1',
        env: [
          { name: 'X', value: '1' },
          { name: 'Y', value: '2' },
        ],
      },
      { name: 'side', image: 'side:1' },
    ]);
  });

  it('deletes an element with $patch: delete and orders by $setElementOrder', () => {
    const out = smp({
      spec: {
        '$setElementOrder/containers': [{ name: 'new' }, { name: 'app' }],
        containers: [
          { name: 'side', $patch: 'delete' },
          { name: 'new', image: 'new:1' },
        ],
      },
    });
    expect(out.spec.containers.map((c: any) => c.name)).toEqual(['new', 'app']);
  });

  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    expect(
      smp({ metadata: { finalizers: ['b', 'c'] } }).metadata.finalizers,
    ).toEqual(['a', 'b', 'c']);
    expect(
      smp({ metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })
        .metadata.finalizers,
    ).toEqual(['b']);
  });

  it('replaces lists without a merge strategy and deletes keys set to null', () => {
    const out = smp({
      spec: {
        containers: [{ name: 'app', args: ['--x'] }],
        volumes: null,
      },
    });
    expect(out.spec.containers[0]).toEqual({
      name: 'app',
      image: 'app:1',
      env: [{ name: 'X', value: '1' }],
      args: ['--x'],
    });
    expect(out.spec.volumes).toBeUndefined();
  });
});

describe('unknownFields', () => {
  it('names undeclared fields with their path, keeps maps and free-form values', () => {
    const obj: any = pod();
    obj.spec.bogus = 1;
    obj.spec.containers[1].nope = true;
    obj.metadata.labels = { anything: 'goes' };
    expect(unknownFields(obj, podSchema, api.resolve)).toEqual([
      'spec.containers[1].nope',
      'spec.bogus',
    ]);
    expect(unknownFields(obj, podSchema, api.resolve, true)).toHaveLength(2);
    expect(obj.spec.bogus).toBeUndefined();
    expect(obj.metadata.labels).toEqual({ anything: 'goes' });
  });
});

describe('OpenAPI documents', () => {
  it('serve a CRD schema under its reversed-group name, with the v2 refs rewritten', async () => {
    const sim = await startKubeSim({
      clusters: [
        {
          name: 'oa',
          objects: [
            {
              apiVersion: 'apiextensions.k8s.io/v1',
              kind: 'CustomResourceDefinition',
              metadata: { name: 'widgets.example.com' },
              spec: {
                group: 'example.com',
                scope: 'Namespaced',
                names: { kind: 'Widget', plural: 'widgets' },
                versions: [
                  {
                    name: 'v1',
                    served: true,
                    storage: true,
                    schema: {
                      openAPIV3Schema: {
                        type: 'object',
                        properties: {
                          spec: {
                            type: 'object',
                            properties: { size: { type: 'integer' } },
                          },
                        },
                      },
                    },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    try {
      const c = sim.cluster('oa');
      const index = (await simRequest(c, '/openapi/v3')).json();
      const url = index.paths['apis/example.com/v1'].serverRelativeURL;
      expect(url).toMatch(
        /^\/openapi\/v3\/apis\/example.com\/v1\?hash=[0-9A-F]+$/,
      );
      const doc = (await simRequest(c, url)).json();
      const widget = doc.components.schemas['com.example.v1.Widget'];
      expect(widget['x-kubernetes-group-version-kind']).toEqual([
        { group: 'example.com', kind: 'Widget', version: 'v1' },
      ]);
      expect(widget.properties.spec.properties.size).toEqual({
        type: 'integer',
      });
      const patch =
        doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']
          .patch;
      expect(Object.keys(patch.requestBody.content)).not.toContain(
        'application/strategic-merge-patch+json',
      );
      const v2 = (await simRequest(c, '/openapi/v2')).json();
      expect(v2.swagger).toBe('2.0');
      expect(
        v2.definitions['com.example.v1.Widget'].properties.metadata.$ref,
      ).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
      expect(v2.definitions['io.k8s.api.core.v1.Pod']).toBeDefined();
      // Protobuf only (what client-go asks /openapi/v2 for): not served.
      const proto = await simRequest(c, '/openapi/v2', {
        headers: {
          accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
        },
      });
      expect(proto.status).toBe(406);
    } finally {
      await sim.stop();
    }
  });
});
