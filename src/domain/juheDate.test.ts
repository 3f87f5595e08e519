import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJuheDateWithDateFns, parseJuheDateWithDateFns } from '../../test/support/dateFnsJuheDate.js';
import { formatJuheDate, parseJuheDate } from './juheDate.js';

function parsedAs(raw: unknown): string | null {
  const date = parseJuheDate(raw);
  return date === null ? null : formatJuheDate(date);
}

describe('parseJuheDate', () => {
  it.each([
    '2023-04-05',
    '2023/04/05',
    '2023.04.05',
    '20230405',
    '2023-04-05 08:30:00',
    '2023-04-05 08:30',
    '2023/04/05 23:59:59',
    '2023-4-5',
    '2023/4/5',
    '2023年4月5日',
    '2023年04月05日',
    '2023-04-05T08:30:00',
    '2023-04-05T08:30:00+08:00',
    '2023-04-05T23:30:00Z',
    '2023-04-05T08:30:00.123Z',
    '  2023-04-05  ',
  ])('reads %j as 2023-04-05 at local midnight', (raw) => {
    const date = parseJuheDate(raw);
    expect(date).toEqual(new Date(2023, 3, 5));
    expect(date?.getHours()).toBe(0);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['0001-01-01', 'sentinel'],
    ['1900-01-01', 'sentinel'],
    ['0000-00-00', 'sentinel'],
    ['1899-12-31', 'before 1900'],
    ['0099-01-05', 'before 1900'],
    ['2023-02-30', 'no such day'],
    ['2023-13-01', 'no such month'],
    ['2023-04', 'no day'],
    ['230405', 'two-digit year'],
    ['2023-04-05 25:00:00', 'no such hour'],
    ['2023-04-05 soon', 'not a time'],
    ['2023-04-05T99', 'bad ISO time'],
    ['2023-04-05x', 'trailing text'],
    ['05/04/2023', 'day first'],
    ['abc', 'text'],
    ['无', 'text'],
  ])('returns null for %j (%s)', (raw) => {
    expect(parseJuheDate(raw)).toBeNull();
  });

  it.each([null, undefined, 20230405, 1680652800000, Number.NaN, {}, [], true, new Date(2023, 3, 5)])(
    'returns null for the non-string %j',
    (raw) => {
      expect(parseJuheDate(raw)).toBeNull();
    },
  );

  it('accepts the day after the 1900-01-01 sentinel and leap days', () => {
    expect(parsedAs('1900-01-02')).toBe('1900-01-02');
    expect(parsedAs('2024-02-29')).toBe('2024-02-29');
    expect(parsedAs('2023-02-29')).toBeNull();
  });

  it('round-trips every day through formatJuheDate in each separator style', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(1900, 0, 2), max: new Date(2100, 11, 31), noInvalidDate: true }),
        fc.constantFrom('-', '/', '.', ''),
        (moment, separator) => {
          const text = formatJuheDate(moment);
          expect(parsedAs(text.replaceAll('-', separator))).toBe(text);
        },
      ),
    );
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.anything()), (raw) => {
        const result = parseJuheDate(raw);
        expect(result === null || result instanceof Date).toBe(true);
      }),
    );
  });
});

describe('formatJuheDate', () => {
  it('writes yyyy-MM-dd', () => {
    expect(formatJuheDate(new Date(2023, 3, 5, 17, 45))).toBe('2023-04-05');
    expect(formatJuheDate(new Date(1999, 11, 31))).toBe('1999-12-31');
  });
});

/** Digits as Juhe might write them, and as it should not: padded, unpadded, too many, out of range. */
const digits = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 3 }))
    .map(([n, pad]) => String(n).padStart(pad, '0'));
const dateLike = fc
  .tuple(
    digits(0, 12_000),
    fc.constantFrom('-', '/', '.', '', '年', '-/'),
    digits(0, 14),
    digits(0, 33),
    fc.boolean(),
  )
  .map(([year, separator, month, day, chinese]) =>
    chinese && separator === '年' ? `${year}年${month}月${day}日` : [year, month, day].join(separator),
  );
const timeLike = fc
  .tuple(digits(0, 25), digits(0, 61), fc.option(digits(0, 61)), fc.option(digits(0, 1_200)))
  .map(
    ([h, m, s, ms]) => `${h}:${m}${s === null ? '' : `:${s}`}${s !== null && ms !== null ? `.${ms}` : ''}`,
  );
const juheDateLike = fc.oneof(
  dateLike,
  fc.tuple(dateLike, timeLike).map(([date, time]) => `${date} ${time}`),
  fc
    .tuple(dateLike, timeLike, fc.constantFrom('', 'Z', '+08:00', '-0530', 'x'))
    .map(([date, time, zone]) => `${date}T${time}${zone}`),
  fc.tuple(fc.constantFrom(' ', '\t', ''), dateLike, fc.constantFrom(' ', '  ', '')).map((p) => p.join('')),
  fc.string({ maxLength: 14 }),
);

describe('parseJuheDate against the date-fns implementation it replaced', () => {
  it('reads every date-like string as the five date-fns patterns did', () => {
    fc.assert(
      fc.property(juheDateLike, (raw) => {
        const expected = parseJuheDateWithDateFns(raw);
        const actual = parseJuheDate(raw);
        expect(actual === null ? null : formatJuheDate(actual)).toBe(
          expected === null ? null : formatJuheDateWithDateFns(expected),
        );
        expect(actual?.getTime()).toBe(expected?.getTime());
      }),
      { numRuns: 20_000 },
    );
  });

  it('formats every day from 1900 to 2200 as date-fns did', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(1900, 0, 1), max: new Date(2200, 11, 31), noInvalidDate: true }),
        (d) => {
          expect(formatJuheDate(d)).toBe(formatJuheDateWithDateFns(d));
        },
      ),
    );
  });
});
