import { createRequire } from 'node:module';
import type * as DateFns from 'date-fns';

/*
 * The date-fns implementation parseJuheDate had until issue 12 (five `parse` patterns tried in turn), kept
 * as the oracle of src/domain/juheDate.test.ts's property test: the faster one must read every string the
 * same way.
 *
 * date-fns through its CommonJS build, on purpose. Node 22/24's ESM resolver reads a package's
 * package.json again for every module it loads (nodejs/node#60397); date-fns's is large and it has ~250
 * modules, so `import … from 'date-fns'` cost 2.1 s and ~480 MB of peak memory at start-up on Node 24
 * (0.9 s for the four subpaths). `require` of the same four functions takes ~0.2 s. Same package, same
 * code, same types.
 */
const requireCjs = createRequire(import.meta.url);
const { format } = requireCjs('date-fns/format') as Pick<typeof DateFns, 'format'>;
const { isValid } = requireCjs('date-fns/isValid') as Pick<typeof DateFns, 'isValid'>;
const { parse } = requireCjs('date-fns/parse') as Pick<typeof DateFns, 'parse'>;
const { parseISO } = requireCjs('date-fns/parseISO') as Pick<typeof DateFns, 'parseISO'>;

/** Date forms Juhe has been seen to send; `M`/`d` also accept two digits, so `yyyy-M-d` covers `yyyy-MM-dd`. */
const DATE_FORMATS = ['yyyy-M-d', 'yyyy/M/d', 'yyyy.M.d', 'yyyyMMdd', "yyyy'年'M'月'd'日'"] as const;
const TIME_FORMATS = ['HH:mm:ss', 'HH:mm', 'HH:mm:ss.SSS'] as const;

/** Placeholder dates meaning "no date": 0001-01-01, 1900-01-01 and anything older. */
const EARLIEST_REAL_YEAR = 1900;
const SENTINEL_DATES = new Set(['1900-01-01']);

/** Any fixed day works: only date-only formats are parsed against it. */
const REFERENCE_DATE = new Date(2000, 0, 1);

const DATE_AND_REST = /^(\S+?)(?:([T ])(.+))?$/;

function parseDatePart(text: string): Date | null {
  for (const pattern of DATE_FORMATS) {
    const parsed = parse(text, pattern, REFERENCE_DATE);
    if (isValid(parsed)) return parsed;
  }
  return null;
}

function isTimeOfDay(text: string): boolean {
  return TIME_FORMATS.some((pattern) => isValid(parse(text, pattern, REFERENCE_DATE)));
}

/**
 * Reads a date Juhe sent (`yyyy-MM-dd`, `yyyy/MM/dd`, `yyyy.MM.dd`, `yyyyMMdd`, `yyyy-M-d`, `yyyy年M月d日`,
 * with or without a time, ISO with `T`) as local midnight of that calendar day. A time part is checked
 * but dropped, and an ISO offset is ignored: the day written is the day meant (Juhe writes Beijing dates).
 * null for anything that is not a string, empty, unparseable, or a sentinel (year before 1900,
 * 1900-01-01).
 */
export function parseJuheDateWithDateFns(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  const parts = DATE_AND_REST.exec(text);
  if (!parts) return null;
  const [, datePart = '', separator, rest = ''] = parts;
  if (separator === 'T') {
    if (!isValid(parseISO(text))) return null;
  } else if (separator === ' ' && !isTimeOfDay(rest.trim())) {
    return null;
  }
  const day = parseDatePart(datePart);
  if (day === null || day.getFullYear() < EARLIEST_REAL_YEAR) return null;
  if (SENTINEL_DATES.has(formatJuheDateWithDateFns(day))) return null;
  return day;
}

/** How dates are shown everywhere: `yyyy-MM-dd`. */
export function formatJuheDateWithDateFns(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}
