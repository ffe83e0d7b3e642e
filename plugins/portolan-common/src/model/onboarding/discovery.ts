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

/**
 * A label on a candidate's workloads or Argo CD Applications naming the
 * Group that owns the service (a Group name in the default namespace: label
 * values cannot hold a full entity ref). Wins over the System's owner.
 */
export const DISCOVERY_OWNER_LABEL = 'portolan.dev/owner';

/**
 * The namespaces discovery leaves out unless configured otherwise: where
 * Kubernetes, the distribution and the platform's own tools run, not the
 * services they deliver. Tekton, Argo CD, Jenkins X and kpack are the
 * delivery systems Portolan reads; Istio and Knative the platform layers it
 * detects. Not `jx-*`: `jx-staging` and `jx-production` hold the services
 * Jenkins X deploys.
 */
export const DEFAULT_DISCOVERY_EXCLUDED_NAMESPACES: readonly string[] = [
  // kube-system, kube-public, kube-node-lease, kube-flannel …
  'kube-*',
  // OpenShift's own (openshift-dns, openshift-gitops, openshift-pipelines …)
  'openshift',
  'openshift-*',
  // tekton-pipelines, tekton-pipelines-resolvers, tekton-chains, tekton-operator …
  'tekton-*',
  'argocd',
  'jx',
  'jx-git-operator',
  'kpack',
  'istio-system',
  // knative-serving, knative-eventing
  'knative-*',
];

/** Where a candidate's owner came from: its objects' owner label, or its System. */
export const DISCOVERY_OWNER_SOURCES = ['label', 'system'] as const;
/** Where a candidate's owner came from. */
export const DiscoveryOwnerSourceSchema = z.enum(DISCOVERY_OWNER_SOURCES);
/** Where a candidate's owner came from. */
export type DiscoveryOwnerSource = z.infer<typeof DiscoveryOwnerSourceSchema>;

/**
 * A namespace name, or a glob over namespace names where `*` matches any
 * run of characters (`kube-*`, `*-system`): lowercase letters, digits, `-`
 * and `*`, at most 63 characters.
 */
export const NamespacePatternSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters (a namespace name)')
  .regex(
    /^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/,
    "must be a namespace name or a glob: lowercase letters, digits, '-' inside, and '*' for any characters",
  );

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
  /**
   * The owner the objects name (`portolan.dev/owner` label, when they agree
   * on one that is a valid entity name), else the owner of `system`.
   */
  owner: z.string().optional(),
  /** Where `owner` came from; absent when there is no owner. */
  ownerFrom: DiscoveryOwnerSourceSchema.optional(),
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
  /**
   * Namespaces whose workloads (and Argo CD Applications deploying into
   * them) are never candidates: names or globs (`kube-*`, see
   * {@link NamespacePatternSchema}); repeat the parameter.
   */
  excludeNamespace: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(v => (v === undefined ? [] : [v].flat()))
    .pipe(z.array(NamespacePatternSchema)),
});
/** The query of `GET /discovery/candidates`. */
export type DiscoveryCandidatesQuery = z.infer<
  typeof DiscoveryCandidatesQuerySchema
>;

/** The `backstage.io/managed-by-location` prefix of entities discovery created. */
export const DISCOVERY_LOCATION_PREFIX = 'portolan-discovery:';
