/*
 * Commit times from the SCM (issue 17: lead time with `basis: commit`). One
 * row per (repository, sha) Portolan asked about, so the SCM is asked once:
 * `outcome` is `found` (with `committed_at`, the committer date, ms since
 * the epoch), `unknown` (the SCM has no such commit, or no integration can
 * be asked: not asked again) or `error` (a timeout, a 5xx, a rate limit:
 * asked again after a while, `checked_at` tells when it was last asked).
 * `repository` is Portolan's repository key (`github.com/acme/shop`, or
 * `file://` and an absolute path for a local repository): never a URL with
 * credentials in it. The (sha, committed_at) index serves DORA, which looks
 * commit times up by the deployed revision (a full SHA names one commit,
 * whichever repository answered).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('portolan_history_commits', t => {
    t.bigIncrements('id').primary();
    t.string('repository', 1024).notNullable();
    t.string('sha', 64).notNullable();
    t.string('outcome', 16).notNullable();
    t.bigInteger('committed_at');
    t.bigInteger('checked_at').notNullable();
    t.unique(['repository', 'sha'], {
      indexName: 'portolan_history_commits_key',
    });
    t.index(['sha', 'committed_at'], 'portolan_history_commits_sha');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('portolan_history_commits');
};
