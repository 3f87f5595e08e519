import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import type { RiskType } from '../domain/riskType.js';
import { compareSnapshots, type WatchSnapshot } from '../domain/watchChanges.js';
import type { RiskRecord } from '../juhe/types.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import type { ChangesNoticeBody } from './watchMonitor.js';
import { createWatchStore, type NewNotice, type WatchSpec, type WatchStore } from './watchStore.js';

const cipher = createFieldCipher(Buffer.alloc(32, 7));
const NOW = new Date('2026-03-01T01:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY = 86_400_000;
/** A check's lease in these tests: a minute, so a claim ten minutes later finds it lapsed. */
const LEASE_MS = 60_000;
/** A warning's cutoff that every test watch ends before. */
const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

const NAME = '刘卫东';
const KEYWORD = '深圳南山科技有限公司';
const PURPOSE = '供应商合同期内年度复核（采购部）';
const THREAD_TS = '1700000000.000100';
const SPEC: WatchSpec = {
  keyword: KEYWORD,
  realname: NAME,
  purpose: PURPOSE,
  alertTo: { kind: 'thread', channel: 'C0COMPLY', threadTs: THREAD_TS },
};

function record(id: string, type: RiskType, caseNo: string, published: Date, value: string): RiskRecord {
  const category = { 1: '失信信息', 2: '被执行人信息', 3: '限制高消费' }[type];
  return {
    caseNo,
    publishedDate: published,
    court: '深圳市南山区人民法院',
    id,
    personName: NAME,
    relations: [{ type: String(type), description: category, fulfilment: value }],
  };
}

const W1_0 = record(
  'a419b19e3a7054c95a638dadf1151caf2',
  1,
  '(2023)粤0305执4512号',
  new Date(2023, 8, 14),
  '全部未履行',
);
const W1_1 = { ...W1_0, relations: [{ type: '1', description: '失信信息', fulfilment: '部分履行' }] };
const W3 = record(
  '51a8d946da750e15a66e96df6101c5602',
  2,
  '(2024)粤0305执1876号',
  new Date(2024, 1, 27),
  '执行标的：125000元',
);
const BASELINE: WatchSnapshot = {
  sources: [
    { type: 1, records: [W1_0] },
    { type: 2, records: [W3] },
    { type: 3, records: [] },
  ],
};
const NEXT: WatchSnapshot = {
  sources: [
    { type: 1, records: [W1_1] },
    { type: 2, records: [W3] },
    { type: 3, records: [] },
  ],
};

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`watch store on ${target.name}`, () => {
    let db: Database;
    let store: WatchStore;
    beforeAll(async () => {
      db = await target.open();
      store = createWatchStore(db, cipher);
    });
    afterAll(async () => {
      await db?.close();
    });

    /** The cycle a check is recorded in: the one running, else a new one claimed for the test. */
    const inCycle = async (id: string): Promise<string> => {
      const row = await store.load(id);
      if (row?.checkState === 'running' && row.cycleKey) return row.cycleKey;
      const key = `test:${randomUUID()}`;
      await store.claimCheck(id, key, NOW, LEASE_MS, 'any');
      return key;
    };

    const addOne = async (
      overrides: Partial<Omit<Parameters<WatchStore['add']>[0], 'spec'>> & { spec?: Partial<WatchSpec> } = {},
    ) => {
      const id = overrides.id ?? randomUUID();
      const owner = overrides.owner ?? `U${randomUUID().slice(0, 8).toUpperCase()}`;
      const added = await store.add({
        id,
        owner,
        now: NOW,
        expiresAt: later(90 * DAY),
        types: [1, 2, 3],
        callsPerCheck: 3,
        nextCheckAt: NOW,
        ...overrides,
        spec: { ...SPEC, ...overrides.spec },
      });
      return { id, owner, added };
    };

    const changesNotice = (watchId: string): NewNotice => ({
      id: randomUUID(),
      kind: 'changes',
      body: {
        watchId,
        keyword: KEYWORD,
        realname: NAME,
        types: [1, 2, 3],
        changes: compareSnapshots(BASELINE, NEXT),
        checkedAt: later(DAY),
        comparedWith: NOW,
        truncatedTypes: [],
      } satisfies ChangesNoticeBody,
    });

    const check = (snapshot: WatchSnapshot, at: Date, changed: boolean) => ({
      snapshot,
      counts: { '1': snapshot.sources[0]?.records.length ?? 0, '2': 1, '3': 0 },
      callsPerCheck: 3,
      changed,
      now: at,
      nextCheckAt: new Date(at.getTime() + DAY),
    });

    describe('watches', () => {
      it('add, then load gives it back: sealed spec opened, nothing checked yet', async () => {
        const { id, owner, added } = await addOne();
        expect(added).toBe(true);
        expect(await store.load(id)).toEqual({
          id,
          owner,
          createdAt: NOW,
          expiresAt: later(90 * DAY),
          state: 'active',
          types: [1, 2, 3],
          spec: SPEC,
          baseline: null,
          baselineAt: null,
          counts: {},
          callsPerCheck: 3,
          lastCheckedAt: null,
          lastChangeAt: null,
          nextCheckAt: NOW,
          cycleKey: null,
          checkState: null,
          checkStartedAt: null,
          checkAttempts: 0,
          checkQueryId: null,
          reportedFailure: null,
          expiryWarnedAt: null,
          endedAt: null,
          endedBy: null,
        });
        expect(await store.load(randomUUID())).toBeUndefined();
      });

      it('one active watch per owner and subject: the same again is refused, whatever its sources', async () => {
        const first = await addOne({ types: [1] });
        const again = await addOne({ owner: first.owner, types: [2, 3] });
        expect(again.added).toBe(false);
        expect(await store.load(again.id)).toBeUndefined();
        expect((await store.findActive(first.owner, SPEC))?.id).toBe(first.id);
        expect(await store.listByOwner(first.owner)).toHaveLength(1);
      });

      it('another owner, another name or another keyword is another subject', async () => {
        const first = await addOne();
        expect((await addOne({ spec: { keyword: KEYWORD } })).added).toBe(true);
        expect((await addOne({ owner: first.owner, spec: { realname: '刘卫栋' } })).added).toBe(true);
        expect((await addOne({ owner: first.owner, spec: { keyword: '深圳南山科技集团' } })).added).toBe(
          true,
        );
        // the purpose and where alerts go are not part of the subject
        expect(
          (
            await addOne({
              owner: first.owner,
              spec: { purpose: 'another purpose', alertTo: { kind: 'dm' } },
            })
          ).added,
        ).toBe(false);
        expect(await store.listByOwner(first.owner)).toHaveLength(3);
      });

      it('once a watch has ended, the same subject can be watched again', async () => {
        const first = await addOne();
        expect(await store.end(first.id, 'stopped', first.owner, later(1_000))).toBe(true);
        expect(await store.findActive(first.owner, SPEC)).toBeUndefined();
        const again = await addOne({ owner: first.owner });
        expect(again.added).toBe(true);
        expect((await store.findActive(first.owner, SPEC))?.id).toBe(again.id);
      });

      it('of many adds of one subject at once, exactly one is taken', async () => {
        const owner = `U${randomUUID().slice(0, 8)}`;
        const results = await Promise.all(Array.from({ length: 8 }, () => addOne({ owner })));
        expect(results.filter((result) => result.added)).toHaveLength(1);
        expect(await store.listByOwner(owner)).toHaveLength(1);
      });

      it('listByOwner: only the owner’s active watches, oldest first', async () => {
        const owner = `U${randomUUID().slice(0, 8)}`;
        const second = await addOne({ owner, now: later(2_000), spec: { realname: '王芳' } });
        const first = await addOne({ owner, now: later(1_000), spec: { realname: '李娜' } });
        const ended = await addOne({ owner, now: later(500), spec: { realname: '赵敏' } });
        await store.end(ended.id, 'stopped', owner, later(3_000));
        await addOne({ spec: { realname: '王芳' } });
        expect((await store.listByOwner(owner)).map((row) => row.id)).toEqual([first.id, second.id]);
        expect(await store.listByOwner('U-nobody')).toEqual([]);
      });
    });

    describe('due and active watches', () => {
      beforeEach(async () => {
        await db.query('delete from watches');
      });

      it('dueIds: active, not expired, next check at or before now (never checked first)', async () => {
        const never = await addOne({ nextCheckAt: null as unknown as Date });
        const due = await addOne({ nextCheckAt: later(-1_000) });
        const onTheDot = await addOne({ nextCheckAt: NOW });
        await addOne({ nextCheckAt: later(1) });
        await addOne({ nextCheckAt: later(-1_000), expiresAt: NOW });
        const stopped = await addOne({ nextCheckAt: later(-1_000) });
        await store.end(stopped.id, 'stopped', stopped.owner, NOW);
        expect(await store.dueIds(NOW)).toEqual([never.id, due.id, onTheDot.id]);
      });

      it('activeIds: every active watch that has not expired, oldest first', async () => {
        const first = await addOne({ now: later(1) });
        const second = await addOne({ now: later(2), nextCheckAt: later(DAY) });
        await addOne({ now: later(3), expiresAt: NOW });
        const stopped = await addOne({ now: later(4) });
        await store.end(stopped.id, 'stopped', stopped.owner, NOW);
        expect(await store.activeIds(NOW)).toEqual([first.id, second.id]);
      });
    });

    describe('claimCheck', () => {
      it('a new cycle starts a check now, attempt 1, no audit id', async () => {
        const { id } = await addOne();
        expect(await store.claimCheck(id, 'cycle:a', later(1_000), LEASE_MS)).toEqual({
          kind: 'claimed',
          startedAt: later(1_000),
          queryId: null,
          attempt: 1,
        });
        expect(await store.load(id)).toMatchObject({
          cycleKey: 'cycle:a',
          checkState: 'running',
          checkStartedAt: later(1_000),
          checkAttempts: 1,
        });
      });

      it('the same cycle still running resumes: the same start time and audit id, the attempt counted up', async () => {
        const { id } = await addOne();
        await store.claimCheck(id, 'cycle:a', later(1_000), LEASE_MS);
        const queryId = randomUUID();
        await store.setCheckQueryId(id, queryId);
        expect(await store.claimCheck(id, 'cycle:a', later(600_000), LEASE_MS)).toEqual({
          kind: 'claimed',
          startedAt: later(1_000),
          queryId,
          attempt: 2,
        });
        expect(await store.claimCheck(id, 'cycle:a', later(1_800_000), LEASE_MS)).toEqual({
          kind: 'claimed',
          startedAt: later(1_000),
          queryId,
          attempt: 3,
        });
        await store.setCheckQueryId(id, null);
        expect(await store.claimCheck(id, 'cycle:a', later(1_900_000), LEASE_MS)).toMatchObject({
          queryId: null,
        });
      });

      it('a cycle whose check is done, or failed for good, is not checked again', async () => {
        const done = await addOne();
        await store.claimCheck(done.id, 'cycle:a', later(1_000), LEASE_MS);
        await store.recordCheck(done.id, await inCycle(done.id), check(BASELINE, later(2_000), false));
        expect(await store.claimCheck(done.id, 'cycle:a', later(3_000), LEASE_MS)).toEqual({ kind: 'none' });

        const failed = await addOne();
        await store.claimCheck(failed.id, 'cycle:a', later(1_000), LEASE_MS);
        await store.recordFailure(failed.id, await inCycle(failed.id), {
          code: '10012',
          now: later(2_000),
          nextCheckAt: later(DAY),
        });
        expect(await store.claimCheck(failed.id, 'cycle:a', later(3_000), LEASE_MS)).toEqual({
          kind: 'none',
        });
      });

      it('the next cycle starts afresh, even after a done or a still-running one', async () => {
        const { id } = await addOne();
        await store.claimCheck(id, 'cycle:a', later(1_000), LEASE_MS);
        await store.setCheckQueryId(id, randomUUID());
        await store.claimCheck(id, 'cycle:a', later(2_000), LEASE_MS);
        // the attempt that never finished is handed back, to be audited as interrupted
        expect(await store.claimCheck(id, 'cycle:b', later(DAY), LEASE_MS)).toEqual({
          kind: 'claimed',
          startedAt: later(DAY),
          queryId: null,
          attempt: 1,
          unfinishedQueryId: expect.any(String),
        });
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(DAY + 1_000), false));
        expect(await store.claimCheck(id, 'cycle:c', later(2 * DAY), LEASE_MS)).toEqual({
          kind: 'claimed',
          startedAt: later(2 * DAY),
          queryId: null,
          attempt: 1,
        });
      });

      it('a stopped or expired watch is not checked, in a new cycle or the running one', async () => {
        const stopped = await addOne();
        await store.claimCheck(stopped.id, 'cycle:a', later(1_000), LEASE_MS);
        await store.end(stopped.id, 'stopped', stopped.owner, later(2_000));
        expect(await store.claimCheck(stopped.id, 'cycle:a', later(3_000), LEASE_MS)).toEqual({
          kind: 'none',
        });
        expect(await store.claimCheck(stopped.id, 'cycle:b', later(3_000), LEASE_MS)).toEqual({
          kind: 'none',
        });
        const expired = await addOne({ expiresAt: later(1_000) });
        await store.end(expired.id, 'expired', 'schedule', later(2_000));
        expect(await store.claimCheck(expired.id, 'cycle:a', later(3_000), LEASE_MS)).toEqual({
          kind: 'none',
        });
        expect(await store.claimCheck(randomUUID(), 'cycle:a', later(3_000), LEASE_MS)).toEqual({
          kind: 'none',
        });
      });

      it('of many claims of one new cycle at once, one starts it and the rest find it busy', async () => {
        const { id } = await addOne();
        const claims = await Promise.all(
          Array.from({ length: 6 }, () => store.claimCheck(id, 'cycle:race', later(1_000), LEASE_MS)),
        );
        expect(claims.filter((claim) => claim.kind === 'claimed')).toEqual([
          { kind: 'claimed', startedAt: later(1_000), queryId: null, attempt: 1 },
        ]);
        expect(claims.filter((claim) => claim.kind === 'busy')).toHaveLength(5);
      });

      it('only a job allowed to start one starts a check: a retry resumes only, a baseline once, a cycle when due', async () => {
        const { id } = await addOne({ nextCheckAt: later(DAY) });
        // a retry of some other cycle never starts a check (its cycle may be long over)
        expect(await store.claimCheck(id, 'cycle:old', later(1_000), LEASE_MS, 'never')).toEqual({
          kind: 'none',
        });
        // a scheduled cycle before the watch is due does nothing
        expect(await store.claimCheck(id, 'cycle:early', later(1_000), LEASE_MS, 'due')).toEqual({
          kind: 'none',
        });
        // the baseline starts while there is none
        expect(await store.claimCheck(id, 'baseline', later(1_000), LEASE_MS, 'baseline')).toMatchObject({
          kind: 'claimed',
        });
        await store.recordCheck(id, 'baseline', check(BASELINE, later(2_000), false));
        // a second baseline job (queued twice) finds one taken
        expect(await store.claimCheck(id, 'baseline:again', later(3_000), LEASE_MS, 'baseline')).toEqual({
          kind: 'none',
        });
        // due (the check above set the next one to a day later): the cycle starts it
        expect(await store.claimCheck(id, 'cycle:due', later(DAY), LEASE_MS, 'due')).toMatchObject({
          kind: 'claimed',
          attempt: 1,
        });
      });

      it('a running check is resumed only once its lease lapsed, and a renewal keeps it', async () => {
        const { id } = await addOne();
        await store.claimCheck(id, 'cycle:a', later(1_000), LEASE_MS);
        // its worker is alive: a second job waits
        expect(await store.claimCheck(id, 'cycle:a', later(30_000), LEASE_MS)).toEqual({ kind: 'busy' });
        // a new cycle does not take over a live check either
        expect(await store.claimCheck(id, 'cycle:b', later(30_000), LEASE_MS)).toEqual({ kind: 'busy' });
        await store.renewLease(id, { cycleKey: 'cycle:a', attempt: 1 }, later(100_000));
        expect(await store.claimCheck(id, 'cycle:a', later(90_000), LEASE_MS)).toEqual({ kind: 'busy' });
        // the worker stopped renewing (it died): past the lease the check resumes
        expect(await store.claimCheck(id, 'cycle:a', later(100_001), LEASE_MS)).toMatchObject({
          kind: 'claimed',
          startedAt: later(1_000),
          attempt: 2,
        });
        // the attempt that lost it (1) can neither hold it again nor free it
        await store.renewLease(id, { cycleKey: 'cycle:a', attempt: 1 }, later(100_002));
        expect(await store.claimCheck(id, 'cycle:a', later(100_002), LEASE_MS)).toEqual({ kind: 'busy' });
        // an attempt that lets go (a retry later in the cycle) can be taken up at once
        await store.renewLease(id, { cycleKey: 'cycle:a', attempt: 2 }, later(100_002));
        expect(await store.claimCheck(id, 'cycle:a', later(100_003), LEASE_MS)).toMatchObject({
          kind: 'claimed',
          attempt: 3,
        });
      });
    });

    describe('recordCheck and recordFailure', () => {
      it('the baseline: snapshot sealed and back with its Dates, counts, calls, the check done, no change', async () => {
        const { id } = await addOne();
        await store.claimCheck(id, 'baseline', later(1_000), LEASE_MS);
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2_000), false));
        const row = await store.load(id);
        expect(row).toMatchObject({
          baseline: BASELINE,
          baselineAt: later(2_000),
          counts: { '1': 1, '2': 1, '3': 0 },
          callsPerCheck: 3,
          lastCheckedAt: later(2_000),
          lastChangeAt: null,
          nextCheckAt: later(DAY + 2_000),
          checkState: 'done',
        });
        expect(row?.baseline?.sources[0]?.records[0]?.publishedDate).toBeInstanceOf(Date);
        expect(await store.unacknowledged(row?.owner ?? '')).toEqual([]);
      });

      it('a check with changes: new baseline, last change, and its alert, in one go; the first baseline time kept', async () => {
        const { id, owner } = await addOne();
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2_000), false));
        const notice = changesNotice(id);
        await store.recordCheck(
          id,
          await inCycle(id),
          { ...check(NEXT, later(DAY), true), callsPerCheck: 4 },
          notice,
        );
        expect(await store.load(id)).toMatchObject({
          baseline: NEXT,
          baselineAt: later(2_000),
          lastCheckedAt: later(DAY),
          lastChangeAt: later(DAY),
          callsPerCheck: 4,
        });
        const stored = await store.loadNotice<ChangesNoticeBody>(notice.id);
        expect(stored).toEqual({
          id: notice.id,
          watchId: id,
          owner,
          kind: 'changes',
          createdAt: later(DAY),
          body: notice.body,
          state: 'pending',
          steps: [],
          attempts: 0,
          channel: null,
          messageTs: null,
          acknowledgedBy: null,
          acknowledgedAt: null,
        });
        expect(stored?.body.checkedAt).toBeInstanceOf(Date);
        expect(stored?.body.changes.changed[0]?.after.publishedDate).toBeInstanceOf(Date);
        // a later check without change keeps the time of the last change
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(2 * DAY), false));
        expect((await store.load(id))?.lastChangeAt).toEqual(later(DAY));
      });

      it('is one transaction: when the alert cannot be written, the baseline is not moved either', async () => {
        const { id } = await addOne();
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2_000), false));
        const notice = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
        // the same notice id again: its insert fails, so the whole check is rolled back
        await expect(
          store.recordCheck(id, await inCycle(id), check(BASELINE, later(2 * DAY), true), notice),
        ).rejects.toThrow();
        expect(await store.load(id)).toMatchObject({
          baseline: NEXT,
          lastCheckedAt: later(DAY),
          lastChangeAt: later(DAY),
          nextCheckAt: later(2 * DAY),
        });
      });

      it('recordFailure: failed for the cycle, the next check set; the failure reported once with its notice', async () => {
        const { id, owner } = await addOne();
        await store.claimCheck(id, 'cycle:a', later(1_000), LEASE_MS);
        const notice: NewNotice = { id: randomUUID(), kind: 'check_failed', body: { code: '10012' } };
        await store.recordFailure(
          id,
          await inCycle(id),
          { code: '10012', now: later(2_000), nextCheckAt: later(DAY) },
          notice,
        );
        expect(await store.load(id)).toMatchObject({
          checkState: 'failed',
          lastCheckedAt: later(2_000),
          nextCheckAt: later(DAY),
          reportedFailure: '10012',
        });
        expect(await store.loadNotice(notice.id)).toMatchObject({
          watchId: id,
          owner,
          kind: 'check_failed',
          createdAt: later(2_000),
          body: { code: '10012' },
          state: 'pending',
        });
        // the same failure next cycle, not reported: the reported code stays
        await store.claimCheck(id, 'cycle:b', later(DAY), LEASE_MS);
        await store.recordFailure(id, await inCycle(id), {
          code: '10012',
          now: later(DAY + 1),
          nextCheckAt: later(2 * DAY),
        });
        expect((await store.load(id))?.reportedFailure).toBe('10012');
        // a good check clears it, so a later failure is reported again
        await store.claimCheck(id, 'cycle:c', later(2 * DAY), LEASE_MS);
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2 * DAY + 1), false));
        expect((await store.load(id))?.reportedFailure).toBeNull();
        const { rows } = await db.query<{ count: string | number }>(
          'select count(*) as count from watch_notices where watch_id = $1',
          [id],
        );
        expect(Number(rows[0]?.count)).toBe(1);
      });
    });

    describe('end, renew and expiry', () => {
      beforeEach(async () => {
        await db.query('delete from watches');
      });

      it('end: only an active watch, once; who and when kept; its notice with it', async () => {
        const { id, owner } = await addOne({ expiresAt: later(DAY) });
        const notice: NewNotice = { id: randomUUID(), kind: 'expired', body: { watchId: id } };
        expect(await store.end(id, 'expired', 'schedule', later(DAY), notice)).toBe(true);
        expect(await store.load(id)).toMatchObject({
          state: 'expired',
          endedAt: later(DAY),
          endedBy: 'schedule',
        });
        expect(await store.loadNotice(notice.id)).toMatchObject({
          owner,
          kind: 'expired',
          createdAt: later(DAY),
        });
        const again: NewNotice = { id: randomUUID(), kind: 'expired', body: {} };
        expect(await store.end(id, 'stopped', owner, later(2 * DAY), again)).toBe(false);
        expect(await store.load(id)).toMatchObject({
          state: 'expired',
          endedAt: later(DAY),
          endedBy: 'schedule',
        });
        expect(await store.loadNotice(again.id)).toBeUndefined();
        expect(await store.end(randomUUID(), 'stopped', owner, later(DAY))).toBe(false);
      });

      it('renew: a new end date and a fresh warning; an ended watch is not renewed', async () => {
        const { id } = await addOne();
        await store.markWarned(id, later(83 * DAY), FAR_FUTURE, {
          id: randomUUID(),
          kind: 'expiry_warning',
          body: {},
        });
        expect(await store.renew(id, later(180 * DAY))).toBe(true);
        expect(await store.load(id)).toMatchObject({ expiresAt: later(180 * DAY), expiryWarnedAt: null });
        await store.end(id, 'stopped', 'U1', later(DAY));
        expect(await store.renew(id, later(270 * DAY))).toBe(false);
        expect((await store.load(id))?.expiresAt).toEqual(later(180 * DAY));
        expect(await store.renew(randomUUID(), later(270 * DAY))).toBe(false);
      });

      it('toWarn / markWarned: each watch warned once; renewed, it can be warned again', async () => {
        const soon = await addOne({ expiresAt: later(5 * DAY) });
        const edge = await addOne({ expiresAt: later(7 * DAY) });
        await addOne({ expiresAt: later(7 * DAY + 1) });
        const stopped = await addOne({ expiresAt: later(DAY) });
        await store.end(stopped.id, 'stopped', stopped.owner, NOW);
        const cutoff = later(7 * DAY);
        expect(await store.toWarn(cutoff)).toEqual([soon.id, edge.id]);

        const warning: NewNotice = { id: randomUUID(), kind: 'expiry_warning', body: { watchId: soon.id } };
        expect(await store.markWarned(soon.id, NOW, FAR_FUTURE, warning)).toBe(true);
        expect((await store.load(soon.id))?.expiryWarnedAt).toEqual(NOW);
        expect(await store.loadNotice(warning.id)).toMatchObject({
          kind: 'expiry_warning',
          owner: soon.owner,
        });
        const twice: NewNotice = { id: randomUUID(), kind: 'expiry_warning', body: {} };
        expect(await store.markWarned(soon.id, later(3_600_000), FAR_FUTURE, twice)).toBe(false);
        expect(await store.loadNotice(twice.id)).toBeUndefined();
        expect((await store.load(soon.id))?.expiryWarnedAt).toEqual(NOW);
        expect(await store.toWarn(cutoff)).toEqual([edge.id]);
        expect(
          await store.markWarned(stopped.id, NOW, FAR_FUTURE, {
            id: randomUUID(),
            kind: 'expiry_warning',
            body: {},
          }),
        ).toBe(false);

        await store.renew(soon.id, later(6 * DAY));
        expect(await store.toWarn(cutoff)).toEqual([soon.id, edge.id]);
      });

      it('expiredIds: active watches whose end has come, the end itself included', async () => {
        const past = await addOne({ expiresAt: later(-DAY) });
        const now = await addOne({ expiresAt: NOW });
        await addOne({ expiresAt: later(1) });
        const ended = await addOne({ expiresAt: later(-DAY) });
        await store.end(ended.id, 'stopped', ended.owner, later(-2 * DAY));
        expect(await store.expiredIds(NOW)).toEqual([past.id, now.id]);
      });
    });

    describe('notices', () => {
      it('recordNoticeStep journals each call at its index; attempts counted', async () => {
        const { id } = await addOne();
        const notice = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
        await store.recordNoticeStep(notice.id, 1, { ok: null });
        expect((await store.loadNotice(notice.id))?.steps).toEqual([null, { ok: null }]);
        await store.recordNoticeStep(notice.id, 0, { ok: THREAD_TS });
        await store.recordNoticeStep(notice.id, 2, { refused: 'channel_not_found' });
        await store.recordNoticeStep(notice.id, 1, { ok: null });
        expect((await store.loadNotice(notice.id))?.steps).toEqual([
          { ok: THREAD_TS },
          { ok: null },
          { refused: 'channel_not_found' },
        ]);
        await store.recordNoticeAttempt(notice.id);
        await store.recordNoticeAttempt(notice.id);
        expect((await store.loadNotice(notice.id))?.attempts).toBe(2);
      });

      it('settleNotice moves a pending notice only, keeping where it was posted', async () => {
        const { id } = await addOne();
        const notice = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
        expect(await store.pendingNoticeIds()).toContain(notice.id);
        await store.settleNotice(notice.id, 'delivered', { channel: 'C0COMPLY', ts: '1700000001.000200' });
        await store.settleNotice(notice.id, 'failed', { channel: 'D0OWNER', ts: '9.9' });
        expect(await store.loadNotice(notice.id)).toMatchObject({
          state: 'delivered',
          channel: 'C0COMPLY',
          messageTs: '1700000001.000200',
        });
        expect(await store.pendingNoticeIds()).not.toContain(notice.id);

        const other = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2 * DAY), true), other);
        await store.settleNotice(other.id, 'failed');
        expect(await store.loadNotice(other.id)).toMatchObject({
          state: 'failed',
          channel: null,
          messageTs: null,
        });
      });

      it('acknowledge: the first wins, who and when kept; only alerts can be acknowledged', async () => {
        const { id } = await addOne();
        const notice = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
        expect(await store.acknowledge(notice.id, 'U0FIRST', later(DAY + 1_000))).toBe(true);
        expect(await store.acknowledge(notice.id, 'U0SECOND', later(DAY + 2_000))).toBe(false);
        expect(await store.loadNotice(notice.id)).toMatchObject({
          acknowledgedBy: 'U0FIRST',
          acknowledgedAt: later(DAY + 1_000),
        });
        const warning: NewNotice = { id: randomUUID(), kind: 'expiry_warning', body: {} };
        await store.markWarned(id, later(DAY), FAR_FUTURE, warning);
        expect(await store.acknowledge(warning.id, 'U0FIRST', later(DAY))).toBe(false);
        expect(await store.acknowledge(randomUUID(), 'U0FIRST', later(DAY))).toBe(false);
      });

      it('of many acknowledgements at once, exactly one wins', async () => {
        const { id } = await addOne();
        const notice = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_unused, index) =>
            store.acknowledge(notice.id, `U${index}`, later(DAY)),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('unacknowledged: the owner’s open alerts only, newest first', async () => {
        const { id, owner } = await addOne();
        const first = changesNotice(id);
        const second = changesNotice(id);
        const third = changesNotice(id);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), first);
        await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2 * DAY), true), second);
        await store.recordCheck(id, await inCycle(id), check(NEXT, later(3 * DAY), true), third);
        await store.recordFailure(
          id,
          await inCycle(id),
          { code: 'TIMEOUT', now: later(4 * DAY), nextCheckAt: later(5 * DAY) },
          { id: randomUUID(), kind: 'check_failed', body: {} },
        );
        await store.acknowledge(second.id, owner, later(3 * DAY));
        // someone else's alert
        const other = await addOne();
        await store.recordCheck(
          other.id,
          await inCycle(other.id),
          check(NEXT, later(DAY), true),
          changesNotice(other.id),
        );

        const open = await store.unacknowledged(owner);
        expect(open.map((notice) => notice.id)).toEqual([third.id, first.id]);
        expect(open[0]).toMatchObject({ owner, kind: 'changes', body: third.body, acknowledgedAt: null });
        expect(await store.unacknowledged('U-nobody')).toEqual([]);
      });
    });

    it('keeps no name, keyword, purpose or thread in the clear, in watches or their notices', async () => {
      const { id, owner } = await addOne();
      await store.recordCheck(id, await inCycle(id), check(BASELINE, later(2_000), false));
      const notice = changesNotice(id);
      await store.recordCheck(id, await inCycle(id), check(NEXT, later(DAY), true), notice);
      const expiry: NewNotice = {
        id: randomUUID(),
        kind: 'expiry_warning',
        body: { watchId: id, keyword: KEYWORD, realname: NAME, types: [1, 2, 3], expiresAt: later(90 * DAY) },
      };
      await store.markWarned(id, later(DAY), FAR_FUTURE, expiry);

      const watches = await db.query('select * from watches where id = $1', [id]);
      const notices = await db.query('select * from watch_notices where watch_id = $1', [id]);
      expect(watches.rows).toHaveLength(1);
      expect(notices.rows).toHaveLength(2);
      // every column as text, as the database holds it
      const asText = await db.query<{ row: string }>(
        `select w::text as row from watches w where id = $1
         union all select n::text as row from watch_notices n where watch_id = $1`,
        [id],
      );
      expect(asText.rows).toHaveLength(3);
      const stored = [
        JSON.stringify(watches.rows),
        JSON.stringify(notices.rows),
        ...asText.rows.map((r) => r.row),
      ];
      for (const text of stored) {
        for (const clear of [
          NAME,
          KEYWORD,
          PURPOSE,
          THREAD_TS,
          '(2023)粤0305执4512号',
          '全部未履行',
          '部分履行',
        ]) {
          expect(text).not.toContain(clear);
        }
      }
      // what is plain: the owner (lists need no decryption) and the sources
      expect(JSON.stringify(watches.rows[0])).toContain(owner);
      expect((watches.rows[0] as { types: string }).types).toBe('1,2,3');
      // and the sealed columns open only as what they are
      const row = watches.rows[0] as { spec_sealed: string; baseline_sealed: string; subject_key: string };
      expect(() => cipher.open(row.spec_sealed, 'watch baseline')).toThrow();
      expect(() => cipher.open(row.baseline_sealed, 'watch spec')).toThrow();
      expect(() =>
        cipher.open((notices.rows[0] as { body_sealed: string }).body_sealed, 'watch spec'),
      ).toThrow();
      // the subject key is a blind index, not the subject
      expect(row.subject_key).toBe(cipher.blindIndex('watch', JSON.stringify([owner, KEYWORD, NAME])));
      // another key opens nothing
      const otherStore = createWatchStore(db, createFieldCipher(Buffer.alloc(32, 8)));
      await expect(otherStore.load(id)).rejects.toThrow();
    });
  });
}
