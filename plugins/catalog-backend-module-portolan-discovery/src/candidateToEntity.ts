/*
 * A discovery candidate as a catalog Component: the annotations that link it
 * to what runs (the official Kubernetes plugin's, Argo CD's), that say
 * discovery made it, and who owns it and why. Pure.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  DISCOVERY_LOCATION_PREFIX,
  DISCOVERY_OWNER_LABEL,
  type DiscoveryCandidate,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@portolan/plugin-portolan-common';

/** Lists where the entity was discovered: `cluster/namespace/Kind/name`, … */
export const DISCOVERED_FROM_ANNOTATION = 'portolan.dev/discovered-from';

/**
 * Where the entity's owner came from: `label` (the objects'
 * `portolan.dev/owner`), `system` (the owner of the System named by
 * `app.kubernetes.io/part-of`), `default-owner` (`portolan.discovery.defaultOwner`)
 * or `unknown` (none of these; the owner is a placeholder).
 */
export const OWNER_FROM_ANNOTATION = 'portolan.dev/owner-from';

/** How discovered entities are written. */
export interface DiscoveredEntityOptions {
  /** The provider's name, in `backstage.io/managed-by-location`. */
  providerName: string;
  /**
   * The owner of candidates without one (no `portolan.dev/owner` label, no
   * System owner); {@link UNKNOWN_OWNER} when not configured.
   */
  defaultOwner?: string;
  lifecycle: string;
}

/**
 * The owner of discovered services nobody named an owner for, when no
 * default owner is configured: what discovery always wrote (`unknown`), as
 * a full ref. No catalog Group has this name unless someone makes one; the
 * entity's description says how to name the real owner.
 */
export const UNKNOWN_OWNER = 'group:default/unknown';

interface Ownership {
  owner: string;
  from: 'label' | 'system' | 'default-owner' | 'unknown';
  /** One sentence for the description. */
  why: string;
}

function ownershipOf(
  candidate: DiscoveryCandidate,
  options: DiscoveredEntityOptions,
): Ownership {
  if (candidate.owner && candidate.ownerFrom === 'label') {
    return {
      owner: candidate.owner,
      from: 'label',
      why: `Owner from the ${DISCOVERY_OWNER_LABEL} label of its objects.`,
    };
  }
  if (candidate.owner) {
    return {
      owner: candidate.owner,
      from: 'system',
      why: `Owner from System ${
        candidate.system ?? candidate.partOf
      } (app.kubernetes.io/part-of).`,
    };
  }
  const how = `label its workloads ${DISCOVERY_OWNER_LABEL}=<group> or app.kubernetes.io/part-of=<a catalog System>`;
  if (options.defaultOwner) {
    return {
      owner: options.defaultOwner,
      from: 'default-owner',
      why: `Owner is the default for discovered services (portolan.discovery.defaultOwner); to name the real owner, ${how}.`,
    };
  }
  return {
    owner: UNKNOWN_OWNER,
    from: 'unknown',
    why: `Owner unknown: ${how}, or set portolan.discovery.defaultOwner.`,
  };
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
  const ownership = ownershipOf(candidate, options);
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
    [OWNER_FROM_ANNOTATION]: ownership.from,
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
      )}. ${ownership.why}`,
      annotations,
      tags: ['discovered'],
    },
    spec: {
      type: 'service',
      lifecycle: options.lifecycle,
      owner: ownership.owner,
      ...(candidate.system ? { system: candidate.system } : {}),
    },
  };
}
