/*
 * The values of one service that fix snippets are written with: its
 * Kubernetes id, namespace, system, repository, image repository and Argo CD
 * application names, read from the entity and what Portolan resolved for it.
 */
import { type Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  type EntityView,
} from '@portolan/plugin-portolan-common';
import {
  GITHUB_PROJECT_SLUG_ANNOTATION,
  SOURCE_LOCATION_ANNOTATION,
} from '../../delivery/repositoryMatcher';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
} from '../../sources/argocd/ArgoCdSource';
import type { OnboardingConventions } from '../OnboardingConventions';

/** One service's values, for snippets. */
export interface ServiceValues {
  entityRef: string;
  name: string;
  /** What workloads must be labelled with (`backstage.io/kubernetes-id`). */
  kubernetesId: string;
  /** The selector Portolan evaluates, and where it came from. */
  labelSelector: string;
  labelSelectorFrom: EntityView['selection']['labelSelectorFrom'];
  /** The labels an equality-only selector requires; undefined for set-based selectors. */
  requiredLabels?: Record<string, string>;
  /** The production namespace: `backstage.io/kubernetes-namespace`, else the system, else `default`. */
  namespace: string;
  system?: string;
  owner?: string;
  repositoryUrl?: string;
  imageRepository: string;
  /** Argo CD application names the entity names, else `<name>-prod`. */
  argoAppNames: string[];
  argoAppSelector?: string;
  conventions: OnboardingConventions;
}

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key]?.trim();
  return value ? value : undefined;
}

/** A ref's name part (`system:default/payments` → `payments`). */
function refName(ref: unknown, kind: string): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return parseEntityRef(ref, { defaultKind: kind }).name;
  } catch {
    return undefined;
  }
}

/** `https://github.com/acme/x` from the entity's source location or project slug. */
function repositoryUrlOf(entity: Entity): string | undefined {
  const location = annotation(entity, SOURCE_LOCATION_ANNOTATION);
  if (location) {
    const url = location
      .replace(/^url:/, '')
      .replace(/\/(tree|blob|-\/tree)\/.*$/, '')
      .replace(/\/+$/, '');
    if (/^https?:\/\//.test(url)) return url;
  }
  const slug = annotation(entity, GITHUB_PROJECT_SLUG_ANNOTATION);
  return slug ? `https://github.com/${slug}` : undefined;
}

/** The labels an equality-only selector (`a=b,c==d`) requires. */
function equalityLabels(selector: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const part of selector.split(',')) {
    const m = /^\s*([^=!\s()]+)\s*==?\s*([^=!\s()]*)\s*$/.exec(part);
    if (!m) return undefined;
    labels[m[1]] = m[2];
  }
  return labels;
}

export function serviceValues(
  entity: Entity,
  view: Pick<EntityView, 'entityRef' | 'selection'>,
  conventions: OnboardingConventions,
): ServiceValues {
  const name = entity.metadata.name;
  const system = refName(entity.spec?.system, 'system');
  const owner =
    typeof entity.spec?.owner === 'string' && entity.spec.owner
      ? entity.spec.owner
      : undefined;
  const namespace =
    annotation(entity, KUBERNETES_NAMESPACE_ANNOTATION) ?? system ?? 'default';
  const argoAppNames = (annotation(entity, ARGOCD_APP_NAME_ANNOTATION) ?? '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  return {
    entityRef: view.entityRef,
    name,
    kubernetesId: annotation(entity, KUBERNETES_ID_ANNOTATION) ?? name,
    labelSelector: view.selection.labelSelector,
    labelSelectorFrom: view.selection.labelSelectorFrom,
    requiredLabels: equalityLabels(view.selection.labelSelector),
    namespace,
    system,
    owner,
    repositoryUrl: repositoryUrlOf(entity),
    imageRepository: `${conventions.imageRegistry}/${
      system ?? namespace
    }/${name}`,
    argoAppNames: argoAppNames.length ? argoAppNames : [`${name}-prod`],
    argoAppSelector: annotation(entity, ARGOCD_APP_SELECTOR_ANNOTATION),
    conventions,
  };
}
