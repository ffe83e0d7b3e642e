/*
 * Assembles what the checklist rules read for one entity, or for every
 * service, from memory plus the few facts a request must establish: does
 * the owner exist (catalog, with the caller's credentials), may the caller
 * read logs (permission), does a log actually come back (one line, live,
 * with a timeout). Decides nothing itself: the rules do. The log probe's
 * answer is kept per pod and container, with the pod as the view shows it
 * (phase, restarts, containers, creation): it is asked again only when
 * that pod changes, or after `LOG_PROBE_TTL_MS` (a failed probe after
 * `LOG_PROBE_FAILURE_TTL_MS`), never on every view.
 */
import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { toError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type ClusterSummary,
  type EntityView,
  type FleetOnboarding,
  type OnboardingChecklist,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import type { LogTarget } from '@portolan/plugin-portolan-node';
import type { PodLogRequest } from '../clusters/PodLogReader';
import { defaultContainerOf, type FleetViews } from '../views/FleetViews';
import { evaluateOnboarding } from './checklist/evaluateOnboarding';
import { fleetOnboarding } from './checklist/fleetOnboarding';
import type { LogAccess, LogProbe } from './checklist/OnboardingInput';
import type { OnboardingConventions } from './OnboardingConventions';

/** How long the log probe may take. */
const LOG_PROBE_TIMEOUT_MS = 5_000;

/** How long a probe's answer is kept while its pod does not change. */
export const LOG_PROBE_TTL_MS = 5 * 60_000;
/** How long a failed probe's answer is kept (it may be transient). */
export const LOG_PROBE_FAILURE_TTL_MS = 30_000;
/** Pods whose probe answers are kept. */
const LOG_PROBES_KEPT = 10_000;

type ProbeResult = NonNullable<LogAccess['probe']>;

/** What the service reads from; implemented by the plugin's wiring. */
export interface OnboardingServiceOptions {
  /**
   * The views the checks read: one entity's checklist sees its view as the
   * entity route serves it (registry facts included); the fleet view keeps
   * the cached facts.
   */
  views: Pick<FleetViews, 'assemble' | 'readableEntities'>;
  clusters: () => ClusterSummary[];
  catalog: CatalogService;
  permissions: PermissionsService;
  /** Reads a container log live; the probe is skipped without it. */
  readLog?: (
    request: PodLogRequest,
  ) => Promise<{ log: string; truncated: boolean }>;
  conventions: OnboardingConventions;
  logger: LoggerService;
  /** The clock of the probe cache (tests). */
  now?: () => number;
}

/** The full ref a `spec` field names (`team-x` → `group:default/team-x`), if it parses. */
function specRef(
  entity: Entity,
  field: 'owner' | 'system',
  defaultKind: string,
): string | undefined {
  const value = entity.spec?.[field];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function isUser(credentials: BackstageCredentials): boolean {
  return (credentials.principal as { type?: string }).type === 'user';
}

/** The log to probe: a running workload pod's first container, else any target. */
function probeTarget(
  view: EntityView,
  targets: readonly LogTarget[],
): { target: LogTarget; container: string } | undefined {
  const running = new Set<string>();
  for (const w of view.workloads ?? []) {
    for (const pod of w.pods) {
      if (pod.phase === 'running') {
        running.add(`${w.cluster}/${w.namespace}/${pod.name}`);
      }
    }
  }
  const withContainers = targets.filter(t => t.containers.length > 0);
  const target =
    withContainers.find(t =>
      running.has(`${t.cluster}/${t.namespace}/${t.pod}`),
    ) ?? withContainers[0];
  return (
    target && {
      target,
      container: defaultContainerOf(target) ?? target.containers[0],
    }
  );
}

function probeFailure(e: unknown): LogProbe['failure'] {
  const name = e instanceof Error ? e.name : '';
  const message = toError(e).message;
  if (/\b403\b|forbidden/i.test(message)) return 'forbidden';
  if (name === 'NotFoundError') return 'not-found';
  if (name === 'ConflictError') return 'not-started';
  return 'unavailable';
}

/** The pod as the view shows it: a changed pod reads differently. */
function podFingerprint(view: EntityView, target: LogTarget): string {
  for (const w of view.workloads ?? []) {
    if (w.cluster !== target.cluster || w.namespace !== target.namespace) {
      continue;
    }
    const pod = w.pods.find(p => p.name === target.pod);
    if (pod) return JSON.stringify(pod);
  }
  return JSON.stringify(target.containers);
}

export class OnboardingService {
  private readonly probes = new Map<
    string,
    { fingerprint: string; expiresAt: number; result: Promise<ProbeResult> }
  >();

  constructor(private readonly options: OnboardingServiceOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The checklist of one entity, as the caller sees it. */
  async checklist(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<OnboardingChecklist> {
    const { views, clusters, conventions } = this.options;
    const { view, runMatches, logTargets } = await views.assemble(entity, {
      images: true,
    });
    const entityRef = stringifyEntityRef(entity);
    const [owner, suggestedOwner, logs] = await Promise.all([
      this.lookUpOwner(entity, credentials),
      this.systemOwner(entity, credentials),
      this.logAccess(entityRef, view, logTargets, credentials),
    ]);
    return evaluateOnboarding({
      entity,
      view,
      clusters: clusters(),
      owner,
      suggestedOwner,
      runMatches,
      logs,
      conventions,
    });
  }

  /** Every service the caller may read, by onboarding completeness. */
  async fleet(credentials: BackstageCredentials): Promise<FleetOnboarding> {
    const { catalog, views, logger } = this.options;
    const [readable, { items: parties }, { items: systems }] =
      await Promise.all([
        views.readableEntities(credentials, {
          kind: 'Component',
          'spec.type': 'service',
        }),
        catalog.getEntities(
          {
            filter: [{ kind: 'Group' }, { kind: 'User' }],
            fields: ['kind', 'metadata.name', 'metadata.namespace'],
          },
          { credentials },
        ),
        catalog.getEntities({ filter: { kind: 'System' } }, { credentials }),
      ]);
    const known = new Set(parties.map(e => stringifyEntityRef(e)));
    const systemOwners = new Map(
      systems.map(s => [stringifyEntityRef(s), s.spec?.owner]),
    );
    const allClusters = this.options.clusters();
    const evaluated = await Promise.all(
      readable.map(async ({ entity }) => {
        try {
          const { view, runMatches, logTargets } = await views.assemble(
            entity,
            {
              images: false,
            },
          );
          const ownerRef = this.ownerRef(entity);
          const systemRef = this.systemRef(entity);
          const suggested = systemRef ? systemOwners.get(systemRef) : undefined;
          const checklist = evaluateOnboarding({
            entity,
            view,
            clusters: allClusters,
            owner: ownerRef ? { found: known.has(ownerRef) } : undefined,
            suggestedOwner:
              typeof suggested === 'string' ? suggested : undefined,
            runMatches,
            logs: { targets: logTargets },
            conventions: this.options.conventions,
          });
          return [{ entity, checklist }];
        } catch (e) {
          logger.warn(
            `Onboarding of ${stringifyEntityRef(entity)} skipped: ${
              toError(e).message
            }`,
          );
          return [];
        }
      }),
    );
    return fleetOnboarding(evaluated.flat());
  }

  private ownerRef(entity: Entity): string | undefined {
    return specRef(entity, 'owner', 'group');
  }

  private systemRef(entity: Entity): string | undefined {
    return specRef(entity, 'system', 'system');
  }

  private async lookUpOwner(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<{ found: boolean; title?: string } | undefined> {
    const ref = this.ownerRef(entity);
    if (!ref) return undefined;
    try {
      const owner = await this.options.catalog.getEntityByRef(ref, {
        credentials,
      });
      if (!owner) return { found: false };
      const profile = owner.spec?.profile as
        | { displayName?: string }
        | undefined;
      const title = profile?.displayName ?? owner.metadata.title;
      return title ? { found: true, title } : { found: true };
    } catch (e) {
      this.options.logger.warn(
        `Could not look up owner ${ref}: ${toError(e).message}`,
      );
      return undefined;
    }
  }

  private async systemOwner(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const ref = this.systemRef(entity);
    if (!ref) return undefined;
    try {
      const system = await this.options.catalog.getEntityByRef(ref, {
        credentials,
      });
      const owner = system?.spec?.owner;
      return typeof owner === 'string' ? owner : undefined;
    } catch {
      return undefined;
    }
  }

  private async logAccess(
    entityRef: string,
    view: EntityView,
    targets: LogTarget[],
    credentials: BackstageCredentials,
  ): Promise<LogAccess> {
    // Logs are for people: the logs route refuses service principals.
    if (!isUser(credentials)) return { targets };
    const [decision] = await this.options.permissions.authorize(
      [{ permission: portolanLogsReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    const permitted = decision.result === AuthorizeResult.ALLOW;
    const chosen = probeTarget(view, targets);
    if (!permitted || !chosen || !this.options.readLog) {
      return { permitted, targets };
    }
    const { target, container } = chosen;
    const probe = await this.probe(view, target, container);
    return { permitted, targets, probe };
  }

  /** The probe of one pod's container, asked again only when the pod changed or the answer expired. */
  private probe(
    view: EntityView,
    target: LogTarget,
    container: string,
  ): Promise<ProbeResult> {
    const where = {
      cluster: target.cluster,
      namespace: target.namespace,
      pod: target.pod,
      container,
    };
    const key = JSON.stringify(where);
    const fingerprint = podFingerprint(view, target);
    const now = this.now();
    const kept = this.probes.get(key);
    if (kept && kept.fingerprint === fingerprint && kept.expiresAt > now) {
      this.probes.delete(key);
      this.probes.set(key, kept);
      return kept.result;
    }
    const result = this.readProbe(where);
    const entry = {
      fingerprint,
      expiresAt: now + LOG_PROBE_TTL_MS,
      result,
    };
    this.probes.delete(key);
    if (this.probes.size >= LOG_PROBES_KEPT) {
      // Least recently asked first.
      this.probes.delete(this.probes.keys().next().value as string);
    }
    this.probes.set(key, entry);
    result.then(r => {
      if (!r.ok) entry.expiresAt = this.now() + LOG_PROBE_FAILURE_TTL_MS;
    });
    return result;
  }

  private async readProbe(where: {
    cluster: string;
    namespace: string;
    pod: string;
    container: string;
  }): Promise<ProbeResult> {
    try {
      await this.options.readLog!({
        ...where,
        tailLines: 1,
        signal: AbortSignal.timeout(LOG_PROBE_TIMEOUT_MS),
      });
      return { ...where, ok: true };
    } catch (e) {
      return {
        ...where,
        ok: false,
        failure: probeFailure(e),
        message: toError(e).message,
      };
    }
  }
}
