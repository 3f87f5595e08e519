import type { Logger } from '../logging/logger.js';
import type { SqlClient } from '../store/database.js';
import { createRequestReceipts, REQUEST_RECEIPT_RETENTION_MS } from '../store/requestReceipts.js';

export interface ResultPurgeCounts {
  lookups: number;
  /** of those, Juhe answers never delivered: an operator should know a billed answer expired unseen */
  undeliveredLookups: number;
  riskPages: number;
  requestReceipts: number;
}

/**
 * Deletes the stored Juhe answers whose RESULT_RETENTION_HOURS ran out (docs/design.md § Privacy). The
 * rule is the expiry alone, whatever the delivery state: before it nothing is deleted, so an answer still
 * being delivered (pending) is never lost early; after it the answer goes even if it was never delivered,
 * because the retention is the promise made to the people screened, and a delivery still failing a day
 * later will not succeed. The audit trail keeps what the audit needs.
 */
export async function purgeExpiredResults(
  db: SqlClient,
  now: Date,
  logger: Logger,
): Promise<ResultPurgeCounts> {
  const lookups = await db.query<{ undelivered: boolean }>(
    `delete from lookups where expires_at <= $1
     returning answer_sealed is not null and delivery_state <> 'delivered' as undelivered`,
    [now],
  );
  const riskPages = await db.query('delete from risk_pages where expires_at <= $1', [now]);
  const receipts = await createRequestReceipts(db).purgeOlderThan(
    new Date(now.getTime() - REQUEST_RECEIPT_RETENTION_MS),
  );
  const counts: ResultPurgeCounts = {
    lookups: lookups.rowCount,
    undeliveredLookups: lookups.rows.filter((row) => row.undelivered).length,
    riskPages: riskPages.rowCount,
    requestReceipts: receipts.purgedReceipts,
  };
  logger.info({ component: 'retention', purge: 'results', ...counts }, 'expired results purged');
  return counts;
}
