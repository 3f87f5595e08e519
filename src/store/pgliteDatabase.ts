import { PGlite } from '@electric-sql/pglite';
import type { Database, SqlClient } from './database.js';
import { createQueryLanes, type QueryLane } from './queryLanes.js';

/**
 * The embedded PostgreSQL: no server, the same SQL. Persisted in `dataDir`, or in memory when there is
 * none (local mode, tests). PGlite has a single connection; its `transaction` holds it exclusively, so
 * a transaction here is as isolated as on a server.
 */
export async function openPgliteDatabase(
  options: { dataDir?: string; template?: Blob } = {},
): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.template ? { loadDataDir: options.template } : {}),
  });
  const client = (runner: Pick<PGlite, 'query'>): SqlClient => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await runner.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  });
  const direct = client(pglite);
  // The app's queries and transactions take turns here, one at a time, urgent ones first; PGlite's own
  // queue behind this holds at most the one running (and pg-boss's, which come through its adapter).
  const lanes = createQueryLanes();
  const inLane =
    (lane: QueryLane): SqlClient['query'] =>
    (sql, params) =>
      lanes.run(lane, () => direct.query(sql, params));
  return {
    kind: 'pglite',
    description: options.dataDir
      ? `embedded PostgreSQL in ${options.dataDir}`
      : 'embedded PostgreSQL in memory',
    pglite,
    jobConnection: { kind: 'pglite', pglite },
    query: inLane('normal'),
    urgent: { query: inLane('urgent') },
    transaction: (work) => lanes.run('normal', () => pglite.transaction((tx) => work(client(tx)))),
    async exec(script) {
      await pglite.exec(script);
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
