import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
