/*
 * The OpenAPI documents of one cluster, built from what its registry serves:
 * `/openapi/v3` (the index of group-versions), `/openapi/v3/<gv>` (paths and
 * component schemas of one group-version) and `/openapi/v2` (everything, as
 * Swagger 2.0 JSON). Built-in kinds carry the upstream schemas of the pinned
 * Kubernetes release (openapi/builtinSchemas.json, extracted by
 * scripts/extract-openapi-schemas.ts); a CRD's kinds carry its
 * `openAPIV3Schema`; any other kind a schema that keeps unknown fields.
 * kubectl reads these to find that the server validates fields itself
 * (`fieldValidation` on PATCH), to compute strategic merge patches
 * (`x-kubernetes-patch-merge-key`) and to `explain`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceType } from '../resources/ResourceType';
import type { Resolve, Schema } from '../openapi/schemaWalk';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const OBJECT_META = `${META}ObjectMeta`;

let builtin: { kubernetes: string; schemas: Record<string, Schema> } | null =
  null;
let builtinByGvk: Map<string, string> | null = null;

function builtinSchemas() {
  if (!builtin) {
    builtin = JSON.parse(
      readFileSync(
        join(
          dirname(require.resolve('@portolan/kube-sim/package.json')),
          'openapi/builtinSchemas.json',
        ),
        'utf8',
      ),
    );
    builtinByGvk = new Map();
    for (const [name, s] of Object.entries(builtin!.schemas)) {
      for (const g of s['x-kubernetes-group-version-kind'] ?? []) {
        const key = `${g.group}/${g.version}/${g.kind}`;
        if (!name.endsWith('List') && !builtinByGvk.has(key))
          builtinByGvk.set(key, name);
      }
    }
  }
  return { pool: builtin!.schemas, byGvk: builtinByGvk! };
}

/** `tekton.dev` → `dev.tekton`, as the API server names CRD schemas. */
function reverseGroup(group: string): string {
  return group.split('.').reverse().join('.');
}

const gvkOf = (t: ResourceType) => ({
  group: t.group,
  kind: t.kind,
  version: t.version,
});

/** A group-version's path in the v3 index: `api/v1` or `apis/apps/v1`. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export class OpenApi {
  private readonly cache = new Map<string, { key: string; doc: Schema }>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly gitVersion: string,
  ) {}

  /** Follows `$ref`s into the upstream schemas. */
  readonly resolve: Resolve = schema => {
    let s = schema;
    for (let i = 0; s && i < 8; i++) {
      const r: unknown =
        s.$ref ??
        (Array.isArray(s.allOf) && s.allOf.length === 1
          ? s.allOf[0].$ref
          : undefined);
      if (typeof r !== 'string') return s;
      s = builtinSchemas().pool[r.split('/').pop()!];
    }
    return s;
  };

  /**
   * The schema objects of a type are checked against: upstream or
   * declared by its CRD. Undefined for a kind nothing describes.
   */
  objectSchema(t: ResourceType): Schema | undefined {
    const { name, upstream } = this.schemaName(t);
    if (upstream) return builtinSchemas().pool[name];
    return t.schema ? this.customSchema(t) : undefined;
  }

  /** Whether strategic merge patches apply (built-in kinds, as upstream). */
  isBuiltin(t: ResourceType): boolean {
    return this.schemaName(t).upstream;
  }

  /** The component schema name of a type, and whether it is an upstream one. */
  private schemaName(t: ResourceType): { name: string; upstream: boolean } {
    const { byGvk } = builtinSchemas();
    const upstream = t.schema
      ? undefined
      : byGvk.get(`${t.group}/${t.version}/${t.kind}`);
    if (upstream) return { name: upstream, upstream: true };
    return {
      name: `${reverseGroup(t.group)}.${t.version}.${t.kind}`,
      upstream: false,
    };
  }

  /** The schema of a non-upstream type: its CRD's, or one that keeps anything. */
  private customSchema(t: ResourceType): Schema {
    const declared = (t.schema ?? {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    }) as Schema;
    return {
      ...declared,
      type: 'object',
      properties: {
        ...(declared.properties ?? {}),
        apiVersion: {
          description:
            'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
          type: 'string',
        },
        kind: {
          description:
            'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
          type: 'string',
        },
        metadata: {
          allOf: [ref(OBJECT_META)],
          description:
            "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        },
      },
      'x-kubernetes-group-version-kind': [gvkOf(t)],
    };
  }

  /** Named schemas a type needs, with everything they reference. */
  private collect(types: ResourceType[]): Record<string, Schema> {
    const { pool } = builtinSchemas();
    const out: Record<string, Schema> = {};
    const visit = (name: string) => {
      if (out[name] || !pool[name]) return;
      out[name] = pool[name];
      JSON.stringify(pool[name], (k, v) => {
        if (k === '$ref' && typeof v === 'string') visit(v.split('/').pop()!);
        return v;
      });
    };
    for (const name of ['ObjectMeta', 'ListMeta', 'Status', 'DeleteOptions'])
      visit(`${META}${name}`);
    for (const t of types) {
      const { name, upstream } = this.schemaName(t);
      if (upstream) visit(name);
      else out[name] = this.customSchema(t);
    }
    return Object.fromEntries(
      Object.keys(out)
        .sort()
        .map(k => [k, out[k]]),
    );
  }

  private paths(types: ResourceType[]): Schema {
    const paths: Schema = {};
    for (const t of types) {
      const { name, upstream } = this.schemaName(t);
      const gvk = gvkOf(t);
      const prefix = `/${gvPath(t.group, t.version)}`;
      const collection = t.namespaced
        ? `${prefix}/namespaces/{namespace}/${t.plural}`
        : `${prefix}/${t.plural}`;
      const body = { content: { '*/*': { schema: ref(name) } } };
      const ok = {
        '200': {
          description: 'OK',
          content: { 'application/json': { schema: ref(name) } },
        },
      };
      const common = [
        {
          name: 'name',
          in: 'path',
          required: true,
          schema: { type: 'string', uniqueItems: true },
        },
        ...(t.namespaced
          ? [
              {
                name: 'namespace',
                in: 'path',
                required: true,
                schema: { type: 'string', uniqueItems: true },
              },
            ]
          : []),
      ];
      const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map(
        p => ({ name: p, in: 'query', schema: { type: 'string' } }),
      );
      const op = (action: string, extra: Schema = {}) => ({
        operationId: `${action}${t.kind}`,
        responses: ok,
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': gvk,
        ...extra,
      });
      const patchTypes = [
        'application/json-patch+json',
        'application/merge-patch+json',
        ...(upstream ? ['application/strategic-merge-patch+json'] : []),
        'application/apply-patch+yaml',
      ];
      paths[collection] = {
        get: op('list'),
        post: op('post', { requestBody: body, parameters: writeParams }),
      };
      const item = {
        parameters: common,
        get: op('get'),
        put: op('put', { requestBody: body, parameters: writeParams }),
        patch: op('patch', {
          requestBody: {
            content: Object.fromEntries(
              patchTypes.map(c => [c, { schema: ref(`${META}Patch`) }]),
            ),
            required: true,
          },
          parameters: [
            ...writeParams,
            { name: 'force', in: 'query', schema: { type: 'boolean' } },
          ],
        }),
        delete: op('delete'),
      };
      paths[`${collection}/{name}`] = item;
      if (t.hasStatus) paths[`${collection}/{name}/status`] = item;
    }
    return paths;
  }

  private servedTypes(group: string, version: string): ResourceType[] {
    return this.registry.inGroupVersion(group, version);
  }

  /** The v3 document of one group-version (undefined if not served). */
  v3Doc(group: string, version: string): Schema | undefined {
    const types = this.servedTypes(group, version);
    if (types.length === 0) return undefined;
    const key = JSON.stringify(
      types.map(t => [t.plural, t.kind, t.namespaced, t.hasStatus, t.schema]),
    );
    const id = `${group}/${version}`;
    const hit = this.cache.get(id);
    if (hit && hit.key === key) return hit.doc;
    const doc = {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: this.gitVersion },
      paths: this.paths(types),
      components: {
        schemas: this.collect(types),
        securitySchemes: {
          BearerToken: {
            type: 'apiKey',
            description: 'Bearer Token authentication',
            name: 'authorization',
            in: 'header',
          },
        },
      },
    };
    this.cache.set(id, { key, doc });
    return doc;
  }

  /** Every served group-version: `[group, version]`. */
  private groupVersions(): Array<[string, string]> {
    const seen = new Map<string, [string, string]>();
    for (const t of this.registry.all())
      seen.set(`${t.group}/${t.version}`, [t.group, t.version]);
    return [...seen.values()];
  }

  /** `/openapi/v3`: where each group-version's document is, with its hash. */
  v3Index(): Schema {
    const paths: Schema = {};
    for (const [g, v] of this.groupVersions()) {
      const doc = this.v3Doc(g, v)!;
      const hash = createHash('sha512')
        .update(JSON.stringify(doc))
        .digest('hex')
        .toUpperCase()
        .slice(0, 128);
      paths[gvPath(g, v)] = {
        serverRelativeURL: `/openapi/v3/${gvPath(g, v)}?hash=${hash}`,
      };
    }
    return { paths };
  }

  /** `/openapi/v2`: all group-versions in one Swagger 2.0 document. */
  v2Doc(): Schema {
    const definitions: Schema = {};
    const paths: Schema = {};
    for (const [g, v] of this.groupVersions()) {
      const doc = this.v3Doc(g, v)!;
      Object.assign(definitions, doc.components.schemas);
      for (const [p, item] of Object.entries(doc.paths as Schema)) {
        const converted: Schema = {};
        for (const [method, op] of Object.entries(item as Schema)) {
          if (method === 'parameters') {
            converted.parameters = (op as Schema[]).map(toV2Parameter);
            continue;
          }
          const { requestBody, responses, parameters, ...rest } = op as Schema;
          converted[method] = {
            ...rest,
            consumes: requestBody ? Object.keys(requestBody.content) : ['*/*'],
            produces: ['application/json'],
            parameters: [
              ...(parameters ?? []).map(toV2Parameter),
              ...(requestBody
                ? [
                    {
                      name: 'body',
                      in: 'body',
                      required: true,
                      schema: Object.values(requestBody.content as Schema)[0]
                        .schema,
                    },
                  ]
                : []),
            ],
            responses: {
              '200': {
                description: 'OK',
                schema: responses['200'].content['application/json'].schema,
              },
            },
          };
        }
        paths[p] = converted;
      }
    }
    return toV2({
      swagger: '2.0',
      info: { title: 'Kubernetes', version: this.gitVersion },
      paths,
      definitions,
      securityDefinitions: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
      security: [{ BearerToken: [] }],
    });
  }
}

function toV2Parameter(p: Schema): Schema {
  const { schema, ...rest } = p;
  return { ...rest, ...(schema ?? {}) };
}

/** v3 schema idioms to v2: refs to #/definitions, a lone allOf ref to the ref. */
function toV2(value: any): any {
  if (Array.isArray(value)) return value.map(toV2);
  if (!value || typeof value !== 'object') return value;
  if (
    Array.isArray(value.allOf) &&
    value.allOf.length === 1 &&
    value.allOf[0].$ref
  ) {
    const { allOf, default: _default, ...rest } = value;
    return { ...toV2(rest), $ref: toV2(allOf[0]).$ref };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', '#/definitions/')
        : toV2(v);
  }
  return out;
}
