import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database, JobConnection, SqlClient } from '../src/store/database.js';

/** pg-boss's application_name (src/jobs/jobEngine.ts): how its PostgreSQL connections are told apart. */
const JOB_APPLICATION_NAME = 'juhe-risk-slack jobs';

/** What went to the database since the last reset. */
export interface QueryCounts {
  /** the app's statements outside transactions: `database.query` */
  queries: number;
  /** the app's transactions: `database.transaction` (each adds BEGIN and COMMIT on the wire) */
  transactions: number;
  /** the app's statements inside transactions: `tx.query` */
  transactionQueries: number;
  /** pg-boss's own statements (polling, fetching, completing, maintenance), through its own connection */
  jobStatements: number;
}

/**
 * A Database that counts what the app asks of it, and the job connection it hands pg-boss. On PGlite
 * pg-boss gets a counting proxy of the PGlite instance (every query/exec/transaction call on it); on
 * PostgreSQL pg-boss opens its own pool from the connection string, so its statements are counted on
 * `pg.Client.prototype.query` by application_name while `install()` is in force.
 */
export interface CountingDatabase {
  database: Database;
  counts(): QueryCounts;
  reset(): void;
  /** stops counting pg-boss on PostgreSQL (restores pg.Client.prototype.query) */
  uninstall(): void;
}

export function countingDatabase(inner: Database): CountingDatabase {
  const counts: QueryCounts = { queries: 0, transactions: 0, transactionQueries: 0, jobStatements: 0 };
  const countingTx = (tx: SqlClient): SqlClient => ({
    query(sql, params) {
      counts.transactionQueries++;
      return tx.query(sql, params);
    },
  });

  let uninstall = () => {};
  let jobConnection: JobConnection = inner.jobConnection;
  if (inner.jobConnection.kind === 'pglite') {
    jobConnection = { kind: 'pglite', pglite: countingPglite(inner.jobConnection.pglite, counts) };
  } else {
    uninstall = countPgClientStatements(counts);
  }

  const database: Database = {
    kind: inner.kind,
    description: inner.description,
    jobConnection,
    query(sql, params) {
      counts.queries++;
      return inner.query(sql, params);
    },
    urgent: {
      query(sql, params) {
        counts.queries++;
        return inner.urgent.query(sql, params);
      },
    },
    transaction(work) {
      counts.transactions++;
      return inner.transaction((tx) => work(countingTx(tx)));
    },
    exec: (script) => inner.exec(script),
    close: () => inner.close(),
  };
  return {
    database,
    counts: () => ({ ...counts }),
    reset() {
      counts.queries = 0;
      counts.transactions = 0;
      counts.transactionQueries = 0;
      counts.jobStatements = 0;
    },
    uninstall,
  };
}

const PGLITE_CALLS = new Set<PropertyKey>(['query', 'exec', 'transaction', 'sql']);

/** The PGlite instance as pg-boss sees it: its calls counted, everything else passed through. */
function countingPglite(pglite: PGlite, counts: QueryCounts): PGlite {
  return new Proxy(pglite, {
    get(target, property) {
      // PGlite keeps state in private fields: its methods and getters must see the real instance
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!PGLITE_CALLS.has(property)) return value.bind(target);
      return (...args: unknown[]) => {
        counts.jobStatements++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** Counts statements on pg-boss's PostgreSQL connections (its pool and its LISTEN client). */
function countPgClientStatements(counts: QueryCounts): () => void {
  const prototype = pg.Client.prototype as unknown as { query: QueryFn };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const name = (this as unknown as { connectionParameters?: { application_name?: string } })
      .connectionParameters?.application_name;
    if (name === JOB_APPLICATION_NAME) counts.jobStatements++;
    return original.apply(this, args);
  };
  return () => {
    prototype.query = original;
  };
}
