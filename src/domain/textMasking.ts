import { hasPlausibleBirthDate, idCardCheckChar, validateIdCard } from './idcard.js';
import { hasOldIdBirthDate } from './personalId.js';
import { type PersonalDataMatch, replacePersonalData } from './scrub.js';
import { validateUscc } from './uscc.js';

/*
 * Free text from outside (Juhe's records) on its way to a person. Unlike the log scrubber, which masks any
 * 身份证 shape because a log line must never keep one, this text is read: a case number, an order number or a
 * 统一社会信用代码 mangled into stars would be a wrong record. So only what really is personal is masked:
 * - a 身份证 whose check character is right, or whose birth date is a real one (a typo in its last digits
 *   still names a person);
 * - a mainland mobile, not inside a longer digit run (the shared detection of scrub.ts).
 * A valid 统一社会信用代码 is left whole, even where digits in it read like a mobile or it is 18 digits with
 * a birth-date-like middle, unless it also is a valid 身份证: then personal data wins.
 */

const ALNUM = '0-9A-Za-z\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A';
/** 18 letters and digits standing alone: the only places a 统一社会信用代码 can be. */
const CODE_CANDIDATE = new RegExp(`(?<![${ALNUM}])[${ALNUM}]{18}(?![${ALNUM}])`, 'g');

interface Range {
  start: number;
  end: number;
}

function protectedCodes(text: string, now: Date): Range[] {
  const ranges: Range[] = [];
  for (const candidate of text.matchAll(CODE_CANDIDATE)) {
    const code = candidate[0];
    if (validateUscc(code).ok && !validateIdCard(code, now).ok) {
      ranges.push({ start: candidate.index, end: candidate.index + code.length });
    }
  }
  return ranges;
}

function isRealIdCard(id: string, now: Date): boolean {
  if (id.length === 15) return hasOldIdBirthDate(id);
  return idCardCheckChar(id.slice(0, 17)) === id.charAt(17) || hasPlausibleBirthDate(id, now);
}

function isPersonal(match: PersonalDataMatch, now: Date): boolean {
  return match.kind === 'mobile' || isRealIdCard(match.compact, now);
}

/**
 * `text` with every 身份证 and mainland mobile in it masked as masking.ts masks them (`110105********002X`,
 * `138****5678`, full-width digits and the gaps of a grouped number kept as they were). Everything else,
 * valid 统一社会信用代码 included, stays as it is. `now` decides which birth dates are in the past.
 */
export function maskPersonalDataInText(text: string, now: Date = new Date()): string {
  let codes: Range[] | undefined;
  return replacePersonalData(text, (match) => {
    if (!isPersonal(match, now)) return match.text;
    codes ??= protectedCodes(text, now);
    const inCode = codes.some((code) => match.offset >= code.start && match.offset < code.end);
    return inCode ? match.text : match.masked;
  });
}
