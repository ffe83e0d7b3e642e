/**
 * The shapes kube-sim stores and serves. Objects are plain JSON, as on the
 * wire: kube-sim does not know the schema of any kind beyond `metadata`.
 */

/** Kubernetes object metadata (the fields kube-sim reads or sets). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  finalizers?: string[];
  [key: string]: unknown;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Identifies one object. `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * A resource type to serve even when no object of it exists (an installed
 * CRD with no instances), or to give a kind its real plural and scope.
 */
export interface ApiResourceSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  singular?: string;
  shortNames?: string[];
  categories?: string[];
}

/** One cluster: what a fixture folder holds, or an in-memory definition. */
export interface ClusterFixture {
  name: string;
  /** Served at /version; default v1.31.0. */
  gitVersion?: string;
  /** The bearer token the cluster accepts; default random. */
  token?: string;
  /** Port to listen on; default ephemeral. */
  port?: number;
  apiResources?: ApiResourceSpec[];
  objects: KubeObject[];
}
