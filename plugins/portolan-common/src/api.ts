/*
 * The HTTP API of the Portolan backend (plugin id `portolan`), as types and
 * zod schemas shared by the backend (input validation) and clients (output
 * parsing). The backend's `src/schema/openapi.yaml` describes the same
 * routes; the client and model types generated from it are in
 * `src/schema/openapi`.
 */
import { z } from 'zod';
import { ClusterSummarySchema } from './model/clusters';
import {
  PipelineRunSchema,
  PipelineSystemSchema,
  RunStatusSchema,
} from './model/delivery/pipelineRun';

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

/** Runs `GET /pipeline-runs` returns when `limit` is not given. */
export const DEFAULT_FLEET_RUNS_LIMIT = 200;
/** The most runs one request may ask for. */
export const MAX_FLEET_RUNS_LIMIT = 1_000;

/**
 * The query of `GET /pipeline-runs`: `status` is one run status or several
 * separated by commas (`failed,timed-out`); `system` one pipeline system.
 */
export const FleetPipelineRunsQuerySchema = z.object({
  status: z
    .string()
    .transform(value =>
      value
        .split(',')
        .map(part => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(RunStatusSchema).nonempty())
    .optional(),
  system: PipelineSystemSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_FLEET_RUNS_LIMIT)
    .default(DEFAULT_FLEET_RUNS_LIMIT),
});
/** The query of `GET /pipeline-runs` (after defaults). */
export type FleetPipelineRunsQuery = z.infer<
  typeof FleetPipelineRunsQuerySchema
>;

/** A pipeline run of one service, fleet-wide. */
export const FleetPipelineRunSchema = PipelineRunSchema.extend({
  /** The service the run belongs to (a run matched by two services is listed for each). */
  entityRef: z.string(),
});
/** A pipeline run of one service, fleet-wide. */
export type FleetPipelineRun = z.infer<typeof FleetPipelineRunSchema>;

/** A service whose runs are missing or may be incomplete, and why. */
export const FleetPipelineRunsErrorSchema = z.object({
  entityRef: z.string(),
  message: z.string(),
});
/** A service whose runs are missing or may be incomplete. */
export type FleetPipelineRunsError = z.infer<
  typeof FleetPipelineRunsErrorSchema
>;

/**
 * `GET /pipeline-runs`: the runs of every service the caller may read,
 * newest first (by finish, else start, else creation time).
 */
export const FleetPipelineRunsResponseSchema = z.object({
  items: z.array(FleetPipelineRunSchema),
  /** RFC 3339 time the answer was assembled (from memory). */
  generatedAt: z.string(),
  /** How many services were looked at. */
  entities: z.number().int().nonnegative(),
  /** Runs that matched the query, before `limit`. */
  total: z.number().int().nonnegative(),
  /** True when `limit` cut the list (`items.length < total`). */
  truncated: z.boolean(),
  /** True when some service's view was partial or failed (see `errors`). */
  partial: z.boolean(),
  errors: z.array(FleetPipelineRunsErrorSchema),
});
/** `GET /pipeline-runs`. */
export type FleetPipelineRunsResponse = z.infer<
  typeof FleetPipelineRunsResponseSchema
>;
