/*
 * Wires delivery history into the plugin: the store on the plugin database,
 * the recorder fed by the view change feed (when the views offer one) and by a
 * timed pass over every catalog Component's view (per replica), flushes, and
 * retention (a global scheduler task). Owns the schedules; must never let a
 * history failure stop the plugin from starting or serving live views (a
 * database that cannot be reached at start is reported and retried).
 */
import type {
  AuthService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError, toError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityView } from '@portolan/plugin-portolan-common';
import type { PodLogRequest } from '../clusters/PodLogReader';
import type { ViewChangeFeed } from '../views/changeFeed';
import type { PartialRead } from '../views/ViewCache';
import type { DoraMetrics } from '../dora/computeDora';
import {
  doraForEntity,
  doraForFleet,
  type FleetDoraEntity,
  type FleetDoraMetrics,
  readProductionRule,
} from '../dora/doraFromHistory';
import {
  configuredScmHosts,
  ScmCommitTimeLookup,
} from '../scm/CommitTimeLookup';
import { CommitTimeResolver } from './CommitTimes';
import { readHistoryOptions } from './HistoryOptions';
import { pacedDelay } from './pacing';
import { seedDemoHistory } from './seedDemoHistory';
import {
  changedRead,
  HistoryRecorder,
  type HistoryRecorderStatus,
  RECORDED_SECTIONS,
} from './HistoryRecorder';
import {
  HistoryStore,
  type HistoryPage,
  type HistoryQuery,
} from './HistoryStore';

const CATALOG_TIMEOUT_MS = 30_000;
/** The first pass waits for the clusters' first sync at most this long. */
const SETTLE_WAIT_MS = 5 * 60_000;
/** Most share of the wall clock the recorder's passes take. */
const MAX_SHARE = 0.1;
const LOG_TAIL_LINES = 200;

export interface StartedHistory {
  query(query: HistoryQuery): Promise<HistoryPage>;
  status(): HistoryRecorderStatus;
  dora(entityRef: string, windowMs: number): Promise<DoraMetrics>;
  fleetDora(
    entities: readonly FleetDoraEntity[],
    windowMs: number,
  ): Promise<FleetDoraMetrics>;
  stop(): Promise<void>;
}

export async function startHistory(deps: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  /**
   * The `wanted` sections of an entity's view: every source's for the
   * timed pass, the named sources' after a change (the view cache's
   * `transientView`: built for the recorder, not kept).
   */
  recordedView(entity: Entity, wanted: PartialRead): EntityView;
  readLog(request: PodLogRequest): Promise<{ log: string }>;
  /** The view cache's change feed: entities are recorded soon after they change. */
  changes?: ViewChangeFeed;
  /**
   * False while any cluster is in its first sync. Recording waits for it
   * (at most 5 min): during a sync every view changes with every object.
   */
  settled?: () => boolean;
}): Promise<StartedHistory | undefined> {
  const options = readHistoryOptions(deps.config);
  if (!options.enabled) return undefined;
  const isProduction = readProductionRule(deps.config);
  const logger = deps.logger.child({ component: 'history' });

  let store: HistoryStore | undefined;
  let starting: Promise<HistoryStore | undefined> | undefined;
  const ready = (): Promise<HistoryStore | undefined> => {
    if (store) return Promise.resolve(store);
    starting ??= HistoryStore.create(deps.database)
      .then(s => (store = s))
      .catch(e => {
        logger.warn(
          `History database unavailable, retrying: ${toError(e).message}`,
        );
        starting = undefined;
        return undefined;
      });
    return starting;
  };
  const notReady = () =>
    new ServiceUnavailableError('History database not available yet');
  const lazyStore = {
    upsertRuns: async (...a: Parameters<HistoryStore['upsertRuns']>) =>
      (await ready())?.upsertRuns(...a) ?? Promise.reject(notReady()),
    upsertDeployments: async (
      ...a: Parameters<HistoryStore['upsertDeployments']>
    ) => (await ready())?.upsertDeployments(...a) ?? Promise.reject(notReady()),
    upsertImagePlacements: async (
      ...a: Parameters<HistoryStore['upsertImagePlacements']>
    ) =>
      (await ready())?.upsertImagePlacements(...a) ??
      Promise.reject(notReady()),
    upsertHealth: async (...a: Parameters<HistoryStore['upsertHealth']>) =>
      (await ready())?.upsertHealth(...a) ?? Promise.reject(notReady()),
    markGone: async (...a: Parameters<HistoryStore['markGone']>) =>
      (await ready())?.markGone(...a) ?? Promise.reject(notReady()),
    ping: async () => (await ready())?.ping() ?? Promise.reject(notReady()),
    getCommit: async (...a: Parameters<HistoryStore['getCommit']>) =>
      (await ready())?.getCommit(...a) ?? Promise.reject(notReady()),
    putCommit: async (...a: Parameters<HistoryStore['putCommit']>) =>
      (await ready())?.putCommit(...a) ?? Promise.reject(notReady()),
  };

  // Commit times for lead time, asked in the background (docs/dora.md).
  const commitTimes = options.commitTimes.enabled
    ? new CommitTimeResolver({
        store: lazyStore,
        logger: logger.child({ component: 'commit-times' }),
        concurrency: options.commitTimes.concurrency,
        lookup: new ScmCommitTimeLookup({
          integrations: ScmIntegrations.fromConfig(deps.config),
          hosts: configuredScmHosts(deps.config),
          localRoots: options.commitTimes.localRoots,
          timeoutMs: options.commitTimes.timeoutMs,
        }),
      })
    : undefined;

  // The Components of the last pass, so a change is recorded without a
  // catalog round trip; a Component new since then is read from the catalog.
  let components = new Map<string, Entity>();
  const readView = async (
    entityRef: string,
    signal: AbortSignal,
    changed?: ReadonlySet<string>,
  ) => {
    let entity = components.get(entityRef);
    if (!entity) {
      if (parseEntityRef(entityRef).kind.toLowerCase() !== 'component') {
        return undefined;
      }
      entity =
        (await deps.catalog.getEntityByRef(entityRef, {
          credentials: await deps.auth.getOwnServiceCredentials(),
        })) ?? undefined;
      if (!entity || signal.aborted) return undefined;
    }
    return deps.recordedView(
      entity,
      changed ? changedRead(changed) : { sections: RECORDED_SECTIONS },
    );
  };

  const recorder = new HistoryRecorder({
    store: lazyStore,
    logger,
    changes: deps.changes,
    settled: deps.settled,
    maxShare: MAX_SHARE,
    readView,
    commitTimes,
    maxQueued: options.maxQueuedWrites,
    logTailBytes: options.logTailBytes,
    readLogTail: async request => {
      const { log } = await deps.readLog({
        cluster: request.cluster,
        namespace: request.namespace,
        pod: request.pod,
        container: request.container,
        tailLines: LOG_TAIL_LINES,
        signal: request.signal,
        agentComment: 'history',
      });
      return log;
    },
  });

  // The demo's generated past, once per service (docs/dora.md).
  const seededDemo = new Set<string>();
  const seedDemo = async (items: Entity[]) => {
    const cluster = options.demoSeedCluster;
    const s = cluster ? await ready() : undefined;
    if (!cluster || !s) return;
    const services = items.flatMap(e => {
      const application = e.metadata.annotations?.['argocd/app-name'];
      const entityRef = stringifyEntityRef(e);
      return application && !seededDemo.has(entityRef)
        ? [{ entityRef, application, cluster }]
        : [];
    });
    const seeded = await seedDemoHistory(s, services, Date.now());
    for (const service of services) seededDemo.add(service.entityRef);
    if (seeded.length > 0) {
      logger.info(
        `Demo: seeded 90 days of delivery history for ${seeded.length} service(s)`,
      );
    }
  };

  const scanOnce = async (signal: AbortSignal) => {
    const timeout = AbortSignal.any([
      signal,
      AbortSignal.timeout(CATALOG_TIMEOUT_MS),
    ]);
    const credentials = await deps.auth.getOwnServiceCredentials();
    const { items } = await deps.catalog.getEntities(
      { filter: { kind: 'Component' } },
      { credentials },
    );
    if (timeout.aborted) return;
    components = new Map(items.map(e => [stringifyEntityRef(e), e]));
    await seedDemo(items);
    // One view at a time, recorded and dropped before the next is built
    // (the recorder yields between them): holding every view of the fleet
    // until the pass ends would make them all long-lived garbage.
    function* views(): Generator<{ entityRef: string; view: EntityView }> {
      for (const entity of items) {
        if (signal.aborted) return;
        const entityRef = stringifyEntityRef(entity);
        let view: EntityView;
        try {
          view = deps.recordedView(entity, { sections: RECORDED_SECTIONS });
        } catch (e) {
          // A bad annotation costs that entity's history, never the pass.
          logger.debug(`No history for ${entityRef}: ${toError(e).message}`);
          continue;
        }
        yield { entityRef, view };
      }
    }
    await recorder.recordScan(views(), signal);
    await recorder.flush();
    await recorder.check();
  };
  const scan = async (signal: AbortSignal) => {
    try {
      await scanOnce(signal);
    } catch (e) {
      logger.warn(`History pass failed: ${toError(e).message}`);
    }
  };

  // Each replica records what its own cache sees (upserts make that safe),
  // so the pass is a local timer, not a cluster-wide scheduled task.
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  const startedAt = Date.now();
  const loop = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      if (
        deps.settled &&
        !deps.settled() &&
        Date.now() - startedAt < SETTLE_WAIT_MS
      ) {
        loop(1_000);
        return;
      }
      const began = performance.now();
      pass = scan(stopping.signal).finally(() => {
        pass = undefined;
        loop(
          pacedDelay(
            options.scanIntervalMs,
            performance.now() - began,
            MAX_SHARE,
          ),
        );
      });
    }, delayMs);
    timer.unref?.();
  };
  loop(Math.min(options.scanIntervalMs, 5_000));
  recorder.start();

  await deps.scheduler.scheduleTask({
    id: 'portolan-history-retention',
    scope: 'global',
    frequency: { hours: 6 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const s = await ready();
      if (!s) return;
      const deleted = await s.prune(Date.now() - options.retentionMs);
      if (deleted > 0)
        logger.info(`History retention removed ${deleted} row(s)`);
    },
  });
  // Connect (and migrate) early, without holding up the plugin's start.
  void ready();

  return {
    async query(query) {
      const s = await ready();
      if (!s) throw notReady();
      return s.query(query);
    },
    status: () => recorder.status(),
    async dora(entityRef, windowMs) {
      const s = await ready();
      if (!s) throw notReady();
      return doraForEntity(s, entityRef, windowMs, Date.now(), isProduction);
    },
    async fleetDora(entities, windowMs) {
      const s = await ready();
      if (!s) throw notReady();
      return doraForFleet(s, entities, windowMs, Date.now(), isProduction);
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await recorder.stop();
      await commitTimes?.stop();
      await pass;
      await recorder.flush().catch(() => undefined);
    },
  };
}
