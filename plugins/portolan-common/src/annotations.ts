/*
 * Catalog annotation and Kubernetes label names Portolan reads. The
 * `backstage.io/kubernetes-*` ones are the official Kubernetes plugin's, kept
 * verbatim so entities annotated for it work unchanged.
 */

/**
 * The entity's id on Kubernetes: objects carrying the label
 * `backstage.io/kubernetes-id=<id>` belong to it. Defaults to the entity name.
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/** The label objects carry to belong to an entity (same name as the annotation). */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** A label selector (`app=x,tier in (web)`); wins over `backstage.io/kubernetes-id`. */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** Restricts the entity's Kubernetes objects to one namespace. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Restricts the clusters asked for the entity to the named ones (one name,
 * or several separated by commas).
 */
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';
