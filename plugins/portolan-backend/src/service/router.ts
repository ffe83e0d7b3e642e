/*
 * The HTTP API (`/api/portolan`, described in openapi.yaml). Checks input,
 * identity and permissions, then serves what the views assemble from
 * memory. No business logic here; errors are @backstage/errors classes
 * mapped by the backend's error middleware.
 */
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  type ClusterSummary,
  DiscoveryCandidatesQuerySchema,
  type DiscoveryCandidatesQuery,
  type DiscoveryCandidatesResponse,
  type FleetOnboarding,
  type OnboardingChecklist,
  type OfferingsCatalogue,
  type ClustersResponse,
  type EntityView,
  FleetImagesQuerySchema,
  type FleetImagesResponse,
  FleetPipelineRunsQuerySchema,
  type FleetPipelineRunsResponse,
  type PodLogResponse,
  PodLogQuerySchema,
  type RebaseStateName,
  type RunningImage,
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import type { LogTarget } from '@portolan/plugin-portolan-node';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { PodLogRequest } from '../clusters/PodLogReader';
import type { FleetEntity } from '../images/ImageService';
import { fleetPipelineRuns } from '../views/fleetPipelineRuns';

/** What the router serves from; implemented by the plugin's wiring. */
export interface PortolanRouterServices {
  clusters(): ClusterSummary[];
  offerings(): OfferingsCatalogue;
  entityView(entity: Entity): EntityView;
  /** The images an entity view's workloads run, with registry and build facts (may contact allowed registries). */
  images(view: EntityView): Promise<RunningImage[]>;
  onboarding(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<OnboardingChecklist>;
  fleetOnboarding(credentials: BackstageCredentials): Promise<FleetOnboarding>;
  discoveryCandidates(
    query: DiscoveryCandidatesQuery,
  ): Promise<DiscoveryCandidatesResponse>;
  fleetImages(request: {
    rebase?: RebaseStateName;
    entities: FleetEntity[];
  }): Promise<FleetImagesResponse>;
  logTargets(entity: Entity): LogTarget[];
  readLog(request: PodLogRequest): Promise<{ log: string; truncated: boolean }>;
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  services: PortolanRouterServices;
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
  const router = Router();

  const authorize = async (
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ) => {
    const [decision] = await permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  };

  /** The entity named by the path, read with the caller's own credentials. */
  const fetchEntity = async (
    params: unknown,
    credentials: BackstageCredentials,
  ): Promise<Entity> => {
    const ref = parse(EntityRefParamsSchema, params, 'entity reference');
    const entity = await catalog.getEntityByRef(ref, { credentials });
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

  /** The catalog's components the caller may read the Portolan view of. */
  const readableComponents = async (
    credentials: BackstageCredentials,
  ): Promise<Array<{ entityRef: string; entity: Entity }>> => {
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    );
    const refs = items.map(e => stringifyEntityRef(e));
    const decisions = await permissions.authorize(
      refs.map(resourceRef => ({
        permission: portolanEntityReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return items.flatMap((entity, i) =>
      decisions[i].result === AuthorizeResult.ALLOW
        ? [{ entityRef: refs[i], entity }]
        : [],
    );
  };

  router.get('/images', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(FleetImagesQuerySchema, req.query, 'images query');
    // Fleet-wide, but only over the entities the caller may read.
    const readable = await readableComponents(credentials);
    const body: FleetImagesResponse = await services.fleetImages({
      rebase: query.rebase,
      entities: readable.map(({ entityRef, entity }) => ({
        entityRef,
        view: () => services.entityView(entity),
      })),
    });
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
    const readable = await readableComponents(credentials);
    const body: FleetPipelineRunsResponse = fleetPipelineRuns(
      query,
      readable.map(({ entityRef, entity }) => ({
        entityRef,
        view: () => services.entityView(entity),
      })),
    );
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
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entity = await fetchEntity(req.params, credentials);
    await authorize(
      credentials,
      portolanEntityReadPermission,
      stringifyEntityRef(entity),
    );
    const view = services.entityView(entity);
    res.json({ ...view, images: await services.images(view) });
  });

  router.get('/entities/:namespace/:kind/:name/logs', async (req, res) => {
    // Service principals are always allowed by the permission framework;
    // logs are for people, so the route itself refuses them.
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const query = parse(PodLogQuerySchema, req.query, 'log query');
    const entity = await fetchEntity(req.params, credentials);
    const entityRef = stringifyEntityRef(entity);
    await authorize(credentials, portolanLogsReadPermission, entityRef);

    const target = services
      .logTargets(entity)
      .find(
        t =>
          t.cluster === query.cluster &&
          t.namespace === query.namespace &&
          t.pod === query.pod,
      );
    if (!target) {
      throw new NotFoundError(
        `Pod ${query.cluster}/${query.namespace}/${query.pod} does not belong to ${entityRef}`,
      );
    }
    let container = query.container;
    if (!container) {
      container =
        target.defaultContainer ??
        (target.containers.length === 1 ? target.containers[0] : undefined);
      if (!container) {
        throw new InputError(
          `Pod ${
            query.pod
          } has several containers; name one of ${target.containers.join(
            ', ',
          )}`,
        );
      }
    } else if (!target.containers.includes(container)) {
      throw new NotFoundError(`Pod ${query.pod} has no container ${container}`);
    }

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

  return router;
}
