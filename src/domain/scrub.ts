import { maskIdCard, maskMobile } from './masking.js';

/*
 * One precompiled regex, one pass: this runs on every serialized log line (pino streamWrite hook).
 * Digits may be ASCII or full-width (０-９). A match must not be part of a longer digit run (order ids
 * such as JH4011908021558278080790 stay intact) nor of a decimal number.
 */
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const ID_EDGE = '[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58]';
const NOT_AFTER_NUMBER = `(?<!${DIGIT}|[0-9]\\.)`;
const NOT_BEFORE_NUMBER = `(?!${DIGIT}|\\.[0-9])`;

const ID_CARD = `(?<!${ID_EDGE}|[0-9]\\.)(${DIGIT}{17}${ID_EDGE})(?!${ID_EDGE}|\\.[0-9])`;
const MOBILE_PREFIX = '[+\\uFF0B]?[8\\uFF18][6\\uFF16]|[0\\uFF10]{2}[8\\uFF18][6\\uFF16]';
const MOBILE = `${NOT_AFTER_NUMBER}(${MOBILE_PREFIX})?([1\\uFF11][3-9\\uFF13-\\uFF19]${DIGIT}{9})${NOT_BEFORE_NUMBER}`;

const PERSONAL_DATA = new RegExp(`${ID_CARD}|${MOBILE}`, 'g');

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
 * Masks every substring shaped like an 18-character 身份证 (17 digits + digit or X) with maskIdCard and
 * every mainland mobile (1[3-9] + 9 digits, optionally after +86 / 86 / 0086) with maskMobile. Shape is
 * enough: no checksum, so a mistyped 身份证 is masked too.
 *
 * In a JSON object line (pino's output starts with `{`), a value logged as a bare JSON number
 * (`"n":13812345678`) is quoted after masking, so the line stays valid JSON.
 */
export function scrubPersonalData(text: string): string {
  const looksLikeJson = text.charAt(0) === '{';
  let insideJsonString: ((offset: number) => boolean) | undefined;
  return text.replace(
    PERSONAL_DATA,
    (
      match: string,
      idCard: string | undefined,
      prefix: string | undefined,
      mobile: string | undefined,
      offset: number,
    ) => {
      const masked = idCard !== undefined ? maskIdCard(idCard) : `${prefix ?? ''}${maskMobile(mobile ?? '')}`;
      const before = previousNonSpace(text, offset);
      const after = nextNonSpace(text, offset + match.length);
      const barePosition =
        (before === ':' || before === '[' || before === ',') && (after === '' || ',]}'.includes(after));
      if (!barePosition || !looksLikeJson) return masked;
      insideJsonString ??= jsonStringTracker(text);
      return insideJsonString(offset) ? masked : `"${masked}"`;
    },
  );
}
