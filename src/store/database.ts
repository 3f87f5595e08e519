/**
 * The one way the app talks to its database, whichever it is: PostgreSQL through `pg` (DATABASE_URL) or
 * the embedded PGlite (DATA_DIR, or in memory). Both run the same SQL; stores take a `SqlClient` and never
 * know which.
 */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/** How the job engine (pg-boss) reaches the same database: its own pool, or PGlite's one connection. */
export type JobConnection =
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'pglite'; pglite: import('@electric-sql/pglite').PGlite };

export interface Database extends SqlClient {
  readonly kind: 'postgres' | 'pglite';
  /** where it lives, for logs and messages: never a password */
  readonly description: string;
  /**
   * Queries that go ahead of the work already waiting for the database: what Slack's 3 s ack waits for
   * (the request receipt). On PGlite's one connection a burst of lookups queues every query behind every
   * other; on PostgreSQL's pool this is the pool itself.
   */
  readonly urgent: SqlClient;
  /** runs `work` in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  readonly jobConnection: JobConnection;
  /** a multi-statement script without parameters (migrations) */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

/** The database could not be reached or answered with an error: billed lookups must stop. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly description: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`the database (${description}) is unavailable: ${reason}`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** A short reason from a driver error, without values from the query. */
export function databaseErrorReason(error: unknown): string {
  const record = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (Array.isArray(record.errors) && record.errors.length > 0) return databaseErrorReason(record.errors[0]);
  const code = typeof record.code === 'string' ? record.code : undefined;
  const message = (typeof record.message === 'string' ? record.message : String(error)).split('\n')[0] ?? '';
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
