import { looksLikePersonalId } from '../../domain/personalId.js';

/** Longest keyword sent to Juhe, in characters (code points). */
export const KEYWORD_MAX_CHARS = 200;

/**
 * The risk API's keyword is a company name, registration number, 统一社会信用代码 or KeyNo.
 * Something shaped like a 身份证 or a mobile is personal data typed in the wrong place: refuse it
 * before it reaches Juhe, a button value or a log. Undefined when the keyword is fine.
 */
export function checkRiskKeyword(keyword: string): 'keyword_too_long' | 'keyword_is_personal_id' | undefined {
  if (looksLikePersonalId(keyword)) return 'keyword_is_personal_id';
  if ([...keyword].length > KEYWORD_MAX_CHARS) return 'keyword_too_long';
  return undefined;
}
