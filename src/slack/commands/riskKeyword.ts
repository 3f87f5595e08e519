import { normaliseIdCard, validateIdCard } from '../../domain/idcard.js';
import { validateMobile } from '../../domain/mobile.js';

/** Longest keyword sent to Juhe, in characters (code points). */
export const KEYWORD_MAX_CHARS = 200;

const NEW_ID_CARD_SHAPE = /^\d{17}[\dX]$/;
const FIFTEEN_DIGITS = /^\d{15}$/;

/**
 * A 15-digit number is either an old 身份证 (yyMMdd birth date at positions 7–12) or an old
 * 工商注册号, which the risk API accepts as a keyword and which ends in an ISO 7064 MOD 11,10
 * check digit. Only a birth date without a valid registration check digit counts as personal.
 */
function isOldIdCard(digits: string): boolean {
  const month = Number(digits.slice(8, 10));
  const day = Number(digits.slice(10, 12));
  const hasBirthDate = month >= 1 && month <= 12 && day >= 1 && day <= 31;
  return hasBirthDate && !hasRegistrationCheckDigit(digits);
}

function hasRegistrationCheckDigit(digits: string): boolean {
  let product = 10;
  for (const char of digits.slice(0, 14)) {
    const sum = (product + Number(char)) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(digits[14]);
}

/** A 身份证 (valid, or shaped like one) or a mainland mobile. */
export function looksLikePersonalId(word: string): boolean {
  const compact = normaliseIdCard(word).replace(/[-()（）]/g, '');
  if (NEW_ID_CARD_SHAPE.test(compact)) return true;
  if (FIFTEEN_DIGITS.test(compact) && isOldIdCard(compact)) return true;
  return validateIdCard(word).ok || validateMobile(word).ok;
}

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
