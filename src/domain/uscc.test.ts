import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeUscc, USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js';

const VECTORS = ['91350100M000100Y43', '91110000100006485K'];

const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
/** GB 32100's fixed start: registrar 1-9/A/N/Y, organisation kind not 0, six-digit region code. */
const REGISTRARS = '123456789ANY';
const ORGANISATION_KINDS = USCC_ALPHABET.slice(1);
const validUscc = fc
  .tuple(
    fc.constantFrom(...REGISTRARS),
    fc.constantFrom(...ORGANISATION_KINDS),
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
    fc.array(alphabetChar, { minLength: 9, maxLength: 9 }),
  )
  .map(([registrar, kind, region, rest]) => registrar + kind + region.join('') + rest.join(''))
  .map((first17) => first17 + usccCheckChar(first17));

/** Whether a code keeps GB 32100's structure in its first 8 characters. */
function keepsStructure(code: string): boolean {
  return (
    REGISTRARS.includes(code.charAt(0)) &&
    ORGANISATION_KINDS.includes(code.charAt(1)) &&
    /^[0-9]{6}$/.test(code.slice(2, 8))
  );
}

/** A code with a correct check character for its first 17. */
function withCheckChar(first17: string): string {
  return first17 + usccCheckChar(first17);
}

describe('validateUscc', () => {
  it.each(VECTORS)('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it('rejects every single-character change of the vectors', () => {
    let changes = 0;
    let structureChanges = 0;
    for (const code of VECTORS) {
      for (let at = 0; at < 18; at++) {
        for (const replacement of USCC_ALPHABET) {
          if (replacement === code.charAt(at)) continue;
          const mutated = code.slice(0, at) + replacement + code.slice(at + 1);
          const result = validateUscc(mutated);
          const expected = keepsStructure(mutated) ? 'uscc_checksum' : 'uscc_chars';
          expect(result.ok ? `accepted ${mutated}` : result.code).toBe(expected);
          changes++;
          if (expected === 'uscc_chars') structureChanges++;
        }
      }
    }
    expect(changes).toBe(2 * 18 * 30);
    // position 1: 30 - 11 allowed others; position 2: '0'; positions 3-8: 21 letters each; for both vectors
    expect(structureChanges).toBe(2 * (19 + 1 + 6 * 21));
  });

  it.each([
    ['000000000000000000', 1],
    [withCheckChar('0135010000000100Y'), 1],
    [withCheckChar('B135010000000100Y'), 1],
    [withCheckChar('9035010000000100Y'), 2],
    [withCheckChar('91A5010000000100Y'), 3],
    [withCheckChar('913501M000000100Y'), 7],
  ])('rejects %s, whose check character is right, at character %i of the structure', (code, at) => {
    expect(validateUscc(code)).toEqual({
      ok: false,
      code: 'uscc_chars',
      problem:
        `Character ${at} of the 统一社会信用代码 is not allowed there: the code starts with the registrar ` +
        '(1-9, A, N or Y), the organisation kind (not 0) and a six-digit region code.',
    });
  });

  it.each(['A', 'N', 'Y'])('accepts the letter registrar %s and a letter organisation kind', (registrar) => {
    const code = withCheckChar(`${registrar}B35010000000100Y`);
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
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
