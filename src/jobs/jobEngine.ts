import { fromPglite, PgBoss } from 'pg-boss';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';

/**
 * pg-boss on the app's own database: durable deliveries and the scheduled retention jobs. On PostgreSQL
 * it keeps a small pool of its own; on PGlite it shares the one connection through pg-boss's adapter.
 * Its tables live in the `pgboss` schema beside ours; they hold job ids and lookup ids, never personal
 * data (job payloads are ids only).
 */
export interface JobEngine {
  boss: PgBoss;
  stop(): Promise<void>;
}

export const JOB_SCHEMA = 'pgboss';

export async function startJobEngine(database: Database, logger: Logger): Promise<JobEngine> {
  const connection = database.jobConnection;
  const boss = new PgBoss({
    ...(connection.kind === 'postgres'
      ? { connectionString: connection.connectionString, max: 4 }
      : { db: fromPglite(connection.pglite), backend: 'pglite' as const }),
    schema: JOB_SCHEMA,
    application_name: 'juhe-risk-slack jobs',
    // an instance that died holding a job is noticed within seconds (see delivery queue heartbeats)
    monitorIntervalSeconds: 5,
    superviseIntervalSeconds: 5,
  });
  const jobLogger = logger.child({ component: 'jobs' });
  boss.on('error', (error) => jobLogger.error({ err: error }, 'job engine error'));
  boss.on('warning', (warning) => jobLogger.warn({ warning }, 'job engine warning'));
  await boss.start();
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
