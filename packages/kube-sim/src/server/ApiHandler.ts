import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { FaultState } from '../faults/FaultState';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceType } from '../resources/ResourceType';
import { ApiError } from '../store/ApiError';
import { FieldSelector } from '../store/FieldSelector';
import { jsonPatch } from '../store/jsonPatch';
import { LabelSelector } from '../store/LabelSelector';
import { mergePatch } from '../store/mergePatch';
import { strategicMergePatch, unknownFields } from '../openapi/schemaWalk';
import type { ObjectStore, StatusPolicy } from '../store/ObjectStore';
import type { StoredEntry } from '../store/StoredEntry';
import type { KubeObject } from '../types';
import { Discovery } from './Discovery';
import { contentTypeOf, negotiate, type Rendering } from './negotiate';
import { OpenApi } from './OpenApi';
import { parseRoute, type Route } from './parseRoute';
import { generatedLine, logText, resolveContainer, shapeLog } from './PodLogs';
import type { RequestLog, RequestRecord, RequestVerb } from './RequestLog';
import { ResponseSink } from './ResponseSink';
import { type IncludeObject, TableConverter } from './TableConverter';
import { versionInfo } from './versionInfo';
import { WatchStream } from './WatchStream';

export interface ApiHandlerContext {
  readonly name: string;
  readonly gitVersion: string;
  readonly registry: ResourceRegistry;
  readonly store: ObjectStore;
  readonly faults: FaultState;
  readonly log: RequestLog;
  readonly bookmarkIntervalMs: number;
  readonly logFollowIntervalMs: number;
  /** host:port clients reach this cluster at. */
  serverAddress(): string;
}

const USER = 'system:serviceaccount:kube-system:kube-sim-reader';
const MAX_BODY = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(
          new ApiError(
            413,
            'RequestEntityTooLarge',
            'request entity too large',
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ApiError.badRequest(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${
        (e as Error).message
      })`,
    );
  }
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw ApiError.badRequest(`invalid value for ${name}: ${v}`);
  return n;
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

/** Status subresource rules: /status writes only status; the main resource keeps it. */
function statusPolicy(
  type: ResourceType,
  sub: string | undefined,
): StatusPolicy {
  if (sub === 'status') return 'only';
  return type.hasStatus ? 'keep' : 'replace';
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms));
}

/** Serves the Kubernetes API of one cluster over an HTTP(S) server. */
export class ApiHandler {
  private readonly discovery: Discovery;
  private readonly openApi: OpenApi;
  private readonly watches = new Set<WatchStream>();
  private readonly streams = new Set<ResponseSink>();

  constructor(private readonly ctx: ApiHandlerContext) {
    this.discovery = new Discovery(ctx.registry);
    this.openApi = new OpenApi(ctx.registry, ctx.gitVersion);
  }

  /** Ends every open watch (and log follow) stream. */
  dropWatches(): void {
    for (const w of [...this.watches]) w.end();
    for (const s of [...this.streams]) s.end();
  }

  get openWatches(): number {
    return this.watches.size;
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://kube-sim.invalid');
    const record: RequestRecord = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      verb: 'get',
      group: '',
      resource: '',
      status: 0,
      bytes: 0,
      userAgent: req.headers['user-agent'],
    };
    this.ctx.log.add(record);
    const started = process.hrtime.bigint();
    res.on('close', () => {
      record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    });
    const sink = new ResponseSink(
      res,
      record,
      () => this.ctx.faults.malformedJson,
    );
    this.serve(req, url, sink).catch(err => this.fail(sink, err));
  };

  private fail(sink: ResponseSink, err: unknown): void {
    const apiErr =
      err instanceof ApiError
        ? err
        : new ApiError(
            500,
            'InternalError',
            `Internal error occurred: ${(err as Error)?.message ?? err}`,
          );
    if (!sink.open) return;
    if (sink.res.headersSent) {
      sink.end();
      return;
    }
    sink.sendJson(apiErr.code, apiErr.toStatus());
  }

  private async serve(
    req: IncomingMessage,
    url: URL,
    sink: ResponseSink,
  ): Promise<void> {
    const { faults } = this.ctx;
    const route = parseRoute(url.pathname);
    this.describe(sink.record, route, req.method ?? 'GET', url.searchParams);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const injected = faults.requests.take(url.pathname + url.search);
    if (injected) {
      if (injected.retryAfterSeconds !== undefined) {
        sink.res.setHeader('Retry-After', String(injected.retryAfterSeconds));
      }
      throw new ApiError(
        injected.status,
        injected.reason,
        `injected by kube-sim (failRequests ${injected.status})`,
      );
    }
    if (faults.fail500) {
      throw new ApiError(
        500,
        'InternalError',
        'Internal error occurred: injected by kube-sim (failWith500)',
      );
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice(7).trim()
      : undefined;
    const publicInfo = route.kind === 'version' || route.kind === 'health';
    if (!faults.acceptsToken(token) && !(publicInfo && token === undefined)) {
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    }
    const accept = req.headers.accept;
    switch (route.kind) {
      case 'version':
        return sink.sendJson(200, versionInfo(this.ctx.gitVersion));
      case 'health':
        return sink.send(200, 'ok', 'text/plain; charset=utf-8');
      case 'openapi':
        return this.serveOpenApi(sink, url.pathname, accept);
      case 'coreVersions':
      case 'groups': {
        const r = negotiate(accept, ['aggregated']);
        if (r.as === 'aggregated') {
          return sink.sendJson(
            200,
            this.discovery.aggregated(route.kind === 'coreVersions', r.version),
            contentTypeOf(r),
          );
        }
        if (r.as === 'unacceptable') return this.notAcceptable();
        return sink.sendJson(
          200,
          route.kind === 'coreVersions'
            ? this.discovery.coreVersions(this.ctx.serverAddress())
            : this.discovery.groups(),
        );
      }
      case 'group': {
        const doc = this.discovery.groupDoc(route.group);
        if (!doc)
          throw new ApiError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        return sink.sendJson(200, doc);
      }
      case 'resources': {
        const doc = this.discovery.resources(route.group, route.version);
        if (!doc)
          throw new ApiError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        return sink.sendJson(200, doc);
      }
      case 'resource':
        return this.serveResource(req, url, sink, route, token!);
      default:
        throw new ApiError(
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
    }
  }

  /** `/openapi/v2`, `/openapi/v3` and `/openapi/v3/<group-version>`, as JSON. */
  private serveOpenApi(
    sink: ResponseSink,
    pathname: string,
    accept: string | undefined,
  ): void {
    const notFound = () =>
      new ApiError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    // JSON only: a client asking for the protobuf encoding alone gets 406.
    const types = (accept ?? '*/*').split(',').map(s => s.split(';')[0].trim());
    if (
      !types.some(
        t => t === 'application/json' || t === '*/*' || t === 'application/*',
      )
    )
      this.notAcceptable();
    const path = pathname.replace(/\/+$/, '');
    if (path === '/openapi/v2') return sink.sendJson(200, this.openApi.v2Doc());
    if (path === '/openapi/v3')
      return sink.sendJson(200, this.openApi.v3Index());
    const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(
      path,
    );
    if (!m) throw notFound();
    const doc = m[1]
      ? this.openApi.v3Doc('', m[1])
      : this.openApi.v3Doc(m[2], m[3]);
    if (!doc) throw notFound();
    return sink.sendJson(200, doc);
  }

  private notAcceptable(): never {
    throw new ApiError(
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    );
  }

  private describe(
    record: RequestRecord,
    route: Route,
    method: string,
    q: URLSearchParams,
  ): void {
    let verb: RequestVerb = 'discovery';
    if (route.kind === 'version' || route.kind === 'health') verb = 'version';
    if (route.kind === 'resource') {
      record.group = route.group;
      record.resource = route.subresource
        ? `${route.plural}/${route.subresource}`
        : route.plural;
      record.namespace = route.namespace;
      const watch = route.watchPath || boolParam(q, 'watch');
      if (method === 'GET') {
        if (route.subresource === 'log') verb = 'log';
        else if (watch) verb = 'watch';
        else verb = route.name ? 'get' : 'list';
      } else if (method === 'POST') verb = 'create';
      else if (method === 'PUT') verb = 'update';
      else if (method === 'PATCH') verb = 'patch';
      else if (method === 'DELETE')
        verb = route.name ? 'delete' : 'deletecollection';
    }
    record.verb = verb;
  }

  private async serveResource(
    req: IncomingMessage,
    url: URL,
    sink: ResponseSink,
    route: Extract<Route, { kind: 'resource' }>,
    token: string,
  ): Promise<void> {
    const { registry, store, faults } = this.ctx;
    const type = registry.byResource(route.group, route.version, route.plural);
    if (!type || (route.namespace !== undefined && !type.namespaced)) {
      throw new ApiError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    }
    const verb = sink.record.verb;
    const rbacResource = route.subresource
      ? `${type.plural}/${route.subresource}`
      : type.plural;
    if (faults.isForbidden(token, type.group, rbacResource)) {
      const rbacVerb = verb === 'log' ? 'get' : verb;
      const scope = route.namespace
        ? `in the namespace "${route.namespace}"`
        : 'at the cluster scope';
      throw new ApiError(
        403,
        'Forbidden',
        `${type.groupResource}${
          route.name ? ` "${route.name}"` : ''
        } is forbidden: User "${USER}" cannot ${rbacVerb} resource "${rbacResource}" in API group "${
          type.group
        }" ${scope}`,
        { name: route.name, group: type.group, kind: type.plural },
      );
    }
    const sub = route.subresource;
    if (
      sub &&
      !(sub === 'status' && type.hasStatus) &&
      !(sub === 'log' && type.plural === 'pods' && type.group === '')
    ) {
      throw new ApiError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    }
    const q = url.searchParams;
    const ns = type.namespaced ? route.namespace : undefined;
    switch (verb) {
      case 'list':
        return this.list(sink, type, ns, q, req.headers.accept);
      case 'watch': {
        const fieldSelector = route.name
          ? [q.get('fieldSelector'), `metadata.name=${route.name}`]
              .filter(Boolean)
              .join(',')
          : q.get('fieldSelector');
        return this.watch(sink, type, ns, q, fieldSelector, req.headers.accept);
      }
      case 'get': {
        const entry = store.getOrThrow(type, ns, route.name!);
        return this.sendObject(sink, type, entry, 200, req.headers.accept);
      }
      case 'log':
        return this.podLog(sink, type, ns, route.name!, q);
      case 'create': {
        if (route.name)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const obj = this.bodyObject(await readBody(req), type, route.namespace);
        this.checkFields(sink, type, obj, q, 'Warn', true);
        const entry = store.create(type, obj);
        return this.sendObject(sink, type, entry, 201, req.headers.accept);
      }
      case 'update': {
        const obj = this.bodyObject(await readBody(req), type, route.namespace);
        if (obj.metadata.name !== route.name) {
          throw ApiError.badRequest(
            `the name of the object (${obj.metadata.name}) does not match the name on the URL (${route.name})`,
          );
        }
        this.checkFields(sink, type, obj, q, 'Warn', true);
        const policy = statusPolicy(type, sub);
        const entry = store.update(type, obj, policy);
        return this.sendObject(sink, type, entry, 200, req.headers.accept);
      }
      case 'patch': {
        const contentType = (req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim();
        const builtin = this.openApi.isBuiltin(type);
        const accepted = [
          'application/json-patch+json',
          'application/merge-patch+json',
          ...(builtin ? ['application/strategic-merge-patch+json'] : []),
          'application/apply-patch+yaml',
        ];
        // The media type is checked before the object is looked up.
        if (!accepted.includes(contentType)) {
          throw new ApiError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
              ', ',
            )}`,
          );
        }
        const text = await readBody(req);
        if (contentType === 'application/apply-patch+yaml') {
          return this.serverSideApply(
            sink,
            type,
            ns,
            route.name!,
            sub,
            text,
            q,
            req.headers.accept,
          );
        }
        const current = store.getOrThrow(type, ns, route.name!);
        const body = parseJsonBody(text);
        let next: unknown;
        if (contentType === 'application/json-patch+json') {
          next = jsonPatch(current.copy(), body);
        } else if (contentType === 'application/merge-patch+json') {
          next = mergePatch(current.copy(), body);
        } else {
          next = strategicMergePatch(
            current.copy(),
            body,
            this.openApi.objectSchema(type),
            this.openApi.resolve,
          );
        }
        const obj = next as KubeObject;
        obj.metadata = {
          ...(obj.metadata ?? {}),
          name: route.name,
          namespace: ns,
        };
        this.checkFields(sink, type, obj, q);
        const policy = statusPolicy(type, sub);
        const entry = store.update(type, obj, policy);
        return this.sendObject(sink, type, entry, 200, req.headers.accept);
      }
      case 'delete': {
        const text = await readBody(req);
        const opts = (text.trim() ? parseJsonBody(text) : {}) as {
          preconditions?: { resourceVersion?: string; uid?: string };
        };
        const gone = store.delete(
          type,
          ns,
          route.name!,
          opts.preconditions?.resourceVersion,
        );
        if (
          type.group === '' ||
          type.group.endsWith('.k8s.io') ||
          !type.group.includes('.')
        ) {
          if (type.plural !== 'pods' && type.plural !== 'namespaces') {
            return sink.sendJson(200, {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Success',
              details: {
                name: route.name,
                group: type.group,
                kind: type.plural,
                uid: gone.obj.metadata.uid,
              },
            });
          }
        }
        return this.sendObject(sink, type, gone, 200, req.headers.accept);
      }
      case 'deletecollection': {
        const label = LabelSelector.parse(q.get('labelSelector'));
        const field = FieldSelector.parse(
          q.get('fieldSelector'),
          type.group,
          type.plural,
        );
        const page = store.list(type, { namespace: ns, label, field });
        const deleted = page.entries.map(e =>
          store.delete(type, e.obj.metadata.namespace, e.obj.metadata.name!),
        );
        return sink.send(
          200,
          this.listJson(type, deleted, {
            resourceVersion: String(store.resourceVersion),
          }),
        );
      }
      default:
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
    }
  }

  /**
   * Server-side apply, simplified: creates the object if absent (201),
   * otherwise merges the applied configuration into it (200) as a strategic
   * merge patch (built-in kinds) or a JSON merge patch. No managedFields, no
   * conflicts between managers, and fields a manager stops applying are kept
   * (DIFFERENCES.md, `server-side-apply`).
   */
  private serverSideApply(
    sink: ResponseSink,
    type: ResourceType,
    ns: string | undefined,
    name: string,
    sub: string | undefined,
    text: string,
    q: URLSearchParams,
    accept: string | undefined,
  ): void {
    const { store } = this.ctx;
    if (!q.get('fieldManager')) {
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    let applied: KubeObject;
    try {
      applied = parseYaml(text) as KubeObject;
    } catch (e) {
      throw ApiError.badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
    if (!applied || typeof applied !== 'object' || Array.isArray(applied))
      throw ApiError.badRequest('Object is not a valid Kubernetes object');
    applied.metadata = { ...(applied.metadata ?? {}), name, namespace: ns };
    const current = store.get(type, ns, name);
    if (!current) {
      const obj = this.bodyObject(JSON.stringify(applied), type, ns);
      this.checkFields(sink, type, obj, q, 'Strict');
      return this.sendObject(sink, type, store.create(type, obj), 201, accept);
    }
    const next = (
      this.openApi.isBuiltin(type)
        ? strategicMergePatch(
            current.copy(),
            applied,
            this.openApi.objectSchema(type),
            this.openApi.resolve,
          )
        : mergePatch(current.copy(), applied)
    ) as KubeObject;
    this.checkFields(sink, type, next, q, 'Strict');
    const entry = store.update(type, next, statusPolicy(type, sub));
    return this.sendObject(sink, type, entry, 200, accept);
  }

  /**
   * `fieldValidation`: fields the type's schema does not declare fail the
   * request (`Strict`), or are dropped with a `Warning` header (`Warn`, the
   * default) or silently (`Ignore`), as the API server does.
   */
  private checkFields(
    sink: ResponseSink,
    type: ResourceType,
    obj: KubeObject,
    q: URLSearchParams,
    defaultMode = 'Warn',
    decoding = false,
  ): void {
    const mode = q.get('fieldValidation') || defaultMode;
    if (!['Strict', 'Warn', 'Ignore'].includes(mode)) {
      throw ApiError.badRequest(
        `fieldValidation: Unsupported value: "${mode}": supported values: "Ignore", "Strict", "Warn"`,
      );
    }
    const schema = this.openApi.objectSchema(type);
    if (!schema) return;
    const unknown = unknownFields(
      obj,
      schema,
      this.openApi.resolve,
      mode !== 'Strict',
    );
    if (unknown.length === 0) return;
    const said = unknown.map(f => `unknown field "${f}"`);
    if (mode === 'Strict')
      throw ApiError.badRequest(
        `${
          decoding
            ? `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: `
            : ''
        }strict decoding error: ${said.join(', ')}`,
      );
    if (mode === 'Warn')
      sink.res.setHeader(
        'Warning',
        said.map(w => `299 - ${JSON.stringify(w)}`),
      );
  }

  private bodyObject(
    text: string,
    type: ResourceType,
    namespace: string | undefined,
  ): KubeObject {
    const obj = parseJsonBody(text) as KubeObject;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj))
      throw ApiError.badRequest('Object is not a valid Kubernetes object');
    if (obj.apiVersion && obj.apiVersion !== type.apiVersion) {
      throw ApiError.badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${type.apiVersion})`,
      );
    }
    if (obj.kind && obj.kind !== type.kind) {
      throw ApiError.badRequest(
        `the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`,
      );
    }
    obj.metadata = obj.metadata ?? {};
    if (type.namespaced) {
      if (
        obj.metadata.namespace &&
        namespace &&
        obj.metadata.namespace !== namespace
      ) {
        throw ApiError.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    }
    return obj;
  }

  private rendering(accept: string | undefined): Rendering {
    const r = negotiate(accept, ['table', 'partial']);
    if (r.as === 'unacceptable') this.notAcceptable();
    return r;
  }

  private includeObject(q?: URLSearchParams): IncludeObject {
    const v = q?.get('includeObject');
    if (v === 'Object' || v === 'None') return v;
    return 'Metadata';
  }

  private sendObject(
    sink: ResponseSink,
    type: ResourceType,
    entry: StoredEntry,
    status: number,
    accept?: string,
    q?: URLSearchParams,
  ): void {
    const r = this.rendering(accept);
    if (r.as === 'table') {
      return sink.sendJson(
        status,
        TableConverter.toTable(type, [entry.obj], {
          version: r.version,
          includeObject: this.includeObject(q),
          listMeta: { resourceVersion: entry.obj.metadata.resourceVersion },
        }),
        contentTypeOf(r),
      );
    }
    if (r.as === 'partial') {
      if (r.list) this.notAcceptable();
      return sink.sendJson(
        status,
        {
          kind: 'PartialObjectMetadata',
          apiVersion: `meta.k8s.io/${r.version}`,
          metadata: entry.obj.metadata,
        },
        contentTypeOf(r),
      );
    }
    return sink.send(status, entry.json);
  }

  private listJson(
    type: ResourceType,
    entries: StoredEntry[],
    meta: Record<string, unknown>,
  ): string {
    let out = `{"kind":"${type.listKind}","apiVersion":"${
      type.apiVersion
    }","metadata":${JSON.stringify(meta)},"items":[`;
    if (this.ctx.faults.badListItems) {
      // Injected: what a broken aggregated API server may send.
      out += `null,{"kind":"${type.kind}","metadata":{}}${
        entries.length > 0 ? ',' : ''
      }`;
    }
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) out += ',';
      out += entries[i].json;
    }
    return `${out}]}`;
  }

  private list(
    sink: ResponseSink,
    type: ResourceType,
    ns: string | undefined,
    q: URLSearchParams,
    accept?: string,
  ): void {
    const r = this.rendering(accept);
    const label = LabelSelector.parse(q.get('labelSelector'));
    const field = FieldSelector.parse(
      q.get('fieldSelector'),
      type.group,
      type.plural,
    );
    if (q.get('continue') && this.ctx.faults.takeExpiredContinue()) {
      throw new ApiError(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter (injected by kube-sim)',
      );
    }
    const result = this.ctx.store.list(type, {
      namespace: ns,
      label,
      field,
      limit: intParam(q, 'limit'),
      continueToken: q.get('continue') || undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
    });
    const meta: Record<string, unknown> = {
      resourceVersion: result.resourceVersion,
    };
    if (result.continue) meta.continue = result.continue;
    if (result.remainingItemCount !== undefined)
      meta.remainingItemCount = result.remainingItemCount;
    if (r.as === 'table') {
      return sink.sendJson(
        200,
        TableConverter.toTable(
          type,
          result.entries.map(e => e.obj),
          {
            version: r.version,
            includeObject: this.includeObject(q),
            listMeta: meta,
          },
        ),
        contentTypeOf(r),
      );
    }
    if (r.as === 'partial') {
      if (!r.list) this.notAcceptable();
      return sink.sendJson(
        200,
        {
          kind: 'PartialObjectMetadataList',
          apiVersion: `meta.k8s.io/${r.version}`,
          metadata: meta,
          items: result.entries.map(e => ({
            kind: 'PartialObjectMetadata',
            apiVersion: `meta.k8s.io/${r.version}`,
            metadata: e.obj.metadata,
          })),
        },
        contentTypeOf(r),
      );
    }
    return sink.send(200, this.listJson(type, result.entries, meta));
  }

  private watch(
    sink: ResponseSink,
    type: ResourceType,
    ns: string | undefined,
    q: URLSearchParams,
    fieldSelector: string | null,
    accept?: string,
  ): void {
    const r = this.rendering(accept);
    const label = LabelSelector.parse(q.get('labelSelector'));
    const field = FieldSelector.parse(fieldSelector, type.group, type.plural);
    const { faults } = this.ctx;
    if (faults.stallWatches || faults.overlongLineChars > 0) {
      // Injected: a stream that opens and then stalls (after one
      // over-long line without a newline, when asked).
      sink.startStream('application/json');
      if (faults.overlongLineChars > 0) {
        const chars = faults.overlongLineChars;
        faults.overlongLineChars = 0;
        const piece = 'x'.repeat(64 * 1024);
        for (let sent = 0; sent < chars; sent += piece.length) {
          sink.write(piece, false);
        }
      }
      return;
    }
    const forceExpired = this.ctx.faults.expireNextWatch;
    this.ctx.faults.expireNextWatch = false;
    const stream = new WatchStream(sink, type, this.ctx.store, {
      namespace: ns,
      label,
      field,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      allowBookmarks: boolParam(q, 'allowWatchBookmarks'),
      sendInitialEvents: q.has('sendInitialEvents')
        ? boolParam(q, 'sendInitialEvents')
        : undefined,
      timeoutSeconds: intParam(q, 'timeoutSeconds') ?? 1800,
      bookmarkIntervalMs: this.ctx.bookmarkIntervalMs,
      table:
        r.as === 'table'
          ? { version: r.version, includeObject: this.includeObject(q) }
          : undefined,
      forceExpired,
    });
    this.watches.add(stream);
    stream.onClose = () => this.watches.delete(stream);
    stream.start();
  }

  private podLog(
    sink: ResponseSink,
    type: ResourceType,
    ns: string | undefined,
    name: string,
    q: URLSearchParams,
  ): void {
    const { store } = this.ctx;
    const pod = store.getOrThrow(type, ns, name).obj;
    const container = resolveContainer(pod, q.get('container'));
    const previous = boolParam(q, 'previous');
    const text = logText(pod, container, previous);
    const shaped = shapeLog(text, {
      tailLines: intParam(q, 'tailLines'),
      limitBytes: intParam(q, 'limitBytes'),
      timestamps: boolParam(q, 'timestamps'),
      at: new Date(),
    });
    if (!boolParam(q, 'follow') || previous) {
      sink.send(200, shaped, 'text/plain');
      return;
    }
    sink.startStream('text/plain');
    sink.write(shaped, false);
    this.streams.add(sink);
    let n = shaped.split('\n').length;
    let timer: NodeJS.Timeout | undefined = undefined;
    const stop = () => {
      clearInterval(timer);
      this.streams.delete(sink);
    };
    timer = setInterval(() => {
      const current = store.get(type, ns, name);
      if (!current || current.obj.metadata.uid !== pod.metadata.uid) {
        stop();
        sink.end();
        return;
      }
      const line = generatedLine(current.obj, container, n++, new Date());
      const stamp = boolParam(q, 'timestamps')
        ? `${new Date().toISOString()} `
        : '';
      sink.write(`${stamp}${line}\n`, false);
    }, this.ctx.logFollowIntervalMs);
    timer.unref();
    sink.res.on('close', stop);
  }
}
