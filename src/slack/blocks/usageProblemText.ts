import { type Locale, type MessageKey, type PlainMessageKey, t } from '../../i18n/catalog.js';
import type { RiskCommandProblem, RiskCommandProblemCode } from '../commands/riskCommand.types.js';
import { escapeTruncated, joinSentences } from './text.js';
import { usccTypoText, validationText } from './validationText.js';

/**
 * What was wrong and how to fix it, per problem of a `/risk` command that could not be read. unknown_type,
 * realname_invalid and keyword_uscc_checksum are worded from the problem's detail in usageProblemText; their
 * first key is the wording without it (realname_invalid always has one).
 */
const USAGE_KEYS = {
  unclosed_quote: ['usage.unclosed_quote', 'usage.unclosed_quote.fix'],
  missing_realname: ['usage.missing_realname', 'usage.missing_realname.fix'],
  too_many_words: ['usage.too_many_words', 'usage.too_many_words.fix'],
  unknown_type: ['usage.unknown_type.noWord', 'usage.unknown_type.fix'],
  keyword_too_long: ['usage.keyword_too_long', 'usage.keyword_too_long.fix'],
  keyword_is_personal_id: ['usage.keyword_is_personal_id', 'usage.keyword_is_personal_id.fix'],
  keyword_uscc_checksum: ['usage.keyword_uscc_checksum.recopy', 'usage.keyword_uscc_checksum.fix'],
  realname_invalid: ['usage.realname_invalid', 'usage.realname_invalid.fix'],
} as const satisfies Record<RiskCommandProblemCode, readonly [MessageKey, PlainMessageKey]>;

/** An echoed unknown type word is cut to this many characters. */
const ECHOED_WORD_MAX = 60;

/**
 * What was wrong with a `/risk` command, as mrkdwn: "“foo” is not a type.", "This 统一社会信用代码 does not
 * add up: character 18 should probably be “K”, not “X”." Echoes only what the parser marked safe to echo.
 */
export function usageProblemText(locale: Locale, problem: RiskCommandProblem): string {
  switch (problem.code) {
    case 'unknown_type':
      return problem.word
        ? t(locale, 'usage.unknown_type', { word: escapeTruncated(problem.word, ECHOED_WORD_MAX) })
        : t(locale, USAGE_KEYS.unknown_type[0]);
    case 'realname_invalid':
      return t(locale, 'usage.realname_invalid', {
        detail: validationText(locale, problem.detailCode ?? 'invalid'),
      });
    case 'keyword_uscc_checksum':
      return problem.usccTypo
        ? usccTypoText(locale, problem.usccTypo, 'usage')
        : t(locale, USAGE_KEYS.keyword_uscc_checksum[0]);
    default:
      return t(locale, USAGE_KEYS[problem.code][0]);
  }
}

/** A suggested command is shown whole or not at all; the parser keeps it under this. */
const SUGGESTION_MAX = 400;

/** How to fix a `/risk` command that could not be read, as mrkdwn, with the corrected command when known. */
export function usageFixText(locale: Locale, problem: RiskCommandProblem): string {
  const fix = t(locale, USAGE_KEYS[problem.code][1]);
  if (problem.suggestion === undefined) return fix;
  const command = escapeTruncated(problem.suggestion, SUGGESTION_MAX);
  if (problem.code === 'unknown_type' && problem.quotedName !== undefined) {
    return t(locale, 'usage.quote_name.fix', {
      name: escapeTruncated(problem.quotedName, ECHOED_WORD_MAX),
      command,
    });
  }
  return joinSentences(locale, fix, t(locale, 'usage.try', { command }));
}
