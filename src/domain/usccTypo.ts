import { looksLikeUscc, normaliseUscc, USCC_ALPHABET, usccCheckChar, validateUscc } from './uscc.js';

/**
 * Where a 统一社会信用代码 whose check character does not match was probably mistyped. Positions are 1-based
 * and characters are in the validator's form (ASCII, upper case), so a message can quote them as they are.
 * One character of a code is never personal data, and the code itself is never part of a hint.
 */
export type UsccTypo =
  /** replacing the character at `position` (`found`) with `expected` gives a valid code */
  | { kind: 'replace'; position: number; found: string; expected: string }
  /** swapping the characters at `position` (`first`) and `position + 1` (`second`) gives a valid code */
  | { kind: 'swap'; position: number; first: string; second: string }
  /** no single likely mistake explains it: the code has to be copied again */
  | { kind: 'recopy' };

/*
 * Characters that are easily misread for one another on a printed licence or a scan, within the code's
 * alphabet (I, O, Z, S and V are not in it, so 1/I, 0/O, 2/Z, 5/S and U/V cannot happen in a code that is
 * otherwise shaped right).
 *
 * Why a table rather than "any single change": the check character is MOD 31 and every weight is prime to
 * 31, so for nearly every position exactly one replacement makes the sum right. "Some single change fixes
 * it" is therefore true of almost every bad code and says nothing about where the mistake is. Only a change
 * people actually make (a look-alike or two neighbours swapped) that is also the only such fix points at it.
 * The table is kept to the strongest look-alikes: each extra pair is one more way for a code mistyped some
 * other way to be "explained" by a wrong hint. Even so a hint can be wrong (a code that adds up may still be
 * another company's), so messages built on it ask the user to compare with the licence, never to just fix it.
 */
const LOOK_ALIKES: readonly (readonly [string, string])[] = [
  ['0', 'D'],
  ['0', 'Q'],
  ['1', 'L'],
  ['1', '7'],
  ['8', 'B'],
  ['6', 'G'],
  ['M', 'N'],
  ['K', 'X'],
  ['X', 'Y'],
];

const LOOK_ALIKES_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [a, b] of LOOK_ALIKES) {
    map.set(a, [...(map.get(a) ?? []), b]);
    map.set(b, [...(map.get(b) ?? []), a]);
  }
  return map;
})();

function isValid(code: string): boolean {
  return validateUscc(code).ok;
}

function likelyTypos(code: string): UsccTypo[] {
  const typos: UsccTypo[] = [];
  for (let at = 0; at < code.length; at++) {
    const found = code.charAt(at);
    for (const expected of LOOK_ALIKES_OF.get(found) ?? []) {
      if (isValid(code.slice(0, at) + expected + code.slice(at + 1))) {
        typos.push({ kind: 'replace', position: at + 1, found, expected });
      }
    }
  }
  for (let at = 0; at + 1 < code.length; at++) {
    const first = code.charAt(at);
    const second = code.charAt(at + 1);
    if (first === second) continue;
    if (isValid(code.slice(0, at) + second + first + code.slice(at + 2))) {
      typos.push({ kind: 'swap', position: at + 1, first, second });
    }
  }
  return typos;
}

/**
 * For something shaped like a 统一社会信用代码 (18 characters of its alphabet, after the validator's
 * normalisation) whose check character does not match the other 17: the likely typo when exactly one
 * look-alike character or one swap of neighbours explains it, otherwise `recopy`. Undefined when the input
 * is not shaped like a code, or when its check character matches (even if the code breaks GB 32100's
 * structure: that is not a checksum problem, and Juhe answers such a keyword with no records).
 *
 * Callers decide first whether the input is a 身份证 (an 18-digit string is shaped like both).
 */
export function findUsccTypo(input: string): UsccTypo | undefined {
  const foreign = foreignLetterTypo(input);
  if (foreign !== undefined) return foreign;
  if (!looksLikeUscc(input)) return undefined;
  const code = normaliseUscc(input);
  if (usccCheckChar(code.slice(0, 17)) === code.charAt(17)) return undefined;
  const typos = likelyTypos(code);
  return typos.length === 1 && typos[0] !== undefined ? typos[0] : { kind: 'recopy' };
}

/**
 * Letters a 统一社会信用代码 never contains, and the character people meant when they typed them: a code
 * copied by hand often has an O for a zero or an I for a one.
 */
const OUTSIDE_ALPHABET: ReadonlyMap<string, string> = new Map([
  ['I', '1'],
  ['O', '0'],
  ['Z', '2'],
  ['S', '5'],
  ['V', 'U'],
]);

const EIGHTEEN_ALPHANUMERICS = /^[0-9A-Z]{18}$/;

/**
 * An 18-character code with exactly one letter from outside the alphabet, which becomes a valid code
 * (checksum and GB 32100 structure) once that letter is read as its look-alike. Anything else with such
 * a letter is left alone: it may be a company name or another identifier, and Juhe is the judge of those.
 */
function foreignLetterTypo(input: string): UsccTypo | undefined {
  const code = normaliseUscc(input);
  if (!EIGHTEEN_ALPHANUMERICS.test(code)) return undefined;
  const outside = [...code].flatMap((char, at) => (USCC_ALPHABET.includes(char) ? [] : [at]));
  const at = outside[0];
  if (outside.length !== 1 || at === undefined) return undefined;
  const found = code.charAt(at);
  const expected = OUTSIDE_ALPHABET.get(found);
  if (expected === undefined) return undefined;
  const meant = code.slice(0, at) + expected + code.slice(at + 1);
  return isValid(meant) ? { kind: 'replace', position: at + 1, found, expected } : undefined;
}
