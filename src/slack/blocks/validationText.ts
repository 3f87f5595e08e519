import { type Locale, MESSAGE_KEYS, type MessageKey, t } from '../../i18n/catalog.js';

type ValidationMessageKey = Extract<MessageKey, `validation.${string}`>;

const VALIDATION_KEYS: ReadonlySet<string> = new Set(
  MESSAGE_KEYS.filter((key) => key.startsWith('validation.')),
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
