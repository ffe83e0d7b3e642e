/*
 * The HTTP API (`/api/portolan`, described in src/schema/openapi.yaml, which
 * types this router). Checks input,
 * identity and permissions, then serves what the views assemble from
 * memory. No business logic here; errors are @backstage/errors classes
 * mapped by the backend's error middleware. The catalog lookup of the
 * entity and the permission decisions of the entity routes are kept
 * `portolan.viewCache.callerTtl` (default 5 s) per caller identity (see
 * views/CallerTtlCache.ts), never shared between callers; the decision is
 * still applied on every request.
 */
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type ClusterSummary,
  DiscoveryCandidatesQuerySchema,
  type DiscoveryCandidatesQuery,
  type DiscoveryCandidatesResponse,
  type FleetOnboarding,
  type OnboardingChecklist,
  type OfferingsCatalogue,
  type ClustersResponse,
  FleetImagesQuerySchema,
  type FleetImagesResponse,
  FleetPipelineRunsQuerySchema,
  type FleetPipelineRunsResponse,
  type PodLogResponse,
  PodLogQuerySchema,
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import type express from 'express';
import { z } from 'zod';
import type { PodLogRequest } from '../clusters/PodLogReader';
import { createOpenApiRouter } from '../schema/openapi';
import { CallerTtlCache } from '../views/CallerTtlCache';
import type { ViewCache } from '../views/ViewCache';
import type { PodRef } from '../entities/podOwners';
import { redactResponses } from '../redaction/redactSecrets';
import { requirePermission } from './requirePermission';
import { addHistoryRoutes, type HistoryService } from './historyRouter';

/** What the router serves from; implemented by the plugin's wiring. */
export interface PortolanRouterServices {
  clusters(): ClusterSummary[];
  offerings(): OfferingsCatalogue;
  /** Every view the router serves (entity, fleet images, fleet runs, log selection), from the view cache. */
  views: Pick<
    ViewCache,
    | 'entityResponse'
    | 'fleetImages'
    | 'fleetPipelineRuns'
    | 'logSelection'
    | 'readableEntities'
  >;
  /** Delivery history and DORA; absent when history is disabled (its routes answer 503). */
  history?: HistoryService;
  onboarding(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<OnboardingChecklist>;
  fleetOnboarding(credentials: BackstageCredentials): Promise<FleetOnboarding>;
  discoveryCandidates(
    query: DiscoveryCandidatesQuery,
  ): Promise<DiscoveryCandidatesResponse>;
  /**
   * The catalog entities that own the pod (see entities/podOwners.ts),
   * whoever asks: the log permission is decided on these.
   */
  podOwners(pod: PodRef): Promise<string[]>;
  readLog(request: PodLogRequest): Promise<{ log: string; truncated: boolean }>;
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  services: PortolanRouterServices;
  /** How long entity lookups and decisions are kept per caller; 0 keeps none. Default 5 s. */
  callerTtlMs?: number;
}

/** Whether an `If-None-Match` header names `etag` (or is `*`). */
export function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === etag);
}

/** Catalog entity ref parts, as the catalog accepts them. */
export const EntityRefParamsSchema = z.object({
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, 'invalid namespace'),
  kind: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'invalid kind'),
  name: z.string().regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, 'invalid name'),
});

export function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, services } = options;
  // Typed from, and requests validated against, src/schema/openapi.yaml.
  // The spec dereferenced once at start: in the default (bundle) mode the
  // validator resolved $refs per request, ~3 ms of each entity view.
  const router = await createOpenApiRouter({
    validatorOptions: { $refParser: { mode: 'dereference' } },
  });
  // Every body sent from here, errors included, has its credentials redacted.
  router.use(redactResponses());

  const callers = new CallerTtlCache(options.callerTtlMs ?? 5_000);
  const decide = requirePermission(permissions);
  /** The permission check, its decision kept a few seconds for this caller only. */
  const authorize: typeof decide = (credentials, permission, resourceRef) =>
    callers.get(
      credentials,
      `permission:${permission.name}:${resourceRef ?? ''}`,
      () => decide(credentials, permission, resourceRef),
    );

  /** The entity named by the path, read with the caller's own credentials. */
  const fetchEntity = async (
    params: unknown,
    credentials: BackstageCredentials,
  ): Promise<Entity> => {
    const ref = parse(EntityRefParamsSchema, params, 'entity reference');
    const entity = await callers.get(
      credentials,
      `entity:${stringifyEntityRef(ref)}`,
      () => catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  };

  router.get('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(credentials, portolanClustersReadPermission);
    const body: ClustersResponse = { clusters: services.clusters() };
    res.json(body);
  });

  router.get(
    '/entities/:namespace/:kind/:name/onboarding',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await fetchEntity(req.params, credentials);
      await authorize(
        credentials,
        portolanEntityReadPermission,
        stringifyEntityRef(entity),
      );
      const body: OnboardingChecklist = await services.onboarding(
        entity,
        credentials,
      );
      res.json(body);
    },
  );

  router.get('/onboarding', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(credentials, portolanClustersReadPermission);
    const body: FleetOnboarding = await services.fleetOnboarding(credentials);
    res.json(body);
  });

  router.get('/discovery/candidates', async (req, res) => {
    // Answers about every workload in every cluster, whoever owns it:
    // for the catalog's discovery module (a service principal) only.
    await httpAuth.credentials(req, { allow: ['service'] });
    const query = parse(
      DiscoveryCandidatesQuerySchema,
      req.query,
      'discovery query',
    );
    const body: DiscoveryCandidatesResponse =
      await services.discoveryCandidates(query);
    res.json(body);
  });

  router.get('/images', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(FleetImagesQuerySchema, req.query, 'images query');
    // Fleet-wide, but only over the entities the caller may read.
    const body: FleetImagesResponse = await services.views.fleetImages(
      credentials,
      query.rebase,
    );
    res.json(body);
  });

  router.get('/pipeline-runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(
      FleetPipelineRunsQuerySchema,
      req.query,
      'pipeline runs query',
    );
    const body: FleetPipelineRunsResponse =
      await services.views.fleetPipelineRuns(credentials, query);
    res.json(body);
  });

  router.get('/offerings', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(credentials, portolanClustersReadPermission);
    res.json(services.offerings());
  });

  router.get('/entities/:namespace/:kind/:name', async (req, res) => {
    const received = performance.now();
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await fetchEntity(req.params, credentials);
    await authorize(
      credentials,
      portolanEntityReadPermission,
      stringifyEntityRef(entity),
    );
    const started = performance.now();
    const view = await services.views.entityResponse(entity);
    const done = performance.now();
    res.setHeader('ETag', view.etag);
    // The view alone, and the whole route (identity, catalog, permission).
    res.setHeader(
      'Server-Timing',
      `view;dur=${(done - started).toFixed(2)};desc="${
        view.cached ? 'cached' : 'rebuilt'
      }", route;dur=${(done - received).toFixed(2)}`,
    );
    res.setHeader('Cache-Control', 'private, no-cache');
    if (ifNoneMatch(req.header('if-none-match'), view.etag)) {
      res.status(304).end();
      return;
    }
    // Already redacted by the view cache, as `res.json` would.
    (res as express.Response).type('application/json').send(view.body);
  });

  router.get('/entities/:namespace/:kind/:name/logs', async (req, res) => {
    // Service principals are always allowed by the permission framework;
    // logs are for people, so the route itself refuses them.
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = parse(PodLogQuerySchema, req.query, 'log query');
    const entity = await fetchEntity(req.params, credentials);
    const entityRef = stringifyEntityRef(entity);
    await authorize(credentials, portolanLogsReadPermission, entityRef);
    // The pod's owning entities decide, not whoever matched it: the caller
    // needs the log permission on each.
    const pod = {
      cluster: query.cluster,
      namespace: query.namespace,
      pod: query.pod,
    };
    const owners = (await services.podOwners(pod)).filter(
      ref => ref !== entityRef,
    );
    if (owners.length > 0) {
      const decisions = await permissions.authorize(
        owners.map(resourceRef => ({
          permission: portolanLogsReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      if (decisions.some(d => d.result !== AuthorizeResult.ALLOW)) {
        throw new NotAllowedError(
          `Not allowed: ${portolanLogsReadPermission.name} on the entity that owns pod ${pod.cluster}/${pod.namespace}/${pod.pod}`,
        );
      }
    }

    const { container } = services.views.logSelection(entity, query);

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const { log, truncated } = await services.readLog({
      cluster: query.cluster,
      namespace: query.namespace,
      pod: query.pod,
      container,
      tailLines: query.tailLines,
      signal: abort.signal,
    });
    const body: PodLogResponse = {
      entityRef,
      cluster: query.cluster,
      namespace: query.namespace,
      pod: query.pod,
      container,
      tailLines: query.tailLines,
      truncated,
      log,
    };
    res.json(body);
  });

  addHistoryRoutes(router, {
    httpAuth,
    permissions,
    catalog,
    authorize,
    views: services?.views,
    history: services?.history,
  });

  // Anything else under this router (an unknown path, or a method no route
  // serves, like TRACE) is a 404 with a Backstage error body, not an empty one.
  router.use((req, _res, next) => {
    next(new NotFoundError(`No route ${req.method} ${req.path}`));
  });

  return router;
}
