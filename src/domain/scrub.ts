import { normaliseIdCard } from './idcard.js';
import { maskIdCard, maskMobile } from './masking.js';
import { hasOldIdBirthDate } from './personalId.js';
import { foldFullWidthAlnum } from './validation.js';

/*
 * One precompiled regex, one pass: this runs on every serialized log line (pino streamWrite hook).
 * Digits may be ASCII or full-width (０-９). A match must not be part of a longer digit run (order ids
 * such as JH4011908021558278080790 stay intact) nor of a decimal number (Slack ts 1700000000.000100).
 * The validators accept numbers typed in groups, so the groups may be split by one space or dash:
 * mobile 3-4-4 (`138 1234 5678`, `+86 138-1234-5678`), 身份证 6-8-4 (`110105 19491231 002X`).
 */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const ID_EDGE = '[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58]';
// one space or dash, half- or full-width (Chinese input methods type the full-width forms)
const GAP = '[ \\u3000\\-\\uFF0D]?';
const NOT_AFTER_NUMBER = `(?<!${DIGIT}|[0-9]\\.)`;
const NOT_BEFORE_NUMBER = `(?!${DIGIT}|\\.[0-9])`;

// region, gap, birth date + sequence (hidden by the mask), gap, last 3 digits + check character
const ID_CARD = `(?<!${ID_EDGE}|[0-9]\\.)(?<idRegion>${DIGIT}{6})(?<idGap1>${GAP})(?<idMiddle>${DIGIT}{8})(?<idGap2>${GAP})(?<idEnd>${DIGIT}{3}${ID_EDGE})(?!${ID_EDGE}|\\.[0-9])`;
// an old 15-digit 身份证 (region, yyMMdd, sequence): written without groups
const OLD_ID_CARD = `(?<!${ID_EDGE}|[0-9]\\.)(?<oldId>${DIGIT}{15})(?!${ID_EDGE}|\\.[0-9])`;
const MOBILE_PREFIX = '[+\\uFF0B]?[8\\uFF18][6\\uFF16]|[0\\uFF10]{2}[8\\uFF18][6\\uFF16]';
// prefix, gap, first 3, gap, middle 4 (hidden by the mask), gap, last 4
const MOBILE = `${NOT_AFTER_NUMBER}(?:(?<prefix>${MOBILE_PREFIX})(?<prefixGap>${GAP}))?(?<first3>[1\\uFF11][3-9\\uFF13-\\uFF19]${DIGIT})(?<mGap1>${GAP})(?<mMiddle>${DIGIT}{4})(?<mGap2>${GAP})(?<last4>${DIGIT}{4})${NOT_BEFORE_NUMBER}`;

// A mobile before an old 身份证: `0086` + a mobile is 15 digits too (no old 身份证 region starts with 86).
const PERSONAL_DATA = new RegExp(`${ID_CARD}|${MOBILE}|${OLD_ID_CARD}`, 'g');

/** The masks of masking.ts (first 6 + last 4 of a 身份证, first 3 + last 4 of a mobile), gaps kept in place. */
const ID_CARD_HIDDEN = maskIdCard('0'.repeat(18)).slice(6, -4);
const MOBILE_HIDDEN = maskMobile('0'.repeat(11)).slice(3, -4);

/** A substring shaped like a 身份证 or a mainland mobile, as found by the one detection both maskers share. */
export interface PersonalDataMatch {
  kind: 'idcard' | 'mobile';
  /** the substring as it stands: digits may be full-width, groups split by one space or dash */
  text: string;
  /** where it starts in the text */
  offset: number;
  /** 身份证: its 18 (or, an old one, 15) characters; mobile: its 11 digits (no prefix). ASCII, upper-case X, no gaps. */
  compact: string;
  /** the substring masked as masking.ts masks, gaps and any +86 prefix kept in place */
  masked: string;
}

interface MatchGroups {
  oldId?: string;
  idRegion?: string;
  idGap1?: string;
  idMiddle?: string;
  idGap2?: string;
  idEnd?: string;
  prefix?: string;
  prefixGap?: string;
  first3?: string;
  mGap1?: string;
  mMiddle?: string;
  mGap2?: string;
  last4?: string;
}

function personalDataMatch(text: string, offset: number, g: MatchGroups): PersonalDataMatch {
  if (g.oldId !== undefined) {
    return {
      kind: 'idcard',
      text,
      offset,
      compact: foldFullWidthAlnum(g.oldId),
      masked: maskIdCard(g.oldId),
    };
  }
  if (g.idRegion !== undefined) {
    return {
      kind: 'idcard',
      text,
      offset,
      compact: normaliseIdCard(`${g.idRegion}${g.idMiddle}${g.idEnd}`),
      masked: `${g.idRegion}${g.idGap1}${ID_CARD_HIDDEN}${g.idGap2}${g.idEnd}`,
    };
  }
  return {
    kind: 'mobile',
    text,
    offset,
    compact: foldFullWidthAlnum(`${g.first3}${g.mMiddle}${g.last4}`),
    masked: `${g.prefix ?? ''}${g.prefixGap ?? ''}${g.first3}${g.mGap1}${MOBILE_HIDDEN}${g.mGap2}${g.last4}`,
  };
}

/**
 * Replaces every substring shaped like an 18-character 身份证 (17 digits + digit or X), an old 15-digit one
 * or a mainland mobile
 * (1[3-9] + 9 digits, optionally after +86 / 86 / 0086) with what `replace` returns for it. A match is
 * never part of a longer digit run nor of a decimal number. Shape only: `replace` decides what counts.
 */
export function replacePersonalData(text: string, replace: (match: PersonalDataMatch) => string): string {
  return text.replace(PERSONAL_DATA, (...args: unknown[]) => {
    const groups = args[args.length - 1] as MatchGroups;
    const offset = args[args.length - 3] as number;
    return replace(personalDataMatch(args[0] as string, offset, groups));
  });
}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Tells whether an offset lies inside a JSON string, scanning forward only once per text however many
 * matches there are.
 */
function jsonStringTracker(text: string): (offset: number) => boolean {
  let scanned = 0;
  let inString = false;
  return (offset) => {
    while (scanned < offset) {
      const code = text.charCodeAt(scanned);
      if (inString && code === BACKSLASH) {
        scanned += 2;
        continue;
      }
      if (code === QUOTE) inString = !inString;
      scanned += 1;
    }
    return inString;
  };
}

function previousNonSpace(text: string, offset: number): string {
  let i = offset - 1;
  while (i >= 0 && text.charAt(i) === ' ') i--;
  return i >= 0 ? text.charAt(i) : '';
}

function nextNonSpace(text: string, offset: number): string {
  let i = offset;
  while (i < text.length && text.charAt(i) === ' ') i++;
  return i < text.length ? text.charAt(i) : '';
}

/**
 * Masks every substring shaped like an 18-character 身份证 (17 digits + digit or X) or an old 15-digit one
 * with a month and day at 9–12 as maskIdCard does, and
 * every mainland mobile (1[3-9] + 9 digits, optionally after +86 / 86 / 0086) as maskMobile does; a space
 * or dash between the groups stays where it was. Shape is enough: no checksum, so a mistyped 身份证 is
 * masked too.
 *
 * In a JSON object line (pino's output starts with `{`), a value logged as a bare JSON number
 * (`"n":13812345678`) is quoted after masking, so the line stays valid JSON.
 */
export function scrubPersonalData(text: string): string {
  const looksLikeJson = text.charAt(0) === '{';
  let insideJsonString: ((offset: number) => boolean) | undefined;
  return replacePersonalData(text, ({ text: match, offset, masked, compact }) => {
    // 15 digits without a birth date where an old 身份证 has one: an old 工商注册号 or an order number.
    if (compact.length === 15 && !hasOldIdBirthDate(compact)) return match;
    const before = previousNonSpace(text, offset);
    const after = nextNonSpace(text, offset + match.length);
    const barePosition =
      (before === ':' || before === '[' || before === ',') && (after === '' || ',]}'.includes(after));
    if (!barePosition || !looksLikeJson) return masked;
    insideJsonString ??= jsonStringTracker(text);
    return insideJsonString(offset) ? masked : `"${masked}"`;
  });
}
