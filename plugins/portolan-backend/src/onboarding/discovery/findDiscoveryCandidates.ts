/*
 * The handler of `GET /discovery/candidates`, as a pure function: groups
 * what runs into candidate services (by `app.kubernetes.io/name` and
 * `app.kubernetes.io/part-of`, Argo CD Applications attached to the
 * workloads they manage), leaves out excluded namespaces, names them, says
 * who owns them (their `portolan.dev/owner` label, else their System's
 * owner), what links them, and which team-written entities already describe
 * them. Never decides to emit anything: the catalog module drops candidates
 * that are described and picks the owner of the ownerless.
 */
import {
  DISCOVERY_OWNER_LABEL,
  type DiscoveredApplication,
  type DiscoveredWorkload,
  type DiscoveryCandidate,
  type DiscoveryCandidatesResponse,
  KUBERNETES_ID_LABEL,
} from '@portolan/plugin-portolan-common';
import { namespaceMatcher } from './namespaceMatcher';
import type {
  FleetObservation,
  ObservedApplication,
  ObservedWorkload,
} from './observeFleet';

export const APP_NAME_LABEL = 'app.kubernetes.io/name';
export const APP_PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** Argo CD's default tracking label on the resources an Application manages. */
export const ARGO_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** A team-written entity and the objects its view already shows. */
export interface DescribedEntity {
  entityRef: string;
  /** `metadata.name`, compared with proposed names. */
  name: string;
  namespace: string;
  /** `cluster/namespace/Kind/name` of each workload its view shows. */
  workloads: ReadonlySet<string>;
  /** `cluster/namespace/name` of each Argo CD Application its view shows. */
  applications: ReadonlySet<string>;
}

/** Everything the handler reads. */
export interface DiscoveryInput {
  observation: FleetObservation;
  described: readonly DescribedEntity[];
  /** Catalog Systems by name (default namespace), with their owners. */
  systems: ReadonlyMap<string, { owner?: string }>;
  /**
   * Namespaces (names or `*` globs) whose workloads, and the Argo CD
   * Applications deploying into them, are never candidates.
   */
  excludeNamespaces: readonly string[];
  now?: Date;
}

export function workloadKey(w: {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}): string {
  return `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
}

export function applicationKey(a: {
  cluster: string;
  namespace: string;
  name: string;
}): string {
  return `${a.cluster}/${a.namespace}/${a.name}`;
}

interface Group {
  appName: string;
  partOf?: string;
  workloads: ObservedWorkload[];
  applications: ObservedApplication[];
}

const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;

/** A valid catalog entity name from a label value or object name. */
function entityName(text: string): string {
  const cleaned = text
    .replace(/[^a-zA-Z0-9\-_.]/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 63)
    .replace(/[-_.]+$/g, '');
  return ENTITY_NAME.test(cleaned) ? cleaned : 'unnamed';
}

/** The one value every object gives for a label, if they agree (objects without it are ignored). */
function agreed(
  objects: readonly { labels: Readonly<Record<string, string>> }[],
  key: string,
): string | undefined {
  const values = new Set(
    objects.flatMap(o => (o.labels[key] ? [o.labels[key]] : [])),
  );
  return values.size === 1 ? [...values][0] : undefined;
}

/**
 * The owner the objects name with `portolan.dev/owner`, when they agree on
 * one that is a valid entity name (a label value may not be: `a--b`). Every
 * workload must name it (an Application only counts when labelled, or when
 * there is no workload): one labelled workload, perhaps another team's in
 * another namespace, never takes the whole service.
 */
function labelledOwner(
  workloads: readonly ObservedWorkload[],
  applications: readonly ObservedApplication[],
): string | undefined {
  const mustName = workloads.length > 0 ? workloads : applications;
  if (mustName.some(o => !o.labels[DISCOVERY_OWNER_LABEL])) return undefined;
  const owner = agreed([...workloads, ...applications], DISCOVERY_OWNER_LABEL);
  return owner && ENTITY_NAME.test(owner) ? owner : undefined;
}

function groupKey(appName: string, partOf: string | undefined): string {
  return `${partOf ?? ''}\u0000${appName}`;
}

function groupObjects(
  workloads: readonly ObservedWorkload[],
  applications: readonly ObservedApplication[],
): Group[] {
  const groups = new Map<string, Group>();
  for (const w of workloads) {
    const appName = w.labels[APP_NAME_LABEL];
    if (!appName) continue;
    const partOf = w.labels[APP_PART_OF_LABEL] || undefined;
    const key = groupKey(appName, partOf);
    let group = groups.get(key);
    if (!group) {
      group = { appName, partOf, workloads: [], applications: [] };
      groups.set(key, group);
    }
    group.workloads.push(w);
  }
  for (const app of applications) {
    const appName = app.labels[APP_NAME_LABEL];
    const partOf = app.labels[APP_PART_OF_LABEL] || undefined;
    // The workloads Argo CD manages carry the Application's name as their instance label.
    const managing = [...groups.values()].find(g =>
      g.workloads.some(w => w.labels[ARGO_INSTANCE_LABEL] === app.name),
    );
    const sameName =
      appName !== undefined
        ? groups.get(groupKey(appName, partOf)) ??
          [...groups.values()].find(
            g => g.appName === appName && (!partOf || !g.partOf),
          )
        : undefined;
    const target = managing ?? sameName;
    if (target) {
      target.applications.push(app);
      continue;
    }
    const ownName = appName ?? app.name;
    const key = groupKey(ownName, partOf);
    let group = groups.get(key);
    if (!group) {
      group = { appName: ownName, partOf, workloads: [], applications: [] };
      groups.set(key, group);
    }
    group.applications.push(app);
  }
  return [...groups.values()];
}

/** Unique entity names: the app name, else qualified by part-of, else numbered. */
function nameGroups(groups: readonly Group[]): Map<Group, string> {
  const byName = new Map<string, Group[]>();
  for (const g of groups) {
    const name = entityName(g.appName);
    byName.set(name, [...(byName.get(name) ?? []), g]);
  }
  const names = new Map<Group, string>();
  const taken = new Set<string>();
  for (const [name, same] of byName) {
    if (same.length === 1) {
      names.set(same[0], name);
      taken.add(name);
    }
  }
  for (const [name, same] of byName) {
    if (same.length === 1) continue;
    for (const g of same) {
      let candidate = entityName(g.partOf ? `${g.partOf}-${g.appName}` : name);
      for (let n = 2; taken.has(candidate); n++) {
        candidate = entityName(`${name}-${n}`);
      }
      names.set(g, candidate);
      taken.add(candidate);
    }
  }
  return names;
}

function byKey<T>(key: (t: T) => string) {
  return (a: T, b: T) => key(a).localeCompare(key(b));
}

export function findDiscoveryCandidates(
  input: DiscoveryInput,
): DiscoveryCandidatesResponse {
  const excluded = namespaceMatcher(input.excludeNamespaces);
  const workloads = input.observation.workloads.filter(
    w => !excluded(w.namespace),
  );
  // An Application is judged by where it deploys, not where it lives (`argocd`).
  const applications = input.observation.applications.filter(
    a => !a.destinationNamespace || !excluded(a.destinationNamespace),
  );
  const groups = groupObjects(workloads, applications);
  const names = nameGroups(groups);

  const candidates = groups.map((group): DiscoveryCandidate => {
    const name = names.get(group)!;
    const objects = [...group.workloads, ...group.applications];
    const partOf = group.partOf ?? agreed(objects, APP_PART_OF_LABEL);
    const kubernetesId =
      group.workloads.length > 0 &&
      group.workloads.every(w => w.labels[KUBERNETES_ID_LABEL])
        ? agreed(group.workloads, KUBERNETES_ID_LABEL)
        : undefined;
    const partOfOnAll =
      partOf !== undefined &&
      group.workloads.length > 0 &&
      group.workloads.every(w => w.labels[APP_PART_OF_LABEL] === partOf);
    const workloadRefs: DiscoveredWorkload[] = group.workloads
      .map(w => ({
        cluster: w.cluster,
        namespace: w.namespace,
        kind: w.kind,
        name: w.name,
      }))
      .sort(byKey(workloadKey));
    const applicationRefs: DiscoveredApplication[] = group.applications
      .map(a => ({
        cluster: a.cluster,
        namespace: a.namespace,
        name: a.name,
        ...(a.destination ? { destination: a.destination } : {}),
        ...(a.destinationNamespace
          ? { destinationNamespace: a.destinationNamespace }
          : {}),
      }))
      .sort(byKey(applicationKey));
    const wKeys = workloadRefs.map(workloadKey);
    const aKeys = applicationRefs.map(applicationKey);
    const describedBy = input.described
      .filter(
        e =>
          (e.name === name && e.namespace === 'default') ||
          wKeys.some(k => e.workloads.has(k)) ||
          aKeys.some(k => e.applications.has(k)),
      )
      .map(e => e.entityRef)
      .sort();
    const system = partOf ? input.systems.get(partOf) : undefined;
    const ownerLabel = labelledOwner(group.workloads, group.applications);
    let owner: Pick<DiscoveryCandidate, 'owner' | 'ownerFrom'> = {};
    if (ownerLabel) {
      owner = { owner: ownerLabel, ownerFrom: 'label' };
    } else if (system?.owner) {
      owner = { owner: system.owner, ownerFrom: 'system' };
    }
    return {
      name,
      appName: group.appName,
      ...(partOf ? { partOf } : {}),
      ...(system && partOf ? { system: partOf } : {}),
      ...owner,
      links: {
        ...(kubernetesId
          ? { kubernetesId }
          : {
              labelSelector: `${APP_NAME_LABEL}=${group.appName}${
                partOfOnAll ? `,${APP_PART_OF_LABEL}=${partOf}` : ''
              }`,
            }),
        argocdAppNames: [...new Set(applicationRefs.map(a => a.name))].sort(),
      },
      workloads: workloadRefs,
      applications: applicationRefs,
      describedBy,
    };
  });
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    complete: input.observation.complete,
    clusters: input.observation.clusters,
    candidates: candidates.sort(byKey(c => c.name)),
  };
}
