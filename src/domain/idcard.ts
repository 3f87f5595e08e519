import { foldFullWidthAlnum, type IdCardProblemCode, invalid, type Validated, valid } from './validation.js';

/** GB 11643-1999 MOD 11-2: weight of each of the first 17 digits. */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** check character for (weighted sum mod 11) = 0, 1, 2, … 10 */
const CHECK_CHARS = '10X98765432';

/**
 * Birth years before 1800 are certainly typos; 1880 is allowed because a well-known published test
 * vector (440524188001010014) uses it.
 */
const EARLIEST_BIRTH_YEAR = 1800;

const WHITESPACE = /\s+/g;
const DIGITS_15 = /^\d{15}$/;
const DIGITS_17_PLUS_CHECK = /^\d{17}[\dX]$/;
const ALLOWED_CHARS = /^[\dX]*$/;

/** The check character for 17 digits (the caller makes sure they are 17 ASCII digits). */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < CHECK_WEIGHTS.length; i++) {
    sum += Number(first17.charAt(i)) * (CHECK_WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Folds what people type into the canonical form: full-width digits to ASCII, ｘ/Ｘ/x to X, spaces removed.
 * Does not validate.
 */
export function normaliseIdCard(input: string): string {
  return foldFullWidthAlnum(input).replace(WHITESPACE, '').replace(/x/g, 'X');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The birth date written in positions 7–14 (yyyyMMdd) of a normalised 18-character 身份证, as local
 * midnight; null when those 8 characters are not a real calendar date. Applies no plausibility window.
 */
export function birthDateOfIdCard(normalised: string): Date | null {
  const digits = normalised.slice(6, 14);
  if (!/^\d{8}$/.test(digits)) return null;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const date = new Date(2000, month - 1, day);
  // setFullYear, because the Date constructor maps years 0–99 to 1900–1999
  date.setFullYear(year);
  return date;
}

function startOfLocalDay(moment: Date): Date {
  return new Date(moment.getFullYear(), moment.getMonth(), moment.getDate());
}

/**
 * Whether a normalised 18-character 身份证 carries a birth date a living or past person can have: a real
 * calendar date from EARLIEST_BIRTH_YEAR up to today (`now`).
 */
export function hasPlausibleBirthDate(normalised: string, now: Date = new Date()): boolean {
  const birth = birthDateOfIdCard(normalised);
  return (
    birth !== null &&
    birth.getFullYear() >= EARLIEST_BIRTH_YEAR &&
    birth.getTime() <= startOfLocalDay(now).getTime()
  );
}

/**
 * Checks an 18-character 身份证 (GB 11643-1999) and returns it normalised (ASCII digits, upper-case X,
 * no spaces). `now` decides what counts as a birth date in the future.
 */
export function validateIdCard(input: string, now: Date = new Date()): Validated<string, IdCardProblemCode> {
  const id = normaliseIdCard(input);
  if (id.length === 0) {
    return invalid('idcard_length', 'The 身份证 number is empty; enter all 18 characters.');
  }
  if (DIGITS_15.test(id)) {
    return invalid(
      'idcard_15_digit',
      'This looks like an old 15-digit 身份证 number; enter the 18-digit number from the current card.',
    );
  }
  if (!ALLOWED_CHARS.test(id)) {
    return invalid(
      'idcard_chars',
      'A 身份证 number has only digits, plus an X as the last character; remove any other characters.',
    );
  }
  if (id.length !== 18) {
    return invalid(
      'idcard_length',
      `A 身份证 number has 18 characters, this one has ${id.length}; check for missing or extra digits.`,
    );
  }
  if (!DIGITS_17_PLUS_CHECK.test(id)) {
    return invalid(
      'idcard_chars',
      'Only the last character of a 身份证 number may be an X; the other 17 are digits.',
    );
  }
  if (id.charAt(0) === '0') {
    return invalid('idcard_region', 'A 身份证 number never starts with 0; check the first digit.');
  }
  const birth = birthDateOfIdCard(id);
  if (birth === null) {
    return invalid(
      'idcard_birth_date',
      'Characters 7–14 of a 身份证 number are the birth date (yyyyMMdd), and these are not a real date; check them.',
    );
  }
  if (birth.getFullYear() < EARLIEST_BIRTH_YEAR) {
    return invalid(
      'idcard_birth_date',
      `The birth year in this 身份证 number is before ${EARLIEST_BIRTH_YEAR}; check characters 7–10.`,
    );
  }
  if (birth.getTime() > startOfLocalDay(now).getTime()) {
    return invalid(
      'idcard_birth_date',
      'The birth date in this 身份证 number is in the future; check characters 7–14.',
    );
  }
  if (idCardCheckChar(id.slice(0, 17)) !== id.charAt(17)) {
    return invalid(
      'idcard_checksum',
      'This 身份证 number fails its check digit, so at least one character is mistyped; compare it with the card.',
    );
  }
  return valid(id);
}
