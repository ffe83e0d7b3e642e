/*
 * Everything the checklist rules read: the entity, its delivery view (as
 * the entity route serves it), the fleet's cluster states, and the few
 * facts only a request can establish (does the owner exist, may the caller
 * read logs, could a log be read). Rules are pure functions of this.
 */
import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterSummary,
  EntityView,
  HealthState,
} from '@portolan/plugin-portolan-common';
import type { LogTarget } from '@portolan/plugin-portolan-node';
import type { RunMatcherId } from '../../views/attributePipelineRuns';
import type { OnboardingConventions } from '../OnboardingConventions';
import type { ServiceValues } from './serviceValues';

export type { RunMatcherId } from '../../views/attributePipelineRuns';
export { runKey } from '../../views/attributePipelineRuns';

/** The outcome of reading one line of one container's log. */
export interface LogProbe {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  ok: boolean;
  /** Why it failed: the API server refused (RBAC), the pod is gone, the container has not started, the cluster did not answer. */
  failure?: 'forbidden' | 'not-found' | 'not-started' | 'unavailable';
  message?: string;
}

/** Whether the entity's logs can be read, as far as the request established. */
export interface LogAccess {
  /** The caller's `portolan.logs.read` decision; undefined when not asked (fleet view). */
  permitted?: boolean;
  targets: readonly LogTarget[];
  /** Undefined when no log was read (fleet view, or nothing to read). */
  probe?: LogProbe;
}

/** The checklist's input. */
export interface OnboardingInput {
  entity: Entity;
  /** The entity view, as the entity route serves it. */
  view: EntityView;
  /** Every cluster, with the resource types it is watched for. */
  clusters: readonly ClusterSummary[];
  /** Whether `spec.owner` names an entity in the catalog; undefined when not checked. */
  owner?: { found: boolean; title?: string };
  /** An owner to propose when there is none (the system's owner). */
  suggestedOwner?: string;
  /** How each pipeline run was found, by {@link runKey}; heuristics apply when absent. */
  runMatches?: ReadonlyMap<string, readonly RunMatcherId[]>;
  logs?: LogAccess;
  conventions: OnboardingConventions;
}

/** What every rule gets: the input and the service's values. */
export interface StepContext {
  input: OnboardingInput;
  values: ServiceValues;
}

/** A resource type as clusters report it: which group and plural. */
export interface ResourceRef {
  group: string;
  plural: string;
  /** For messages: `Tekton PipelineRuns`. */
  label: string;
}

/** How one resource type is doing on the clusters asked for the entity. */
export interface ResourceCoverage {
  /** No asked cluster is watched for it (no source declares it). */
  watched: boolean;
  /** Asked clusters that serve it and are synced. */
  synced: string[];
  /** Asked clusters where it is not known yet (syncing, stale, unreachable, refused). */
  pending: { cluster: string; state: HealthState }[];
  /** Asked clusters that do not serve it. */
  notInstalled: string[];
}

/** Where a resource type is served and synced among the clusters asked for the entity. */
export function resourceCoverage(
  input: OnboardingInput,
  resources: readonly ResourceRef[],
): ResourceCoverage {
  const asked = new Set(input.view.clusters.map(c => c.name));
  const coverage: ResourceCoverage = {
    watched: false,
    synced: [],
    pending: [],
    notInstalled: [],
  };
  for (const cluster of input.clusters) {
    if (!asked.has(cluster.name)) continue;
    const states = cluster.resources
      .filter(r =>
        resources.some(w => w.group === r.group && w.plural === r.plural),
      )
      .map(r => r.state);
    if (states.length === 0) continue;
    coverage.watched = true;
    if (states.includes('synced')) {
      coverage.synced.push(cluster.name);
    } else if (states.every(s => s === 'not-installed')) {
      coverage.notInstalled.push(cluster.name);
    } else {
      coverage.pending.push({
        cluster: cluster.name,
        state: states.find(s => s !== 'not-installed') ?? states[0],
      });
    }
  }
  return coverage;
}

/**
 * Why nothing found is not yet a verdict: no cluster is watched for the
 * resource, or some asked cluster has not synced it. Undefined when the
 * absence is real.
 */
export function coverageGap(
  coverage: ResourceCoverage,
  what: string,
): string | undefined {
  if (!coverage.watched) return `No cluster is watched for ${what}.`;
  if (coverage.pending.length > 0) {
    return `${what} are not known yet on ${listOf(
      coverage.pending.map(p => `${p.cluster} (${p.state})`),
    )}.`;
  }
  return undefined;
}

/** `a, b and 3 more`. */
export function listOf(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
