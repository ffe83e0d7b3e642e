/*
 * The HTTP API of the Portolan backend (plugin id `portolan`), as types and
 * zod schemas shared by the backend (input validation) and clients (output
 * parsing). The backend's `openapi.yaml` describes the same routes.
 */
import { z } from 'zod';
import { ClusterSummarySchema } from './model/clusters';

/** `GET /clusters`: every configured cluster with its health. */
export const ClustersResponseSchema = z.object({
  clusters: z.array(ClusterSummarySchema),
});
/** `GET /clusters`. */
export type ClustersResponse = z.infer<typeof ClustersResponseSchema>;

/** Lines returned when `tailLines` is not given. */
export const DEFAULT_LOG_TAIL_LINES = 500;
/** The most lines one request may ask for. */
export const MAX_LOG_TAIL_LINES = 10_000;

/**
 * The query of `GET /entities/:namespace/:kind/:name/logs`. `container` may
 * be left out for a pod with one container.
 */
export const PodLogQuerySchema = z.object({
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  pod: z.string().min(1),
  container: z.string().min(1).optional(),
  tailLines: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LOG_TAIL_LINES)
    .default(DEFAULT_LOG_TAIL_LINES),
});
/** The query of the logs route (after defaults). */
export type PodLogQuery = z.infer<typeof PodLogQuerySchema>;

/** `GET /entities/:namespace/:kind/:name/logs`: the tail of one container's log. */
export const PodLogResponseSchema = z.object({
  entityRef: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  pod: z.string(),
  container: z.string(),
  tailLines: z.number().int(),
  /** True when the log was cut at the byte limit. */
  truncated: z.boolean(),
  log: z.string(),
});
/** The tail of one container's log. */
export type PodLogResponse = z.infer<typeof PodLogResponseSchema>;
