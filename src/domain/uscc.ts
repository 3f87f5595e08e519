import { foldFullWidthAlnum, invalid, type UsccProblemCode, type Validated, valid } from './validation.js';

/** GB 32100-2015 code alphabet: digits and upper-case letters without I, O, Z, S, V; index = value. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_LENGTH = 18;

const WHITESPACE = /\s+/g;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/*
 * GB 32100-2015 fixes what the first 8 characters may be. Without these rules 000000000000000000 passes:
 * the check character of seventeen zeros is 0.
 */
/** 登记管理部门代码: 1-9, or A (中央军委改革和编制办公室), N (农业), Y (其他). */
const REGISTRAR = /^[1-9ANY]$/;
/** 机构类别代码: per registrar 1-9 or a letter of the code alphabet; never 0. */
const ORGANISATION_KIND = /^[1-9A-HJ-NP-RTUW-Y]$/;
/** 登记管理机关行政区划码: six digits. */
const REGION_CODE = /^\d{6}$/;

/** The 1-based position of the first character that breaks the structure rules, or 0 when none does. */
function structureProblemAt(code: string): number {
  if (!REGISTRAR.test(code.charAt(0))) return 1;
  if (!ORGANISATION_KIND.test(code.charAt(1))) return 2;
  if (!REGION_CODE.test(code.slice(2, 8))) return 3 + [...code.slice(2, 8)].findIndex((ch) => !/\d/.test(ch));
  return 0;
}

/** Folds what people type into the validator's form: full-width to ASCII, upper case, spaces removed. */
export function normaliseUscc(input: string): string {
  return foldFullWidthAlnum(input).replace(WHITESPACE, '').toUpperCase();
}

/** The check character for the first 17 characters (the caller makes sure they are in the alphabet). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * True when `s` is shaped like a 统一社会信用代码 (18 characters of the code alphabet, either case, full-width
 * or ASCII, spaces ignored as the validator ignores them), without checking the check character: lets the
 * command parser tell a code from a company name.
 */
export function looksLikeUscc(s: string): boolean {
  return USCC_SHAPE.test(normaliseUscc(s));
}

/** Checks a 统一社会信用代码 (GB 32100-2015) and returns it upper-cased without spaces. */
export function validateUscc(input: string): Validated<string, UsccProblemCode> {
  const code = normaliseUscc(input);
  if (code.length === 0) {
    return invalid('uscc_length', 'The 统一社会信用代码 is empty; enter all 18 characters.');
  }
  const chars = [...code];
  const badPosition = chars.findIndex((ch) => !USCC_ALPHABET.includes(ch));
  if (badPosition >= 0) {
    return invalid(
      'uscc_chars',
      `Character ${badPosition + 1} of the 统一社会信用代码 is not allowed: the code uses digits and ` +
        'upper-case letters except I, O, Z, S and V.',
    );
  }
  if (chars.length !== USCC_LENGTH) {
    return invalid(
      'uscc_length',
      `A 统一社会信用代码 has 18 characters, this one has ${chars.length}; check for missing or extra characters.`,
    );
  }
  const structureProblem = structureProblemAt(code);
  if (structureProblem > 0) {
    // the Slack message catalog keys on the code, so a misplaced character is a uscc_chars problem
    return invalid(
      'uscc_chars',
      `Character ${structureProblem} of the 统一社会信用代码 is not allowed there: the code starts with the ` +
        'registrar (1-9, A, N or Y), the organisation kind (not 0) and a six-digit region code.',
    );
  }
  if (usccCheckChar(code.slice(0, 17)) !== code.charAt(17)) {
    return invalid(
      'uscc_checksum',
      'This 统一社会信用代码 fails its check character, so at least one character is mistyped; compare it with the licence.',
    );
  }
  return valid(code);
}
