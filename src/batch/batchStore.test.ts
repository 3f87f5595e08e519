import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, personalDataIn } from '../../test/support/databaseDump.js';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { type BatchStore, createBatchStore, type NewBatch, type RowOutcome } from './batchStore.js';

const cipher = createFieldCipher(Buffer.alloc(32, 9));
const NOW = new Date('2026-03-01T01:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const LEASE_MS = 60_000;
const OWNER = 'U0ANALYST';
const PURPOSE = '供应商准入：2026 年招标的交易对手';

function newBatch(overrides: Partial<NewBatch> = {}): NewBatch {
  return {
    id: randomUUID(),
    owner: OWNER,
    spec: { purpose: PURPOSE, fileName: '张德洲等.csv' },
    subjects: [
      { row: 2, keyword: '江苏常熟纺织有限公司', realname: '张德洲', types: [1, 2, 3] },
      { row: 3, keyword: '北京朝阳科技有限公司', realname: '李娜', types: [1] },
      { row: 5, keyword: '上海浦东建设有限公司', realname: '王建国', types: [1, 2, 3] },
    ],
    rejected: [{ row: 4, reason: 'realname_missing' }],
    costCalls: 7,
    now: NOW,
    ...overrides,
  };
}

const hits: RowOutcome = {
  sources: [
    { type: 1, records: 31, orderId: 'JH1', fromStore: false, billed: true },
    { type: 2, records: 0, orderId: null, fromStore: false, billed: false },
  ],
};

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`batch store on ${target.name}`, () => {
    let db: Database;
    let store: BatchStore;
    beforeAll(async () => {
      db = await target.open();
      store = createBatchStore(db, cipher);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('stores a previewed batch: counts plain, the purpose, file name and subjects sealed, rejected rows without content', async () => {
      const batch = newBatch();
      await store.create(batch);
      await store.setMessage(batch.id, 'D0ANALYST', '1700000000.000100');
      expect(await store.load(batch.id)).toMatchObject({
        id: batch.id,
        owner: OWNER,
        status: 'previewed',
        stopReason: null,
        spec: batch.spec,
        dmChannel: 'D0ANALYST',
        messageTs: '1700000000.000100',
        acceptedRows: 3,
        rejectedRows: 1,
        costCalls: 7,
        createdAt: NOW,
        startedAt: null,
        finishedAt: null,
        reportedAt: null,
      });
      const rows = await store.rows(batch.id);
      expect(
        rows.map((row) => [row.row, row.status, row.types, row.subject?.realname, row.rejectReason]),
      ).toEqual([
        [2, 'pending', [1, 2, 3], '张德洲', null],
        [3, 'pending', [1], '李娜', null],
        [4, 'rejected', [], undefined, 'realname_missing'],
        [5, 'pending', [1, 2, 3], '王建国', null],
      ]);
      expect(await store.progress(batch.id)).toEqual({
        accepted: 3,
        done: 0,
        failed: 0,
        pending: 3,
        hits: 0,
      });
      // nothing that names a person is in the clear, in any table
      const dumped = await dumpDatabase(db);
      const found = dumped.flatMap((row) =>
        personalDataIn(JSON.stringify(row.columns), ['张德洲', '李娜', '王建国']),
      );
      expect(found).toEqual([]);
      expect(JSON.stringify(dumped)).not.toContain('供应商准入');
    });

    it('5000 rows go in (chunked inserts) and come back in file order', async () => {
      const subjects = Array.from({ length: 5000 }, (_unused, index) => ({
        row: index + 2,
        keyword: `公司${index}`,
        realname: '李娜',
        types: [1 as const],
      }));
      const batch = newBatch({ subjects, rejected: [], costCalls: 5000 });
      await store.create(batch);
      const rows = await store.rows(batch.id);
      expect(rows).toHaveLength(5000);
      expect(rows.at(-1)?.subject?.keyword).toBe('公司4999');
    });

    it('Start once; a run is claimed by one worker at a time, resumed once its lease lapsed', async () => {
      const batch = newBatch();
      await store.create(batch);
      expect(await store.claimRun(batch.id, NOW, LEASE_MS)).toEqual({ kind: 'none' });
      expect(await store.start(batch.id, NOW)).toEqual({ started: true, status: 'running' });
      expect(await store.start(batch.id, NOW)).toEqual({ started: false, status: 'running' });
      expect(await store.start(randomUUID(), NOW)).toEqual({ started: false, status: undefined });
      expect(await store.claimRun(batch.id, later(1), LEASE_MS)).toEqual({
        kind: 'claimed',
        startedAt: NOW,
        attempt: 1,
      });
      expect(await store.claimRun(batch.id, later(2), LEASE_MS)).toEqual({ kind: 'busy' });
      await store.renewLease(batch.id, 1, later(LEASE_MS * 2));
      expect(await store.claimRun(batch.id, later(LEASE_MS + 10), LEASE_MS)).toEqual({ kind: 'busy' });
      expect(await store.claimRun(batch.id, later(LEASE_MS * 2 + 1), LEASE_MS)).toEqual({
        kind: 'claimed',
        startedAt: NOW,
        attempt: 2,
      });
      // the run that lost it (attempt 1) can neither hold the lease again nor free it for a third
      await store.renewLease(batch.id, 1, later(LEASE_MS * 2 + 2));
      expect(await store.claimRun(batch.id, later(LEASE_MS * 2 + 3), LEASE_MS)).toEqual({ kind: 'busy' });
    });

    it('rows: an outcome is written once, a retry stays pending until its second try, the batch is done when none is pending', async () => {
      const batch = newBatch();
      await store.create(batch);
      await store.start(batch.id, NOW);
      const queryId = randomUUID();
      await store.setRowQuery(batch.id, 2, queryId);
      expect((await store.pendingRows(batch.id)).map((row) => [row.row, row.queryId])).toEqual([
        [2, queryId],
        [3, null],
        [5, null],
      ]);
      await store.recordRow(batch.id, 2, { status: 'done', outcome: hits, now: later(10) });
      // written once: a second write (a worker that lost its lease) changes nothing
      await store.recordRow(batch.id, 2, { status: 'failed', outcome: { sources: [] }, now: later(11) });
      const failure: RowOutcome = { sources: [], error: { code: '10014', category: 'upstream_unavailable' } };
      await store.recordRow(batch.id, 3, { status: 'pending', outcome: failure, now: later(12) });
      // the retry comes after every first try
      expect((await store.pendingRows(batch.id)).map((row) => [row.row, row.attempts])).toEqual([
        [5, 0],
        [3, 1],
      ]);
      expect(await store.finish(batch.id, later(20))).toBeUndefined();
      await store.recordRow(batch.id, 3, { status: 'failed', outcome: failure, now: later(30) });
      await store.recordRow(batch.id, 5, { status: 'done', outcome: { sources: [] }, now: later(31) });
      expect(await store.progress(batch.id)).toEqual({
        accepted: 3,
        done: 2,
        failed: 1,
        pending: 0,
        hits: 1,
      });
      const rows = await store.rows(batch.id);
      expect(rows.find((row) => row.row === 2)).toMatchObject({
        status: 'done',
        outcome: hits,
        hit: true,
        attempts: 1,
        queryId: null,
      });
      expect(rows.find((row) => row.row === 3)).toMatchObject({
        status: 'failed',
        attempts: 2,
        outcome: failure,
      });
      expect(await store.unfinishedIds()).toContain(batch.id);
      expect(await store.finish(batch.id, later(40))).toBe('done');
      expect(await store.finish(batch.id, later(41))).toBeUndefined();
      await store.markReported(batch.id, later(42));
      expect(await store.load(batch.id)).toMatchObject({
        status: 'done',
        finishedAt: later(40),
        reportedAt: later(42),
      });
      expect(await store.unfinishedIds()).not.toContain(batch.id);
      expect(await store.claimRun(batch.id, later(LEASE_MS * 10), LEASE_MS)).toEqual({ kind: 'none' });
    });

    it('Cancel: before Start it ends the batch; while running the runner ends it; after the end it changes nothing', async () => {
      const previewed = newBatch();
      await store.create(previewed);
      expect(await store.cancel(previewed.id, later(5))).toBe('previewed');
      expect(await store.load(previewed.id)).toMatchObject({ status: 'cancelled', finishedAt: later(5) });
      expect(await store.start(previewed.id, later(6))).toEqual({ started: false, status: 'cancelled' });
      expect(await store.unfinishedIds()).not.toContain(previewed.id);

      const running = newBatch();
      await store.create(running);
      await store.start(running.id, NOW);
      expect(await store.cancel(running.id, later(5))).toBe('running');
      expect(await store.statusOf(running.id)).toBe('cancelled');
      expect(await store.cancel(running.id, later(6))).toBeUndefined();
      // rows still pending: a cancelled batch ends anyway, they are "not screened"
      expect(await store.finish(running.id, later(7))).toBe('cancelled');
      expect(await store.progress(running.id)).toMatchObject({ pending: 3 });
    });

    it('stop: a running batch only, with its reason', async () => {
      const batch = newBatch();
      await store.create(batch);
      expect(await store.stop(batch.id, 'quota')).toBe(false);
      await store.start(batch.id, NOW);
      expect(await store.stop(batch.id, 'quota')).toBe(true);
      expect(await store.finish(batch.id, later(1))).toBe('stopped');
      expect(await store.load(batch.id)).toMatchObject({ status: 'stopped', stopReason: 'quota' });
    });
  });
}
