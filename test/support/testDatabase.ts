import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';
import { openPgliteDatabase } from '../../src/store/pgliteDatabase.js';
import { openPostgresDatabase } from '../../src/store/postgresDatabase.js';

/**
 * The databases the store's tests run against: the embedded PGlite always, and a real PostgreSQL when
 * TEST_DATABASE_URL is set. With CI=true a missing TEST_DATABASE_URL fails the PostgreSQL suite instead
 * of skipping it, so CI cannot pass without it.
 */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** a fresh, migrated database of its own; close() drops it */
  open(): Promise<Database>;
  available: boolean;
}

let template: Promise<Blob> | undefined;

/**
 * initdb costs PGlite about 8 s; a migrated data directory loads in about 0.4 s. The run's global setup
 * makes one (JUHE_PGLITE_TEMPLATE); a test run without it (one file from an editor) makes its own.
 */
function pgliteTemplate(): Promise<Blob> {
  const prepared = process.env.JUHE_PGLITE_TEMPLATE;
  if (prepared && template === undefined) template = Promise.resolve(new Blob([readFileSync(prepared)]));
  template ??= (async () => {
    const db = await openPgliteDatabase();
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('none');
    await db.close();
    return dump;
  })();
  return template;
}

export async function openTestPglite(): Promise<Database> {
  return openPgliteDatabase({ template: await pgliteTemplate() });
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/** A new database on the test server, migrated, dropped again on close. */
export async function openTestPostgres(
  url: string = TEST_DATABASE_URL ?? '',
): Promise<Database & { url: string }> {
  if (url === '') {
    throw new Error(
      'TEST_DATABASE_URL is not set: with CI=true the PostgreSQL suite must run, not be skipped',
    );
  }
  const name = `juhe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await openPostgresDatabase(dbUrl.toString());
  await migrate(db);
  return {
    ...db,
    url: dbUrl.toString(),
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export const DATABASE_TARGETS: DatabaseTarget[] = [
  { name: 'pglite', open: openTestPglite, available: true },
  {
    name: 'postgres',
    open: () => openTestPostgres(),
    // under CI the suite runs and fails loudly when the URL is missing
    available: TEST_DATABASE_URL !== undefined || process.env.CI === 'true',
  },
];
