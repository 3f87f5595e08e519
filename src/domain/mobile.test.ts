import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMobile } from './mobile.js';

describe('validateMobile', () => {
  it.each([
    '13812345678',
    ' 13812345678 ',
    '138 1234 5678',
    '138-1234-5678',
    '(138) 1234-5678',
    '+86 138 1234 5678',
    '+86-13812345678',
    '+8613812345678',
    '(+86) 13812345678',
    '8613812345678',
    '008613812345678',
    '0086 138 1234 5678',
    '１３８１２３４５６７８',
    '＋８６ １３８－１２３４－５６７８',
    '（１３８）１２３４５６７８',
  ])('accepts %j', (input) => {
    expect(validateMobile(input)).toEqual({ ok: true, value: '13812345678' });
  });

  it('accepts every second digit 3 to 9', () => {
    for (const second of '3456789') {
      expect(validateMobile(`1${second}012345678`)).toEqual({ ok: true, value: `1${second}012345678` });
    }
  });

  it.each([
    ['', 'The mobile number is empty; enter the 11-digit mainland number.'],
    ['  - ', 'The mobile number is empty; enter the 11-digit mainland number.'],
    ['12812345678', 'A mainland mobile number starts with 13–19; check the first two digits.'],
    ['10812345678', 'A mainland mobile number starts with 13–19; check the first two digits.'],
    ['86138123456', 'A mainland mobile number starts with 13–19; check the first two digits.'],
    [
      '1381234567',
      'A mainland mobile number has 11 digits, this one has 10; check for missing or extra digits.',
    ],
    [
      '138123456789',
      'A mainland mobile number has 11 digits, this one has 12; check for missing or extra digits.',
    ],
    [
      '+86 1381234567',
      'A mainland mobile number has 11 digits, this one has 10; check for missing or extra digits.',
    ],
    [
      '138abc45678',
      'A mobile number has only digits (optionally after +86); remove letters and other symbols.',
    ],
    [
      '138.1234.5678',
      'A mobile number has only digits (optionally after +86); remove letters and other symbols.',
    ],
    ['+1 415 555 0100', 'Only mainland China (+86) mobile numbers can be checked.'],
    ['00852 9123 4567', 'Only mainland China (+86) mobile numbers can be checked.'],
  ])('rejects %j', (input, problem) => {
    expect(validateMobile(input)).toEqual({ ok: false, code: 'mobile_format', problem });
  });

  it('never throws, and never echoes the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom(...'0123456789+ ()-'), minLength: 4, maxLength: 16 }),
        ),
        (input) => {
          const result = validateMobile(input);
          if (!result.ok && input.trim().length >= 4) expect(result.problem).not.toContain(input.trim());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts any generated mainland number in any of the usual spellings', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.constantFrom('', '+86', '86', '0086', '+86 '),
        (mobile, prefix) => {
          const spaced = `${mobile.slice(0, 3)} ${mobile.slice(3, 7)}-${mobile.slice(7)}`;
          expect(validateMobile(prefix + spaced)).toEqual({ ok: true, value: mobile });
        },
      ),
    );
  });
});
