/*
 * Wires delivery history into the plugin: the store on the plugin database,
 * the recorder fed by a timed pass over every catalog Component's view (per
 * replica), flushes, and retention (a global scheduler task). Owns the schedules; must never let a
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
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EntityView } from '@portolan/plugin-portolan-common';
import type { PodLogRequest } from '../clusters/PodLogReader';
import type { DoraMetrics } from '../dora/computeDora';
import { doraForEntity } from '../dora/doraFromHistory';
import { readHistoryOptions } from './HistoryOptions';
import { HistoryRecorder, type HistoryRecorderStatus } from './HistoryRecorder';
import {
  HistoryStore,
  type HistoryPage,
  type HistoryQuery,
} from './HistoryStore';

const CATALOG_TIMEOUT_MS = 30_000;
const LOG_TAIL_LINES = 200;

export interface StartedHistory {
  query(query: HistoryQuery): Promise<HistoryPage>;
  status(): HistoryRecorderStatus;
  dora(entityRef: string, windowMs: number): Promise<DoraMetrics>;
  stop(): Promise<void>;
}

export async function startHistory(deps: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  view(entity: Entity): EntityView;
  readLog(request: PodLogRequest): Promise<{ log: string }>;
}): Promise<StartedHistory | undefined> {
  const options = readHistoryOptions(deps.config);
  if (!options.enabled) return undefined;
  const logger = deps.logger.child({ component: 'history' });

  let store: HistoryStore | undefined;
  let starting: Promise<HistoryStore | undefined> | undefined;
  const ready = (): Promise<HistoryStore | undefined> => {
    if (store) return Promise.resolve(store);
    starting ??= HistoryStore.create(deps.database)
      .then(s => (store = s))
      .catch(e => {
        logger.warn(
          `History database unavailable, retrying: ${
            e instanceof Error ? e.message : String(e)
          }`,
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
    markGone: async (...a: Parameters<HistoryStore['markGone']>) =>
      (await ready())?.markGone(...a) ?? Promise.reject(notReady()),
    ping: async () => (await ready())?.ping() ?? Promise.reject(notReady()),
  };

  const recorder = new HistoryRecorder({
    store: lazyStore,
    logger,
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
      });
      return log;
    },
  });

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
    const views: Array<{ entityRef: string; view: EntityView }> = [];
    for (const entity of items) {
      try {
        views.push({
          entityRef: stringifyEntityRef(entity),
          view: deps.view(entity),
        });
      } catch (e) {
        // A bad annotation costs that entity's history, never the pass.
        logger.debug(
          `No history for ${stringifyEntityRef(entity)}: ${
            e instanceof Error ? e.message : String(e)
          }`,
        );
      }
    }
    await recorder.recordScan(views, signal);
    await recorder.flush();
    await recorder.check();
  };
  const scan = async (signal: AbortSignal) => {
    try {
      await scanOnce(signal);
    } catch (e) {
      logger.warn(
        `History pass failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };

  // Each replica records what its own cache sees (upserts make that safe),
  // so the pass is a local timer, not a cluster-wide scheduled task.
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  const loop = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      pass = scan(stopping.signal).finally(() => {
        pass = undefined;
        loop(options.scanIntervalMs);
      });
    }, delayMs);
    timer.unref?.();
  };
  loop(Math.min(options.scanIntervalMs, 5_000));

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
      return doraForEntity(s, entityRef, windowMs, Date.now());
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await pass;
      await recorder.flush().catch(() => undefined);
    },
  };
}
