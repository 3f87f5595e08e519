import pg from 'pg';
import type { Database, SqlClient, SqlResult } from './database.js';

/** PostgreSQL through a `pg` pool: production, shared by every instance of the app. */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // a database that does not answer must fail a lookup quickly, not hold it for minutes
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client's connection dropping (a restart of PostgreSQL) must not crash the process: the
  // next query gets a fresh connection, or a clear error.
  pool.on('error', () => {});
  const description = describePostgresUrl(connectionString);
  const client = (runner: pg.Pool | pg.PoolClient): SqlClient => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await runner.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 } satisfies SqlResult<Row>;
    },
  });
  const database: Database = {
    kind: 'postgres',
    description,
    jobConnection: { kind: 'postgres', connectionString },
    ...client(pool),
    // the pool serves whoever asks first; acks do not queue behind a burst's writes here
    urgent: client(pool),
    async transaction(work) {
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const result = await work(client(connection));
        await connection.query('COMMIT');
        connection.release();
        return result;
      } catch (error) {
        // a connection whose ROLLBACK failed is broken: destroyed, not handed to the next caller
        const rollbackFailure = await connection.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: Error) => rollbackError,
        );
        connection.release(rollbackFailure);
        throw error;
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async close() {
      await pool.end();
    },
  };
  await database.query('select 1');
  return database;
}

/** host, port and database name of a connection string, never the user's password. */
export function describePostgresUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a URL)';
  }
}
