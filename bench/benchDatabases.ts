import type { Database } from '../src/store/database.js';
import { databaseErrorReason } from '../src/store/database.js';
import { openTestPglite, openTestPostgres } from '../test/support/testDatabase.js';
import type { BenchRow } from './measure.js';
import { describeUrl, probe, skippedRow } from './recordBench.js';

/** What one benchmark measured on one database: latency rows and the cells of its own table. */
export interface DatabaseResult {
  rows: BenchRow[];
  cells: string[][];
}

/** PostgreSQL only when asked for: the runs that use this are minutes long on each database. */
function postgresUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim() || undefined;
}

/**
 * `benchOn` on the embedded PGlite, then on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL)
 * names one that answers; a PostgreSQL not asked for, not reachable or failing is a skipped row saying
 * why. `where` is the PostgreSQL measured, for the footnote (no password).
 */
export async function onEachBenchDatabase(
  benchOn: (label: string, database: Database) => Promise<DatabaseResult>,
): Promise<DatabaseResult & { where: string | undefined }> {
  const rows: BenchRow[] = [];
  const cells: string[][] = [];
  const pglite = await benchOn('PGlite', await openTestPglite());
  rows.push(...pglite.rows);
  cells.push(...pglite.cells);

  const url = postgresUrl();
  const where = url === undefined ? undefined : describeUrl(url);
  const unreachable = url === undefined ? undefined : await probe(url);
  if (url === undefined) {
    rows.push(skippedRow('PostgreSQL', 'set BENCH_DATABASE_URL or TEST_DATABASE_URL to run it'));
  } else if (unreachable !== undefined) {
    rows.push(skippedRow('PostgreSQL', `cannot connect to ${where} (${unreachable})`));
  } else {
    try {
      const postgres = await benchOn('PostgreSQL', await openTestPostgres(url));
      rows.push(...postgres.rows);
      cells.push(...postgres.cells);
    } catch (error) {
      rows.push(skippedRow('PostgreSQL', `${where}: ${databaseErrorReason(error)}`));
    }
  }
  return { rows, cells, where };
}
