import { mkdirSync } from 'node:fs';
import { type Database, DatabaseUnavailableError, databaseErrorReason } from './database.js';
import { openMemoryDatabase } from './memoryTemplate.js';
import { migrate } from './migrations.js';
import { openPgliteDatabase } from './pgliteDatabase.js';
import { describePostgresUrl, openPostgresDatabase } from './postgresDatabase.js';

/** Where the compliance record lives (docs/design.md § The compliance record). */
export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' };

/**
 * Opens the database and brings its schema up to date. Throws DatabaseUnavailableError (unreachable,
 * refused, corrupt) or SchemaTooNewError, each with a message fit for one line on stderr.
 */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  let database: Database;
  const description =
    location.kind === 'postgres'
      ? describePostgresUrl(location.url)
      : location.kind === 'pglite'
        ? `embedded PostgreSQL in ${location.dataDir}`
        : 'embedded PostgreSQL in memory';
  try {
    if (location.kind === 'postgres') database = await openPostgresDatabase(location.url);
    else if (location.kind === 'pglite') {
      mkdirSync(location.dataDir, { recursive: true, mode: 0o700 });
      database = await openPgliteDatabase({ dataDir: location.dataDir });
    } else database = await openMemoryDatabase();
  } catch (error) {
    throw new DatabaseUnavailableError(description, databaseErrorReason(error), { cause: error });
  }
  try {
    await migrate(database);
  } catch (error) {
    await database.close().catch(() => {});
    if (error instanceof Error && error.name === 'SchemaTooNewError') throw error;
    throw new DatabaseUnavailableError(description, `migration failed: ${databaseErrorReason(error)}`, {
      cause: error,
    });
  }
  return database;
}
