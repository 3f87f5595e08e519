/**
 * The periods budgets count in (docs/design.md § Budgets): the calendar day and the calendar month in
 * China Standard Time, and when each starts over. China has kept UTC+8 without daylight saving since
 * 1991, so plain arithmetic gives the same answer on any server, whatever its own time zone.
 */

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface BudgetPeriod {
  /** `yyyy-MM-dd`, the day in China Standard Time */
  day: string;
  /** `yyyy-MM`, the month in China Standard Time */
  month: string;
  /** the next 00:00 CST */
  dayResetsAt: Date;
  /** the first of the next month, 00:00 CST */
  monthResetsAt: Date;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The day and month `at` falls in, read on a Beijing wall clock, and when each resets. */
export function budgetPeriodAt(at: Date): BudgetPeriod {
  const wall = new Date(at.getTime() + CST_OFFSET_MS);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth();
  const date = wall.getUTCDate();
  // Date.UTC rolls day 32 into the next month and month 12 into the next year
  const dayResetsAt = new Date(Date.UTC(year, month, date + 1) - CST_OFFSET_MS);
  const monthResetsAt = new Date(Date.UTC(year, month + 1, 1) - CST_OFFSET_MS);
  return {
    day: `${pad(year, 4)}-${pad(month + 1)}-${pad(date)}`,
    month: `${pad(year, 4)}-${pad(month + 1)}`,
    dayResetsAt,
    monthResetsAt,
  };
}

/** The month a `yyyy-MM-dd` day belongs to. */
export function monthOfDay(day: string): string {
  return day.slice(0, 7);
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** When a `yyyy-MM` month resets (the first of the next one, 00:00 CST); undefined for anything else. */
export function monthResetsAt(month: string): Date | undefined {
  const match = MONTH.exec(month);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]), 1) - CST_OFFSET_MS);
}
