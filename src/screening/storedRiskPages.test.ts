import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import type { RiskPage, RiskQuery } from '../juhe/types.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { type AnsweredRiskPage, FRESH_PAGE_MS, riskQuestion } from './riskPageCache.js';
import { createStoredRiskPages } from './storedRiskPages.js';

const cipher = createFieldCipher(Buffer.alloc(32, 1));
const HOUR = 3_600_000;
const ANSWERED_AT = new Date('2026-03-01T08:00:00.000Z');

const riskPage = (orderId: string): RiskPage => ({
  type: 1,
  pageIndex: 1,
  pageSize: 10,
  totalRecords: 1,
  totalPages: 1,
  records: [
    {
      caseNo: '(2024)京01执123号',
      publishedDate: new Date('2024-05-20T00:00:00.000Z'),
      court: '北京市第一中级人民法院',
      id: 'r1',
      personName: '张德洲',
      relations: [{ type: '被执行人', description: '张德洲', fulfilment: '全部未履行' }],
    },
  ],
  orderId,
  billed: true,
  noRecords: false,
});

const answered = (orderId: string, answeredAt = ANSWERED_AT): AnsweredRiskPage => ({
  page: riskPage(orderId),
  answeredAt,
});

let queries = 0;
/** A question of its own per test: the targets' databases are shared by the file's tests. */
const newQuery = (): RiskQuery => {
  queries += 1;
  return { keyword: `江苏某某有限公司${queries}`, realname: '张德洲', type: 1, pageIndex: 1, pageSize: 10 };
};

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`stored risk pages on ${target.name}`, () => {
    let db: Database;
    let now = ANSWERED_AT;
    const pages = () => createStoredRiskPages({ db, cipher, retentionHours: 24, now: () => now });
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('set, then get within maxAgeMs gives the page back with its Dates revived', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-1'));
      now = new Date(ANSWERED_AT.getTime() + FRESH_PAGE_MS - 1);
      const got = await pages().get(query);
      expect(got).toEqual(answered('JH-1'));
      expect(got?.answeredAt).toBeInstanceOf(Date);
      expect(got?.page.records[0]?.publishedDate).toBeInstanceOf(Date);
      expect(got?.page.records[0]?.publishedDate?.toISOString()).toBe('2024-05-20T00:00:00.000Z');
      // at exactly maxAgeMs it still counts; a longer maxAgeMs (paging) too
      now = new Date(ANSWERED_AT.getTime() + FRESH_PAGE_MS);
      expect(await pages().get(query)).toEqual(answered('JH-1'));
      expect(await pages().get(query, HOUR)).toEqual(answered('JH-1'));
    });

    it('older than maxAgeMs is undefined', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-2'));
      now = new Date(ANSWERED_AT.getTime() + FRESH_PAGE_MS + 1);
      expect(await pages().get(query)).toBeUndefined();
      now = new Date(ANSWERED_AT.getTime() + 2 * HOUR);
      expect(await pages().get(query, HOUR)).toBeUndefined();
      expect(await pages().get(query, 3 * HOUR)).toEqual(answered('JH-2'));
    });

    it('past expires_at (answeredAt + RESULT_RETENTION_HOURS) is undefined, however old a page may be', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-3'));
      const { rows } = await db.query<{ expires_at: Date | string }>(
        'select expires_at from risk_pages where question_key = $1',
        [cipher.blindIndex('risk_page', riskQuestion(query))],
      );
      expect(new Date(rows[0]?.expires_at ?? 0)).toEqual(new Date(ANSWERED_AT.getTime() + 24 * HOUR));
      now = new Date(ANSWERED_AT.getTime() + 24 * HOUR - 1);
      expect(await pages().get(query, 48 * HOUR)).toEqual(answered('JH-3'));
      now = new Date(ANSWERED_AT.getTime() + 24 * HOUR);
      expect(await pages().get(query, 48 * HOUR)).toBeUndefined();
    });

    it('another question (another page, type, name) is not answered by this page', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-4'));
      expect(await pages().get({ ...query, pageIndex: 2 })).toBeUndefined();
      expect(await pages().get({ ...query, type: 2 })).toBeUndefined();
      expect(await pages().get({ ...query, realname: '张德' })).toBeUndefined();
      // defaults filled in: the same question however it was asked
      expect(await pages().get({ keyword: query.keyword, realname: query.realname, type: 1 })).toEqual(
        answered('JH-4'),
      );
    });

    it('the same question answered again replaces the page and its times', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-5'));
      const second = new Date(ANSWERED_AT.getTime() + HOUR);
      await pages().set(query, answered('JH-6', second));
      now = second;
      expect(await pages().get(query)).toEqual(answered('JH-6', second));
      const { rows } = await db.query('select 1 from risk_pages where question_key = $1', [
        cipher.blindIndex('risk_page', riskQuestion(query)),
      ]);
      expect(rows).toHaveLength(1);
    });

    it('the question key is a blind index, not the question; the page is sealed', async () => {
      const query = newQuery();
      now = ANSWERED_AT;
      await pages().set(query, answered('JH-7'));
      const key = cipher.blindIndex('risk_page', riskQuestion(query));
      const { rows } = await db.query<{ question_key: string; page_sealed: string }>(
        'select * from risk_pages where question_key = $1',
        [key],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.question_key).toMatch(/^risk_page:[0-9a-f]{32}$/);
      expect(rows[0]?.question_key).not.toBe(riskQuestion(query));
      const stored = JSON.stringify(rows[0]);
      for (const clear of ['张德洲', query.keyword, '江苏', '北京市第一中级人民法院', 'JH-7']) {
        expect(stored).not.toContain(clear);
      }
      // another data key finds nothing: the key is keyed, not a plain hash of the question
      const other = createStoredRiskPages({
        db,
        cipher: createFieldCipher(Buffer.alloc(32, 2)),
        retentionHours: 24,
        now: () => now,
      });
      expect(await other.get(query)).toBeUndefined();
    });
  });
}
