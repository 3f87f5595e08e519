import type { SqlClient } from './database.js';

/**
 * Signed Slack requests already taken, by a key derived from the request itself (see
 * `src/slack/replayGuard.ts`). It lives in the database, not in memory, so that a request replayed to
 * another instance behind the load balancer is recognised too.
 */
export interface RequestReceipts {
  /**
   * Records `key` as received at `now`. True for the first receipt of the key; false when any instance
   * has already recorded it. One statement, atomic under the primary key: of two instances racing with
   * the same key, exactly one is first.
   */
  firstReceipt(key: string, now: Date): Promise<boolean>;
  /** Forgets receipts received before `cutoff`; resolves to how many were removed. */
  purgeOlderThan(cutoff: Date): Promise<{ purgedReceipts: number }>;
}

/**
 * How long a receipt must be kept. A captured request can be replayed only while its signed timestamp is
 * within 5 minutes of the receiving clock (the gate refuses it otherwise, in either direction), and Slack's
 * own retries come within about 5 minutes of the first delivery. An hour covers both with room for clock
 * skew between instances; older receipts can never match a request the front door would still accept.
 */
export const REQUEST_RECEIPT_RETENTION_MS = 60 * 60 * 1000;

export function createRequestReceipts(db: SqlClient): RequestReceipts {
  return {
    async firstReceipt(key, now) {
      const { rowCount } = await db.query(
        'insert into request_receipts (request_key, received_at) values ($1, $2) on conflict (request_key) do nothing',
        [key, now],
      );
      return rowCount === 1;
    },
    async purgeOlderThan(cutoff) {
      const { rowCount } = await db.query('delete from request_receipts where received_at < $1', [cutoff]);
      return { purgedReceipts: rowCount };
    },
  };
}
