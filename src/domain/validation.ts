/**
 * The result every validator in this folder returns. `code` is stable (the Slack layer keys its message
 * catalog on it); `problem` is an English sentence for logs and tests. Neither ever contains the input,
 * because the input may be a 身份证 or a mobile number.
 */
export type Validated<T, Code extends ValidationProblemCode = ValidationProblemCode> =
  | { ok: true; value: T }
  | { ok: false; code: Code; problem: string };

export type IdCardProblemCode =
  | 'idcard_length'
  | 'idcard_15_digit'
  | 'idcard_chars'
  | 'idcard_birth_date'
  | 'idcard_checksum'
  | 'idcard_region';

export type UsccProblemCode = 'uscc_length' | 'uscc_chars' | 'uscc_checksum';

export type MobileProblemCode = 'mobile_format';

export type PersonNameProblemCode = 'name_empty' | 'name_chars' | 'name_dots' | 'name_length';

export type ValidationProblemCode =
  | IdCardProblemCode
  | UsccProblemCode
  | MobileProblemCode
  | PersonNameProblemCode;

/** Every code, for catalogs that must cover them all. */
export const VALIDATION_PROBLEM_CODES: readonly ValidationProblemCode[] = [
  'idcard_length',
  'idcard_15_digit',
  'idcard_chars',
  'idcard_birth_date',
  'idcard_checksum',
  'idcard_region',
  'uscc_length',
  'uscc_chars',
  'uscc_checksum',
  'mobile_format',
  'name_empty',
  'name_chars',
  'name_dots',
  'name_length',
];

export function valid<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function invalid<Code extends ValidationProblemCode>(
  code: Code,
  problem: string,
): { ok: false; code: Code; problem: string } {
  return { ok: false, code, problem };
}

const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
/** Full-width forms sit at a fixed distance from ASCII (０ U+FF10 ↔ 0 U+0030). */
const FULL_WIDTH_OFFSET = 0xfee0;

/**
 * Chinese input methods often type digits and letters full-width (０-９, Ａ-Ｚ, ａ-ｚ). Only those are
 * folded: NFKC would also turn ①, ² or ㈠ into digits, which nobody types on purpose.
 */
export function foldFullWidthAlnum(input: string): string {
  return input.replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - FULL_WIDTH_OFFSET));
}
