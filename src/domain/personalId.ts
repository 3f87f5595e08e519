import { normaliseIdCard, validateIdCard } from './idcard.js';
import { validateMobile } from './mobile.js';

const NEW_ID_CARD_SHAPE = /^\d{17}[\dX]$/;
const FIFTEEN_DIGITS = /^\d{15}$/;
/** Separators people type inside a number; 身份证 and mobiles are read without them. */
const GROUPING = /[-()（）]/g;

/**
 * A 15-digit number is either an old 身份证 (yyMMdd birth date at positions 7–12) or an old
 * 工商注册号, which the risk API accepts as a keyword and which ends in an ISO 7064 MOD 11,10
 * check digit. Only a birth date without a valid registration check digit counts as personal.
 */
export function isOldIdCard(digits: string): boolean {
  return hasOldIdBirthDate(digits) && !hasRegistrationCheckDigit(digits);
}

/**
 * Positions 9–12 of 15 digits read as a month and day, as in an old 身份证. Text from outside (Juhe's
 * records, log lines) is masked on this alone: one old 身份证 in ten also passes the registration check, and
 * showing a person's number is worse than starring a company's old registration number.
 */
export function hasOldIdBirthDate(digits: string): boolean {
  const month = Number(digits.slice(8, 10));
  const day = Number(digits.slice(10, 12));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** ISO 7064 MOD 11,10 over the first 14 digits, compared with the 15th. */
function hasRegistrationCheckDigit(digits: string): boolean {
  let product = 10;
  for (const char of digits.slice(0, 14)) {
    const sum = (product + Number(char)) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(digits[14]);
}

/**
 * A 身份证 (valid, or merely shaped like one: 17 digits and a digit or X, so a mistyped one counts too; or an
 * old 15-digit one) or a mainland mobile, as someone would type it into a field meant for something else.
 * Shape is enough on purpose: whoever typed it meant a person, so it must be treated as personal data.
 */
export function looksLikePersonalId(word: string): boolean {
  const compact = normaliseIdCard(word).replace(GROUPING, '');
  if (NEW_ID_CARD_SHAPE.test(compact)) return true;
  if (FIFTEEN_DIGITS.test(compact) && isOldIdCard(compact)) return true;
  return validateIdCard(word).ok || validateMobile(word).ok;
}
