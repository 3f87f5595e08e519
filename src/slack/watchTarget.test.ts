import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRiskKeyword } from '../domain/riskKeyword.js';
import { CURSOR_VALUE_LIMIT } from './pageCursor.js';
import { decodeWatchTarget, encodeWatchTarget, type WatchTarget } from './watchTarget.js';

const LIU: WatchTarget = {
  keyword: '深圳南山科技有限公司',
  realname: '刘卫东',
  scope: 'all',
  counts: { '1': 2, '2': 1, '3': 0 },
};

const wire = (fields: Record<string, unknown>) =>
  JSON.stringify({ v: 1, k: '深圳南山科技有限公司', n: '刘卫东', s: 'all', c: {}, ...fields });

describe('encodeWatchTarget / decodeWatchTarget', () => {
  it('encodes compactly and decodes back', () => {
    const value = encodeWatchTarget(LIU);
    expect(value).toBe('{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","s":"all","c":{"1":2,"2":1,"3":0}}');
    expect(decodeWatchTarget(value)).toStrictEqual(LIU);
  });

  it.each([1, 2, 3] as const)('one source (%i), with its count or none known', (scope) => {
    const known: WatchTarget = { ...LIU, scope, counts: { [String(scope)]: 31 } };
    expect(decodeWatchTarget(encodeWatchTarget(known))).toStrictEqual(known);
    const unknown: WatchTarget = { ...LIU, scope, counts: {} };
    expect(encodeWatchTarget(unknown)).toBe(
      `{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","s":${scope},"c":{}}`,
    );
    expect(decodeWatchTarget(encodeWatchTarget(unknown))).toStrictEqual(unknown);
  });

  it('a count left out stays left out (unknown), never 0', () => {
    const decoded = decodeWatchTarget(wire({ c: { 2: 5 } }));
    expect(decoded?.counts).toStrictEqual({ '2': 5 });
    expect(Object.keys(decoded?.counts ?? {})).toEqual(['2']);
  });

  it('a name comes back as a typed command reads it: spaces out, look-alike dots folded', () => {
    expect(decodeWatchTarget(wire({ n: ' 刘 卫东 ' }))?.realname).toBe('刘卫东');
    expect(decodeWatchTarget(wire({ n: '阿卜杜•热合曼' }))?.realname).toBe('阿卜杜·热合曼');
    expect(decodeWatchTarget(wire({ n: 'Wei  Dong Liu' }))?.realname).toBe('Wei Dong Liu');
  });

  it('accepts a valid 统一社会信用代码 as the keyword', () => {
    expect(decodeWatchTarget(wire({ k: '91110000100006485K' }))?.keyword).toBe('91110000100006485K');
  });

  it.each([
    ['not a string', 42],
    ['undefined', undefined],
    ['not JSON', 'watch'],
    ['JSON but not an object', '[1,"深圳南山科技有限公司","刘卫东"]'],
    ['wrong version', wire({ v: 2 })],
    ['no version', JSON.stringify({ k: '深圳', n: '刘卫东', s: 'all', c: {} })],
    ['empty keyword', wire({ k: '' })],
    ['empty name', wire({ n: '' })],
    ['scope 0', wire({ s: 0 })],
    ['scope 4', wire({ s: 4 })],
    ['scope as a string', wire({ s: '1' })],
    ['scope ALL', wire({ s: 'ALL' })],
    ['no counts', JSON.stringify({ v: 1, k: '深圳', n: '刘卫东', s: 'all' })],
    ['counts not an object', wire({ c: [1, 2, 3] })],
    ['a count for a source that does not exist', wire({ c: { 4: 1 } })],
    ['a negative count', wire({ c: { 1: -1 } })],
    ['a fractional count', wire({ c: { 1: 1.5 } })],
    ['a count as a string', wire({ c: { 1: '3' } })],
  ])('undefined for a forged or stale value: %s', (_label, value) => {
    expect(decodeWatchTarget(value)).toBeUndefined();
  });

  it.each([
    ['a 身份证', '11010519491231002X'],
    ['a 身份证 with a lower-case x', '11010519491231002x'],
    ['a 身份证 grouped with spaces', '110105 19491231 002X'],
    ['a mistyped 身份证 (shape is enough)', '110105194912310021'],
    ['an old 15-digit 身份证', '110105491231003'],
    ['a mobile', '13812345678'],
    ['a mobile grouped with dashes', '138-1234-5678'],
  ])('a keyword shaped like %s is refused: %s', (_label, keyword) => {
    expect(checkRiskKeyword(keyword)).toEqual({ code: 'keyword_is_personal_id' });
    expect(decodeWatchTarget(wire({ k: keyword }))).toBeUndefined();
  });

  it.each([
    ['a 统一社会信用代码 with a wrong check character', '91110000100006485X'],
    ['a keyword over 200 characters', '深'.repeat(201)],
  ])('refuses %s, as the typed command does', (_label, keyword) => {
    expect(decodeWatchTarget(wire({ k: keyword }))).toBeUndefined();
  });

  it('takes a keyword of exactly 200 characters', () => {
    expect(decodeWatchTarget(wire({ k: '深'.repeat(200) }))?.keyword).toBe('深'.repeat(200));
  });

  it.each([
    ['one character', '刘'],
    ['digits', '刘卫3'],
    ['mixed scripts', '刘Wei'],
    ['a leading dot', '·卫东'],
    ['a doubled dot', '阿卜杜··热合曼'],
    ['31 Chinese characters', '刘'.repeat(31)],
    ['61 Latin letters', 'a'.repeat(61)],
    ['markup', '<@U123>'],
  ])('refuses a name with %s', (_label, realname) => {
    expect(decodeWatchTarget(wire({ n: realname }))).toBeUndefined();
  });

  it('values over the limit left for the round-trip tag are refused unread; up to it they are read', () => {
    const value = encodeWatchTarget(LIU);
    const padded = (length: number) =>
      value.slice(0, -1) + ' '.repeat(length - value.length) + value.slice(-1);
    expect(padded(CURSOR_VALUE_LIMIT)).toHaveLength(CURSOR_VALUE_LIMIT);
    expect(decodeWatchTarget(padded(CURSOR_VALUE_LIMIT))).toStrictEqual(LIU);
    expect(decodeWatchTarget(padded(CURSOR_VALUE_LIMIT + 1))).toBeUndefined();
  });

  it('encoding a value that would not fit a button is a bug, thrown', () => {
    expect(() => encodeWatchTarget({ ...LIU, keyword: '"'.repeat(1000) })).toThrow(RangeError);
  });

  it('round-trips every subject a typed command accepts', () => {
    const keyword = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 60 })
      .filter((k) => k.length > 0 && checkRiskKeyword(k) === undefined);
    const realname = fc.constantFrom('刘卫东', '张德洲', '阿卜杜·热合曼', 'Wei Dong Liu', "O'Brien-Smith");
    const count = fc.option(fc.nat({ max: 100_000 }), { nil: undefined });
    const target = fc
      .record({
        keyword,
        realname,
        scope: fc.constantFrom<WatchTarget['scope']>('all', 1, 2, 3),
        one: count,
        two: count,
        three: count,
      })
      .map(({ one, two, three, ...rest }) => {
        const counts: WatchTarget['counts'] = {};
        if (one !== undefined) counts['1'] = one;
        if (two !== undefined) counts['2'] = two;
        if (three !== undefined) counts['3'] = three;
        return { ...rest, counts };
      });
    fc.assert(
      fc.property(target, (t) => {
        expect(decodeWatchTarget(encodeWatchTarget(t))).toStrictEqual(t);
      }),
    );
  });
});
