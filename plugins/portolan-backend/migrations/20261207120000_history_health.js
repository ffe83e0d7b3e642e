/*
 * Application health over time (issue 17: time to restore). One row per
 * (Application, the deployment it ran, health state), with the first time any
 * replica saw that state: a second replica or a restart upserts the same row
 * and can only move `at` earlier. Times are milliseconds since the epoch.
 * Also: runs get `parent` (a TaskRun's PipelineRun), and an index to list
 * runs of one kind.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('portolan_history_health', t => {
    t.bigIncrements('id').primary();
    t.string('entity_ref', 255).notNullable();
    t.string('cluster', 255).notNullable();
    t.string('uid', 255).notNullable();
    t.string('application', 255).notNullable();
    t.string('namespace', 255);
    t.string('destination_cluster', 255);
    t.string('destination_namespace', 255);
    t.string('health', 64).notNullable();
    t.string('revision', 255);
    t.bigInteger('at').notNullable();
    t.bigInteger('recorded_at').notNullable();
    t.unique(['entity_ref', 'cluster', 'uid'], {
      indexName: 'portolan_history_health_key',
    });
    t.index(['entity_ref', 'at'], 'portolan_history_health_entity');
    t.index(['at'], 'portolan_history_health_at');
  });
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.string('parent', 255);
    t.index(
      ['entity_ref', 'kind', 'sort_at', 'id'],
      'portolan_history_runs_kind',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('portolan_history_runs', t => {
    t.dropIndex(
      ['entity_ref', 'kind', 'sort_at', 'id'],
      'portolan_history_runs_kind',
    );
    t.dropColumn('parent');
  });
  await knex.schema.dropTable('portolan_history_health');
};
