/*
 * A discovery candidate as a catalog Component: the annotations that link it
 * to what runs (the official Kubernetes plugin's, Argo CD's) and that say
 * discovery made it. Pure.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DISCOVERY_LOCATION_PREFIX,
  type DiscoveryCandidate,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@portolan/plugin-portolan-common';

/** Lists where the entity was discovered: `cluster/namespace/Kind/name`, … */
export const DISCOVERED_FROM_ANNOTATION = 'portolan.dev/discovered-from';

/** How discovered entities are written. */
export interface DiscoveredEntityOptions {
  /** The provider's name, in `backstage.io/managed-by-location`. */
  providerName: string;
  defaultOwner: string;
  lifecycle: string;
}

function listOf(items: readonly string[], max = 4): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function candidateToEntity(
  candidate: DiscoveryCandidate,
  options: DiscoveredEntityOptions,
): Entity {
  const location = `${DISCOVERY_LOCATION_PREFIX}${options.providerName}`;
  const found = [
    ...candidate.workloads.map(
      w => `${w.kind} ${w.namespace}/${w.name} on ${w.cluster}`,
    ),
    ...candidate.applications.map(
      a => `Argo CD Application ${a.name} on ${a.cluster}`,
    ),
  ];
  const annotations: Record<string, string> = {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    [DISCOVERED_FROM_ANNOTATION]: [
      ...candidate.workloads.map(
        w => `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`,
      ),
      ...candidate.applications.map(
        a => `${a.cluster}/${a.namespace}/Application/${a.name}`,
      ),
    ].join(','),
  };
  if (candidate.links.kubernetesId) {
    annotations[KUBERNETES_ID_ANNOTATION] = candidate.links.kubernetesId;
  } else if (candidate.links.labelSelector) {
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] =
      candidate.links.labelSelector;
  }
  if (candidate.links.argocdAppNames.length > 0) {
    annotations['argocd/app-name'] = candidate.links.argocdAppNames.join(',');
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: candidate.name,
      namespace: 'default',
      description: `Found running by Portolan, not yet described by a team: ${listOf(
        found,
      )}.`,
      annotations,
      tags: ['discovered'],
    },
    spec: {
      type: 'service',
      lifecycle: options.lifecycle,
      owner: candidate.owner ?? options.defaultOwner,
      ...(candidate.system ? { system: candidate.system } : {}),
    },
  };
}
