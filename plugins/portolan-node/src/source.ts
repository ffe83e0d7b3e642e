/*
 * The Source contract: how a backend module teaches Portolan about one
 * delivery system. A source declares the Kubernetes resources it needs and
 * how to project them, and turns cached objects into model records. It
 * never does I/O: the backend's cache does all the watching, and a source is
 * tested on fixtures alone.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterFactSections,
  ClusterHealth,
  EntityViewSections,
  HealthState,
} from '@portolan/plugin-portolan-common';

/**
 * A Kubernetes API resource type.
 *
 * @public
 */
export interface KubeResourceType {
  /** API group; `''` for the core group (Pods, Nodes, ConfigMaps). */
  group: string;
  /** Preferred version (`v1`). */
  version: string;
  /** Plural resource name as in the URL (`pipelineruns`). */
  plural: string;
  kind: string;
}

/**
 * A Kubernetes object as the API server sent it, not yet interpreted.
 *
 * @public
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * An owner reference as the cache keeps it.
 *
 * @public
 */
export interface CachedOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

/**
 * The metadata the cache keeps for every object, whatever the projection.
 * `annotations` holds only the keys some source asked to keep.
 *
 * @public
 */
export interface CachedMetadata {
  uid: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  ownerReferences: readonly CachedOwnerReference[];
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
}

/**
 * One cached object: the common metadata and this source's projection.
 *
 * @public
 */
export interface CachedObject<P> {
  readonly metadata: CachedMetadata;
  readonly projection: P;
}

/**
 * The part of a resource type a declaration reads (see
 * {@link ResourceDeclaration.scope}).
 *
 * @public
 */
export interface ResourceScope {
  namespace: string;
  /** A Kubernetes field selector, e.g. `metadata.name=rosa-brand-logo`. */
  fieldSelector?: string;
}

/**
 * A resource type a source needs, and what of each object to keep.
 *
 * @public
 */
export interface ResourceDeclaration<P = unknown> {
  type: KubeResourceType;
  /**
   * Versions to watch when the cluster does not serve `type.version`
   * (Tekton `v1beta1` on older installs), in order of preference. The
   * projection must read every one of them.
   */
  fallbackVersions?: readonly string[];
  /**
   * Keeps the fields the source reads. Called once per object change; must
   * not throw on malformed objects (read them as missing instead) and must
   * not keep references into `object`. A Pod should project to a few hundred
   * bytes, not its full spec.
   */
  project(object: KubeObject): P;
  /**
   * Read only part of the resource type: one namespace, and optionally a
   * field selector (`metadata.name=rosa-brand-logo`) so that a single
   * named object is watched instead of the whole cluster's. Declarations
   * with different scopes get separate watches.
   */
  scope?: ResourceScope;
  /**
   * A resource the source can do without (a detection signal): when the
   * credentials may not read it (403), that costs this resource only and
   * never turns the whole cluster's health to `forbidden`.
   */
  optional?: boolean;
  /** Annotation keys to keep in `metadata.annotations` (a trailing `*` keeps a prefix). */
  keepAnnotations?: readonly string[];
  /**
   * Label keys to index for {@link ClusterSnapshot.withLabel} and selector
   * lookups. `backstage.io/kubernetes-id` is always indexed.
   */
  indexLabels?: readonly string[];
  /**
   * Secondary indexes, by name, for {@link ClusterSnapshot.byIndex}: each
   * function gives the keys an object is found under (a repository key,
   * a name …), computed from the cached object, metadata and projection.
   * The cache keeps every index exact as objects are added, modified,
   * deleted and relisted, so a lookup costs what it finds, not a scan of
   * the cluster. Use one where a source would otherwise call
   * {@link ClusterSnapshot.list} on every entity view.
   *
   * The cache calls a function again on the same object to take it out of
   * the index, so it must be pure (the same keys for the same object) and
   * cheap, and must not throw: an object whose function throws is filed
   * under no key. Return the projection's own array where it has one
   * rather than building a new one.
   *
   * @example
   * ```ts
   * defineResource({
   *   type: { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application' },
   *   project: projectApplication,
   *   indexes: {
   *     repository: app => app.projection.repositoryKeys,
   *     name: app => [app.metadata.name],
   *   },
   * });
   * // in a source: cluster.byIndex(applicationResource, 'repository', 'github.com/acme/shop')
   * ```
   */
  indexes?: Readonly<Record<string, ResourceIndex<P>>>;
}

/**
 * The keys one object is filed under in a declared index. Pure and cheap;
 * see {@link ResourceDeclaration.indexes}.
 *
 * @public
 */
export type ResourceIndex<P> = {
  // Method syntax keeps the parameter bivariant, so a declaration of a
  // specific projection still fits `ResourceDeclaration<unknown>`.
  keys(object: CachedObject<P>): readonly string[];
}['keys'];

/**
 * Declares a resource with its projection type inferred.
 *
 * @public
 */
export function defineResource<P>(
  declaration: ResourceDeclaration<P>,
): ResourceDeclaration<P> {
  return declaration;
}

/**
 * How one resource type is doing on one cluster.
 *
 * @public
 */
export interface ResourceHealth {
  state: HealthState;
  since: string;
  message?: string;
  /** The version watched, once discovery chose one. */
  version?: string;
}

/**
 * A read-only view of one cluster's cache, as of now. Reads are from memory
 * and cheap; results must not be mutated.
 *
 * @public
 */
export interface ClusterSnapshot {
  readonly name: string;
  readonly title: string;
  readonly health: ClusterHealth;
  /** From `/version`, once reached. */
  readonly gitVersion?: string;
  /** API groups the cluster serves (from discovery; `''` is the core group). */
  readonly apiGroups: readonly string[];
  resourceHealth(resource: ResourceDeclaration<unknown>): ResourceHealth;
  /**
   * Every cached object of the resource, optionally in one namespace. A
   * scan of the cluster's objects: an entity view should reach its objects
   * through {@link ClusterSnapshot.selectByLabels} or
   * {@link ClusterSnapshot.byIndex} instead.
   */
  list<P>(
    resource: ResourceDeclaration<P>,
    namespace?: string,
  ): readonly CachedObject<P>[];
  get<P>(
    resource: ResourceDeclaration<P>,
    namespace: string | undefined,
    name: string,
  ): CachedObject<P> | undefined;
  /** Objects labelled `key=value` (indexed when the key is declared in `indexLabels`). */
  withLabel<P>(
    resource: ResourceDeclaration<P>,
    key: string,
    value: string,
    namespace?: string,
  ): readonly CachedObject<P>[];
  /**
   * Objects matching a Kubernetes label selector (`a=b,c in (d,e),!f`).
   * Throws an `InputError` on a selector that does not parse.
   */
  selectByLabels<P>(
    resource: ResourceDeclaration<P>,
    labelSelector: string,
    namespace?: string,
  ): readonly CachedObject<P>[];
  /**
   * Objects the declaration's index `index` files under `key` (see
   * {@link ResourceDeclaration.indexes}): a lookup, proportional to what it
   * finds. Each object at most once, in no particular order. Throws when
   * the declaration declares no such index (a programming error).
   */
  byIndex<P>(
    resource: ResourceDeclaration<P>,
    index: string,
    key: string,
    namespace?: string,
  ): readonly CachedObject<P>[];
}

/**
 * Derives, from an entity's annotations, what a source should look for
 * (a repository URL, a CI job name …). Matchers are pure and cheap; the
 * backend resolves each once per request and hands the result to every
 * source through {@link EntityQuery.matched}. Sources may share a matcher
 * object; ids must be unique across different matchers.
 *
 * @public
 */
export interface EntityMatcher<T> {
  id: string;
  /** What to look for, or undefined when the entity gives nothing to match on. */
  resolve(entity: Entity): T | undefined;
}

/**
 * How the entity's official Kubernetes annotations were read.
 *
 * @public
 */
export interface KubernetesSelection {
  /** The label selector objects must match (never empty). */
  labelSelector: string;
  labelSelectorFrom:
    | 'kubernetes-label-selector'
    | 'kubernetes-id'
    | 'entity-name';
  /** `backstage.io/kubernetes-namespace`, when set. */
  namespace?: string;
  /** `backstage.io/kubernetes-cluster`, when set. */
  clusters?: readonly string[];
}

/**
 * Everything a source may read to build an entity's view.
 *
 * @public
 */
export interface EntityQuery {
  readonly entity: Entity;
  readonly entityRef: string;
  readonly kubernetes: KubernetesSelection;
  /** The clusters asked for this entity (all, or those its annotation names). */
  readonly clusters: readonly ClusterSnapshot[];
  /**
   * Objects of `resource` on `cluster` that belong to the entity by its
   * Kubernetes annotations (label selector and namespace).
   */
  select<P>(
    cluster: ClusterSnapshot,
    resource: ResourceDeclaration<P>,
  ): readonly CachedObject<P>[];
  /** Whether an object's metadata matches the entity's label selector and namespace. */
  selects(metadata: CachedMetadata): boolean;
  /** What a matcher resolved for this entity; undefined when it does not apply. */
  matched<T>(matcher: EntityMatcher<T>): T | undefined;
}

/**
 * A pod whose logs the entity's readers may fetch.
 *
 * @public
 */
export interface LogTarget {
  cluster: string;
  namespace: string;
  pod: string;
  /** Container names (init containers and Tekton step containers included). */
  containers: readonly string[];
  /** The container to read when the caller names none (the only app container, or the pod's `kubectl.kubernetes.io/default-container`). */
  defaultContainer?: string;
}

/**
 * A delivery system Portolan understands: what to watch and how to read it.
 *
 * @public
 */
export interface PortolanSource {
  /** Unique and stable (`workloads`, `tekton`); names the source in errors. */
  readonly id: string;
  /** The resources to watch; Secrets are refused. */
  readonly resources: readonly ResourceDeclaration<unknown>[];
  /** Matchers this source reads through {@link EntityQuery.matched}. */
  readonly matchers?: readonly EntityMatcher<unknown>[];
  /**
   * The entity's records in the sections this source fills. Pure: reads the
   * query only. Called on every entity view request, so keep it linear in
   * what it selects: reach objects through label selectors and declared
   * indexes ({@link ClusterSnapshot.byIndex}), never a scan of every object.
   */
  entityView?(query: EntityQuery): Partial<EntityViewSections>;
  /**
   * Every section {@link PortolanSource.entityView} fills (`workloads`,
   * `pipelineRuns` …). Optional; when given it must name them all: a
   * reader that needs only some sections (the history recorder) skips the
   * sources that declare none of them. A source without it is always asked.
   */
  readonly sections?: readonly (keyof EntityViewSections)[];
  /** Facts about one cluster for `GET /clusters` (its offering, capabilities). */
  clusterFacts?(cluster: ClusterSnapshot): Partial<ClusterFactSections>;
  /**
   * Pods belonging to the entity whose logs may be read. The logs route
   * serves only these; anything else is a 404.
   */
  logTargets?(query: EntityQuery): readonly LogTarget[];
}
