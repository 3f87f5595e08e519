import { looksLikePersonalId } from './personalId.js';
import { findUsccTypo, type UsccTypo } from './usccTypo.js';

/** Longest keyword sent to Juhe, in characters (code points). */
export const KEYWORD_MAX_CHARS = 200;

/** Why a keyword is refused; only keyword_uscc_checksum carries a detail, and never the keyword itself. */
export type RiskKeywordProblem =
  | { code: 'keyword_is_personal_id' }
  | { code: 'keyword_uscc_checksum'; usccTypo: UsccTypo }
  | { code: 'keyword_too_long' };

/**
 * The risk API's keyword is a company name, registration number, 统一社会信用代码 or KeyNo. Checked in
 * this order, before the keyword reaches Juhe, a button value or a log:
 * - shaped like a 身份证 or a mobile: personal data typed in the wrong place. First, because an 18-digit
 *   string is shaped like both a 身份证 and a code, and then it must be treated as personal;
 * - shaped like a 统一社会信用代码 whose check character does not match: a typo that Juhe would bill as
 *   "no records", which reads like a clean result for a company nobody asked about;
 * - longer than Juhe takes.
 * Undefined when the keyword is fine.
 */
export function checkRiskKeyword(keyword: string): RiskKeywordProblem | undefined {
  if (looksLikePersonalId(keyword)) return { code: 'keyword_is_personal_id' };
  const usccTypo = findUsccTypo(keyword);
  if (usccTypo !== undefined) return { code: 'keyword_uscc_checksum', usccTypo };
  if ([...keyword].length > KEYWORD_MAX_CHARS) return { code: 'keyword_too_long' };
  return undefined;
}
