import { ComplianceRecordUnavailableError } from '../audit/auditLog.js';
import { type BudgetPeriod, budgetPeriodAt, monthResetsAt } from '../domain/budgetPeriod.js';
import type { Logger } from '../logging/logger.js';
import { type Database, databaseErrorReason, type SqlClient } from '../store/database.js';

/**
 * Budgets on billed Juhe calls (docs/design.md § Budgets): BUDGET_USER_DAILY per person per day and
 * BUDGET_TEAM_MONTHLY for the workspace per calendar month, both in China Standard Time. The app is
 * installed in one workspace (one bot token), so "the team" is that workspace. Usage is counted whether
 * or not a budget is set, so the App Home can show it.
 *
 * A request reserves what it may bill before Juhe is asked and gives back what it did not bill when it
 * ends. Reservations are counted in the database with a conditional upsert, so several instances on
 * one PostgreSQL never grant more than a budget between them. A process that dies holding a reservation
 * leaves it counted: an over-count, the safe side.
 */

export interface BudgetLimits {
  /** BUDGET_USER_DAILY: billed calls per person per day (CST) */
  userDaily?: number;
  /** BUDGET_TEAM_MONTHLY: billed calls for the workspace per calendar month (CST) */
  teamMonthly?: number;
}

export type BudgetName = 'user_daily' | 'team_monthly';

/** Why a reservation was refused: which budget, its limit, what is used and left, and when it resets. */
export interface BudgetRefusal {
  budget: BudgetName;
  limit: number;
  used: number;
  left: number;
  resetsAt: Date;
}

/** A call the reservation could not cover, and the budget could not cover one more. */
export class BudgetExceededError extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super(`the ${refusal.budget} budget is used up (${refusal.used} of ${refusal.limit})`);
    this.name = 'BudgetExceededError';
  }
}

/** What a service that calls Juhe needs of a hold: one call taken before the call, given back when not billed. */
export interface BudgetCharge {
  /**
   * Uses one reserved call, right before a Juhe call. When the reservation is used up it reserves one
   * more, and throws BudgetExceededError (carrying the refusal) when that is refused.
   */
  take(): Promise<void>;
  /** the call taken turned out not billed (240102, an error Juhe does not bill) */
  giveBack(): void;
}

export interface BudgetHold extends BudgetCharge {
  /**
   * Makes sure the next `calls` takes are covered: what the reservation lacks is reserved in one go
   * (a cost just learned, before the calls that need it). Throws BudgetExceededError when refused, and
   * then reserves nothing.
   */
  reserve(calls: number): Promise<void>;
  /**
   * Gives back what was reserved and not used, to the day and month each reservation was made in (never
   * below 0). Never rejects: a release that fails is logged and leaves an over-count.
   */
  close(): Promise<void>;
}

export type BudgetHoldResult = { ok: true; hold: BudgetHold } | { ok: false; refusal: BudgetRefusal };

export interface BudgetFigure {
  used: number;
  /** unset: no budget */
  limit?: number;
  left?: number;
  resetsAt: Date;
}

/** One person's usage now, for the App Home. */
export interface BudgetUsage {
  /** `yyyy-MM-dd` and `yyyy-MM` in CST */
  day: string;
  month: string;
  /** this person today, against BUDGET_USER_DAILY */
  today: BudgetFigure;
  /** this person this month */
  userMonth: { used: number };
  /** the workspace this month, against BUDGET_TEAM_MONTHLY */
  team: BudgetFigure;
}

export interface BudgetLedger {
  readonly limits: BudgetLimits;
  /** reserves `calls` against both budgets at once; a hold of 0 always succeeds and writes nothing */
  hold(payer: { userId: string }, calls: number): Promise<BudgetHoldResult>;
  usageOf(userId: string): Promise<BudgetUsage>;
  /** per person, the calls counted in a month (`yyyy-MM`), most first: for auditors */
  teamUsageByUser(month: string): Promise<Array<{ userId: string; calls: number }>>;
}

/** Thrown inside the reservation's transaction so that a refusal of the second budget undoes the first. */
class Refused extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super('budget refused');
  }
}

interface Reservation {
  period: BudgetPeriod;
  calls: number;
}

export function createBudgetLedger(deps: {
  db: Database;
  limits: BudgetLimits;
  now: () => Date;
  logger?: Logger;
}): BudgetLedger {
  const { db, limits, now } = deps;

  const reserve = async (userId: string, calls: number): Promise<Reservation | BudgetRefusal> => {
    const period = budgetPeriodAt(now());
    // No limit set (the default: usage is still counted): neither upsert can refuse, so there is nothing to
    // undo and no transaction is needed — two statements instead of four, on every lookup. Same lock order.
    const unlimited = limits.userDaily === undefined && limits.teamMonthly === undefined;
    const inReservation = (work: (tx: SqlClient) => Promise<void>) =>
      unlimited ? work(db) : db.transaction(work);
    try {
      await inReservation(async (tx) => {
        // the person's day first, then the month: every reservation locks the rows in this order
        const user = await reserveRow(
          tx,
          `insert into budget_user_daily (user_id, day, calls)
             select $1::text, $2::text, $3::int where $4::int is null or $3::int <= $4::int
           on conflict (user_id, day) do update set calls = budget_user_daily.calls + excluded.calls
             where $4::int is null or budget_user_daily.calls + excluded.calls <= $4::int`,
          [userId, period.day, calls, limits.userDaily ?? null],
        );
        if (!user && limits.userDaily !== undefined) {
          const used = await countOf(
            tx,
            'select calls from budget_user_daily where user_id = $1 and day = $2',
            [userId, period.day],
          );
          throw new Refused(refusal('user_daily', limits.userDaily, used, period.dayResetsAt));
        }
        const team = await reserveRow(
          tx,
          `insert into budget_team_monthly (month, calls)
             select $1::text, $2::int where $3::int is null or $2::int <= $3::int
           on conflict (month) do update set calls = budget_team_monthly.calls + excluded.calls
             where $3::int is null or budget_team_monthly.calls + excluded.calls <= $3::int`,
          [period.month, calls, limits.teamMonthly ?? null],
        );
        if (!team && limits.teamMonthly !== undefined) {
          const used = await countOf(tx, 'select calls from budget_team_monthly where month = $1', [
            period.month,
          ]);
          throw new Refused(refusal('team_monthly', limits.teamMonthly, used, period.monthResetsAt));
        }
      });
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      // nothing was asked of Juhe: refused like a lookup whose record cannot be written
      throw new ComplianceRecordUnavailableError({ cause: error });
    }
    return { period, calls };
  };

  const release = async (userId: string, reservations: readonly Reservation[]) => {
    if (reservations.length === 0) return;
    try {
      // Summed per day and per month, then the day rows in order, then the month rows in order: the
      // same lock order as a reservation (the person's day, then the month), so releases and holds
      // spanning two days (or two months) never wait on each other in a circle.
      const days = new Map<string, number>();
      const months = new Map<string, number>();
      for (const { period, calls } of reservations) {
        days.set(period.day, (days.get(period.day) ?? 0) + calls);
        months.set(period.month, (months.get(period.month) ?? 0) + calls);
      }
      await db.transaction(async (tx) => {
        for (const [day, calls] of sortedByKey(days)) {
          await tx.query(
            'update budget_user_daily set calls = greatest(calls - $3::int, 0) where user_id = $1 and day = $2',
            [userId, day, calls],
          );
        }
        for (const [month, calls] of sortedByKey(months)) {
          await tx.query(
            'update budget_team_monthly set calls = greatest(calls - $2::int, 0) where month = $1',
            [month, calls],
          );
        }
      });
    } catch (error) {
      deps.logger?.warn(
        { reason: databaseErrorReason(error), calls: reservations.reduce((sum, r) => sum + r.calls, 0) },
        'unused budget not given back; it stays counted',
      );
    }
  };

  const openHold = (userId: string, first: Reservation | undefined): BudgetHold => {
    const reservations: Reservation[] = first ? [first] : [];
    let reserved = first?.calls ?? 0;
    let used = 0;
    let closed = false;
    return {
      async take() {
        if (closed) throw new Error('budget hold already closed');
        // counted before any await: takes running side by side (an overview's three sources) each get one
        if (used < reserved) {
          used += 1;
          return;
        }
        const more = await reserve(userId, 1);
        if (!('period' in more)) throw new BudgetExceededError(more);
        reservations.push(more);
        reserved += 1;
        used += 1;
      },
      giveBack() {
        if (used > 0) used -= 1;
      },
      async reserve(calls) {
        if (closed) throw new Error('budget hold already closed');
        const short = calls - (reserved - used);
        if (short <= 0) return;
        const more = await reserve(userId, short);
        if (!('period' in more)) throw new BudgetExceededError(more);
        reservations.push(more);
        reserved += short;
      },
      async close() {
        if (closed) return;
        closed = true;
        // the calls used came out of the earliest reservations; what is left over sits in the latest
        let unused = reserved - used;
        const back: Reservation[] = [];
        for (let i = reservations.length - 1; i >= 0 && unused > 0; i -= 1) {
          const reservation = reservations[i] as Reservation;
          const calls = Math.min(unused, reservation.calls);
          back.push({ period: reservation.period, calls });
          unused -= calls;
        }
        await release(userId, back);
      },
    };
  };

  return {
    limits,
    async hold(payer, calls) {
      if (!Number.isInteger(calls) || calls < 0) throw new RangeError('a hold is a whole number of calls');
      if (calls === 0) return { ok: true, hold: openHold(payer.userId, undefined) };
      const reserved = await reserve(payer.userId, calls);
      if (!('period' in reserved)) return { ok: false, refusal: reserved };
      return { ok: true, hold: openHold(payer.userId, reserved) };
    },
    async usageOf(userId) {
      const period = budgetPeriodAt(now());
      const [today, userMonth, team] = await Promise.all([
        countOf(db, 'select calls from budget_user_daily where user_id = $1 and day = $2', [
          userId,
          period.day,
        ]),
        countOf(
          db,
          `select coalesce(sum(calls), 0)::int as calls from budget_user_daily
            where user_id = $1 and day >= $2 and day <= $3`,
          [userId, `${period.month}-01`, `${period.month}-31`],
        ),
        countOf(db, 'select calls from budget_team_monthly where month = $1', [period.month]),
      ]);
      return {
        day: period.day,
        month: period.month,
        today: figure(today, limits.userDaily, period.dayResetsAt),
        userMonth: { used: userMonth },
        team: figure(team, limits.teamMonthly, period.monthResetsAt),
      };
    },
    async teamUsageByUser(month) {
      if (monthResetsAt(month) === undefined) throw new RangeError('a month is yyyy-MM');
      const { rows } = await db.query<{ user_id: string; calls: number | string }>(
        `select user_id, sum(calls)::int as calls from budget_user_daily
          where day >= $1 and day <= $2
          group by user_id having sum(calls) > 0
          order by sum(calls) desc, user_id`,
        [`${month}-01`, `${month}-31`],
      );
      return rows.map((row) => ({ userId: row.user_id, calls: Number(row.calls) }));
    },
  };
}

/** `yyyy-MM-dd` and `yyyy-MM` sort as text in time order */
function sortedByKey(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The conditional upsert: true when the reservation fitted (a row was written). */
async function reserveRow(tx: SqlClient, sql: string, params: readonly unknown[]): Promise<boolean> {
  const result = await tx.query(sql, params);
  return result.rowCount > 0;
}

async function countOf(client: SqlClient, sql: string, params: readonly unknown[]): Promise<number> {
  const { rows } = await client.query<{ calls: number | string }>(sql, params);
  return Number(rows[0]?.calls ?? 0);
}

function refusal(budget: BudgetName, limit: number, used: number, resetsAt: Date): BudgetRefusal {
  return { budget, limit, used, left: Math.max(0, limit - used), resetsAt };
}

function figure(used: number, limit: number | undefined, resetsAt: Date): BudgetFigure {
  return limit === undefined
    ? { used, resetsAt }
    : { used, limit, left: Math.max(0, limit - used), resetsAt };
}
