import { CronExpressionParser } from 'cron-parser';

/**
 * When watches are re-checked: WATCH_SCHEDULE, a cron expression read in China Standard Time (the time
 * the analysts and Juhe's data live in). pg-boss fires the cycle from the same expression; these
 * functions answer the questions the app asks of it (the next check, how many checks a month costs,
 * which cycle a moment belongs to) with the same parser pg-boss uses.
 */
export const WATCH_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_WATCH_SCHEDULE = '0 9 * * *';

/** A month for the cost estimate: 30 days. */
const MONTH_DAYS = 30;
/** Fewer firings than this in 30 days: the month is averaged over a year. */
const RARE_SCHEDULE_CHECKS = 5;
/** Checks counted for the estimate at most: a per-minute schedule is 43,200 a month, counted exactly. */
const COUNT_MAX = 50_000;

/** Why an expression is no schedule, in words for the start-up message (never the value itself). */
export function watchScheduleProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  const fields = trimmed === '' ? [] : trimmed.split(/\s+/);
  if (fields.length !== 5) {
    return `must be a cron expression of 5 fields (minute hour day month weekday), e.g. "${DEFAULT_WATCH_SCHEDULE}"; it has ${fields.length}`;
  }
  try {
    CronExpressionParser.parse(expression, { tz: WATCH_TIME_ZONE, strict: false });
    return undefined;
  } catch {
    return `is not a valid cron expression (minute hour day month weekday), e.g. "${DEFAULT_WATCH_SCHEDULE}"`;
  }
}

function parse(expression: string, currentDate: Date) {
  return CronExpressionParser.parse(expression, { tz: WATCH_TIME_ZONE, currentDate, strict: false });
}

/** The first time the schedule fires strictly after `from`. */
export function nextCheckAfter(expression: string, from: Date): Date {
  return parse(expression, from).next().toDate();
}

/**
 * The cycle `at` belongs to: the last time the schedule fired at or before it. Every instance computes
 * the same one, so it names the cycle (each watch is checked once per cycle).
 */
export function cycleSlotAt(expression: string, at: Date): Date {
  // cron-parser's prev() is strictly before its reference: a moment exactly on a slot belongs to it
  return parse(expression, new Date(at.getTime() + 1))
    .prev()
    .toDate();
}

function firingsWithin(expression: string, from: Date, days: number): number {
  const end = from.getTime() + days * 86_400_000;
  const interval = parse(expression, from);
  let count = 0;
  while (count < COUNT_MAX) {
    const next = interval.next().toDate();
    if (next.getTime() > end) break;
    count += 1;
  }
  return count;
}

/**
 * How many times the schedule fires in a month: what a watch costs a month. Counted over the next 30
 * days; a schedule that fires rarely (monthly, quarterly) is averaged over a year instead, so that a
 * month that happens to miss its day never reads as free.
 */
export function checksPerMonth(expression: string, from: Date): number {
  const month = firingsWithin(expression, from, MONTH_DAYS);
  if (month >= RARE_SCHEDULE_CHECKS) return month;
  return Math.ceil(firingsWithin(expression, from, 365) / 12);
}
