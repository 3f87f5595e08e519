import type { PgBoss } from 'pg-boss';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { StoreConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { SqlClient } from '../store/database.js';
import { purgeAuditTrail } from './auditRetention.js';
import { purgeExpiredResults } from './resultRetention.js';

export const AUDIT_RETENTION_QUEUE = 'audit-retention';
export const RESULT_RETENTION_QUEUE = 'result-retention';

/** Daily at a quiet hour (UTC); hourly for results, so none outlives RESULT_RETENTION_HOURS by much more. */
export const AUDIT_RETENTION_CRON = '17 3 * * *';
export const RESULT_RETENTION_CRON = '7 * * * *';

export interface RetentionDeps {
  db: SqlClient;
  trail: Pick<AuditTrail, 'purgeOlderThan'>;
  store: Pick<StoreConfig, 'auditRetentionDays'>;
  logger: Logger;
  now?: () => Date;
}

/**
 * Schedules both purges on pg-boss and works them. Every instance may call this: the schedule is one row
 * per queue, and the `exclusive` policy keeps one job of each queued or running across all instances, so
 * two never purge at once. A run missed while every instance was down happens once at the next start.
 */
export async function scheduleRetention(boss: PgBoss, deps: RetentionDeps): Promise<void> {
  const now = deps.now ?? (() => new Date());
  for (const queue of [AUDIT_RETENTION_QUEUE, RESULT_RETENTION_QUEUE]) {
    await boss.createQueue(queue, { policy: 'exclusive' });
  }
  await boss.schedule(AUDIT_RETENTION_QUEUE, AUDIT_RETENTION_CRON, null, { missed: 'once' });
  await boss.schedule(RESULT_RETENTION_QUEUE, RESULT_RETENTION_CRON, null, { missed: 'once' });
  await boss.work(AUDIT_RETENTION_QUEUE, async () => {
    await purgeAuditTrail(deps.trail, deps.store.auditRetentionDays, now(), deps.logger);
  });
  await boss.work(RESULT_RETENTION_QUEUE, async () => {
    await purgeExpiredResults(deps.db, now(), deps.logger);
  });
}
