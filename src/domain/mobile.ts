import { foldFullWidthAlnum, invalid, type MobileProblemCode, type Validated, valid } from './validation.js';

/** Spaces, dashes and parentheses people use to group a number, half- and full-width. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\uFF0D()\uFF08\uFF09]+/g;
/** `86` without + or 00 counts as the country code only when 11 digits follow it. */
const COUNTRY_PREFIX = /^(?:\+86|0086|86(?=\d{11}$))/;
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Checks a mainland China mobile number and returns its 11 digits, without separators or +86. */
export function validateMobile(input: string): Validated<string, MobileProblemCode> {
  const compact = foldFullWidthAlnum(input)
    .replace(/\uFF0B/g, '+')
    .replace(SEPARATORS, '');
  const digits = compact.replace(COUNTRY_PREFIX, '');
  if (digits.length === 0) {
    return invalid('mobile_format', 'The mobile number is empty; enter the 11-digit mainland number.');
  }
  if (digits.startsWith('+') || digits.startsWith('00')) {
    return invalid('mobile_format', 'Only mainland China (+86) mobile numbers can be checked.');
  }
  if (!/^\d+$/.test(digits)) {
    return invalid(
      'mobile_format',
      'A mobile number has only digits (optionally after +86); remove letters and other symbols.',
    );
  }
  if (digits.length !== 11) {
    return invalid(
      'mobile_format',
      `A mainland mobile number has 11 digits, this one has ${digits.length}; check for missing or extra digits.`,
    );
  }
  if (!MAINLAND_MOBILE.test(digits)) {
    return invalid(
      'mobile_format',
      'A mainland mobile number starts with 13–19; check the first two digits.',
    );
  }
  return valid(digits);
}
