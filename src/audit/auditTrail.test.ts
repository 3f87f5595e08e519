import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { type AuditTrail, createAuditTrail } from './auditTrail.js';

const cipher = createFieldCipher(Buffer.alloc(32, 7));

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`audit trail on ${target.name}`, () => {
    let db: Database;
    let trail: AuditTrail;
    let clock = new Date('2026-01-01T00:00:00.000Z');
    beforeAll(async () => {
      db = await target.open();
      trail = createAuditTrail({ db, cipher, now: () => clock });
    });
    afterAll(async () => {
      await db?.close();
    });

    it('chains start and finish entries, finds a query by its 身份证 without decrypting, and verifies', async () => {
      const first = randomUUID();
      await trail.start(
        first,
        { requester: 'U1', api: 'finance', purpose: 'Loan for 张三' },
        { realname: '张三', idcard: '11010519491231002X' },
      );
      clock = new Date('2026-01-01T00:00:01.000Z');
      await trail.finish(first, { outcome: '0', billed: true });
      const second = randomUUID();
      await trail.start(
        second,
        { requester: 'U2', api: 'risk' },
        { realname: '李四', keyword: '某某有限公司' },
      );

      const rows = await trail.queries({ subject: { kind: 'idcard', value: '11010519491231002x' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        queryId: first,
        started: { requester: 'U1', api: 'finance', purpose: 'Loan for 张三' },
        finished: { outcome: '0', billed: true },
        subject: { realname: '张三', idcard: '11010519491231002X' },
      });
      const open = await trail.queries({ requester: 'U2' });
      expect(open.map((row) => row.finished)).toEqual([null]);
      expect(await trail.verify()).toEqual({ ok: true, entries: 3, firstSeq: 1, lastSeq: 3 });

      const { rows: raw } = await db.query('select * from audit_log');
      expect(JSON.stringify(raw)).not.toMatch(/张三|11010519491231002X|李四/);
    });

    it('refuses an update or a delete outside the retention purge', async () => {
      await expect(db.query("update audit_log set facts = '{}' where seq = 1")).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
    });

    it('purges old entries and still verifies from the purge entry', async () => {
      clock = new Date('2026-03-01T00:00:00.000Z');
      const later = randomUUID();
      await trail.start(later, { requester: 'U3' }, null);
      expect(await trail.purgeOlderThan(new Date('2026-02-01T00:00:00.000Z'))).toEqual({ purgedEntries: 3 });
      expect(await trail.verify()).toEqual({ ok: true, entries: 2, firstSeq: 4, lastSeq: 5 });
    });

    it('hashes in the database exactly as entryHash does, whatever the facts hold (property)', async () => {
      // the database joins the hashed text (audit append): quotes, backslashes, CJK, emoji, U+2028 and
      // control characters must come out byte for byte as canonicalJson writes them (a lone surrogate
      // jsonb refuses, as it always did: facts never hold one)
      const awkward = fc.string({
        unit: fc.constantFrom('a', '"', '\\', '张', '😀', '\u2028', '\u0001', '/', ' '),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            awkward,
            fc.oneof(
              awkward,
              fc.integer(),
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.boolean(),
              fc.constant(null),
            ),
            { maxKeys: 4 },
          ),
          async (facts) => {
            await trail.finish(randomUUID(), facts);
          },
        ),
        { numRuns: 60 },
      );
      const verdict = await trail.verify();
      expect(verdict.ok).toBe(true);
    });

    it('appends from many connections at once stay one unbroken chain', async () => {
      const before = await trail.verify();
      await Promise.all(Array.from({ length: 40 }, () => trail.finish(randomUUID(), { outcome: '0' })));
      const after = await trail.verify();
      expect(after).toMatchObject({ ok: true });
      expect(after.ok && before.ok ? after.entries - before.entries : -1).toBe(40);
    });
  });
}
