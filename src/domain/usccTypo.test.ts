import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js';
import { findUsccTypo, type UsccTypo } from './usccTypo.js';

/** Same generator as uscc.test.ts: GB 32100's fixed start, then any characters, then the check character. */
const validUscc = fc
  .tuple(
    fc.constantFrom(...'123456789ANY'),
    fc.constantFrom(...USCC_ALPHABET.slice(1)),
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 }),
  )
  .map(([registrar, kind, region, rest]) => registrar + kind + region.join('') + rest.join(''))
  .map((first17) => first17 + usccCheckChar(first17));

const LOOK_ALIKE_PAIRS = ['0D', '0Q', '1L', '17', '8B', '6G', 'MN', 'KX', 'XY'];

function replaceAt(code: string, position: number, char: string): string {
  return code.slice(0, position - 1) + char + code.slice(position);
}

function swapAt(code: string, position: number): string {
  return (
    code.slice(0, position - 1) + code.charAt(position) + code.charAt(position - 1) + code.slice(position + 1)
  );
}

/** The code the hint says was meant; undefined for `recopy`. */
function applyHint(code: string, typo: UsccTypo): string | undefined {
  if (typo.kind === 'replace') return replaceAt(code, typo.position, typo.expected);
  if (typo.kind === 'swap') return swapAt(code, typo.position);
  return undefined;
}

describe('findUsccTypo: exact cases', () => {
  it.each([
    ['91110000100006485X', { kind: 'replace', position: 18, found: 'X', expected: 'K' }],
    ['91350100M000100X43', { kind: 'replace', position: 16, found: 'X', expected: 'Y' }],
    ['9135D100M000100Y43', { kind: 'replace', position: 5, found: 'D', expected: '0' }],
    ['91350100M000100Y34', { kind: 'swap', position: 17, first: '3', second: '4' }],
    ['91110000010006485K', { kind: 'swap', position: 9, first: '0', second: '1' }],
    // a letter no code contains, typed for its look-alike digit
    ['91110000I00006485K', { kind: 'replace', position: 9, found: 'I', expected: '1' }],
    ['911100001OOOO6485K', undefined],
    ['9111OOOO100006485K', undefined],
    ['91110000100O06485K', { kind: 'replace', position: 12, found: 'O', expected: '0' }],
    // an 18-letter name with one such letter is not a code: left for Juhe
    ['ABCDEFGHJKLMNPQRTS', undefined],
    // M→N at 9 is one explanation, but not the only one
    ['91350100N000100Y43', { kind: 'recopy' }],
    ['91350100M000100Y44', { kind: 'recopy' }],
  ])('%s → %j', (input, expected) => {
    expect(findUsccTypo(input)).toEqual(expected);
  });

  it('reads lower case, full-width characters and spaces as the validator does', () => {
    const expected = { kind: 'replace', position: 18, found: 'X', expected: 'K' };
    expect(findUsccTypo('91110000100006485x')).toEqual(expected);
    expect(findUsccTypo('９１１１００００１００００６４８５Ｘ')).toEqual(expected);
    expect(findUsccTypo(' 9111 0000 1000 0648 5X ')).toEqual(expected);
  });

  it.each([
    ['91350100M000100Y43', 'a valid code'],
    ['91110000100006485K', 'a valid code'],
    [
      `0135010000000100Y${usccCheckChar('0135010000000100Y')}`,
      'a broken structure but a matching check character',
    ],
    ['91350100O000100Y43', 'O is not in the alphabet'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y433', '19 characters'],
    ['江苏德洲实业有限公司', 'a company name'],
    ['', 'nothing'],
  ])('%s: no typo to report (%s)', (input) => {
    expect(findUsccTypo(input)).toBeUndefined();
  });
});

describe('findUsccTypo: properties', () => {
  it('finds nothing wrong with a valid code', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(findUsccTypo(code)).toBeUndefined();
      }),
    );
  });

  it('catches every swap of two different neighbours, and names no other swap', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 1, max: 17 }), (code, position) => {
        fc.pre(code.charAt(position - 1) !== code.charAt(position));
        const typo = findUsccTypo(swapAt(code, position));
        expect(typo).toBeDefined();
        if (typo?.kind !== 'recopy')
          expect(typo).toEqual({
            kind: 'swap',
            position,
            first: code.charAt(position),
            second: code.charAt(position - 1),
          });
      }),
    );
  });

  it('catches every look-alike misread, and when it names one it names the right one', () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 1, max: 18 }), (code, position) => {
        const original = code.charAt(position - 1);
        const pair = LOOK_ALIKE_PAIRS.find((p) => p.includes(original));
        fc.pre(pair !== undefined);
        const misread = pair?.replace(original, '') ?? '';
        const typo = findUsccTypo(replaceAt(code, position, misread));
        expect(typo).toBeDefined();
        if (typo?.kind !== 'recopy') {
          expect(typo).toEqual({ kind: 'replace', position, found: misread, expected: original });
        }
      }),
    );
  });

  it('every hint, applied, gives a valid code; hints quote only positions and single code characters', () => {
    const anyShaped = fc.string({ unit: fc.constantFrom(...USCC_ALPHABET), minLength: 18, maxLength: 18 });
    fc.assert(
      fc.property(anyShaped, (input) => {
        const typo = findUsccTypo(input);
        if (typo === undefined) {
          expect(usccCheckChar(input.slice(0, 17))).toBe(input.charAt(17));
          return;
        }
        const meant = applyHint(input, typo);
        if (meant !== undefined) expect(validateUscc(meant).ok).toBe(true);
        if (typo.kind === 'replace') {
          expect(typo.position).toBeGreaterThanOrEqual(1);
          expect(typo.position).toBeLessThanOrEqual(18);
          expect([typo.found.length, typo.expected.length]).toEqual([1, 1]);
          expect(USCC_ALPHABET).toContain(typo.found);
          expect(USCC_ALPHABET).toContain(typo.expected);
        }
        if (typo.kind === 'swap') {
          expect(typo.position).toBeGreaterThanOrEqual(1);
          expect(typo.position).toBeLessThanOrEqual(17);
          expect([typo.first.length, typo.second.length]).toEqual([1, 1]);
          expect(USCC_ALPHABET).toContain(typo.first);
          expect(USCC_ALPHABET).toContain(typo.second);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('catches a letter no code contains (I, O, Z, S, V) typed for its look-alike, and names it', () => {
    const typedFor: Record<string, string> = { '1': 'I', '0': 'O', '2': 'Z', '5': 'S', U: 'V' };
    fc.assert(
      fc.property(validUscc, fc.nat(17), (code, index) => {
        const meant = code.charAt(index);
        const typed = typedFor[meant];
        fc.pre(typed !== undefined);
        const mistyped = replaceAt(code, index + 1, typed as string);
        expect(findUsccTypo(mistyped)).toEqual({
          kind: 'replace',
          position: index + 1,
          found: typed,
          expected: meant,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (input) => {
        findUsccTypo(input);
      }),
    );
  });
});
