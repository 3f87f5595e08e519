import { type Locale, t } from '../../i18n/catalog.js';
import type { RiskCommandProblem } from '../commands/riskCommand.types.js';
import type { SlackMessage } from '../message.js';
import { joinSentences, mrkdwn } from './text.js';
import { usageFixText, usageProblemText } from './usageProblemText.js';

/** A /risk command that could not be read: what was wrong, how to fix it, and one example. */
export function riskUsageMessage(locale: Locale, problem: RiskCommandProblem): SlackMessage {
  const what = usageProblemText(locale, problem);
  const fix = usageFixText(locale, problem);
  return {
    text: joinSentences(locale, what, fix),
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${what}\n${fix}\n${t(locale, 'usage.example')}`) },
      { type: 'context', elements: [mrkdwn(t(locale, 'usage.moreHelp'))] },
    ],
  };
}
