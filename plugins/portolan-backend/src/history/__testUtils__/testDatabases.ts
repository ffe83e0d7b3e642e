/*
 * Test databases for the history store: an in-process SQLite (better-sqlite3)
 * and a real, throwaway PostgreSQL cluster started from Debian's binaries on a
 * free loopback port. Owns: finding the binaries, initdb/pg_ctl, one fresh
 * database per test, stopping and deleting the cluster afterwards.
 * Must never: touch a PostgreSQL it did not start, listen beyond 127.0.0.1,
 * or quietly skip PostgreSQL when it is missing (the test fails with the reason).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { type Knex } from 'knex';

const run = promisify(execFile);

/** The apt package that provides the binaries this fixture needs. */
export const POSTGRES_APT_PACKAGE = 'postgresql';

/** Finds the directory holding initdb and pg_ctl, or says why it cannot. */
export function findPostgresBin(): string {
  const fromEnv = process.env.PORTOLAN_POSTGRES_BIN;
  if (fromEnv) {
    if (existsSync(join(fromEnv, 'initdb'))) return fromEnv;
    throw new Error(
      `PORTOLAN_POSTGRES_BIN=${fromEnv} has no initdb; unset it or point it at PostgreSQL's bin directory`,
    );
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(v => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(root, versions[0], 'bin');
  throw new Error(
    `PostgreSQL binaries not found under ${root}/<version>/bin: the history store tests need a real PostgreSQL. ` +
      `Install the Debian package: apt-get install -y ${POSTGRES_APT_PACKAGE} (./portolan test and CI must install it).`,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running throwaway PostgreSQL cluster. */
export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** A connection to a new, empty database on this cluster. */
  createDatabase(): Promise<Knex>;
  /** Closes every connection handed out, stops the server, deletes its files. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL in a temporary directory. PostgreSQL refuses to run as
 * root, so as root the server runs as the `postgres` system user.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'portolan-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const exec = async (file: string, args: string[]) => {
    const command = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, file), ...args]]
      : [join(bin, file), args];
    try {
      await run(command[0] as string, command[1] as string[], {
        timeout: 60_000,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(
        `${file} failed: ${
          err.stderr?.trim() || err.message
        } (PostgreSQL from ${bin})`,
      );
    }
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error(
        `running as root but there is no 'postgres' user to run PostgreSQL as; install the ${POSTGRES_APT_PACKAGE} package`,
      );
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const user = 'portolan';
  const port = await freePort();
  await exec('initdb', [
    '-D',
    data,
    '-U',
    user,
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  await exec('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);

  const host = '127.0.0.1';
  const handedOut: Knex[] = [];
  const admin = knexFactory({
    client: 'pg',
    connection: { host, port, user, database: 'postgres' },
    pool: { min: 0, max: 2 },
  });
  let next = 0;
  return {
    host,
    port,
    user,
    async createDatabase() {
      next += 1;
      const database = `portolan_test_${process.pid}_${next}`;
      await admin.raw('CREATE DATABASE ??', [database]);
      const db = knexFactory({
        client: 'pg',
        connection: { host, port, user, database },
        pool: { min: 0, max: 5 },
      });
      handedOut.push(db);
      return db;
    },
    async stop() {
      await Promise.all(handedOut.map(db => db.destroy()));
      await admin.destroy();
      try {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** An in-process SQLite database, as Backstage's default config gives. */
export function createTestSqlite(): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
}

/** Which engines every store test runs on. */
export const TEST_ENGINES = ['sqlite', 'postgres'] as const;
export type TestEngine = (typeof TEST_ENGINES)[number];

/**
 * Per test file: `const dbs = testDatabases(); ...
 * describe.each(TEST_ENGINES)('%s', engine => { const db = await dbs.create(engine) })`.
 * PostgreSQL starts once per file (lazily) and stops in afterAll.
 */
export function testDatabases(): { create(engine: TestEngine): Promise<Knex> } {
  let postgres: Promise<TestPostgres> | undefined;
  const sqlites: Knex[] = [];
  afterAll(async () => {
    await Promise.all(sqlites.map(db => db.destroy()));
    if (postgres) await (await postgres).stop();
  }, 60_000);
  return {
    async create(engine) {
      if (engine === 'sqlite') {
        const db = createTestSqlite();
        sqlites.push(db);
        return db;
      }
      postgres ??= startTestPostgres();
      return (await postgres).createDatabase();
    },
  };
}
