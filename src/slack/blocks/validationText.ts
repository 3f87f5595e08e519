import type { UsccTypo } from '../../domain/usccTypo.js';
import { type Locale, MESSAGE_KEYS, messageTemplate, type PlainMessageKey, t } from '../../i18n/catalog.js';
import { escapeMrkdwn } from './text.js';

type ValidationMessageKey = Extract<PlainMessageKey, `validation.${string}`>;

/** The per-code messages: `validation.<code>` without placeholders (the ones with them need a detail). */
const VALIDATION_KEYS: ReadonlySet<string> = new Set(
  MESSAGE_KEYS.filter((key) => key.startsWith('validation.') && !messageTemplate('en', key).includes('{')),
);

function isValidationKey(key: string): key is ValidationMessageKey {
  return VALIDATION_KEYS.has(key);
}

/**
 * The message for a validation code from src/domain (idcard_checksum, name_chars, …) or a form code
 * (required, consent_required); a code the catalog does not know gets the generic "check this value".
 */
export function validationText(locale: Locale, code: string): string {
  const key = `validation.${code}`;
  return t(locale, isValidationKey(key) ? key : 'validation.invalid');
}

/**
 * A form field's problem: a validation code, or a code with the detail its message quotes (a keyword problem
 * from checkRiskKeyword).
 */
export type FieldProblem = string | { code: string; usccTypo?: UsccTypo };

/** The inline message for a form field's problem. */
export function fieldProblemText(locale: Locale, problem: FieldProblem): string {
  if (typeof problem === 'string') return validationText(locale, problem);
  if (problem.usccTypo !== undefined) return usccTypoText(locale, problem.usccTypo, 'validation');
  return validationText(locale, problem.code);
}

/**
 * What is wrong with a 统一社会信用代码 whose check character does not match, for the usage message of
 * `/risk` (mrkdwn) or the modal's inline error (plain text). Quotes positions and single characters of the
 * code alphabet only, never the code.
 */
export function usccTypoText(locale: Locale, typo: UsccTypo, surface: 'usage' | 'validation'): string {
  const quote = surface === 'usage' ? escapeMrkdwn : (char: string) => char;
  switch (typo.kind) {
    case 'replace': {
      const params = { position: typo.position, expected: quote(typo.expected), found: quote(typo.found) };
      return surface === 'usage'
        ? t(locale, 'usage.keyword_uscc_checksum.replace', params)
        : t(locale, 'validation.keyword_uscc_checksum.replace', params);
    }
    case 'swap': {
      const params = {
        position: typo.position,
        next: typo.position + 1,
        first: quote(typo.first),
        second: quote(typo.second),
      };
      return surface === 'usage'
        ? t(locale, 'usage.keyword_uscc_checksum.swap', params)
        : t(locale, 'validation.keyword_uscc_checksum.swap', params);
    }
    case 'recopy':
      return surface === 'usage'
        ? t(locale, 'usage.keyword_uscc_checksum.recopy')
        : t(locale, 'validation.keyword_uscc_checksum');
  }
}
