import type { AuditTrail } from '../audit/auditTrail.js';
import type { Logger } from '../logging/logger.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Cuts the audit entries older than AUDIT_RETENTION_DAYS off the chain's start. The trail records the
 * purge as an entry of its own, so `npm run audit:verify` still passes and shows where the chain begins.
 */
export async function purgeAuditTrail(
  trail: Pick<AuditTrail, 'purgeOlderThan'>,
  retentionDays: number,
  now: Date,
  logger: Logger,
): Promise<{ purgedEntries: number; olderThan: Date }> {
  const olderThan = new Date(now.getTime() - retentionDays * DAY_MS);
  const { purgedEntries } = await trail.purgeOlderThan(olderThan);
  logger.info(
    {
      component: 'retention',
      purge: 'audit',
      purgedEntries,
      olderThan: olderThan.toISOString(),
      retentionDays,
    },
    'audit trail purged',
  );
  return { purgedEntries, olderThan };
}
