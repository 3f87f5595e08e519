import { createRequire } from 'node:module';
import type * as DateFns from 'date-fns';

/*
 * date-fns through its CommonJS build, on purpose. Node 22/24's ESM resolver reads a package's
 * package.json again for every module it loads (nodejs/node#60397); date-fns's is large and it has ~250
 * modules, so `import … from 'date-fns'` cost 2.1 s and ~480 MB of peak memory at start-up on Node 24.
 * `require` of the one function still used takes a fraction of that. Same package, same code, same types.
 */
const requireCjs = createRequire(import.meta.url);
const { parseISO } = requireCjs('date-fns/parseISO') as Pick<typeof DateFns, 'parseISO'>;

/*
 * Why not date-fns `parse` per pattern: a record has up to three dates and a page up to 50 records;
 * trying five patterns in turn was ~6 % of a lookup's CPU (issue 12). One anchored expression reads all
 * five forms, and matches what `parse` accepted token by token (`M`/`d` one or two digits, greedy,
 * `yyyyMMdd` as four, two, then one or two digits); the calendar is checked by the Date itself. A
 * year of fewer than four digits is before 1900 and so no date anyway. The property test in
 * juheDate.test.ts holds this to the date-fns implementation it replaced.
 */
const DATE_FORMS = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;
/** `HH:mm`, `HH:mm:ss`, `HH:mm:ss.SSS` as date-fns read them: one or two digits each, up to three of fraction */
const TIME_OF_DAY = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,3})?)?$/;

/** Placeholder dates meaning "no date": 0001-01-01, 1900-01-01 and anything older. */
const EARLIEST_REAL_YEAR = 1900;

const DATE_AND_REST = /^(\S+?)(?:([T ])(.+))?$/;

function parseDatePart(text: string): Date | null {
  const form = DATE_FORMS.exec(text);
  if (!form) return null;
  const year = Number(form[1]);
  const month = Number(form[3] ?? form[5] ?? form[7]);
  const day = Number(form[4] ?? form[6] ?? form[8]);
  const date = new Date(year, month - 1, day);
  // 2023-02-30 rolls over to March: not a day that exists
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  // years 0–99 are taken as 1900–1999 by the Date constructor; they are placeholders either way
  if (year < 100) return null;
  return date;
}

function isTimeOfDay(text: string): boolean {
  const time = TIME_OF_DAY.exec(text);
  if (!time) return false;
  return Number(time[1]) <= 23 && Number(time[2]) <= 59 && (time[3] === undefined || Number(time[3]) <= 59);
}

/**
 * Reads a date Juhe sent (`yyyy-MM-dd`, `yyyy/MM/dd`, `yyyy.MM.dd`, `yyyyMMdd`, `yyyy-M-d`, `yyyy年M月d日`,
 * with or without a time, ISO with `T`) as local midnight of that calendar day. A time part is checked
 * but dropped, and an ISO offset is ignored: the day written is the day meant (Juhe writes Beijing dates).
 * null for anything that is not a string, empty, unparseable, or a sentinel (year before 1900,
 * 1900-01-01).
 */
export function parseJuheDate(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  const parts = DATE_AND_REST.exec(text);
  if (!parts) return null;
  const [, datePart = '', separator, rest = ''] = parts;
  if (separator === 'T') {
    if (Number.isNaN(parseISO(text).getTime())) return null;
  } else if (separator === ' ' && !isTimeOfDay(rest.trim())) {
    return null;
  }
  const day = parseDatePart(datePart);
  if (day === null || day.getFullYear() < EARLIEST_REAL_YEAR) return null;
  if (day.getFullYear() === EARLIEST_REAL_YEAR && day.getMonth() === 0 && day.getDate() === 1) return null;
  return day;
}

const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/** How dates are shown everywhere: `yyyy-MM-dd` (the years parseJuheDate gives are four digits). */
export function formatJuheDate(date: Date): string {
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
}
