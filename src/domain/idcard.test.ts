import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateOfIdCard,
  hasPlausibleBirthDate,
  idCardCheckChar,
  normaliseIdCard,
  validateIdCard,
} from './idcard.js';

const NOW = new Date(2024, 5, 15, 12, 0, 0);

/** 17 digits + their check character. */
function withCheck(first17: string): string {
  return first17 + idCardCheckChar(first17);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A valid 身份证 from a region, a birth date and a 3-digit sequence. */
const validIdCard = fc
  .record({
    region: fc.integer({ min: 100000, max: 999999 }),
    birth: fc.date({ min: new Date(1900, 0, 1), max: new Date(2024, 5, 15), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, sequence }) =>
    withCheck(
      `${region}${pad(birth.getFullYear(), 4)}${pad(birth.getMonth() + 1, 2)}${pad(birth.getDate(), 2)}${pad(sequence, 3)}`,
    ),
  );

describe('validateIdCard', () => {
  it('accepts the published vectors', () => {
    expect(validateIdCard('11010519491231002X', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdCard('440524188001010014', NOW)).toEqual({ ok: true, value: '440524188001010014' });
  });

  it('rejects a wrong check digit', () => {
    const result = validateIdCard('110105194912310021', NOW);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.code).toBe('idcard_checksum');
  });

  it('normalises full-width digits, lower-case and full-width x, and spaces', () => {
    expect(validateIdCard('１１０１０５１９４９１２３１００２Ｘ', NOW)).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
    expect(validateIdCard('１１０１０５１９４９１２３１００２ｘ', NOW)).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
    expect(validateIdCard('11010519491231002x', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdCard(' 110105 19491231 002x ', NOW)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateIdCard('110105\u300019491231002X', NOW)).toEqual({
      ok: true,
      value: '11010519491231002X',
    });
    expect(normaliseIdCard('１１ｘ')).toBe('11X');
  });

  it('asks for the 18-digit number when given an old 15-digit one', () => {
    const result = validateIdCard('110105491231002', NOW);
    expect(result).toEqual({
      ok: false,
      code: 'idcard_15_digit',
      problem:
        'This looks like an old 15-digit 身份证 number; enter the 18-digit number from the current card.',
    });
  });

  it.each([
    ['', 'idcard_length'],
    ['   ', 'idcard_length'],
    ['1101051949123100', 'idcard_length'],
    ['11010519491231002', 'idcard_length'],
    ['1101051949123100211', 'idcard_length'],
    ['abc', 'idcard_chars'],
    ['110105-19491231-002X', 'idcard_chars'],
    ['1101051949123100X1', 'idcard_chars'],
    ['X10105194912310021', 'idcard_chars'],
    ['010105194912310021', 'idcard_region'],
  ])('rejects %j with %s', (input, code) => {
    const result = validateIdCard(input, NOW);
    expect(result.ok ? 'ok' : result.code).toBe(code);
  });

  it('accepts leap days and rejects non-leap Feb 29', () => {
    expect(validateIdCard(withCheck('11010520000229001'), NOW).ok).toBe(true);
    expect(validateIdCard(withCheck('11010519960229001'), NOW).ok).toBe(true);
    for (const first17 of ['11010519000229001', '11010520010229001', '11010520000230001']) {
      const result = validateIdCard(withCheck(first17), NOW);
      expect(result.ok ? 'ok' : result.code).toBe('idcard_birth_date');
    }
  });

  it.each([
    ['11010519491301001', 'month 13'],
    ['11010519490001001', 'month 0'],
    ['11010519490100001', 'day 0'],
    ['11010519490431001', 'April 31'],
    ['11010517991231001', 'year 1799'],
    ['11010500001231001', 'year 0'],
  ])('rejects birth date %s (%s)', (first17) => {
    const result = validateIdCard(withCheck(first17), NOW);
    expect(result.ok ? 'ok' : result.code).toBe('idcard_birth_date');
  });

  it('allows birth years from 1800 and birth today, not tomorrow', () => {
    expect(validateIdCard(withCheck('11010518000101001'), NOW).ok).toBe(true);
    expect(validateIdCard(withCheck('11010520240615001'), NOW).ok).toBe(true);
    const tomorrow = validateIdCard(withCheck('11010520240616001'), NOW);
    expect(tomorrow.ok ? 'ok' : tomorrow.code).toBe('idcard_birth_date');
  });

  it('uses the current date when no `now` is given', () => {
    const nextYear = new Date().getFullYear() + 1;
    const result = validateIdCard(withCheck(`110105${nextYear}0101001`));
    expect(result.ok ? 'ok' : result.code).toBe('idcard_birth_date');
    expect(validateIdCard('11010519491231002X').ok).toBe(true);
  });

  it('accepts any valid generated number, and rejects every single-digit change of one', () => {
    fc.assert(
      fc.property(
        validIdCard,
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        (id, at, shift) => {
          expect(validateIdCard(id, NOW)).toEqual({ ok: true, value: id });
          const changed = String((Number(id.charAt(at)) + shift) % 10);
          const mutated = id.slice(0, at) + changed + id.slice(at + 1);
          const result = validateIdCard(mutated, NOW);
          expect(result.ok).toBe(false);
          // A change in the region digit or the birth date may be caught before the checksum.
          const touchesEarlierCheck = at === 0 || (at >= 6 && at <= 13);
          if (!touchesEarlierCheck) expect(result.ok ? 'ok' : result.code).toBe('idcard_checksum');
          // The check character of the changed digits always differs: MOD 11-2 catches every single change.
          expect(idCardCheckChar(mutated.slice(0, 17))).not.toBe(id.charAt(17));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects every other check character', () => {
    fc.assert(
      fc.property(validIdCard, fc.constantFrom(...'0123456789X'), (id, check) => {
        fc.pre(check !== id.charAt(17));
        const result = validateIdCard(id.slice(0, 17) + check, NOW);
        expect(result.ok ? 'ok' : result.code).toBe('idcard_checksum');
      }),
    );
  });

  it('never throws and never echoes the input in a problem', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom(...'0123456789xX '), minLength: 10, maxLength: 20 }),
        ),
        (input) => {
          const result = validateIdCard(input, NOW);
          if (!result.ok && input.trim().length >= 4) expect(result.problem).not.toContain(input.trim());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('birthDateOfIdCard', () => {
  it('reads positions 7–14 as local midnight', () => {
    expect(birthDateOfIdCard('11010519491231002X')).toEqual(new Date(1949, 11, 31));
    expect(birthDateOfIdCard('440524188001010014')?.getFullYear()).toBe(1880);
  });

  it('keeps years below 100 as written', () => {
    expect(birthDateOfIdCard('110105005001010014')?.getFullYear()).toBe(50);
  });

  it('returns null for impossible dates and short input', () => {
    expect(birthDateOfIdCard('110105190002290014')).toBeNull();
    expect(birthDateOfIdCard('1101051949')).toBeNull();
    expect(birthDateOfIdCard('110105abcd12310014')).toBeNull();
  });
});

describe('hasPlausibleBirthDate', () => {
  const now = new Date(2025, 5, 1, 15, 30);
  it.each([
    ['11010519491231002X', true, 'a real date'],
    ['110105194912310021', true, 'the check character does not matter'],
    ['110105202506011230', true, 'born today'],
    ['110105202506021230', false, 'born tomorrow'],
    ['110105180001011230', true, 'the earliest year allowed'],
    ['110105179912311230', false, 'before 1800'],
    ['110105194902301230', false, 'no 30 February'],
    ['110105000000001230', false, 'no date at all'],
  ])('%s → %s (%s)', (id, expected) => {
    expect(hasPlausibleBirthDate(id, now)).toBe(expected);
  });
});
