import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import type { Database } from './database.js';
import {
  createRequestReceipts,
  REQUEST_RECEIPT_RETENTION_MS,
  type RequestReceipts,
} from './requestReceipts.js';

const newKey = () => randomBytes(32).toString('hex');
const at = (iso: string) => new Date(iso);

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`request receipts on ${target.name}`, () => {
    let db: Database;
    let receipts: RequestReceipts;
    beforeAll(async () => {
      db = await target.open();
      receipts = createRequestReceipts(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('takes a key once: the first receipt is first, the same key again is not, another key is', async () => {
      const key = newKey();
      expect(await receipts.firstReceipt(key, at('2026-01-01T00:00:00Z'))).toBe(true);
      expect(await receipts.firstReceipt(key, at('2026-01-01T00:00:01Z'))).toBe(false);
      expect(await receipts.firstReceipt(key, at('2026-01-01T00:04:59Z'))).toBe(false);
      expect(await receipts.firstReceipt(newKey(), at('2026-01-01T00:00:01Z'))).toBe(true);
      // a replay does not move the receipt's time: it ages from the first delivery
      const { rows } = await db.query<{ received_at: Date | string }>(
        'select received_at from request_receipts where request_key = $1',
        [key],
      );
      expect(new Date(rows[0]?.received_at ?? 0).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    });

    it('of many deliveries of one key at the same moment, exactly one is first', async () => {
      const key = newKey();
      const now = at('2026-01-01T00:00:00Z');
      const answers = await Promise.all(Array.from({ length: 20 }, () => receipts.firstReceipt(key, now)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it('purgeOlderThan forgets only receipts received before the cutoff; a purged key is new again', async () => {
      await db.query('delete from request_receipts');
      const old = newKey();
      const edge = newKey();
      const fresh = newKey();
      const now = at('2026-01-01T12:00:00Z');
      const cutoff = new Date(now.getTime() - REQUEST_RECEIPT_RETENTION_MS);
      await receipts.firstReceipt(old, at('2026-01-01T10:59:59.999Z'));
      await receipts.firstReceipt(edge, cutoff);
      await receipts.firstReceipt(fresh, at('2026-01-01T11:59:00Z'));

      expect(await receipts.purgeOlderThan(cutoff)).toEqual({ purgedReceipts: 1 });
      expect(await receipts.purgeOlderThan(cutoff)).toEqual({ purgedReceipts: 0 });
      expect(await receipts.firstReceipt(edge, now)).toBe(false);
      expect(await receipts.firstReceipt(fresh, now)).toBe(false);
      expect(await receipts.firstReceipt(old, now)).toBe(true);
    });

    it('keeps receipts for an hour, longer than any replay the front door still accepts', () => {
      // the gate takes a signed timestamp up to 5 minutes either side of now; Slack retries within ~5 minutes
      expect(REQUEST_RECEIPT_RETENTION_MS).toBe(60 * 60 * 1000);
      expect(REQUEST_RECEIPT_RETENTION_MS).toBeGreaterThan(2 * 5 * 60 * 1000);
    });
  });
}
