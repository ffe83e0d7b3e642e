/*
 * Covering indexes for DORA and the history route (issue 17: one service
 * over a window at 1 M rows). Each index starts with (entity_ref, time, id)
 * — the order the reads ask for, so SQLite picks it without statistics — and
 * then holds every other column the DORA read of that table selects: one
 * service's window is one contiguous index range, read without visiting the
 * table rows (SQLite uses a covering index by itself; PostgreSQL answers
 * with an index-only scan once (auto)vacuum has set the visibility map).
 * They replace the (entity_ref, sort_at, id) / (entity_ref, at) indexes of
 * the first migrations, which are their prefixes.
 * Plain composite indexes, not PostgreSQL's INCLUDE, so SQLite has them too.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('portolan_history_deployments', t => {
    t.index(
      [
        'entity_ref',
        'sort_at',
        'id',
        'application',
        'revision',
        'commit',
        'status',
        'started_at',
        'finished_at',
        'destination_cluster',
        'destination_namespace',
      ],
      'portolan_history_deployments_dora',
    );
    t.dropIndex([], 'portolan_history_deployments_entity');
  });
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.index(
      ['entity_ref', 'sort_at', 'id', 'kind', 'commit', 'started_at'],
      'portolan_history_runs_dora',
    );
    t.dropIndex([], 'portolan_history_runs_entity');
  });
  await knex.schema.alterTable('portolan_history_health', t => {
    t.index(
      [
        'entity_ref',
        'at',
        'id',
        'application',
        'health',
        'cluster',
        'destination_cluster',
        'destination_namespace',
      ],
      'portolan_history_health_dora',
    );
    t.dropIndex([], 'portolan_history_health_entity');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('portolan_history_health', t => {
    t.index(['entity_ref', 'at'], 'portolan_history_health_entity');
    t.dropIndex([], 'portolan_history_health_dora');
  });
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.index(['entity_ref', 'sort_at', 'id'], 'portolan_history_runs_entity');
    t.dropIndex([], 'portolan_history_runs_dora');
  });
  await knex.schema.alterTable('portolan_history_deployments', t => {
    t.index(
      ['entity_ref', 'sort_at', 'id'],
      'portolan_history_deployments_entity',
    );
    t.dropIndex([], 'portolan_history_deployments_dora');
  });
};
