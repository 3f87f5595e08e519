import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCardCheckChar } from './idcard.js';
import { looksLikePersonalId } from './personalId.js';
import { USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js';

const digit = fc.constantFrom(...'0123456789');
const digits = (length: number) => fc.string({ unit: digit, minLength: length, maxLength: length });

/** A 身份证 with a real birth date and a correct check character. */
const validIdCard = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({ min: new Date(1930, 0, 1), max: new Date(2020, 0, 1), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, birth, sequence]) => {
    const first17 =
      `${region}${birth.getFullYear()}${String(birth.getMonth() + 1).padStart(2, '0')}` +
      `${String(birth.getDate()).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
    return first17 + idCardCheckChar(first17);
  });

describe('looksLikePersonalId', () => {
  it.each([
    ['11010519491231002X', 'a valid 身份证'],
    ['11010519491231002x', 'lower-case x'],
    ['110105194912310021', 'the shape of a 身份证 with a wrong check character'],
    ['000000000000000000', '18 digits, whatever they are'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'full-width'],
    ['110105 19491231 002X', 'typed in groups'],
    ['110105-19491231-002X', 'grouped with dashes'],
    ['110105491231003', 'an old 15-digit 身份证 (birth date 491231, no registration check digit)'],
    ['13812345678', 'a mobile'],
    ['+8613812345678', 'a mobile with +86'],
    ['138 1234 5678', 'a mobile in groups'],
    ['(138)12345678', 'a mobile with parentheses'],
  ])('%s: yes (%s)', (word) => {
    expect(looksLikePersonalId(word)).toBe(true);
  });

  it.each([
    ['110105491231002', 'an old 工商注册号: its MOD 11,10 check digit is right'],
    ['000000000000000', '15 digits without a birth date'],
    ['91350100M000100Y43', 'a 统一社会信用代码'],
    ['1101051949123100211', '19 digits'],
    ['11010519491231002XX', 'an X too many'],
    ['12812345678', 'not a mainland mobile prefix'],
    ['1381234567', '10 digits'],
    ['江苏德洲实业有限公司', 'a company name'],
    ['', 'nothing'],
  ])('%s: no (%s)', (word) => {
    expect(looksLikePersonalId(word)).toBe(false);
  });

  it('recognises every valid 身份证, however it is cased or grouped', () => {
    fc.assert(
      fc.property(validIdCard, fc.constantFrom('', ' ', '-'), (id, gap) => {
        const grouped = `${id.slice(0, 6)}${gap}${id.slice(6, 14)}${gap}${id.slice(14)}`;
        expect(looksLikePersonalId(grouped)).toBe(true);
        expect(looksLikePersonalId(grouped.toLowerCase())).toBe(true);
      }),
    );
  });

  it('recognises anything shaped like a 身份证 or a mobile', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(digits(17), fc.constantFrom(...'0123456789Xx')).map(([first, last]) => first + last),
          fc
            .tuple(fc.constantFrom('', '+86', '0086', '+86 '), fc.constantFrom(...'3456789'), digits(9))
            .map(([prefix, second, rest]) => `${prefix}1${second}${rest}`),
        ),
        (word) => {
          expect(looksLikePersonalId(word)).toBe(true);
        },
      ),
    );
  });

  it('leaves a valid 统一社会信用代码 with a letter in it alone', () => {
    const letter = fc.constantFrom(...USCC_ALPHABET.slice(10));
    const code = fc
      .tuple(
        fc.constantFrom(...'123456789'),
        fc.constantFrom(...'123456789'),
        digits(6),
        letter,
        fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 8, maxLength: 8 }),
      )
      .map(
        ([registrar, kind, region, withLetter, rest]) =>
          `${registrar}${kind}${region}${withLetter}${rest.join('')}`,
      )
      .map((first17) => first17 + usccCheckChar(first17));
    fc.assert(
      fc.property(code, (uscc) => {
        expect(validateUscc(uscc).ok).toBe(true);
        expect(looksLikePersonalId(uscc)).toBe(false);
      }),
    );
  });
});
