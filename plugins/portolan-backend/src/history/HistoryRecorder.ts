/*
 * Turns what the live views show into durable history. Owns: converting
 * entity views (pipeline runs, Argo CD applications with their history,
 * running images) into store records, a bounded in-memory write queue flushed
 * in batches, counting what it had to drop, the database health entry, and
 * marking rows gone once a synced cluster no longer has their object.
 *
 * It records from the same assembled entity views the API serves, so history
 * matches exactly what a user saw, at two moments: soon after the view change
 * feed (`views/changeFeed.ts`) says an entity's view may read differently
 * (coalesced per entity, a bounded set of pending entities), and on the timed
 * full pass, the safety net that also catches what a dropped change missed
 * and is the only place rows are marked gone (it sees every entity at once).
 *
 * Keys: the view model carries no Kubernetes object uids, so a run is keyed by
 * what identifies it in its cluster (system, namespace, name and creation
 * time: a re-created run of the same name is a new row), an Argo CD sync by
 * application and history id, a placement by workload and digest.
 *
 * Must never: block or slow the caller (the change listener only notes the
 * entity; the work runs later on a timer), wait on the database from a view
 * path, grow without bound, or mark rows gone from a cluster that is not
 * fully synced.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type {
  Deployment,
  EntityView,
  EntityViewSections,
  KpackBuild,
  PipelineRun,
} from '@portolan/plugin-portolan-common';
import type {
  DeploymentRecord,
  HealthRecord,
  HistoryStore,
  HistoryType,
  ImagePlacementRecord,
  RunRecord,
} from './HistoryStore';
import type { EntityViewChange, ViewChangeFeed } from '../views/changeFeed';
import type { PartialRead } from '../views/ViewCache';
import { pacedDelay, Yielder } from './pacing';

/** How long writes run back to back before the recorder yields to the event loop. */
const WRITE_SLICE_MS = 4;

/**
 * The sections of a view the recorder reads (`observeView`), and all a
 * change pass needs built; `view.clusters` only the timed pass reads.
 */
export const RECORDED_SECTIONS: ReadonlySet<keyof EntityViewSections> = new Set(
  ['pipelineRuns', 'kpackImages', 'deployments', 'images'] as const,
);

/**
 * What a change pass builds of an entity whose changes named `changed`:
 * the recorded sections, from those sources only, unless the catalog
 * entity or a cluster's health changed (which any source may read).
 */
export function changedRead(changed: ReadonlySet<string>): PartialRead {
  return changed.has('entity') || changed.has('clusters')
    ? { sections: RECORDED_SECTIONS }
    : { sections: RECORDED_SECTIONS, sources: changed };
}

const TERMINAL_RUN_STATUSES = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'timed-out',
]);

/** Where the recorder gets the failing step's last log lines from. */
export type LogTailReader = (request: {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  maxBytes: number;
  signal: AbortSignal;
}) => Promise<string | undefined>;

export interface HistoryRecorderOptions {
  store: Pick<
    HistoryStore,
    | 'upsertRuns'
    | 'upsertDeployments'
    | 'upsertImagePlacements'
    | 'upsertHealth'
    | 'markGone'
    | 'ping'
  >;
  logger: LoggerService;
  /** Most records held while the database is slow or down (default 20 000). */
  maxQueued?: number;
  /**
   * Records per write (default 100). On SQLite a write holds the event loop
   * (better-sqlite3 is synchronous): the recorder yields between writes, so
   * one write is the longest it holds it.
   */
  batchSize?: number;
  /** Bytes of a failed step's log kept (default 4096). */
  logTailBytes?: number;
  readLogTail?: LogTailReader;
  /** How long an unchanged image placement waits before last_seen is written again (default 10 min). */
  placementRefreshMs?: number;
  now?: () => number;
  /**
   * The view change feed: with it (and `readView`), an entity is recorded
   * `changeDelayMs` after its view changed, not only on the timed pass.
   */
  changes?: ViewChangeFeed;
  /**
   * The entity's current view, undefined when it is no longer a Component
   * in the catalog. `changed` is what the coalesced changes named (source
   * ids, `clusters`, `entity`): the reader may build only the sections in
   * {@link RECORDED_SECTIONS} from only those sources.
   */
  readView?: (
    entityRef: string,
    signal: AbortSignal,
    changed: ReadonlySet<string>,
  ) => Promise<EntityView | undefined>;
  /** How long changes are collected before the changed entities are recorded (default 2 s). */
  changeDelayMs?: number;
  /** Most entities waiting to be recorded after a change (default 10 000); more are counted and left to the timed pass. */
  maxPendingChanges?: number;
  /**
   * False while the clusters are still in their first sync: changes are not
   * recorded then (every object is new and every view changes); the first
   * timed pass after the sync records them all.
   */
  settled?: () => boolean;
  /** Most share of the wall clock change passes take (default 0.1): the next pass waits accordingly. */
  maxShare?: number;
  /**
   * Told each deployed (repository, revision) the recorder sees, to look up
   * its commit time (`CommitTimeResolver`; returns at once).
   */
  commitTimes?: { want(repositoryUrl?: string, revision?: string): void };
}

/** The recorder's health, as the history status route shows it. */
export interface HistoryRecorderStatus {
  state: 'ok' | 'failing';
  queued: number;
  dropped: number;
  written: number;
  lastError?: string;
  lastErrorAt?: string;
  lastWriteAt?: string;
  /** Entities changed and waiting to be recorded. */
  changesPending: number;
  /** Change events not queued because the pending set was full (the timed pass records them). */
  changesDropped: number;
  /** Change events left to the first timed pass because the clusters were still in their first sync. */
  changesBeforeSync: number;
}

type Op =
  | { type: 'runs'; record: RunRecord }
  | { type: 'deployments'; record: DeploymentRecord }
  | { type: 'images'; record: ImagePlacementRecord }
  | { type: 'health'; record: HealthRecord }
  | { type: 'gone'; table: HistoryType; cluster: string; present: Set<string> };

function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** The history key of a run: it has no uid in the view model, so name + creation time. */
export function runUid(run: PipelineRun): string {
  return `${run.system}:${run.namespace}/${run.name}@${
    run.createdAt ?? run.startedAt ?? ''
  }`;
}

/** A TaskRun of a run: its object name, within its PipelineRun's lifetime. */
export function taskRunUid(run: PipelineRun, objectName: string): string {
  return `tekton:TaskRun:${run.namespace}/${objectName}@${
    run.createdAt ?? run.startedAt ?? ''
  }`;
}

/** A kpack Build: name + creation time, like a run. */
export function buildUid(build: KpackBuild): string {
  return `kpack:${build.namespace}/${build.name}@${
    build.createdAt ?? build.startedAt ?? ''
  }`;
}

function applicationKey(d: Deployment): string {
  return `${d.namespace}/${d.application}`;
}

function failedStepName(task: string, step: string | undefined): string {
  return step ? `${task}/${step}` : task;
}

/** Keeps the last `maxBytes` of a log, starting on a whole line. */
export function tailBytes(log: string, maxBytes: number): string {
  const buffer = Buffer.from(log, 'utf8');
  if (buffer.length <= maxBytes) return log;
  const tail = buffer.subarray(buffer.length - maxBytes).toString('utf8');
  const newline = tail.indexOf('\n');
  return newline >= 0 && newline < tail.length - 1
    ? tail.slice(newline + 1)
    : tail;
}

export class HistoryRecorder {
  private readonly queue: Op[] = [];
  private readonly written = new Map<string, string>();
  /** Each Application's last seen health and deployment, to tell a restore. */
  private readonly lastHealth = new Map<
    string,
    { id: number; health: string }
  >();
  private readonly maxQueued: number;
  private readonly batchSize: number;
  private readonly logTailBytes: number;
  private readonly placementRefreshMs: number;
  private readonly now: () => number;
  private dropped = 0;
  private writtenCount = 0;
  private failing = false;
  private lastError?: string;
  private lastErrorAt?: number;
  private lastWriteAt?: number;
  private flushing?: Promise<void>;
  /** Entities whose view changed, by ref: the newest version seen, and what the changes named. */
  private readonly pendingChanges = new Map<
    string,
    { version: number; changed: Set<string> }
  >();
  private readonly maxPendingChanges: number;
  private readonly changeDelayMs: number;
  private changesDropped = 0;
  private changesBeforeSync = 0;
  private lastChangePassMs = 0;
  private readonly maxShare: number;
  private changeTimer?: NodeJS.Timeout;
  private changePass?: Promise<void>;
  private unsubscribe?: () => void;
  private readonly stopping = new AbortController();

  constructor(private readonly options: HistoryRecorderOptions) {
    this.maxPendingChanges = options.maxPendingChanges ?? 10_000;
    this.changeDelayMs = options.changeDelayMs ?? 2_000;
    this.maxShare = options.maxShare ?? 0.1;
    this.maxQueued = options.maxQueued ?? 20_000;
    this.batchSize = options.batchSize ?? 100;
    this.logTailBytes = options.logTailBytes ?? 4096;
    this.placementRefreshMs = options.placementRefreshMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  status(): HistoryRecorderStatus {
    return {
      state: this.failing ? 'failing' : 'ok',
      queued: this.queue.length,
      dropped: this.dropped,
      written: this.writtenCount,
      changesPending: this.pendingChanges.size,
      changesDropped: this.changesDropped,
      changesBeforeSync: this.changesBeforeSync,
      ...(this.lastError
        ? {
            lastError: this.lastError,
            lastErrorAt: new Date(this.lastErrorAt!).toISOString(),
          }
        : {}),
      ...(this.lastWriteAt
        ? { lastWriteAt: new Date(this.lastWriteAt).toISOString() }
        : {}),
    };
  }

  /**
   * Records one full pass over every entity's view (`views` may build each
   * as it is asked for). Clusters every view saw as synced get their
   * no-longer-present rows marked gone, unless `signal` ended the pass
   * early. Never throws for a bad view; only enqueues (log tails are read
   * with a timeout).
   */
  async recordScan(
    views: Iterable<{ entityRef: string; view: EntityView }>,
    signal: AbortSignal,
  ): Promise<void> {
    const present: Record<HistoryType, Map<string, Set<string>>> = {
      pipelineRuns: new Map(),
      deployments: new Map(),
      images: new Map(),
    };
    const unsynced = new Set<string>();
    const seenClusters = new Set<string>();
    const add = (table: HistoryType, cluster: string, uid: string) => {
      let set = present[table].get(cluster);
      if (!set) present[table].set(cluster, (set = new Set()));
      set.add(uid);
    };
    const yielder = new Yielder();
    for (const { entityRef, view } of views) {
      if (signal.aborted) break;
      await yielder.maybeYield();
      for (const c of view.clusters) {
        seenClusters.add(c.name);
        if (c.state !== 'synced') unsynced.add(c.name);
      }
      await this.observeView(entityRef, view, signal, add);
    }
    // A pass cut short saw only some entities: nothing may be marked gone.
    if (signal.aborted) return;
    for (const cluster of seenClusters) {
      if (unsynced.has(cluster)) continue;
      for (const table of ['pipelineRuns', 'deployments', 'images'] as const) {
        this.enqueue({
          type: 'gone',
          table,
          cluster,
          present: present[table].get(cluster) ?? new Set(),
        });
      }
    }
  }

  /**
   * Records one entity's view (after a change). Never marks anything gone:
   * only a full pass knows every entity a cluster's rows belong to.
   */
  async recordEntity(
    entityRef: string,
    view: EntityView,
    signal: AbortSignal,
  ): Promise<void> {
    await this.observeView(entityRef, view, signal, () => {});
  }

  private async observeView(
    entityRef: string,
    view: EntityView,
    signal: AbortSignal,
    add: (table: HistoryType, cluster: string, uid: string) => void,
  ): Promise<void> {
    for (const run of view.pipelineRuns ?? []) {
      add('pipelineRuns', run.cluster, runUid(run));
      for (const task of run.tasks) {
        if (task.objectKind === 'TaskRun' && task.objectName) {
          add('pipelineRuns', run.cluster, taskRunUid(run, task.objectName));
        }
      }
      await this.observeRun(entityRef, run, signal);
    }
    for (const image of view.kpackImages ?? []) {
      for (const build of image.builds) {
        add('pipelineRuns', build.cluster, buildUid(build));
        this.observeBuild(entityRef, build);
      }
    }
    for (const d of view.deployments ?? []) {
      for (const record of this.deploymentRecords(entityRef, d)) {
        add('deployments', record.cluster, record.uid);
        this.enqueueOnce({ type: 'deployments', record });
      }
      this.observeHealth(entityRef, d);
    }
    for (const image of view.images ?? []) {
      for (const w of image.workloads) {
        const record: ImagePlacementRecord = {
          entityRef,
          cluster: image.cluster,
          namespace: w.namespace,
          workload: `${w.kind}/${w.name}`,
          imageDigest: image.digest,
          image: image.reference,
          seenAt: this.now(),
        };
        add(
          'images',
          record.cluster,
          `${record.namespace}/${record.workload}@${record.imageDigest}`,
        );
        this.enqueueOnce({ type: 'images', record });
      }
    }
  }

  /**
   * Listens to the change feed (when one was given). Idempotent. The
   * listener only notes the entity; recording runs `changeDelayMs` later,
   * once per entity however many changes arrived meanwhile.
   */
  start(): void {
    const { changes, readView } = this.options;
    if (!changes || !readView || this.unsubscribe) return;
    this.unsubscribe = changes.onEntityChange(change =>
      this.noteChange(change),
    );
  }

  /** Stops listening, drops pending changes, waits for a pass under way. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.stopping.abort();
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.pendingChanges.clear();
    await this.changePass;
  }

  private noteChange(change: EntityViewChange): void {
    if (this.stopping.signal.aborted) return;
    if (this.options.settled && !this.options.settled()) {
      this.changesBeforeSync += 1;
      return;
    }
    const known = this.pendingChanges.get(change.entityRef);
    if (
      known === undefined &&
      this.pendingChanges.size >= this.maxPendingChanges
    ) {
      this.changesDropped += 1;
      return;
    }
    if (known === undefined) {
      this.pendingChanges.set(change.entityRef, {
        version: change.version,
        changed: new Set(change.changed),
      });
    } else {
      known.version = Math.max(known.version, change.version);
      for (const id of change.changed) known.changed.add(id);
    }
    this.scheduleChanges();
  }

  private scheduleChanges(): void {
    if (this.changeTimer || this.changePass || this.pendingChanges.size === 0) {
      return;
    }
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changePass = this.recordChanges().finally(() => {
        this.changePass = undefined;
        // Changes that arrived during the pass get their own.
        this.scheduleChanges();
      });
    }, pacedDelay(this.changeDelayMs, this.lastChangePassMs, this.maxShare));
    this.changeTimer.unref?.();
  }

  /**
   * Records every entity noted so far, then writes. Resolves when done;
   * exposed for tests, which drive the feed and wait here instead of on time.
   */
  async recordChanges(): Promise<void> {
    const readView = this.options.readView;
    if (!readView) return;
    const pending = [...this.pendingChanges];
    this.pendingChanges.clear();
    const signal = this.stopping.signal;
    const started = performance.now();
    const yielder = new Yielder();
    for (const [entityRef, { changed }] of pending) {
      if (signal.aborted) return;
      await yielder.maybeYield();
      try {
        const view = await readView(entityRef, signal, changed);
        if (view) await this.recordEntity(entityRef, view, signal);
      } catch (e) {
        // One entity's bad view costs its change recording; the timed pass
        // tries again.
        this.options.logger.debug(
          `No history for changed ${entityRef}: ${toError(e).message}`,
        );
      }
    }
    this.lastChangePassMs = performance.now() - started;
    await this.flush();
  }

  private async observeRun(
    entityRef: string,
    run: PipelineRun,
    signal: AbortSignal,
  ): Promise<void> {
    if (!TERMINAL_RUN_STATUSES.has(run.status)) return;
    const uid = runUid(run);
    const dedupe = `runs|${entityRef}|${run.cluster}|${uid}`;
    if (this.written.get(dedupe) === run.status) return;
    const failedTask = run.tasks.find(
      t => t.status === 'failed' && !t.failureIgnored,
    );
    const failedStep = failedTask?.steps.find(s => s.status === 'failed');
    let logTail: string | undefined;
    if (
      run.status === 'failed' &&
      failedTask?.podName &&
      failedStep?.container &&
      this.options.readLogTail
    ) {
      try {
        const log = await this.options.readLogTail({
          cluster: run.cluster,
          namespace: run.namespace,
          pod: failedTask.podName,
          container: failedStep.container,
          maxBytes: this.logTailBytes,
          signal,
        });
        logTail = log ? tailBytes(log, this.logTailBytes) : undefined;
      } catch (e) {
        // The pod may be gone already; the run is recorded without its log.
        this.options.logger.debug(
          `No log tail for ${run.cluster}/${run.namespace}/${run.name}: ${
            toError(e).message
          }`,
        );
      }
    }
    const record: RunRecord = {
      entityRef,
      cluster: run.cluster,
      uid,
      source: run.system,
      kind: run.system === 'tekton' ? 'PipelineRun' : 'PipelineActivity',
      namespace: run.namespace,
      name: run.name,
      status: run.status,
      startedAt: ms(run.startedAt ?? run.createdAt),
      finishedAt: ms(run.finishedAt),
      commit: run.commit?.sha,
      repository: run.commit?.repositoryUrl,
      imageDigest: run.images.find(i => i.digest)?.digest,
      failedStep:
        failedTask && failedStepName(failedTask.name, failedStep?.name),
      failureReason:
        failedStep?.terminationReason ?? failedTask?.reason ?? run.reason,
      exitCode: failedStep?.exitCode,
      logTail,
    };
    if (this.enqueue({ type: 'runs', record })) {
      this.written.set(dedupe, run.status);
    }
    if (run.system !== 'tekton') return;
    for (const task of run.tasks) {
      if (
        task.objectKind !== 'TaskRun' ||
        !task.objectName ||
        !TERMINAL_RUN_STATUSES.has(task.status)
      ) {
        continue;
      }
      const step = task.steps.find(s => s.status === 'failed');
      this.enqueueRunOnce({
        entityRef,
        cluster: run.cluster,
        uid: taskRunUid(run, task.objectName),
        source: 'tekton',
        kind: 'TaskRun',
        namespace: run.namespace,
        name: task.objectName,
        parent: run.name,
        status: task.status,
        startedAt: ms(task.startedAt),
        finishedAt: ms(task.finishedAt),
        commit: run.commit?.sha,
        repository: run.commit?.repositoryUrl,
        failedStep: task.status === 'failed' ? step?.name : undefined,
        failureReason:
          task.status === 'failed'
            ? step?.terminationReason ?? task.reason
            : undefined,
        exitCode: task.status === 'failed' ? step?.exitCode : undefined,
      });
    }
  }

  private observeBuild(entityRef: string, build: KpackBuild): void {
    if (!TERMINAL_RUN_STATUSES.has(build.status)) return;
    this.enqueueRunOnce({
      entityRef,
      cluster: build.cluster,
      uid: buildUid(build),
      source: 'kpack',
      kind: 'Build',
      namespace: build.namespace,
      name: build.name,
      status: build.status,
      startedAt: ms(build.startedAt ?? build.createdAt),
      finishedAt: ms(build.finishedAt),
      commit: build.commit?.sha,
      repository: build.commit?.repositoryUrl,
      imageDigest: build.digest,
      failureReason:
        build.status === 'failed'
          ? build.conditionReason ?? build.message
          : undefined,
    });
  }

  /** Enqueues a run-table record unless this status was already written. */
  private enqueueRunOnce(record: RunRecord): void {
    const dedupe = `runs|${record.entityRef}|${record.cluster}|${record.uid}`;
    if (this.written.get(dedupe) === record.status) return;
    if (this.enqueue({ type: 'runs', record })) {
      this.written.set(dedupe, record.status!);
    }
  }

  private deploymentRecords(
    entityRef: string,
    d: Deployment,
  ): DeploymentRecord[] {
    const base = {
      entityRef,
      cluster: d.cluster,
      source: 'argocd' as const,
      namespace: d.namespace,
      name: d.application,
      application: d.application,
      destinationCluster: d.destination.cluster,
      destinationNamespace: d.destination.namespace,
    };
    const newest = d.history.reduce<number | undefined>(
      (max, h) => (max === undefined || h.id > max ? h.id : max),
      undefined,
    );
    // status.history is backfilled on first sight: every entry is a sync
    // that completed. Its first revision is of the first source.
    const repositoryUrl = d.sources?.[0]?.repoUrl;
    for (const h of d.history) {
      this.options.commitTimes?.want(repositoryUrl, h.revisions[0]);
    }
    const records: DeploymentRecord[] = d.history.map(h => ({
      ...base,
      uid: `${applicationKey(d)}#${h.id}`,
      status: 'succeeded',
      revision: h.revisions[0],
      startedAt: ms(h.deployStartedAt),
      finishedAt: ms(h.deployedAt),
      health: h.id === newest ? d.health : undefined,
    }));
    const op = d.operation;
    if (op && (op.phase === 'failed' || op.phase === 'error') && op.startedAt) {
      records.push({
        ...base,
        uid: `${applicationKey(d)}#op@${op.startedAt}`,
        status: op.phase,
        revision: op.revisions[0],
        startedAt: ms(op.startedAt),
        finishedAt: ms(op.finishedAt),
      });
    }
    return records;
  }

  /**
   * Health over time, for time to restore: the first sighting of each
   * healthy or degraded state per deployment the Application ran (other
   * states, progressing or missing, neither fail nor restore).
   */
  private observeHealth(entityRef: string, d: Deployment): void {
    if (d.health !== 'healthy' && d.health !== 'degraded') return;
    const newest = d.history.reduce<(typeof d.history)[number] | undefined>(
      (max, h) => (max === undefined || h.id > max.id ? h : max),
      undefined,
    );
    if (!newest) return;
    const app = `${entityRef}|${d.cluster}|${applicationKey(d)}`;
    const last = this.lastHealth.get(app);
    // Healthy again after a degraded state of the same deployment: a
    // restore. Only this recorder's memory tells it (a restart in the middle
    // of an incident loses its restore; docs/dora.md).
    const restored =
      d.health === 'healthy' &&
      last?.id === newest.id &&
      last.health === 'degraded';
    const key = `health|${app}#${newest.id}:${
      restored ? 'restored' : d.health
    }`;
    const record: HealthRecord = {
      entityRef,
      cluster: d.cluster,
      namespace: d.namespace,
      application: d.application,
      deploymentId: newest.id,
      health: d.health,
      restored,
      revision: newest.revisions[0],
      destinationCluster: d.destination.cluster,
      destinationNamespace: d.destination.namespace,
      at: this.now(),
    };
    if (this.written.has(key) || this.enqueue({ type: 'health', record })) {
      this.written.set(key, '1');
      this.lastHealth.set(app, { id: newest.id, health: d.health });
    }
  }

  private enqueueOnce(op: Op & { type: 'deployments' | 'images' }): void {
    const r = op.record;
    const key =
      op.type === 'images'
        ? `images|${r.entityRef}|${r.cluster}|${
            (r as ImagePlacementRecord).namespace
          }/${(r as ImagePlacementRecord).workload}@${
            (r as ImagePlacementRecord).imageDigest
          }`
        : `deployments|${r.entityRef}|${r.cluster}|${
            (r as DeploymentRecord).uid
          }`;
    const value =
      op.type === 'images'
        ? String(Math.floor(this.now() / this.placementRefreshMs))
        : JSON.stringify(r);
    if (this.written.get(key) === value) return;
    if (this.enqueue(op)) this.written.set(key, value);
  }

  /** False when the queue is full and the op was dropped (and counted). */
  private enqueue(op: Op): boolean {
    if (this.queue.length >= this.maxQueued) {
      this.dropped += 1;
      return false;
    }
    this.queue.push(op);
    // The dedupe memory is only an optimisation; forgetting it costs an
    // idempotent rewrite, never a duplicate.
    if (this.written.size > 200_000) this.written.clear();
    if (this.lastHealth.size > 100_000) this.lastHealth.clear();
    return true;
  }

  /** Writes everything queued, batch by batch; stops at the first failure. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    const { store } = this.options;
    const yielder = new Yielder(WRITE_SLICE_MS);
    while (this.queue.length > 0) {
      // Requests and watch events between writes (each is synchronous on SQLite).
      await yielder.maybeYield();
      const head = this.queue[0];
      let batch: Op[];
      try {
        if (head.type === 'gone') {
          batch = [head];
          await store.markGone(head.table, head.cluster, head.present);
        } else {
          batch = [];
          for (const op of this.queue) {
            if (op.type !== head.type || batch.length >= this.batchSize) break;
            batch.push(op);
          }
          const records = batch.map(
            op => (op as unknown as { record: never }).record,
          );
          if (head.type === 'runs') await store.upsertRuns(records);
          else if (head.type === 'deployments')
            await store.upsertDeployments(records);
          else if (head.type === 'health') await store.upsertHealth(records);
          else await store.upsertImagePlacements(records);
        }
      } catch (e) {
        // Keep the queue; the next flush retries. The cache still has what
        // it has, so the next scan refills anything dropped meanwhile.
        this.markFailing(e);
        return;
      }
      this.queue.splice(0, batch.length);
      this.writtenCount += batch.length;
      this.lastWriteAt = this.now();
      if (this.failing) {
        this.failing = false;
        this.options.logger.info('History database writes recovered');
      }
    }
  }

  /** Checks the database when idle so a down database shows without writes. */
  async check(): Promise<void> {
    try {
      await this.options.store.ping();
      if (this.failing && this.queue.length === 0) this.failing = false;
    } catch (e) {
      this.markFailing(e);
    }
  }

  private markFailing(e: unknown): void {
    const message = toError(e).message;
    if (!this.failing) {
      this.options.logger.warn(`History database writes failing: ${message}`);
    }
    this.failing = true;
    this.lastError = message;
    this.lastErrorAt = this.now();
    // Dedupe entries may describe writes that never landed: forget them so
    // the next scan enqueues them again.
    this.written.clear();
  }
}
