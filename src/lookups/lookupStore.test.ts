import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import { JuheError } from '../juhe/errorTypes.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { createLookupStore, type LookupStore } from './lookupStore.js';

const cipher = createFieldCipher(Buffer.alloc(32, 1));
const NOW = new Date('2026-03-01T08:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

const juheFailure = new JuheError({
  api: 'finance',
  code: '10012',
  category: 'quota',
  message: 'Juhe refused: quota exhausted',
  retryable: false,
  billed: false,
  reason: '请求超过次数限制',
});

/** What a finance lookup keeps: the person asked about, where the answer goes, and typed values. */
const request = {
  query: { realname: '王小明', idcard: '11010519491231002X', mobile: '13912345678' },
  audience: {
    userId: 'U123',
    channelId: 'C456',
    responseUrl: 'https://hooks.slack.com/commands/T/1/response-token-xyz',
  },
  askedAt: new Date('2026-03-01T07:59:59.123Z'),
  earlierFailure: juheFailure,
};

interface Request {
  query: { realname: string; idcard: string; mobile: string };
  askedAt: Date;
  earlierFailure: JuheError;
}

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`lookup store on ${target.name}`, () => {
    let db: Database;
    let store: LookupStore;
    beforeAll(async () => {
      db = await target.open();
      store = createLookupStore(db, cipher);
    });
    afterAll(async () => {
      await db?.close();
    });

    const openOne = async () => {
      const id = randomUUID();
      const queryId = randomUUID();
      await store.open({ id, queryId, api: 'finance', request, now: NOW, expiresAt: later(86_400_000) });
      return { id, queryId };
    };

    it('open, then load gives the request back, Dates and a JuheError revived, nothing delivered yet', async () => {
      const { id, queryId } = await openOne();
      const row = await store.load<Request, unknown>(id);
      expect(row).toEqual({
        id,
        queryId,
        api: 'finance',
        createdAt: NOW,
        request,
        answer: null,
        answeredAt: null,
        state: 'pending',
        steps: [],
        attempts: 0,
        firstAttemptAt: null,
      });
      expect(row?.request.askedAt).toBeInstanceOf(Date);
      expect(row?.request.askedAt.toISOString()).toBe('2026-03-01T07:59:59.123Z');
      const failure = row?.request.earlierFailure;
      expect(failure).toBeInstanceOf(JuheError);
      expect(failure).toMatchObject({
        name: 'JuheError',
        api: 'finance',
        code: '10012',
        category: 'quota',
        message: 'Juhe refused: quota exhausted',
        retryable: false,
        billed: false,
        reason: '请求超过次数限制',
      });
    });

    it('load of an unknown id is undefined', async () => {
      expect(await store.load(randomUUID())).toBeUndefined();
    });

    it('storeAnswer sets the answer (revived) and answeredAt; false when the lookup is gone', async () => {
      const { id } = await openOne();
      const answer = {
        orderId: 'JH-1',
        records: [{ publishedDate: new Date('2025-06-06T00:00:00.000Z'), court: '北京市第一中级人民法院' }],
        failed: [juheFailure],
      };
      expect(await store.storeAnswer(id, answer, later(1_500))).toBe(true);
      const row = await store.load<Request, typeof answer>(id);
      expect(row?.answer).toEqual(answer);
      expect(row?.answer?.records[0]?.publishedDate).toBeInstanceOf(Date);
      expect(row?.answer?.failed[0]).toBeInstanceOf(JuheError);
      expect(row?.answeredAt).toEqual(later(1_500));
      expect(row?.state).toBe('pending');
      expect(await store.storeAnswer(randomUUID(), answer, later(1_500))).toBe(false);
    });

    it('recordStep appends entries in order; a step recorded again stays one entry', async () => {
      const { id } = await openOne();
      await store.recordStep(id, 0, { ok: '1700000000.000100' });
      await store.recordStep(id, 1, { ok: null });
      await store.recordStep(id, 2, { refused: 'not_found' });
      expect((await store.load(id))?.steps).toEqual([
        { ok: '1700000000.000100' },
        { ok: null },
        { refused: 'not_found' },
      ]);
      await store.recordStep(id, 1, { ok: null });
      await store.recordStep(id, 3, { ok: '1700000000.000200' });
      expect((await store.load(id))?.steps).toEqual([
        { ok: '1700000000.000100' },
        { ok: null },
        { refused: 'not_found' },
        { ok: '1700000000.000200' },
      ]);
    });

    it('recordStep keeps each step at its own index: a skipped step is a null gap', async () => {
      const { id } = await openOne();
      await store.recordStep(id, 1, { ok: null });
      expect((await store.load(id))?.steps).toEqual([null, { ok: null }]);
      await store.recordStep(id, 0, { refused: 'not_found' });
      expect((await store.load(id))?.steps).toEqual([{ refused: 'not_found' }, { ok: null }]);
    });

    it('the watchdog marks a lookup interrupted only while no answer is stored; a late answer reopens it', async () => {
      const answered = await openOne();
      await store.storeAnswer(answered.id, { late: false }, later(1_000));
      expect(await store.markInterrupted(answered.id, later(2_000))).toBe(false);
      expect((await store.load(answered.id))?.state).toBe('pending');

      const late = await openOne();
      expect(await store.markInterrupted(late.id, later(2_000))).toBe(true);
      expect((await store.load(late.id))?.state).toBe('interrupted');
      expect(await store.storeAnswer(late.id, { late: true }, later(3_000))).toBe(true);
      expect((await store.load(late.id))?.state).toBe('pending');
      // one answer per lookup: a second is refused
      expect(await store.storeAnswer(late.id, { late: 'again' }, later(4_000))).toBe(false);
      expect((await store.load(late.id))?.answer).toEqual({ late: true });
    });

    it('recordAttempt counts attempts and keeps the time of the first', async () => {
      const { id } = await openOne();
      await store.recordAttempt(id, 'HTTP 500', later(1_000));
      await store.recordAttempt(id, 'HTTP 429', later(5_000));
      const row = await store.load(id);
      expect(row?.attempts).toBe(2);
      expect(row?.firstAttemptAt).toEqual(later(1_000));
      const { rows } = await db.query<{ last_error: string }>(
        'select last_error from lookups where id = $1',
        [id],
      );
      expect(rows[0]?.last_error).toBe('HTTP 429');
    });

    it('settle moves a pending lookup only: a settled one keeps its state, time and note', async () => {
      const { id } = await openOne();
      await store.recordAttempt(id, 'HTTP 503', later(1_000));
      await store.settle(id, 'delivered', later(2_000));
      await store.settle(id, 'failed', later(3_000), 'channel_not_found');
      await store.settle(id, 'interrupted', later(4_000));
      expect((await store.load(id))?.state).toBe('delivered');
      const { rows } = await db.query<{ delivered_at: Date | string; last_error: string }>(
        'select delivered_at, last_error from lookups where id = $1',
        [id],
      );
      expect(new Date(rows[0]?.delivered_at ?? 0)).toEqual(later(2_000));
      expect(rows[0]?.last_error).toBe('HTTP 503');

      const other = await openOne();
      await store.settle(other.id, 'failed', later(2_000), 'channel_not_found');
      expect((await store.load(other.id))?.state).toBe('failed');
      const noted = await db.query<{ last_error: string }>('select last_error from lookups where id = $1', [
        other.id,
      ]);
      expect(noted.rows[0]?.last_error).toBe('channel_not_found');
    });

    it('pendingCount counts the lookups not delivered yet: settled ones leave it', async () => {
      const before = await store.pendingCount();
      const first = await openOne();
      await openOne();
      expect(await store.pendingCount()).toBe(before + 2);
      await store.settle(first.id, 'delivered', later(1_000));
      expect(await store.pendingCount()).toBe(before + 1);
    });

    it('the row holds no personal data in the clear', async () => {
      const { id } = await openOne();
      await store.storeAnswer(id, { realname: '王小明', score: '600-650' }, later(1_000));
      const { rows } = await db.query('select * from lookups where id = $1', [id]);
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows[0]);
      for (const clear of [
        '王小明',
        '11010519491231002X',
        '11010519491231002x',
        '13912345678',
        'U123',
        'response-token-xyz',
      ]) {
        expect(stored).not.toContain(clear);
      }
      // and the sealed columns open only as what they are
      const row = rows[0] as { request_sealed: string; answer_sealed: string };
      expect(() => cipher.open(row.request_sealed, 'lookup answer')).toThrow();
      expect(() => cipher.open(row.answer_sealed, 'lookup request')).toThrow();
    });
  });
}
