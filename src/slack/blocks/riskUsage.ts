import { type Locale, t } from '../../i18n/catalog.js';
import type { RiskCommandProblem, RiskCommandProblemCode } from '../commands/riskCommand.types.js';
import type { SlackMessage } from '../message.js';
import { escapeTruncated, mrkdwn } from './text.js';
import { validationText } from './validationText.js';

/** What was wrong and how to fix it, per problem; `unknown_type` echoes the word when the parser kept it. */
const USAGE_KEYS = {
  unclosed_quote: ['usage.unclosed_quote', 'usage.unclosed_quote.fix'],
  missing_realname: ['usage.missing_realname', 'usage.missing_realname.fix'],
  too_many_words: ['usage.too_many_words', 'usage.too_many_words.fix'],
  unknown_type: ['usage.unknown_type.noWord', 'usage.unknown_type.fix'],
  keyword_too_long: ['usage.keyword_too_long', 'usage.keyword_too_long.fix'],
  keyword_is_personal_id: ['usage.keyword_is_personal_id', 'usage.keyword_is_personal_id.fix'],
  realname_invalid: ['usage.realname_invalid', 'usage.realname_invalid.fix'],
} as const satisfies Record<RiskCommandProblemCode, readonly [string, string]>;

const ECHOED_WORD_MAX = 60;

function usageProblemText(locale: Locale, problem: RiskCommandProblem): string {
  switch (problem.code) {
    case 'unknown_type':
      return problem.word
        ? t(locale, 'usage.unknown_type', { word: escapeTruncated(problem.word, ECHOED_WORD_MAX) })
        : t(locale, 'usage.unknown_type.noWord');
    case 'realname_invalid':
      return t(locale, 'usage.realname_invalid', {
        detail: validationText(locale, problem.detailCode ?? 'invalid'),
      });
    default:
      return t(locale, USAGE_KEYS[problem.code][0]);
  }
}

/** A /risk command that could not be read: what was wrong, how to fix it, and one example. */
export function riskUsageMessage(locale: Locale, problem: RiskCommandProblem): SlackMessage {
  const what = usageProblemText(locale, problem);
  const fix = t(locale, USAGE_KEYS[problem.code][1]);
  return {
    text: `${what} ${fix}`,
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${what}\n${fix}\n${t(locale, 'usage.example')}`) },
      { type: 'context', elements: [mrkdwn(t(locale, 'usage.moreHelp'))] },
    ],
  };
}
