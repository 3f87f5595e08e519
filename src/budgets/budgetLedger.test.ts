import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { BudgetExceededError, type BudgetLimits, createBudgetLedger } from './budgetLedger.js';

const ALICE = { userId: 'U0ALICE' };
const BOB = { userId: 'U0BOB' };

for (const target of DATABASE_TARGETS) {
  describe.skipIf(!target.available)(`budget ledger on ${target.name}`, () => {
    let db: Database;
    let clock: Date;
    const ledger = (limits: BudgetLimits) => createBudgetLedger({ db, limits, now: () => clock });
    const dayCalls = async (userId: string, day: string) => {
      const { rows } = await db.query<{ calls: number }>(
        'select calls from budget_user_daily where user_id = $1 and day = $2',
        [userId, day],
      );
      return rows[0]?.calls;
    };
    const monthCalls = async (month: string) => {
      const { rows } = await db.query<{ calls: number }>(
        'select calls from budget_team_monthly where month = $1',
        [month],
      );
      return rows[0]?.calls;
    };

    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db.close();
    });
    beforeEach(async () => {
      await db.query('delete from budget_user_daily');
      await db.query('delete from budget_team_monthly');
      // 2026-03-10 10:00 CST
      clock = new Date('2026-03-10T02:00:00Z');
    });

    it('50 holds of 1 at once against a daily budget of 10: exactly 10 granted', async () => {
      const budgets = ledger({ userDaily: 10 });
      const results = await Promise.all(Array.from({ length: 50 }, () => budgets.hold(ALICE, 1)));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(results.filter((r) => !r.ok)).toHaveLength(40);
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(10);
    });

    it('50 holds of 1 from different people against a monthly budget of 10: exactly 10 granted', async () => {
      const budgets = ledger({ teamMonthly: 10, userDaily: 3 });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => budgets.hold({ userId: `U0USER${i % 7}` }, 1)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(await monthCalls('2026-03')).toBe(10);
      const { rows } = await db.query<{ total: number }>(
        'select sum(calls)::int as total from budget_user_daily',
      );
      // a refusal by the month undid the person's day as well
      expect(rows[0]?.total).toBe(10);
    });

    it('a refusal names the budget, its limit, what is used and left, and when it resets', async () => {
      const budgets = ledger({ userDaily: 5, teamMonthly: 100 });
      expect((await budgets.hold(ALICE, 3)).ok).toBe(true);
      const refused = await budgets.hold(ALICE, 3);
      expect(refused).toEqual({
        ok: false,
        refusal: {
          budget: 'user_daily',
          limit: 5,
          used: 3,
          left: 2,
          resetsAt: new Date('2026-03-10T16:00:00Z'),
        },
      });
      // another person is not affected by Alice's day
      expect((await budgets.hold(BOB, 5)).ok).toBe(true);
      expect((await budgets.hold(BOB, 1)).ok).toBe(false);
    });

    it('the monthly budget refuses across people, with the first of next month as the reset', async () => {
      const budgets = ledger({ teamMonthly: 4 });
      expect((await budgets.hold(ALICE, 3)).ok).toBe(true);
      expect(await budgets.hold(BOB, 2)).toEqual({
        ok: false,
        refusal: {
          budget: 'team_monthly',
          limit: 4,
          used: 3,
          left: 1,
          resetsAt: new Date('2026-03-31T16:00:00Z'),
        },
      });
      // more than the limit in one go: refused without writing anything
      expect(await budgets.hold(BOB, 9)).toMatchObject({ ok: false, refusal: { used: 3, left: 1 } });
      expect(await dayCalls(BOB.userId, '2026-03-10')).toBeUndefined();
    });

    it('a hold of 0 always succeeds and writes nothing', async () => {
      const budgets = ledger({ userDaily: 1, teamMonthly: 1 });
      await budgets.hold(ALICE, 1);
      const zero = await budgets.hold(ALICE, 0);
      expect(zero.ok).toBe(true);
      const { rows } = await db.query('select * from budget_user_daily');
      expect(rows).toHaveLength(1);
      if (zero.ok) await zero.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(1);
    });

    it('close gives back what was reserved and not used; given back calls count as unused', async () => {
      const budgets = ledger({ userDaily: 10 });
      const held = await budgets.hold(ALICE, 3);
      if (!held.ok) throw new Error('refused');
      await held.hold.take();
      await held.hold.take();
      held.hold.giveBack(); // 240102: not billed
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(3);
      await held.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(1);
      expect(await monthCalls('2026-03')).toBe(1);
      await held.hold.close(); // twice is once
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(1);
    });

    it('take reserves one more past the reservation, and throws the refusal when the budget is used up', async () => {
      const budgets = ledger({ userDaily: 2 });
      const held = await budgets.hold(ALICE, 1);
      if (!held.ok) throw new Error('refused');
      await held.hold.take();
      await held.hold.take(); // reserved one more
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(2);
      const error = await held.hold.take().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetExceededError);
      expect((error as BudgetExceededError).refusal).toEqual({
        budget: 'user_daily',
        limit: 2,
        used: 2,
        left: 0,
        resetsAt: new Date('2026-03-10T16:00:00Z'),
      });
      await held.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(2);
    });

    it('reserve covers the next takes in one go, reserving only what the hold lacks; refused whole', async () => {
      const budgets = ledger({ userDaily: 5 });
      const held = await budgets.hold(ALICE, 2);
      if (!held.ok) throw new Error('refused');
      await held.hold.take();
      await held.hold.reserve(1); // 1 left in the hold: nothing written
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(2);
      await held.hold.reserve(3); // 2 more at once
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(4);
      await expect(held.hold.reserve(5)).rejects.toBeInstanceOf(BudgetExceededError);
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(4);
      for (let i = 0; i < 3; i += 1) await held.hold.take();
      await held.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(4);
    });

    it('three takes side by side on a hold of 3 reserve nothing more', async () => {
      const budgets = ledger({ userDaily: 3 });
      const held = await budgets.hold(ALICE, 3);
      if (!held.ok) throw new Error('refused');
      await Promise.all([held.hold.take(), held.hold.take(), held.hold.take()]);
      await held.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(3);
    });

    it('a new day starts at 00:00 CST; the unused part goes back to the day it was reserved in', async () => {
      const budgets = ledger({ userDaily: 2, teamMonthly: 100 });
      clock = new Date('2026-03-10T15:59:00Z'); // 23:59 CST
      const held = await budgets.hold(ALICE, 2);
      if (!held.ok) throw new Error('refused');
      expect((await budgets.hold(ALICE, 1)).ok).toBe(false);
      clock = new Date('2026-03-10T16:00:00Z'); // 00:00 CST, the 11th
      expect((await budgets.hold(ALICE, 1)).ok).toBe(true);
      await held.hold.take();
      await held.hold.close();
      expect(await dayCalls(ALICE.userId, '2026-03-10')).toBe(1);
      expect(await dayCalls(ALICE.userId, '2026-03-11')).toBe(1);
      expect(await monthCalls('2026-03')).toBe(2);
    });

    it('concurrent releases of holds spanning two days and two months never deadlock; counts exact', async () => {
      const warnings: unknown[] = [];
      const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
      const budgets = createBudgetLedger({ db, limits: {}, now: () => clock, logger });
      // 2026-03-31 23:59 CST: every hold reserves 3 on the last day of March
      clock = new Date('2026-03-31T15:59:00Z');
      const users = Array.from({ length: 6 }, (_, i) => `U0SPAN${i}`);
      const holds = await Promise.all(
        users.flatMap((userId) => [0, 1, 2].map(() => budgets.hold({ userId }, 3))),
      );
      // 2026-04-01 00:01 CST: each takes 5 (2 reserved on April 1) and gives 3 back: 3 unused each,
      // 2 of them to April 1 and 1 to March 31
      clock = new Date('2026-03-31T16:01:00Z');
      const opened = holds.map((held) => {
        if (!held.ok) throw new Error('refused');
        return held.hold;
      });
      for (const hold of opened) {
        for (let i = 0; i < 5; i += 1) await hold.take();
        for (let i = 0; i < 3; i += 1) hold.giveBack();
      }
      await Promise.all(opened.map((hold) => hold.close()));
      expect(warnings).toEqual([]);
      for (const userId of users) {
        expect(await dayCalls(userId, '2026-03-31')).toBe(6);
        expect(await dayCalls(userId, '2026-04-01')).toBe(0);
      }
      expect(await monthCalls('2026-03')).toBe(36);
      expect(await monthCalls('2026-04')).toBe(0);
    });

    it('a new month starts on the first at 00:00 CST, the year too', async () => {
      const budgets = ledger({ teamMonthly: 1 });
      clock = new Date('2026-12-31T15:00:00Z');
      const december = await budgets.hold(ALICE, 1);
      expect(december.ok).toBe(true);
      expect(await budgets.hold(BOB, 1)).toMatchObject({
        ok: false,
        refusal: { budget: 'team_monthly', resetsAt: new Date('2026-12-31T16:00:00Z') },
      });
      clock = new Date('2026-12-31T16:00:00Z');
      expect((await budgets.hold(BOB, 1)).ok).toBe(true);
      // December's hold, closed in January unused, is given back to December
      if (december.ok) await december.hold.close();
      expect(await monthCalls('2026-12')).toBe(0);
      expect(await monthCalls('2027-01')).toBe(1);
    });

    it('without budgets a hold counts in two statements, no transaction; 50 at once all counted', async () => {
      let transactions = 0;
      const spied: Database = {
        ...db,
        transaction: (work) => {
          transactions += 1;
          return db.transaction(work);
        },
      };
      const budgets = createBudgetLedger({ db: spied, limits: {}, now: () => clock });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => budgets.hold(i % 2 === 0 ? ALICE : BOB, 1)),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(transactions).toBe(0);
      expect([await dayCalls(ALICE.userId, '2026-03-10'), await dayCalls(BOB.userId, '2026-03-10')]).toEqual([
        25, 25,
      ]);
      expect(await monthCalls('2026-03')).toBe(50);
    });

    it('usage is counted without budgets, and read for the Home and for auditors', async () => {
      const budgets = ledger({});
      for (const [payer, calls] of [
        [ALICE, 2],
        [BOB, 5],
        [ALICE, 1],
      ] as const) {
        const held = await budgets.hold(payer, calls);
        if (!held.ok) throw new Error('refused');
        for (let i = 0; i < calls; i += 1) await held.hold.take();
        await held.hold.close();
      }
      clock = new Date('2026-03-20T02:00:00Z');
      const later = await budgets.hold(ALICE, 4);
      if (later.ok) await later.hold.close(); // nothing used: nothing counted
      expect(await budgets.usageOf(ALICE.userId)).toEqual({
        day: '2026-03-20',
        month: '2026-03',
        today: { used: 0, resetsAt: new Date('2026-03-20T16:00:00Z') },
        userMonth: { used: 3 },
        team: { used: 8, resetsAt: new Date('2026-03-31T16:00:00Z') },
      });
      expect(await budgets.teamUsageByUser('2026-03')).toEqual([
        { userId: BOB.userId, calls: 5 },
        { userId: ALICE.userId, calls: 3 },
      ]);
      expect(await budgets.teamUsageByUser('2026-04')).toEqual([]);
      const limited = ledger({ userDaily: 10, teamMonthly: 20 });
      clock = new Date('2026-03-10T02:00:00Z');
      expect(await limited.usageOf(ALICE.userId)).toMatchObject({
        today: { used: 3, limit: 10, left: 7 },
        team: { used: 8, limit: 20, left: 12 },
      });
    });
  });
}
