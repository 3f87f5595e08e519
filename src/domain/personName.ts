import {
  foldFullWidthAlnum,
  invalid,
  type PersonNameProblemCode,
  type Validated,
  valid,
} from './validation.js';

/** The separator in transliterated names (阿卜杜·热合曼); the form on 身份证 cards. */
export const NAME_MIDDLE_DOT = '\u00B7';

/**
 * CJK Unified Ideographs with Extension A, plus Extensions B–G: rare characters (生僻字) in real names
 * are often outside the basic block.
 */
const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\u{20000}-\\u{2A6DF}\\u{2A700}-\\u{2EBEF}\\u{30000}-\\u{3134F}';
const HAN_CHAR = new RegExp(`[${HAN}]`, 'u');
/** · • ・ ･ ‧ ∙ ⋅ ． and '.' all get typed for the middle dot. */
const DOT_LOOK_ALIKES = /[\u00B7\u2022\u30FB\uFF65\u2027\u2219\u22C5\uFF0E.]/g;
const HAN_NAME_CHARS = new RegExp(`^[${HAN}\\u00B7]+$`, 'u');
const LATIN_LETTER = /\p{Script=Latin}/u;
/** Latin letters (accented ones included, combining marks allowed after a letter), space, apostrophe, hyphen */
const LATIN_NAME_CHARS = /^(?:\p{Script=Latin}\p{M}*|[ '-])+$/u;
const DIGIT = /\p{Nd}/u;
const WHITESPACE_RUN = /\s+/gu;

const HAN_MIN = 2;
const HAN_MAX = 30;
const LATIN_MIN = 2;
const LATIN_MAX = 60;

function validateHanName(name: string): Validated<string, PersonNameProblemCode> {
  // Chinese names have no spaces; people pad two-character names ("张 三") to line them up.
  const compact = name.replace(WHITESPACE_RUN, '').replace(DOT_LOOK_ALIKES, NAME_MIDDLE_DOT);
  if (!HAN_NAME_CHARS.test(compact)) {
    return invalid(
      'name_chars',
      'A Chinese name has only Chinese characters and the middle dot (·); remove any other characters.',
    );
  }
  if (compact.startsWith(NAME_MIDDLE_DOT) || compact.endsWith(NAME_MIDDLE_DOT)) {
    return invalid('name_dots', 'A name cannot start or end with the middle dot (·); remove it.');
  }
  if (compact.includes(NAME_MIDDLE_DOT + NAME_MIDDLE_DOT)) {
    return invalid(
      'name_dots',
      'A name has single middle dots (·) between its parts; remove the doubled dot.',
    );
  }
  const length = [...compact].length;
  if (length < HAN_MIN) {
    return invalid(
      'name_length',
      'A single Chinese character is too short for a full name; enter surname and given name as on the 身份证.',
    );
  }
  if (length > HAN_MAX) {
    return invalid('name_length', `A Chinese name has at most ${HAN_MAX} characters; this one is longer.`);
  }
  return valid(compact);
}

function validateLatinName(name: string): Validated<string, PersonNameProblemCode> {
  const normalised = foldFullWidthAlnum(name)
    .normalize('NFC')
    .replace(/[\u2019\u02BC]/g, "'");
  if (!LATIN_NAME_CHARS.test(normalised) || !LATIN_LETTER.test(normalised)) {
    return invalid(
      'name_chars',
      'A name in Latin letters has only letters, spaces, apostrophes and hyphens; remove any other characters.',
    );
  }
  const length = [...normalised].length;
  if (length < LATIN_MIN || length > LATIN_MAX) {
    return invalid(
      'name_length',
      `A name in Latin letters has ${LATIN_MIN} to ${LATIN_MAX} characters; this one has ${length}.`,
    );
  }
  return valid(normalised);
}

/**
 * Checks a person's real name as Juhe expects it: Chinese characters (with · between the parts of a
 * transliterated name), or Latin letters for people without a Chinese name. Returns it trimmed with inner
 * whitespace collapsed (removed entirely in Chinese names) and look-alike dots folded to U+00B7.
 */
export function validatePersonName(input: string): Validated<string, PersonNameProblemCode> {
  const name = input.trim().replace(WHITESPACE_RUN, ' ');
  if (name.length === 0) {
    return invalid('name_empty', 'The name is empty; enter the full name as on the 身份证.');
  }
  if (DIGIT.test(name)) {
    return invalid('name_chars', 'A name cannot contain digits; enter the full name as on the 身份证.');
  }
  const hasHan = HAN_CHAR.test(name);
  if (hasHan && LATIN_LETTER.test(name)) {
    return invalid(
      'name_chars',
      'The name mixes Chinese characters and Latin letters; enter it in Chinese characters exactly as on ' +
        'the 身份证 (use Latin letters only for a person with no Chinese name).',
    );
  }
  return hasHan ? validateHanName(name) : validateLatinName(name);
}
