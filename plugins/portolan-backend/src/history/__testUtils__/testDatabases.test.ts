import { TEST_ENGINES, findPostgresBin, testDatabases } from './testDatabases';

describe('testDatabases', () => {
  const dbs = testDatabases();

  it('finds the PostgreSQL binaries (install the Debian postgresql package if this fails)', () => {
    expect(findPostgresBin()).toMatch(/bin$/);
  });

  it.each(TEST_ENGINES)(
    '%s: stores and reads back a row',
    async engine => {
      const db = await dbs.create(engine);
      await db.schema.createTable('probe', t => {
        t.string('id').primary();
        t.integer('n');
      });
      await db('probe').insert({ id: 'a', n: 1 });
      await db('probe').insert({ id: 'a', n: 2 }).onConflict('id').merge();
      expect(await db('probe').select('id', 'n')).toEqual([{ id: 'a', n: 2 }]);
      const client = db.client.config.client;
      expect(client).toBe(engine === 'sqlite' ? 'better-sqlite3' : 'pg');
    },
    60_000,
  );
});
