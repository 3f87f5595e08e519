import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRiskKeyword } from '../domain/riskKeyword.js';
import {
  BUTTON_VALUE_LIMIT,
  CURSOR_PAGE_INDEX_MAX,
  CURSOR_PAGE_SIZE_MAX,
  CURSOR_VALUE_LIMIT,
  decodePageCursor,
  encodePageCursor,
  type PageCursor,
} from './pageCursor.js';
import { ROUND_TRIP_TAG_OVERHEAD } from './roundTripTag.js';

const wire = (k: string, n: string) => JSON.stringify({ v: 1, k, n, t: 1, p: 2, s: 10 });

describe('page cursor', () => {
  it('encodes compactly and decodes back', () => {
    const cursor: PageCursor = { keyword: '江苏', realname: '张德洲', type: 1, pageIndex: 2, pageSize: 10 };
    const value = encodePageCursor(cursor);
    expect(value).toBe('{"v":1,"k":"江苏","n":"张德洲","t":1,"p":2,"s":10}');
    expect(decodePageCursor(value)).toEqual(cursor);
  });

  it.each([
    ['not json', 'next'],
    ['wrong version', '{"v":2,"k":"a","n":"b","t":1,"p":1,"s":10}'],
    ['bad type', '{"v":1,"k":"a","n":"b","t":4,"p":1,"s":10}'],
    ['page 0', '{"v":1,"k":"a","n":"b","t":1,"p":0,"s":10}'],
    ['page size over 50', '{"v":1,"k":"a","n":"b","t":1,"p":1,"s":51}'],
    ['empty keyword', '{"v":1,"k":"","n":"b","t":1,"p":1,"s":10}'],
    ['a 身份证 as the keyword', '{"v":1,"k":"11010519491231002X","n":"b","t":1,"p":1,"s":10}'],
    ['a mobile as the keyword', '{"v":1,"k":"13812345678","n":"b","t":1,"p":1,"s":10}'],
    [
      'a 统一社会信用代码 with a wrong check character',
      '{"v":1,"k":"91110000100006485X","n":"b","t":1,"p":1,"s":10}',
    ],
    ['a keyword over 200 characters', `{"v":1,"k":"${'江'.repeat(201)}","n":"b","t":1,"p":1,"s":10}`],
  ])('rejects a forged or stale value: %s', (_label, value) => {
    expect(decodePageCursor(value)).toBeUndefined();
  });

  it('accepts a valid 统一社会信用代码 as the keyword', () => {
    expect(decodePageCursor('{"v":1,"k":"91110000100006485K","n":"张德洲","t":1,"p":1,"s":10}')).toEqual({
      keyword: '91110000100006485K',
      realname: '张德洲',
      type: 1,
      pageIndex: 1,
      pageSize: 10,
    });
  });

  it('rejects values over Slack’s limit', () => {
    expect(decodePageCursor('x'.repeat(BUTTON_VALUE_LIMIT + 1))).toBeUndefined();
    expect(CURSOR_VALUE_LIMIT).toBe(BUTTON_VALUE_LIMIT - ROUND_TRIP_TAG_OVERHEAD);
  });

  it.each([
    ['a 身份证 keyword', wire('11010519491231002X', '张德洲')],
    ['a 身份证 keyword with spaces', wire('110105 19491231 002X', '张德洲')],
    ['a mobile keyword', wire('13812345678', '张德洲')],
    ['a keyword over 200 characters', wire('江'.repeat(201), '张德洲')],
    ['a one-character name', wire('江苏', '张')],
    ['a name with digits', wire('江苏', '张3')],
    ['a name mixing scripts', wire('江苏', '张Li')],
  ])('applies the typed command’s input rules: refuses %s', (_label, value) => {
    expect(decodePageCursor(value)).toBeUndefined();
  });

  it('refuses a page past CURSOR_PAGE_INDEX_MAX and a page size past CURSOR_PAGE_SIZE_MAX', () => {
    const value = (p: number, size: number) =>
      JSON.stringify({ v: 1, k: '江苏', n: '张德洲', t: 1, p, s: size });
    expect(decodePageCursor(value(CURSOR_PAGE_INDEX_MAX, CURSOR_PAGE_SIZE_MAX))).toMatchObject({
      pageIndex: CURSOR_PAGE_INDEX_MAX,
      pageSize: CURSOR_PAGE_SIZE_MAX,
    });
    expect(decodePageCursor(value(CURSOR_PAGE_INDEX_MAX + 1, 10))).toBeUndefined();
    expect(decodePageCursor(value(1, CURSOR_PAGE_SIZE_MAX + 1))).toBeUndefined();
  });

  it('leaves room for the tag under 2000 characters for any keyword of up to 200 characters and name of up to 60', () => {
    const hanName = fc
      .array(fc.integer({ min: 0x4e00, max: 0x9fff }), { minLength: 2, maxLength: 30 })
      .map((codes) => String.fromCodePoint(...codes));
    const latinName = fc.stringMatching(/^[A-Za-z]{2,20}( [A-Za-z]{1,20}){0,2}$/);
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'grapheme', maxLength: 200 })
          .filter((s) => s.trim().length > 0 && checkRiskKeyword(s) === undefined),
        fc.oneof(hanName, latinName),
        fc.constantFrom(1, 2, 3),
        fc.integer({ min: 1, max: CURSOR_PAGE_INDEX_MAX }),
        (keyword, realname, type, pageIndex) => {
          const cursor: PageCursor = { keyword, realname, type: type as 1 | 2 | 3, pageIndex, pageSize: 50 };
          const value = encodePageCursor(cursor);
          expect(value.length + ROUND_TRIP_TAG_OVERHEAD).toBeLessThanOrEqual(BUTTON_VALUE_LIMIT);
          expect(decodePageCursor(value)).toEqual(cursor);
        },
      ),
      { numRuns: 300 },
    );
  });
});
