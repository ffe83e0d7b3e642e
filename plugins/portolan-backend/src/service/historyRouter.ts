/*
 * The history API (`/entities/{ns}/{kind}/{name}/history`, `.../dora`,
 * `/history/status`; described in openapi.yaml). Authenticates and checks
 * permissions exactly like the live entity routes (the caller's own catalog
 * read, then `portolan.entity.read` on the entity), validates the query with
 * zod, then reads the history store. Must never: write history, or answer
 * about an entity the caller cannot read.
 */
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import type express from 'express';
import Router from 'express-promise-router';
import { redactResponses } from '../redaction/redactSecrets';
import { requirePermission } from './requirePermission';
import { z } from 'zod';
import type { DoraMetrics } from '../dora/computeDora';
import { parseDoraWindow } from '../dora/doraFromHistory';
import type { HistoryRecorderStatus } from '../history/HistoryRecorder';
import {
  HISTORY_TYPES,
  type HistoryPage,
  type HistoryQuery,
} from '../history/HistoryStore';
import { EntityRefParamsSchema, parse } from './router';

export interface HistoryRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  history: {
    query(query: HistoryQuery): Promise<HistoryPage>;
    status(): HistoryRecorderStatus;
    dora(entityRef: string, windowMs: number): Promise<DoraMetrics>;
  };
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

export async function createHistoryRouter(
  options: HistoryRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, history } = options;
  const router = Router();
  // Every body sent from here, errors included, has its credentials redacted.
  router.use(redactResponses());

  const authorize = requirePermission(permissions);

  router.get('/entities/:namespace/:kind/:name/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parse(EntityRefParamsSchema, req.params, 'entity reference');
    const query = parse(HistoryQuerySchema, req.query, 'history query');
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    await authorize(credentials, portolanEntityReadPermission, entityRef);
    const page = await history.query({
      entityRef,
      type: query.type as HistoryQuery['type'],
      since: query.since,
      until: query.until,
      cursor: query.cursor,
      limit: query.limit,
    });
    // A failed run's log tail is pod log content: only for callers who may
    // read this entity's logs, as on the logs route.
    const [logs] = await permissions.authorize(
      [{ permission: portolanLogsReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (logs.result !== AuthorizeResult.ALLOW) {
      for (const item of page.items as Array<{ logTail?: string }>) {
        delete item.logTail;
      }
    }
    res.json(page);
  });

  router.get('/entities/:namespace/:kind/:name/dora', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = parse(EntityRefParamsSchema, req.params, 'entity reference');
    const windowMs = parseDoraWindow(
      typeof req.query.window === 'string' ? req.query.window : undefined,
    );
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    await authorize(credentials, portolanEntityReadPermission, entityRef);
    res.json(await history.dora(entityRef, windowMs));
  });

  router.get('/history/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorize(credentials, portolanClustersReadPermission);
    res.json(history.status());
  });

  return router;
}
