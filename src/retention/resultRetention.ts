import type { Logger } from '../logging/logger.js';
import type { SqlClient } from '../store/database.js';
import { createRequestReceipts, REQUEST_RECEIPT_RETENTION_MS } from '../store/requestReceipts.js';

export interface ResultPurgeCounts {
  lookups: number;
  /** of those, Juhe answers never delivered: an operator should know a billed answer expired unseen */
  undeliveredLookups: number;
  riskPages: number;
  requestReceipts: number;
  /** watches ended (stopped, expired) more than ENDED_WATCH_RETENTION_DAYS ago, with their notices */
  endedWatches: number;
  /** notices of active watches past their use: warnings and reports, acknowledged alerts */
  watchNotices: number;
  /** batches reported (or never started) more than ENDED_BATCH_RETENTION_DAYS ago, with their rows */
  endedBatches: number;
}

/** An ended watch keeps its sealed subject and baseline this long (the audit trail keeps the record). */
export const ENDED_WATCH_RETENTION_DAYS = 30;
/**
 * A batch keeps its sealed subjects and outcomes this long after its report (its results file is in the
 * requester's DM; the audit trail keeps every row's query), or after it was previewed and never started.
 */
export const ENDED_BATCH_RETENTION_DAYS = 30;
/** A delivered warning or report, or an acknowledged alert, is kept this long: its buttons work until then. */
export const SEEN_NOTICE_RETENTION_DAYS = 90;

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
  const day = 86_400_000;
  const endedWatches = await db.query("delete from watches where state <> 'active' and ended_at <= $1", [
    new Date(now.getTime() - ENDED_WATCH_RETENTION_DAYS * day),
  ]);
  const watchNotices = await db.query(
    `delete from watch_notices where created_at <= $1
       and (delivery_state <> 'pending') and (kind <> 'changes' or acknowledged_at is not null)`,
    [new Date(now.getTime() - SEEN_NOTICE_RETENTION_DAYS * day)],
  );
  const batchCutoff = new Date(now.getTime() - ENDED_BATCH_RETENTION_DAYS * day);
  const endedBatches = await db.query(
    `delete from batches where reported_at <= $1 or (started_at is null and created_at <= $1)`,
    [batchCutoff],
  );
  const counts: ResultPurgeCounts = {
    lookups: lookups.rowCount,
    undeliveredLookups: lookups.rows.filter((row) => row.undelivered).length,
    riskPages: riskPages.rowCount,
    requestReceipts: receipts.purgedReceipts,
    endedWatches: endedWatches.rowCount,
    watchNotices: watchNotices.rowCount,
    endedBatches: endedBatches.rowCount,
  };
  logger.info({ component: 'retention', purge: 'results', ...counts }, 'expired results purged');
  return counts;
}
