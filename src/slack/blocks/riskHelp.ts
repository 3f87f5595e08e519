import type { SectionBlock } from '@slack/types';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn, mrkdwn, plain, SLACK_LIMITS } from './text.js';

/**
 * `/risk help`. The usage line's `<keyword>` must be escaped even inside backticks: Slack reads `<…>` as a
 * link everywhere, so these texts (which hold no intended links) are escaped whole.
 */
export function riskHelpMessage(locale: Locale): SlackMessage {
  const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(escapeMrkdwn(text)) });
  return {
    text: escapeMrkdwn(t(locale, 'help.fallback')),
    blocks: [
      { type: 'header', text: plain(t(locale, 'help.header'), SLACK_LIMITS.headerText) },
      section(t(locale, 'help.usage')),
      section(t(locale, 'help.quoting')),
      section(t(locale, 'help.types')),
      section(t(locale, 'help.examples')),
      {
        type: 'context',
        elements: [
          mrkdwn(escapeMrkdwn(t(locale, 'help.form'))),
          mrkdwn(escapeMrkdwn(t(locale, 'help.finance'))),
        ],
      },
    ],
  };
}
