/*
 * Delivery history tables (issue 17). Plain JavaScript so the migration ships
 * with the package unbuilt and runs on SQLite and PostgreSQL alike.
 * Times are milliseconds since the epoch (bigint) so ordering and cursors
 * compare the same way on both engines.
 *
 * Every table is keyed by (entity_ref, cluster, uid): a relist, a restart or a
 * second replica upserts the same row instead of adding one. The
 * (entity_ref, sort_at, id) index serves "one entity over a window, newest
 * first, cursor paging" without a sort.
 */

/** @param {import('knex').Knex.CreateTableBuilder} t */
function common(t) {
  t.bigIncrements('id').primary();
  t.string('entity_ref', 255).notNullable();
  t.string('cluster', 255).notNullable();
  t.string('uid', 255).notNullable();
  t.string('source', 32).notNullable();
  t.string('namespace', 255);
  t.string('name', 255);
  t.string('status', 64);
  t.bigInteger('started_at');
  t.bigInteger('finished_at');
  t.bigInteger('sort_at').notNullable();
  t.string('commit', 255);
  t.string('image_digest', 255);
  t.boolean('live').notNullable().defaultTo(true);
  t.bigInteger('recorded_at').notNullable();
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('portolan_history_runs', t => {
    common(t);
    t.string('kind', 64).notNullable();
    t.string('repository', 1024);
    t.string('failed_step', 255);
    t.string('failure_reason', 1024);
    t.integer('exit_code');
    t.text('log_tail');
    t.unique(['entity_ref', 'cluster', 'uid'], {
      indexName: 'portolan_history_runs_key',
    });
    t.index(['entity_ref', 'sort_at', 'id'], 'portolan_history_runs_entity');
    t.index(['cluster', 'live'], 'portolan_history_runs_cluster_live');
    t.index(['sort_at'], 'portolan_history_runs_sort_at');
  });
  await knex.schema.createTable('portolan_history_deployments', t => {
    common(t);
    t.string('application', 255).notNullable();
    t.string('revision', 255);
    t.string('health', 64);
    t.string('destination_cluster', 255);
    t.string('destination_namespace', 255);
    t.unique(['entity_ref', 'cluster', 'uid'], {
      indexName: 'portolan_history_deployments_key',
    });
    t.index(
      ['entity_ref', 'sort_at', 'id'],
      'portolan_history_deployments_entity',
    );
    t.index(['cluster', 'live'], 'portolan_history_deployments_cluster_live');
    t.index(['sort_at'], 'portolan_history_deployments_sort_at');
  });
  await knex.schema.createTable('portolan_history_images', t => {
    common(t);
    t.string('workload', 255).notNullable();
    t.string('image', 1024);
    t.bigInteger('first_seen').notNullable();
    t.bigInteger('last_seen').notNullable();
    t.unique(['entity_ref', 'cluster', 'uid'], {
      indexName: 'portolan_history_images_key',
    });
    t.index(['entity_ref', 'sort_at', 'id'], 'portolan_history_images_entity');
    t.index(['cluster', 'live'], 'portolan_history_images_cluster_live');
    t.index(['last_seen'], 'portolan_history_images_last_seen');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('portolan_history_images');
  await knex.schema.dropTable('portolan_history_deployments');
  await knex.schema.dropTable('portolan_history_runs');
};
