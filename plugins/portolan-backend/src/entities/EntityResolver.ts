/*
 * Reads what an entity says about where it runs: the official Kubernetes
 * plugin's annotations (label selector, else kubernetes-id, else the entity
 * name; namespace; clusters) and every source matcher. Evaluated in memory
 * against the cache by the EntityQuery; never talks to a cluster.
 */
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_CLUSTER_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_ID_LABEL,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KUBERNETES_NAMESPACE_ANNOTATION,
  type SourceError,
} from '@portolan/plugin-portolan-common';
import type {
  EntityMatcher,
  KubernetesSelection,
} from '@portolan/plugin-portolan-node';
import { InputError, toError } from '@backstage/errors';
import {
  type LabelSelector,
  parseLabelSelector,
} from '@portolan/plugin-portolan-node';
import { matchAllReason } from './selectorScope';

/** An entity with its annotations read. */
export interface ResolvedEntity {
  entity: Entity;
  entityRef: string;
  kubernetes: KubernetesSelection;
  /** The parsed form of `kubernetes.labelSelector`. */
  selector: LabelSelector;
  /** What each applicable matcher resolved, by matcher id. */
  matched: ReadonlyMap<string, unknown>;
  /** Matchers that threw; they count as not applying. */
  matcherErrors: SourceError[];
}

function annotation(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

export class EntityResolver {
  constructor(private readonly matchers: readonly EntityMatcher<unknown>[]) {}

  /**
   * Throws an `InputError` when the entity's label selector annotation does
   * not parse, or would match every pod (`!foo`, `foo notin (a)`, empty): an
   * entity claims pods, and their logs, through it.
   */
  resolve(entity: Entity): ResolvedEntity {
    const selectorAnnotation = annotation(
      entity,
      KUBERNETES_LABEL_SELECTOR_ANNOTATION,
    );
    const id = annotation(entity, KUBERNETES_ID_ANNOTATION);
    let kubernetes: KubernetesSelection;
    let selector: LabelSelector;
    if (selectorAnnotation) {
      selector = parseLabelSelector(
        selectorAnnotation,
        `${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation`,
      );
      const tooBroad = matchAllReason(selector);
      if (tooBroad) {
        throw new InputError(
          `Refused ${KUBERNETES_LABEL_SELECTOR_ANNOTATION} annotation '${selectorAnnotation}': ${tooBroad}; name at least one label value (key=value or key in (a,b))`,
        );
      }
      kubernetes = {
        labelSelector: selectorAnnotation,
        labelSelectorFrom: 'kubernetes-label-selector',
      };
    } else {
      const value = id ?? entity.metadata.name;
      // A value that is not a valid label value can match nothing; say so rather than guess.
      selector = parseLabelSelector(
        `${KUBERNETES_ID_LABEL}=${value}`,
        id
          ? `${KUBERNETES_ID_ANNOTATION} annotation`
          : 'entity name as kubernetes id',
      );
      kubernetes = {
        labelSelector: `${KUBERNETES_ID_LABEL}=${value}`,
        labelSelectorFrom: id ? 'kubernetes-id' : 'entity-name',
      };
    }
    const namespace = annotation(entity, KUBERNETES_NAMESPACE_ANNOTATION);
    if (namespace) kubernetes.namespace = namespace;
    const clusters = annotation(entity, KUBERNETES_CLUSTER_ANNOTATION)
      ?.split(',')
      .map(c => c.trim())
      .filter(Boolean);
    if (clusters?.length) kubernetes.clusters = clusters;

    const matched = new Map<string, unknown>();
    const matcherErrors: SourceError[] = [];
    for (const matcher of this.matchers) {
      try {
        const value = matcher.resolve(entity);
        if (value !== undefined) matched.set(matcher.id, value);
      } catch (e) {
        matcherErrors.push({
          source: `matcher:${matcher.id}`,
          message: toError(e).message,
        });
      }
    }
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      kubernetes,
      selector,
      matched,
      matcherErrors,
    };
  }
}
