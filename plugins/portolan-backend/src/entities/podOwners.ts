/*
 * Which catalog entities own a pod, for the logs route's permission
 * decision. A claim (an entity's selection listing the pod among its log
 * targets) is not ownership: any team can write a selector. The pod's own
 * `backstage.io/kubernetes-id` label, set by whoever deploys it, names its
 * owner; the owners are the claimants with that kubernetes id. Only a pod
 * without that label (or whose label no claimant carries) is owned by every
 * claimant, and then the caller needs the permission on each, so a claim
 * can narrow who reads a pod's logs, never widen it.
 * Pure: reads what it is given; never calls a cluster or the catalog.
 */
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@portolan/plugin-portolan-common';
import type { LogTarget } from '@portolan/plugin-portolan-node';

/** A pod, as the logs route names it. */
export interface PodRef {
  cluster: string;
  namespace: string;
  pod: string;
}

/** The kubernetes id an entity declares: its annotation, else its name when it selects by id. */
function declaredKubernetesId(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  if (id) return id;
  return annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION]?.trim()
    ? undefined
    : entity.metadata.name;
}

/**
 * The refs of the entities that own the pod, sorted; empty when no entity
 * claims it. An entity whose selection does not resolve (an invalid or
 * match-all selector) claims nothing.
 */
export function findPodOwners(options: {
  pod: PodRef;
  /** The pod's `backstage.io/kubernetes-id` label, when it has one. */
  podKubernetesId?: string;
  entities: readonly Entity[];
  logTargets: (entity: Entity) => readonly LogTarget[];
}): string[] {
  const { pod, podKubernetesId, entities, logTargets } = options;
  const claimants: Entity[] = [];
  for (const entity of entities) {
    let targets: readonly LogTarget[];
    try {
      targets = logTargets(entity);
    } catch {
      continue;
    }
    if (
      targets.some(
        t =>
          t.cluster === pod.cluster &&
          t.namespace === pod.namespace &&
          t.pod === pod.pod,
      )
    ) {
      claimants.push(entity);
    }
  }
  const named = podKubernetesId
    ? claimants.filter(e => declaredKubernetesId(e) === podKubernetesId)
    : [];
  const owners = named.length > 0 ? named : claimants;
  return [...new Set(owners.map(e => stringifyEntityRef(e)))].sort();
}
