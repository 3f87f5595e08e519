import { foldFullWidthAlnum } from '../../domain/validation.js';

/**
 * The days an audit export covers. Days are calendar days in China Standard Time (UTC+8, no daylight
 * saving): the time every footer shows, so "2026-11-30" means what the auditor read in Slack that day.
 * Both ends are included.
 */
export interface AuditPeriod {
  /** YYYY-MM-DD, the first day */
  from: string;
  /** YYYY-MM-DD, the last day (included) */
  to: string;
  /** the instant `from` begins */
  start: Date;
  /** the instant after `to` ends (exclusive) */
  end: Date;
  /** calendar days covered, both ends counted */
  days: number;
}

/** Without dates: the last 30 days, today included. */
export const AUDIT_PERIOD_DEFAULT_DAYS = 30;
/** One export covers at most a (leap) year: larger ones are better split than sent as one huge file. */
export const AUDIT_PERIOD_MAX_DAYS = 366;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Months and days may drop their leading zero (2026-1-5); the year has four digits. */
const DAY_SHAPE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

export type AuditDayProblem = 'date_format' | 'date_impossible';
export type AuditPeriodProblem = 'range_reversed' | 'range_too_long';

/** The calendar day in China Standard Time at `now`, as YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A written day as YYYY-MM-DD, or why it is none: not in that shape, or not on the calendar (2026-02-30). */
export function parseAuditDay(
  text: string,
): { ok: true; day: string } | { ok: false; code: AuditDayProblem } {
  const match = DAY_SHAPE.exec(foldFullWidthAlnum(text.trim()));
  if (!match) return { ok: false, code: 'date_format' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March: a day that does not round-trip is not on the calendar
  if (
    year < 1970 ||
    utc.getUTCFullYear() !== year ||
    utc.getUTCMonth() !== month - 1 ||
    utc.getUTCDate() !== day
  ) {
    return { ok: false, code: 'date_impossible' };
  }
  return { ok: true, day: utc.toISOString().slice(0, 10) };
}

function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export type AuditPeriodResult =
  | { ok: true; period: AuditPeriod }
  | { ok: false; code: AuditPeriodProblem; from: string; to: string; days: number };

/**
 * The period from two valid days (YYYY-MM-DD), either of them left out: no `to` means today; no `from`
 * means the 30 days up to `to`.
 */
export function auditPeriod(bounds: { from?: string; to?: string; today: string }): AuditPeriodResult {
  const to = bounds.to ?? bounds.today;
  const from = bounds.from ?? addDays(to, 1 - AUDIT_PERIOD_DEFAULT_DAYS);
  const start = dayStart(from);
  const end = dayStart(addDays(to, 1));
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  if (days < 1) return { ok: false, code: 'range_reversed', from, to, days };
  if (days > AUDIT_PERIOD_MAX_DAYS) return { ok: false, code: 'range_too_long', from, to, days };
  return { ok: true, period: { from, to, start, end, days } };
}
