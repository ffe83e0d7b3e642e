/*
 * What Portolan knows about each cluster it watches, and how fresh that is.
 * Health is honest: every state says since when and, when it is not
 * `synced`, why. A missing CRD is a fact (`not-installed`), not an error.
 */
import { z } from 'zod';
import { ClusterProfileSchema } from './delivery/clusterProfile';

/**
 * How fresh Portolan's copy of a cluster (or of one resource type in it) is.
 *
 * - `syncing`: the first list has not completed yet; nothing is known.
 * - `synced`: listed and watching; changes arrive as they happen.
 * - `stale`: data is kept but the watch is broken (network, 5xx, timeouts);
 *   `since` is when updates stopped.
 * - `unreachable`: never reached (connection refused, DNS, TLS, timeouts).
 * - `unauthorized`: the API server refused the credentials (401).
 * - `forbidden`: the credentials may not list or watch this (403).
 * - `not-installed`: the cluster does not serve this resource type (no CRD).
 */
export const HEALTH_STATES = [
  'syncing',
  'synced',
  'stale',
  'unreachable',
  'unauthorized',
  'forbidden',
  'not-installed',
] as const;
/** How fresh Portolan's copy of a cluster or resource is. */
export const HealthStateSchema = z.enum(HEALTH_STATES);
/** How fresh Portolan's copy of a cluster or resource is. */
export type HealthState = z.infer<typeof HealthStateSchema>;

/** A health state, since when it holds, and why when it is not `synced`. */
export const ClusterHealthSchema = z.object({
  state: HealthStateSchema,
  /** RFC 3339 time the state began. */
  since: z.string(),
  message: z.string().optional(),
});
/** A health state, since when it holds, and why. */
export type ClusterHealth = z.infer<typeof ClusterHealthSchema>;

/** One resource type a cluster is watched for, and how that watch is doing. */
export const ClusterResourceSchema = z.object({
  /** API group, `''` for the core group. */
  group: z.string(),
  version: z.string(),
  plural: z.string(),
  kind: z.string(),
  state: HealthStateSchema,
  since: z.string(),
  message: z.string().optional(),
  /** Objects held in the cache. */
  count: z.number().int().nonnegative(),
});
/** One resource type a cluster is watched for. */
export type ClusterResource = z.infer<typeof ClusterResourceSchema>;

/**
 * Per-cluster facts sources contribute (one key per concern). The providers
 * source fills `profile`; a new concern adds its key here.
 */
export const ClusterFactSectionsSchema = z.object({
  profile: ClusterProfileSchema.optional(),
});
/** Per-cluster facts sources contribute. */
export type ClusterFactSections = z.infer<typeof ClusterFactSectionsSchema>;

/** One cluster as `GET /clusters` describes it. */
export const ClusterSummarySchema = z.object({
  name: z.string(),
  title: z.string(),
  /** How the cluster was configured: `config`, `kubeconfig`, `inCluster`, `kubernetesPlugin`, `demo`. */
  locator: z.string(),
  health: ClusterHealthSchema,
  version: z.object({ gitVersion: z.string().optional() }),
  resources: z.array(ClusterResourceSchema),
  /** The managed offering or distribution, with the evidence that decided it (same as `facts.profile`). */
  profile: ClusterProfileSchema.optional(),
  facts: ClusterFactSectionsSchema,
});
/** One cluster as `GET /clusters` describes it. */
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;
