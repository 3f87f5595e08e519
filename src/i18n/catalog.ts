import { type EnglishMessages, en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey } from './en.js';

export type Locale = 'en' | 'zh-CN';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

const MESSAGES: Record<Locale, Readonly<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };

/** Every key, in the order of the English catalog. */
export const MESSAGE_KEYS: readonly MessageKey[] = Object.keys(en) as MessageKey[];

const ZH_CN_SPELLINGS = new Set(['zh', 'zh-cn', 'zh-hans', 'zh-hans-cn']);

/** `LOCALE` from the environment; anything that is not a Simplified Chinese tag means English. */
export function parseLocale(value: string | undefined): Locale {
  if (value === undefined) return 'en';
  const tag = value.trim().toLowerCase().replace(/_/g, '-');
  return ZH_CN_SPELLINGS.has(tag) ? 'zh-CN' : 'en';
}

/** The `{name}` placeholders of a message, read from the English text's literal type. */
type PlaceholderNames<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderNames<Rest>
  : never;

export type MessageParams<Key extends MessageKey> = Record<
  PlaceholderNames<EnglishMessages[Key]>,
  string | number
>;

/** No argument for a message without placeholders; a params object with exactly its names otherwise. */
type ParamsArgument<Key extends MessageKey> = [PlaceholderNames<EnglishMessages[Key]>] extends [never]
  ? []
  : [params: MessageParams<Key>];

/** Keys of messages without placeholders: what a caller may pass where only a key fits (modal titles). */
export type PlainMessageKey = {
  [Key in MessageKey]: [PlaceholderNames<EnglishMessages[Key]>] extends [never] ? Key : never;
}[MessageKey];

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * The message for `key` in `locale` with its `{name}` placeholders filled in. Substitution is one pass,
 * so a value that itself contains `{…}` (user input, Juhe data) is never expanded again.
 */
export function t<Key extends MessageKey>(locale: Locale, key: Key, ...params: ParamsArgument<Key>): string {
  const template = MESSAGES[locale][key];
  const values: Readonly<Record<string, string | number>> = params[0] ?? {};
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** The raw template: for tests that compare placeholders across locales, and to tell plain messages apart. */
export function messageTemplate(locale: Locale, key: MessageKey): string {
  return MESSAGES[locale][key];
}
