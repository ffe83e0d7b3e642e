/*
 * Discovery of running services: what the Portolan backend found running in
 * the clusters (labelled workloads, Argo CD Applications), grouped into
 * candidate catalog entities, and which team-written entities already
 * describe them. The catalog module turns undescribed candidates into
 * `Component` entities. `GET /discovery/candidates` serves this to service
 * principals only.
 */
import { z } from 'zod';
import { HealthStateSchema } from '../clusters';

/** A workload a candidate was found from. */
export const DiscoveredWorkloadSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  /** `Deployment`, `StatefulSet` or `DaemonSet`. */
  kind: z.string(),
  name: z.string(),
});
/** A workload a candidate was found from. */
export type DiscoveredWorkload = z.infer<typeof DiscoveredWorkloadSchema>;

/** An Argo CD Application a candidate was found from. */
export const DiscoveredApplicationSchema = z.object({
  /** The cluster Argo CD runs on (where the Application object lives). */
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** `spec.destination.name` or `server`, as written. */
  destination: z.string().optional(),
  destinationNamespace: z.string().optional(),
});
/** An Argo CD Application a candidate was found from. */
export type DiscoveredApplication = z.infer<typeof DiscoveredApplicationSchema>;

/** What links a candidate to its objects, as entity annotations will say it. */
export const DiscoveryLinksSchema = z.object({
  /** `backstage.io/kubernetes-id`, when every workload carries that label with one value. */
  kubernetesId: z.string().optional(),
  /** `backstage.io/kubernetes-label-selector`, when there is no common kubernetes-id label. */
  labelSelector: z.string().optional(),
  /** `argocd/app-name`: the candidate's Applications. */
  argocdAppNames: z.array(z.string()),
});
/** What links a candidate to its objects. */
export type DiscoveryLinks = z.infer<typeof DiscoveryLinksSchema>;

/** One service found running, proposed as a catalog entity. */
export const DiscoveryCandidateSchema = z.object({
  /** Proposed entity name: unique among candidates, a valid catalog name. */
  name: z.string(),
  /** `app.kubernetes.io/name` (or the Application name) it was grouped by. */
  appName: z.string(),
  /** `app.kubernetes.io/part-of`, when the objects agree on one. */
  partOf: z.string().optional(),
  /** The catalog System named like `partOf`, when there is one. */
  system: z.string().optional(),
  /** The owner of that System, when known. */
  owner: z.string().optional(),
  links: DiscoveryLinksSchema,
  workloads: z.array(DiscoveredWorkloadSchema),
  applications: z.array(DiscoveredApplicationSchema),
  /**
   * Team-written entities that already describe some of these objects or
   * carry the proposed name; a candidate with any is not to be emitted.
   */
  describedBy: z.array(z.string()),
});
/** One service found running. */
export type DiscoveryCandidate = z.infer<typeof DiscoveryCandidateSchema>;

/** `GET /discovery/candidates`. */
export const DiscoveryCandidatesResponseSchema = z.object({
  generatedAt: z.string(),
  /**
   * True when every cluster is synced and both workloads and Argo CD
   * Applications are watched: a candidate missing now has really vanished.
   */
  complete: z.boolean(),
  clusters: z.array(
    z.object({
      name: z.string(),
      state: HealthStateSchema,
      message: z.string().optional(),
    }),
  ),
  candidates: z.array(DiscoveryCandidateSchema),
});
/** `GET /discovery/candidates`. */
export type DiscoveryCandidatesResponse = z.infer<
  typeof DiscoveryCandidatesResponseSchema
>;

/** The query of `GET /discovery/candidates`. */
export const DiscoveryCandidatesQuerySchema = z.object({
  /** Namespaces whose workloads are never candidates (repeat the parameter). */
  excludeNamespace: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(v => (v === undefined ? [] : [v].flat())),
});
/** The query of `GET /discovery/candidates`. */
export type DiscoveryCandidatesQuery = z.infer<
  typeof DiscoveryCandidatesQuerySchema
>;

/** The `backstage.io/managed-by-location` prefix of entities discovery created. */
export const DISCOVERY_LOCATION_PREFIX = 'portolan-discovery:';
