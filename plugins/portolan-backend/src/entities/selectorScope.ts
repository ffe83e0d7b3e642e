/*
 * Whether a label selector is narrow enough to claim pods with. A selector
 * is how an entity claims pods (and so their logs); one that names no label
 * value (empty, `!foo`, `foo`, `foo notin (a)`, `foo!=a`) claims every pod
 * that lacks or has a label, which is every other team's too. Owns that
 * judgement only; it never evaluates a selector against objects.
 */
import type { LabelSelector } from '@portolan/plugin-portolan-node';

/**
 * Why the selector would match (nearly) every pod in its namespaces and
 * clusters, or undefined when it names at least one label value
 * (`key=value`, `key==value`, `key in (a,b)`).
 */
export function matchAllReason(selector: LabelSelector): string | undefined {
  if (selector.requirements.length === 0) {
    return 'it is empty, so it matches every pod';
  }
  if (!selector.requirements.some(r => r.operator === 'in')) {
    return (
      'it names no label value (only !key, key, notin or != requirements), ' +
      'so it matches every pod of every team that lacks those labels or values'
    );
  }
  return undefined;
}
