/*
 * DORA over a fleet without reading every service's 400-day lookback
 * (issue 17, `GET /dora`): syncs before the window are read only for the
 * revisions deployed in the window (to tell a rollback from a deployment),
 * and pipeline runs only for those commits (their first run). Both are
 * probes by revision, served by these indexes; the window itself is still
 * read through the covering `…_dora` indexes. The entity comes after the
 * time on purpose: a probe is one revision's few rows, the entity checked
 * on the index entry; as the second column a fleet's list of entities
 * would multiply every probe by the number of services.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('portolan_history_deployments', t => {
    t.index(
      ['revision', 'sort_at', 'entity_ref'],
      'portolan_history_deployments_revision',
    );
  });
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.index(
      ['commit', 'sort_at', 'entity_ref', 'started_at'],
      'portolan_history_runs_commit',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.dropIndex([], 'portolan_history_runs_commit');
  });
  await knex.schema.alterTable('portolan_history_deployments', t => {
    t.dropIndex([], 'portolan_history_deployments_revision');
  });
};
