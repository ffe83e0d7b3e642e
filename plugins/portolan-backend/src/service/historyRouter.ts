/*
 * The history API (`/entities/{ns}/{kind}/{name}/history`, `.../dora`,
 * `/dora`, `/history/status`; described in openapi.yaml), added to the main
 * router built from that spec (so requests are validated against it before
 * these handlers run). Authenticates and checks permissions exactly like the
 * live entity routes (the caller's own catalog read, then
 * `portolan.entity.read` on the entity; the fleet route over the entities
 * the caller may read), validates the query with zod, then reads the history
 * store. With history disabled the routes answer 503, never 404.
 * Must never: write history, or answer about an entity the caller cannot read.
 */
import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import { z } from 'zod';
import type { DoraMetrics } from '../dora/computeDora';
import {
  type FleetDoraEntity,
  type FleetDoraMetrics,
  parseDoraWindow,
} from '../dora/doraFromHistory';
import type { HistoryRecorderStatus } from '../history/HistoryRecorder';
import {
  HISTORY_TYPES,
  type HistoryPage,
  type HistoryQuery,
} from '../history/HistoryStore';
import type { createOpenApiRouter } from '../schema/openapi';
import type { FleetViews } from '../views/FleetViews';
import type { RequirePermission } from './requirePermission';
import { EntityRefParamsSchema, parse } from './router';

/** What the history routes read; absent when `portolan.history.enabled` is false. */
export interface HistoryService {
  query(query: HistoryQuery): Promise<HistoryPage>;
  status(): HistoryRecorderStatus;
  dora(entityRef: string, windowMs: number): Promise<DoraMetrics>;
  fleetDora(
    entities: readonly FleetDoraEntity[],
    windowMs: number,
  ): Promise<FleetDoraMetrics>;
}

export interface HistoryRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  authorize: RequirePermission;
  views: Pick<FleetViews, 'readableEntities'>;
  history?: HistoryService;
}

const isoTime = z
  .string()
  .datetime({ offset: true, message: 'must be an RFC 3339 date-time' })
  .transform(s => Date.parse(s));

export const HistoryQuerySchema = z
  .object({
    type: z.enum(HISTORY_TYPES as [string, ...string[]]),
    since: isoTime.optional(),
    until: isoTime.optional(),
    kind: z
      .enum(['PipelineRun', 'TaskRun', 'PipelineActivity', 'Build'])
      .optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine(
    q => q.since === undefined || q.until === undefined || q.since <= q.until,
    {
      message: 'since must not be after until',
      path: ['since'],
    },
  );

const FleetDoraQuerySchema = z.object({
  window: z.string().optional(),
  owner: z
    .string()
    .max(255)
    .optional()
    .transform((owner, ctx) => {
      if (owner === undefined) return undefined;
      try {
        return stringifyEntityRef(
          parseEntityRef(owner, { defaultKind: 'group' }),
        );
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `'${owner}' is not an entity ref`,
        });
        return z.NEVER;
      }
    }),
});

function ownerOf(entity: Entity): string | undefined {
  const owned = entity.relations?.find(r => r.type === 'ownedBy');
  if (owned) return owned.targetRef;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

export function addHistoryRoutes(
  router: Awaited<ReturnType<typeof createOpenApiRouter>>,
  options: HistoryRoutesOptions,
): void {
  const { httpAuth, permissions, catalog, authorize, views } = options;
  const history = (): HistoryService => {
    if (!options.history) {
      throw new ServiceUnavailableError(
        'Delivery history is disabled (portolan.history.enabled: false)',
      );
    }
    return options.history;
  };

  /** The entity named by the path and its ref, once the caller may read it. */
  const readableEntity = async (
    params: unknown,
    credentials: BackstageCredentials,
  ): Promise<string> => {
    const ref = parse(EntityRefParamsSchema, params, 'entity reference');
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    await authorize(credentials, portolanEntityReadPermission, entityRef);
    return entityRef;
  };

  router.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(HistoryQuerySchema, req.query, 'history query');
    const entityRef = await readableEntity(req.params, credentials);
    const page = await history().query({
      entityRef,
      type: query.type as HistoryQuery['type'],
      since: query.since,
      until: query.until,
      cursor: query.cursor,
      limit: query.limit,
      kind: query.kind,
    });
    // A failed run's log tail is pod log content: only for callers who may
    // read this entity's logs, as on the logs route.
    const [logs] = await permissions.authorize(
      [{ permission: portolanLogsReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (logs.result !== AuthorizeResult.ALLOW) {
      for (const item of page.items) {
        delete item.details.logTail;
      }
    }
    res.json(page as never);
  });

  router.get('/entities/:namespace/:kind/:name/dora', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const windowMs = parseDoraWindow(
      typeof req.query.window === 'string' ? req.query.window : undefined,
    );
    const entityRef = await readableEntity(req.params, credentials);
    res.json((await history().dora(entityRef, windowMs)) as never);
  });

  router.get('/dora', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parse(FleetDoraQuerySchema, req.query, 'DORA query');
    const windowMs = parseDoraWindow(query.window);
    // The owner is compared here, on the owner as the relation (or, without
    // relations, spec.owner) names it, so a shorthand owner matches too.
    const readable = (
      await views.readableEntities(credentials, { kind: 'Component' })
    ).filter(({ entity }) => !query.owner || ownerOf(entity) === query.owner);
    if (readable.length > 5_000) {
      throw new InputError(
        `The fleet has ${readable.length} services: ask for one owner's (owner=group:…)`,
      );
    }
    const entities: FleetDoraEntity[] = readable.map(
      ({ entityRef, entity }) => ({
        entityRef,
        title: entity.metadata.title,
        owner: ownerOf(entity),
      }),
    );
    res.json((await history().fleetDora(entities, windowMs)) as never);
  });

  router.get('/history/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(credentials, portolanClustersReadPermission);
    res.json(history().status() as never);
  });
}
