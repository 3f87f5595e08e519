import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from './idcard.js';
import { maskIdCard, maskMobile } from './masking.js';
import { maskPersonalDataInText } from './textMasking.js';
import { USCC_ALPHABET, usccCheckChar } from './uscc.js';

const NOW = new Date(2025, 5, 1);
const mask = (text: string) => maskPersonalDataInText(text, NOW);

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
/** A 身份证 with a real birth date and a right check character. */
const idCard = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({ min: new Date(1930, 0, 1), max: new Date(2020, 0, 1), noInvalidDate: true }),
    digits(3),
  )
  .map(([region, birth, sequence]) => {
    const first17 =
      `${region}${birth.getFullYear()}${String(birth.getMonth() + 1).padStart(2, '0')}` +
      `${String(birth.getDate()).padStart(2, '0')}${sequence}`;
    return first17 + idCardCheckChar(first17);
  });
const mobile = fc
  .tuple(fc.constantFrom(...'3456789'), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);
/** Text that cannot extend a number or a code: no letters, no digits, no dot. */
const fillerUnit = fc.constantFrom(...'被执行人身份证联系电话：，。 ()（）/\n“”');
const filler = fc.string({ unit: fillerUnit, maxLength: 20 });
const separator = fc.string({ unit: fillerUnit, minLength: 1, maxLength: 20 });

describe('maskPersonalDataInText', () => {
  it.each([
    ['被执行人孙丽华，身份证11010519491231002X', '被执行人孙丽华，身份证110105********002X'],
    ['联系电话：13812345678。', '联系电话：138****5678。'],
    ['电话 +86 138-1234-5678', '电话 +86 138-****-5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
    ['身份证 110105 19491231 002x', '身份证 110105 ******** 002x'],
    // a wrong check character, but a real birth date: still a person
    ['110105194912310021', '110105********0021'],
    // valid as a 身份证 and as a 统一社会信用代码: personal data wins
    ['代码911100198512300259', '代码911100********0259'],
    // an old 15-digit 身份证 (yyMMdd at 7–12), even one that also passes the registration check
    ['被执行人 110105491231002', '被执行人 110105*****1002'],
    ['身份证号:110105491231003。', '身份证号:110105*****1003。'],
  ])('masks %j', (input, expected) => {
    expect(mask(input)).toBe(expected);
  });

  it.each([
    ['（2021）京0105执12345号', 'a case number'],
    ['(2018)苏0581执5877号', 'a case number'],
    ['(2019)兵13执恢字第0001234567号之一', 'a long case number'],
    ['统一社会信用代码91350100M000100Y43', 'a 统一社会信用代码'],
    ['代码Y13812345678ABCDE1。', 'a 统一社会信用代码 with a mobile-like run inside'],
    ['911100198512311041', 'an 18-digit 统一社会信用代码 whose middle reads like a birth date'],
    ['110105000000000021', '17 digits and a digit, with neither a birth date nor the right check character'],
    ['订单 JH4011908021558278080790', 'an order id'],
    ['注册号 110000000000005', '15 digits without a month and day where an old 身份证 has them'],
    ['执行标的：12812345678元', 'not a mobile prefix'],
    ['执行标的：138123456789元', 'a longer digit run'],
    ['4bed68b037e421d98bc0400ed5af249d2', 'a record id'],
    ['', 'nothing'],
  ])('leaves %j alone (%s)', (input) => {
    expect(mask(input)).toBe(input);
  });

  it('judges birth dates against `now`', () => {
    const bornToday = `110105${'20250601'}123`;
    const id = bornToday + (idCardCheckChar(bornToday) === '0' ? '1' : '0');
    expect(maskPersonalDataInText(id, new Date(2025, 5, 1))).toBe(maskIdCard(id));
    expect(maskPersonalDataInText(id, new Date(2025, 4, 31))).toBe(id);
  });

  it('never lets an embedded 身份证 or mobile through', () => {
    fc.assert(
      fc.property(filler, idCard, separator, mobile, filler, (a, id, b, number, c) => {
        const masked = mask(a + id + b + number + c);
        expect(masked).toBe(a + maskIdCard(id) + b + maskMobile(number) + c);
        expect(masked).not.toContain(id);
        expect(masked).not.toContain(number);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves every valid 统一社会信用代码 with a letter in it whole', () => {
    const code = fc
      .tuple(
        fc.constantFrom(...'123456789ANY'),
        fc.constantFrom(...USCC_ALPHABET.slice(1)),
        digits(6),
        fc.constantFrom(...USCC_ALPHABET.slice(10)),
        fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 8, maxLength: 8 }),
      )
      .map(([registrar, kind, region, letter, rest]) => `${registrar}${kind}${region}${letter}${rest}`)
      .map((first17) => first17 + usccCheckChar(first17));
    fc.assert(
      fc.property(filler, code, filler, (a, uscc, b) => {
        expect(mask(a + uscc + b)).toBe(a + uscc + b);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves case numbers whole', () => {
    const caseNo = fc
      .tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.constantFrom('京', '沪', '苏', '川', '兵'),
        digits(4),
        fc.constantFrom('执', '执恢', '民初'),
        fc.integer({ min: 1, max: 99_999 }),
        fc.constantFrom(['(', ')'], ['（', '）']),
      )
      .map(
        ([year, court, code, kind, n, [open, close]]) => `${open}${year}${close}${court}${code}${kind}${n}号`,
      );
    fc.assert(
      fc.property(caseNo, (text) => {
        expect(mask(text)).toBe(text);
      }),
    );
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.tuple(filler, idCard, mobile).map((p) => p.join('')),
        ),
        (text) => {
          expect(mask(mask(text))).toBe(mask(text));
        },
      ),
    );
  });
});
