import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeUscc, USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js';

const VECTORS = ['91350100M000100Y43', '91110000100006485K'];

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const validUscc = fc
  .array(alphabetChar, { minLength: 17, maxLength: 17 })
  .map((chars) => chars.join(''))
  .map((first17) => first17 + usccCheckChar(first17));

describe('validateUscc', () => {
  it.each(VECTORS)('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it('rejects every single-character change of the vectors', () => {
    let changes = 0;
    for (const code of VECTORS) {
      for (let at = 0; at < 18; at++) {
        for (const replacement of USCC_ALPHABET) {
          if (replacement === code.charAt(at)) continue;
          const mutated = code.slice(0, at) + replacement + code.slice(at + 1);
          const result = validateUscc(mutated);
          expect(result.ok ? `accepted ${mutated}` : result.code).toBe('uscc_checksum');
          changes++;
        }
      }
    }
    expect(changes).toBe(2 * 18 * 30);
  });

  it('upper-cases, folds full-width characters and drops spaces', () => {
    expect(validateUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateUscc(' 9135 0100 M000 100Y 43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateUscc('９１１１００００１００００６４８５Ｋ')).toEqual({
      ok: true,
      value: '91110000100006485K',
    });
  });

  it.each([
    ['', 'uscc_length', 'The 统一社会信用代码 is empty; enter all 18 characters.'],
    [
      '91350100M000100Y4',
      'uscc_length',
      'A 统一社会信用代码 has 18 characters, this one has 17; check for missing or extra characters.',
    ],
    [
      '91350100M000100Y433',
      'uscc_length',
      'A 统一社会信用代码 has 18 characters, this one has 19; check for missing or extra characters.',
    ],
    [
      '91350100O000100Y43',
      'uscc_chars',
      'Character 9 of the 统一社会信用代码 is not allowed: the code uses digits and upper-case letters except I, O, Z, S and V.',
    ],
    [
      '9135-0100M000100Y43',
      'uscc_chars',
      'Character 5 of the 统一社会信用代码 is not allowed: the code uses digits and upper-case letters except I, O, Z, S and V.',
    ],
  ])('rejects %j', (input, code, problem) => {
    expect(validateUscc(input)).toEqual({ ok: false, code, problem });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s', (letter) => {
    const result = validateUscc(`91350100${letter}000100Y43`);
    expect(result.ok ? 'ok' : result.code).toBe('uscc_chars');
  });

  it('accepts generated codes with a computed check character', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(validateUscc(code)).toEqual({ ok: true, value: code });
        expect(looksLikeUscc(code)).toBe(true);
      }),
    );
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (input) => {
        expect(typeof validateUscc(input).ok).toBe('boolean');
      }),
    );
  });
});

describe('looksLikeUscc', () => {
  it('recognises the shape without checking the check character', () => {
    expect(looksLikeUscc('91350100M000100Y43')).toBe(true);
    expect(looksLikeUscc('91350100m000100y43')).toBe(true);
    expect(looksLikeUscc('91350100M000100Y44')).toBe(true);
    expect(looksLikeUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(true);
  });

  it.each([
    '91350100M000100Y4',
    '91350100M000100Y433',
    '91350100O000100Y43',
    '阿里巴巴（中国）有限公司',
    '',
    'KeyNo123',
  ])('rejects %j', (input) => {
    expect(looksLikeUscc(input)).toBe(false);
  });
});
