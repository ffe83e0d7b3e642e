/*
 * The delivery history store: runs, deployments and image placements kept in
 * the plugin's database (coreServices.database; SQLite or PostgreSQL) through
 * knex. Owns: running the shipped migrations (unless the database service
 * says to skip them), idempotent upserts keyed by (entity, cluster, uid),
 * marking rows no longer live, newest-first cursor paging, retention.
 * Must never: talk to a cluster, hold a transaction open across I/O it does
 * not own, or delete a row younger than the retention window.
 */
import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';

export type HistoryType = 'pipelineRuns' | 'deployments' | 'images';
export const HISTORY_TYPES: readonly HistoryType[] = [
  'pipelineRuns',
  'deployments',
  'images',
];

export type HistorySource =
  | 'tekton'
  | 'jenkins-x'
  | 'kpack'
  | 'argocd'
  | 'pods';

interface CommonRecord {
  entityRef: string;
  cluster: string;
  /** The object's uid; for Argo CD history, `<app uid>/<history id>`. */
  uid: string;
  source: HistorySource;
  namespace?: string;
  name?: string;
  status?: string;
  /** Milliseconds since the epoch. */
  startedAt?: number;
  finishedAt?: number;
  commit?: string;
  imageDigest?: string;
}

export interface RunRecord extends CommonRecord {
  kind: string;
  repository?: string;
  failedStep?: string;
  failureReason?: string;
  exitCode?: number;
  logTail?: string;
  /** A TaskRun's PipelineRun. */
  parent?: string;
}

export interface DeploymentRecord extends CommonRecord {
  application: string;
  revision?: string;
  health?: string;
  destinationCluster?: string;
  destinationNamespace?: string;
}

export interface ImagePlacementRecord {
  entityRef: string;
  cluster: string;
  namespace: string;
  workload: string;
  imageDigest: string;
  image?: string;
  source?: HistorySource;
  /** When this placement was seen, ms since the epoch. */
  seenAt: number;
}

/** An Application seen in a health state while it ran one deployment. */
export interface HealthRecord {
  entityRef: string;
  /** The cluster Argo CD runs on. */
  cluster: string;
  namespace: string;
  application: string;
  /** Argo CD's history id of the deployment the Application ran. */
  deploymentId: number;
  health: string;
  /**
   * A healthy state seen after a degraded one while the same deployment ran:
   * a row of its own, since the deployment's first healthy row predates
   * the failure.
   */
  restored?: boolean;
  revision?: string;
  destinationCluster?: string;
  destinationNamespace?: string;
  /** When this state was first seen, ms. */
  at: number;
}

/** A stored health state, for DORA's time to restore. */
export interface HealthEvent {
  entityRef: string;
  cluster: string;
  application: string;
  health: string;
  at: number;
  destinationCluster?: string;
  destinationNamespace?: string;
}

/** What an SCM said about one commit (`portolan_history_commits`). */
export interface CommitRecord {
  /** Portolan's repository key: never a URL with credentials. */
  repository: string;
  sha: string;
  outcome: 'found' | 'unknown' | 'error';
  /** The committer date, ms; with `found` only. */
  committedAt?: number;
  /** When it was asked, ms. */
  checkedAt: number;
}

/** A stored deployment, as DORA reads it. */
export interface DoraDeploymentRow {
  entityRef: string;
  application: string;
  revision?: string;
  commit?: string;
  status?: string;
  /** When the sync finished, else started, ms. */
  at?: number;
  destinationCluster?: string;
  destinationNamespace?: string;
}

/** The earliest start of a run of a commit, for DORA's `firstRun` lead time. */
export interface FirstRunTime {
  entityRef: string;
  commit: string;
  startedAt: number;
}

/** One history row as the API returns it. */
export interface HistoryItem {
  /** The entity the row belongs to; only on `all()` (the query route is per entity). */
  entityRef?: string;
  cluster: string;
  source: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  startedAt?: string;
  finishedAt?: string;
  commit?: string;
  imageDigest?: string;
  live: boolean;
  /** Type-specific fields (failed step, revision, workload, ...). */
  details: Record<string, string | number>;
}

export interface HistoryQuery {
  entityRef: string;
  type: HistoryType;
  /** Inclusive bounds on the sort time (start, else finish), ms. */
  since?: number;
  until?: number;
  cursor?: string;
  limit: number;
  /**
   * Runs only: one kind (`PipelineRun`, `TaskRun`, `PipelineActivity`,
   * `Build`). Without it, every kind but `TaskRun` (a TaskRun is part of
   * its PipelineRun).
   */
  kind?: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  nextCursor?: string;
}

const TABLES: Record<HistoryType, string> = {
  pipelineRuns: 'portolan_history_runs',
  deployments: 'portolan_history_deployments',
  images: 'portolan_history_images',
};

const HEALTH_TABLE = 'portolan_history_health';

const COMMITS_TABLE = 'portolan_history_commits';

const MIGRATIONS_TABLE = 'portolan_knex_migrations';

function toMs(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function toIso(value: unknown): string | undefined {
  const ms = toMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function encodeCursor(sortAt: number, id: number): string {
  return Buffer.from(`${sortAt}:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { sortAt: number; id: number } {
  const match = /^(-?\d+):(\d+)$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) throw new InputError('cursor is not one this API returned');
  return { sortAt: Number(match[1]), id: Number(match[2]) };
}

function compactDetails(
  row: Record<string, unknown>,
  fields: Record<string, string>,
): Record<string, string | number> {
  const details: Record<string, string | number> = {};
  for (const [column, key] of Object.entries(fields)) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    details[key] =
      typeof value === 'number' || typeof value === 'string'
        ? value
        : String(value);
  }
  return details;
}

export class HistoryStore {
  /** Connects through the database service and migrates unless told not to. */
  static async create(database: DatabaseService): Promise<HistoryStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await HistoryStore.migrate(db);
    }
    return new HistoryStore(db);
  }

  static async migrate(db: Knex): Promise<void> {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@portolan/plugin-portolan-backend',
        'migrations',
      ),
      tableName: MIGRATIONS_TABLE,
    });
  }

  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** A cheap round trip, for health. */
  async ping(): Promise<void> {
    await this.db.raw('select 1');
  }

  async upsertRuns(records: readonly RunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const recordedAt = this.now();
    const rows = records.map(r => ({
      entity_ref: r.entityRef,
      cluster: r.cluster,
      uid: r.uid,
      source: r.source,
      kind: r.kind,
      namespace: r.namespace ?? null,
      name: r.name ?? null,
      status: r.status ?? null,
      started_at: r.startedAt ?? null,
      finished_at: r.finishedAt ?? null,
      sort_at: r.startedAt ?? r.finishedAt ?? recordedAt,
      commit: r.commit ?? null,
      image_digest: r.imageDigest ?? null,
      repository: r.repository ?? null,
      failed_step: r.failedStep ?? null,
      failure_reason: r.failureReason ?? null,
      exit_code: r.exitCode ?? null,
      log_tail: r.logTail ?? null,
      parent: r.parent ?? null,
      live: true,
      recorded_at: recordedAt,
    }));
    const t = TABLES.pipelineRuns;
    // A later sighting may lack what an earlier one captured (the pod and its
    // log are gone): keep the stored value then.
    const keep = (column: string) =>
      this.db.raw(`coalesce(excluded.??, ??.??)`, [column, t, column]);
    await this.db(t)
      .insert(rows)
      .onConflict(['entity_ref', 'cluster', 'uid'])
      .merge({
        status: this.db.raw('excluded.status'),
        started_at: keep('started_at'),
        finished_at: keep('finished_at'),
        sort_at: this.db.raw('excluded.sort_at'),
        commit: keep('commit'),
        image_digest: keep('image_digest'),
        repository: keep('repository'),
        failed_step: keep('failed_step'),
        failure_reason: keep('failure_reason'),
        exit_code: keep('exit_code'),
        log_tail: keep('log_tail'),
        parent: keep('parent'),
        live: true,
        recorded_at: recordedAt,
      });
  }

  async upsertDeployments(records: readonly DeploymentRecord[]): Promise<void> {
    if (records.length === 0) return;
    const recordedAt = this.now();
    const rows = records.map(r => ({
      entity_ref: r.entityRef,
      cluster: r.cluster,
      uid: r.uid,
      source: r.source,
      namespace: r.namespace ?? null,
      name: r.name ?? null,
      status: r.status ?? null,
      started_at: r.startedAt ?? null,
      finished_at: r.finishedAt ?? null,
      sort_at: r.finishedAt ?? r.startedAt ?? recordedAt,
      commit: r.commit ?? r.revision ?? null,
      image_digest: r.imageDigest ?? null,
      application: r.application,
      revision: r.revision ?? null,
      health: r.health ?? null,
      destination_cluster: r.destinationCluster ?? null,
      destination_namespace: r.destinationNamespace ?? null,
      live: true,
      recorded_at: recordedAt,
    }));
    const t = TABLES.deployments;
    const keep = (column: string) =>
      this.db.raw(`coalesce(excluded.??, ??.??)`, [column, t, column]);
    await this.db(t)
      .insert(rows)
      .onConflict(['entity_ref', 'cluster', 'uid'])
      .merge({
        status: keep('status'),
        started_at: keep('started_at'),
        finished_at: keep('finished_at'),
        sort_at: this.db.raw('excluded.sort_at'),
        health: keep('health'),
        live: true,
        recorded_at: recordedAt,
      });
  }

  /**
   * Records that an image digest runs in a workload: the first sighting sets
   * first_seen, every later one only moves last_seen forward.
   */
  async upsertImagePlacements(
    records: readonly ImagePlacementRecord[],
  ): Promise<void> {
    if (records.length === 0) return;
    const recordedAt = this.now();
    const rows = records.map(r => ({
      entity_ref: r.entityRef,
      cluster: r.cluster,
      uid: `${r.namespace}/${r.workload}@${r.imageDigest}`,
      source: r.source ?? 'pods',
      namespace: r.namespace,
      name: r.workload,
      workload: r.workload,
      image_digest: r.imageDigest,
      image: r.image ?? null,
      started_at: r.seenAt,
      sort_at: r.seenAt,
      first_seen: r.seenAt,
      last_seen: r.seenAt,
      live: true,
      recorded_at: recordedAt,
    }));
    const t = TABLES.images;
    await this.db(t)
      .insert(rows)
      .onConflict(['entity_ref', 'cluster', 'uid'])
      .merge({
        last_seen: this.db.raw(
          `case when excluded.last_seen > ??.last_seen then excluded.last_seen else ??.last_seen end`,
          [t, t],
        ),
        image: this.db.raw(`coalesce(excluded.image, ??.image)`, [t]),
        live: true,
        recorded_at: recordedAt,
      });
  }

  /**
   * Marks every live row of `type` on `cluster` whose uid is not in `present`
   * as gone (pruned or deleted from the cluster). Returns how many changed.
   */
  async markGone(
    type: HistoryType,
    cluster: string,
    present: ReadonlySet<string>,
  ): Promise<number> {
    const t = TABLES[type];
    const live: { id: number | string; uid: string }[] = await this.db(t)
      .select('id', 'uid')
      .where({ cluster, live: true });
    const gone = live.filter(r => !present.has(r.uid)).map(r => Number(r.id));
    let changed = 0;
    for (let i = 0; i < gone.length; i += 500) {
      // Each update is synchronous on SQLite: let the event loop in between.
      if (i > 0) await new Promise<void>(resolve => setImmediate(resolve));
      changed += await this.db(t)
        .whereIn('id', gone.slice(i, i + 500))
        .update({ live: false });
    }
    return changed;
  }

  async query(query: HistoryQuery): Promise<HistoryPage> {
    const t = TABLES[query.type];
    const limit = Math.max(1, Math.min(query.limit, 500));
    let q = this.db(t)
      .select('*')
      .where('entity_ref', query.entityRef)
      .orderBy([
        { column: 'sort_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (query.type === 'pipelineRuns') {
      q = query.kind
        ? q.where('kind', query.kind)
        : q.whereNot('kind', 'TaskRun');
    }
    if (query.since !== undefined) q = q.where('sort_at', '>=', query.since);
    if (query.until !== undefined) q = q.where('sort_at', '<=', query.until);
    if (query.cursor) {
      const { sortAt, id } = decodeCursor(query.cursor);
      q = q.where(b =>
        b
          .where('sort_at', '<', sortAt)
          .orWhere(b2 => b2.where('sort_at', '=', sortAt).where('id', '<', id)),
      );
    }
    const rows: Record<string, unknown>[] = await q;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(row => HistoryStore.toItem(query.type, row)),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor(Number(last.sort_at), Number(last.id))
          : undefined,
    };
  }

  /**
   * What DORA needs of entities' deployments: every deployment in the window
   * (`since`..`until` on `sort_at`, inclusive), and, from `lookbackFrom` up to
   * the window, only the syncs of the same Application to a revision it
   * deployed in the window (all that can tell a rollback from a deployment
   * there). Oldest first, only the columns DORA reads. The window comes from
   * the covering `…_dora` index; the syncs before it are probes by revision
   * (`…_revision`), not the whole lookback. Rows are matched on `revision`
   * (every writer sets `commit` from it).
   */
  async doraDeployments(
    entityRefs: readonly string[],
    lookbackFrom: number,
    since: number,
    until: number,
  ): Promise<DoraDeploymentRow[]> {
    if (entityRefs.length === 0) return [];
    const t = TABLES.deployments;
    const columns = [
      'entity_ref',
      'application',
      'revision',
      'commit',
      'status',
      'started_at',
      'finished_at',
      'destination_cluster',
      'destination_namespace',
    ];
    const order = [
      { column: 'sort_at', order: 'asc' as const },
      { column: 'id', order: 'asc' as const },
    ];
    const inWindow: Record<string, unknown>[] = await this.db(t)
      .select(columns)
      .whereIn('entity_ref', entityRefs)
      .whereBetween('sort_at', [since, until])
      .orderBy(order);
    const before: Record<string, unknown>[] =
      inWindow.length === 0
        ? []
        : await this.db
            .from(this.byRevision(t, 'portolan_history_deployments_revision'))
            .select(columns)
            .whereIn(
              'revision',
              this.deployedRevisions(entityRefs, since, until),
            )
            .whereIn('entity_ref', entityRefs)
            .where('sort_at', '>=', lookbackFrom)
            .where('sort_at', '<', since)
            .orderBy(order);
    const key = (row: Record<string, unknown>) =>
      `${row.entity_ref}\u0000${row.application}\u0000${row.revision}`;
    const deployed = new Set(inWindow.map(key));
    return [...before.filter(row => deployed.has(key(row))), ...inWindow].map(
      row => ({
        entityRef: String(row.entity_ref),
        application: String(row.application),
        revision: (row.revision as string | null) ?? undefined,
        commit: (row.commit as string | null) ?? undefined,
        status: (row.status as string | null) ?? undefined,
        at: toMs(row.finished_at) ?? toMs(row.started_at),
        destinationCluster:
          (row.destination_cluster as string | null) ?? undefined,
        destinationNamespace:
          (row.destination_namespace as string | null) ?? undefined,
      }),
    );
  }

  /**
   * The earliest start of a run of each commit deployed in the window by any
   * of the entities, per entity, among runs whose `sort_at` is from
   * `lookbackFrom` to `until` (inclusive): aggregated by the database, probed
   * by commit (`portolan_history_runs_commit`, covering).
   */
  async firstRunTimes(
    entityRefs: readonly string[],
    lookbackFrom: number,
    since: number,
    until: number,
  ): Promise<FirstRunTime[]> {
    if (entityRefs.length === 0) return [];
    const rows: Array<{
      entity_ref: string;
      commit: string;
      started: unknown;
    }> = await this.db(TABLES.pipelineRuns)
      .select('entity_ref', 'commit')
      .min({ started: 'started_at' })
      .whereIn('commit', this.deployedRevisions(entityRefs, since, until))
      .whereIn('entity_ref', entityRefs)
      .whereBetween('sort_at', [lookbackFrom, until])
      .where('commit', '<>', '')
      .whereNotNull('started_at')
      .groupBy('entity_ref', 'commit');
    return rows.map(row => ({
      entityRef: String(row.entity_ref),
      commit: String(row.commit),
      startedAt: Number(row.started),
    }));
  }

  /**
   * The table, read through its by-revision index: SQLite, without the
   * statistics nothing runs ANALYZE for on a Backstage database, would
   * otherwise pick the (entity, time) index and read the whole lookback.
   * PostgreSQL chooses by its statistics.
   */
  private byRevision(table: string, index: string): Knex.Raw | string {
    const client = String(this.db.client.config.client);
    return client.includes('sqlite')
      ? this.db.raw('?? indexed by ??', [table, index])
      : table;
  }

  /** The revisions entities deployed in a window, as a subquery. */
  private deployedRevisions(
    entityRefs: readonly string[],
    since: number,
    until: number,
  ): Knex.QueryBuilder {
    return this.db(TABLES.deployments)
      .select('revision')
      .whereIn('entity_ref', entityRefs)
      .whereBetween('sort_at', [since, until])
      .whereNotNull('revision');
  }

  /**
   * Records health states; a state already stored keeps the earliest time
   * any sighting gave it.
   */
  async upsertHealth(records: readonly HealthRecord[]): Promise<void> {
    if (records.length === 0) return;
    const recordedAt = this.now();
    const rows = records.map(r => ({
      entity_ref: r.entityRef,
      cluster: r.cluster,
      uid: `${r.namespace}/${r.application}#${r.deploymentId}:${
        r.restored ? 'restored' : r.health
      }`,
      application: r.application,
      namespace: r.namespace,
      destination_cluster: r.destinationCluster ?? null,
      destination_namespace: r.destinationNamespace ?? null,
      health: r.health,
      revision: r.revision ?? null,
      at: r.at,
      recorded_at: recordedAt,
    }));
    const t = HEALTH_TABLE;
    await this.db(t)
      .insert(rows)
      .onConflict(['entity_ref', 'cluster', 'uid'])
      .merge({
        at: this.db.raw(
          `case when excluded.at < ??.at then excluded.at else ??.at end`,
          [t, t],
        ),
        recorded_at: recordedAt,
      });
  }

  /**
   * Health states of entities' Applications in a window, oldest first
   * (the covering `portolan_history_health_dora` index).
   */
  async healthEvents(
    entityRefs: readonly string[],
    since: number,
    until: number,
  ): Promise<HealthEvent[]> {
    if (entityRefs.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.db(HEALTH_TABLE)
      .select(
        'entity_ref',
        'cluster',
        'application',
        'health',
        'at',
        'destination_cluster',
        'destination_namespace',
      )
      .whereIn('entity_ref', entityRefs)
      .whereBetween('at', [since, until])
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(row => ({
      entityRef: String(row.entity_ref),
      cluster: String(row.cluster),
      application: String(row.application),
      health: String(row.health),
      at: Number(row.at),
      destinationCluster:
        (row.destination_cluster as string | null) ?? undefined,
      destinationNamespace:
        (row.destination_namespace as string | null) ?? undefined,
    }));
  }

  /** What was last learnt about a commit of a repository, if it was asked about. */
  async getCommit(
    repository: string,
    sha: string,
  ): Promise<CommitRecord | undefined> {
    const row = await this.db(COMMITS_TABLE)
      .select('outcome', 'committed_at', 'checked_at')
      .where({ repository, sha: sha.toLowerCase() })
      .first();
    if (!row) return undefined;
    return {
      repository,
      sha: sha.toLowerCase(),
      outcome: row.outcome as CommitRecord['outcome'],
      committedAt: toMs(row.committed_at),
      checkedAt: Number(row.checked_at),
    };
  }

  /**
   * Records what the SCM said about a commit. A `found` answer is final: a
   * later `error` (or `unknown`) for the same commit does not overwrite it.
   */
  async putCommit(record: CommitRecord): Promise<void> {
    const t = COMMITS_TABLE;
    await this.db(t)
      .insert({
        repository: record.repository,
        sha: record.sha.toLowerCase(),
        outcome: record.outcome,
        committed_at: record.committedAt ?? null,
        checked_at: record.checkedAt,
      })
      .onConflict(['repository', 'sha'])
      .merge({
        outcome: this.db.raw(
          `case when ??.outcome = 'found' then ??.outcome else excluded.outcome end`,
          [t, t],
        ),
        committed_at: this.db.raw(
          `coalesce(??.committed_at, excluded.committed_at)`,
          [t],
        ),
        checked_at: this.db.raw('excluded.checked_at'),
      });
  }

  /**
   * SCM commit times of revisions (full SHAs, any case), by the revision as
   * given: any repository's answer for a SHA is that commit's time.
   */
  async commitTimes(revisions: Iterable<string>): Promise<Map<string, number>> {
    const byLower = new Map<string, string[]>();
    for (const r of revisions) {
      if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i.test(r)) continue;
      const lower = r.toLowerCase();
      byLower.set(lower, [...(byLower.get(lower) ?? []), r]);
    }
    const out = new Map<string, number>();
    const shas = [...byLower.keys()];
    for (let i = 0; i < shas.length; i += 500) {
      const rows: Array<{ sha: string; committed_at: unknown }> = await this.db(
        COMMITS_TABLE,
      )
        .select('sha', 'committed_at')
        .whereIn('sha', shas.slice(i, i + 500))
        .whereNotNull('committed_at');
      for (const row of rows) {
        const at = toMs(row.committed_at);
        if (at === undefined) continue;
        for (const r of byLower.get(row.sha) ?? []) out.set(r, at);
      }
    }
    return out;
  }

  /** Whether the demo seeder already wrote this entity's past (`seed:` uids). */
  async hasSeededRows(entityRef: string): Promise<boolean> {
    const row = await this.db(TABLES.deployments)
      .select('id')
      .where('entity_ref', entityRef)
      .where('uid', 'like', 'seed:%')
      .first();
    return row !== undefined;
  }

  /** Deletes rows that ended before `before` (ms). Returns how many. */
  async prune(before: number): Promise<number> {
    let deleted = 0;
    deleted += await this.db(TABLES.pipelineRuns)
      .where('sort_at', '<', before)
      .where(b =>
        b.whereNull('finished_at').orWhere('finished_at', '<', before),
      )
      .delete();
    deleted += await this.db(TABLES.deployments)
      .where('sort_at', '<', before)
      .delete();
    deleted += await this.db(HEALTH_TABLE).where('at', '<', before).delete();
    // A commit asked about before the cut-off: its deployments are gone too
    // (one deployed again later is asked about again).
    deleted += await this.db(COMMITS_TABLE)
      .where('checked_at', '<', before)
      .delete();
    deleted += await this.db(TABLES.images)
      .where('last_seen', '<', before)
      .where('live', false)
      .delete();
    return deleted;
  }

  private static toItem(
    type: HistoryType,
    row: Record<string, unknown>,
  ): HistoryItem {
    const item: HistoryItem = {
      cluster: String(row.cluster),
      source: String(row.source),
      namespace: (row.namespace as string | null) ?? undefined,
      name: (row.name as string | null) ?? undefined,
      status: (row.status as string | null) ?? undefined,
      startedAt: toIso(row.started_at),
      finishedAt: toIso(row.finished_at),
      commit: (row.commit as string | null) ?? undefined,
      imageDigest: (row.image_digest as string | null) ?? undefined,
      live: Boolean(row.live),
      details: {},
    };
    if (type === 'pipelineRuns') {
      item.kind = String(row.kind);
      item.details = compactDetails(row, {
        repository: 'repository',
        failed_step: 'failedStep',
        failure_reason: 'failureReason',
        exit_code: 'exitCode',
        log_tail: 'logTail',
        parent: 'parent',
      });
    } else if (type === 'deployments') {
      item.kind = 'Application';
      item.details = compactDetails(row, {
        application: 'application',
        revision: 'revision',
        health: 'health',
        destination_cluster: 'destinationCluster',
        destination_namespace: 'destinationNamespace',
      });
    } else {
      item.startedAt = toIso(row.first_seen);
      item.finishedAt = row.live ? undefined : toIso(row.last_seen);
      item.details = compactDetails(row, {
        workload: 'workload',
        image: 'image',
      });
      const lastSeen = toIso(row.last_seen);
      if (lastSeen) item.details.lastSeen = lastSeen;
    }
    return item;
  }
}
