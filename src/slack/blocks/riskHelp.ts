import type { SectionBlock } from '@slack/types';
import { DEFAULT_BATCH_CONFIG } from '../../config/config.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn, mrkdwn, plain, SLACK_LIMITS } from './text.js';

/**
 * `/risk help`. The usage line's `<keyword>` must be escaped even inside backticks: Slack reads `<…>` as a
 * link everywhere, so these texts (which hold no intended links) are escaped whole. An auditor also reads
 * how to export the audit trail; nobody else needs to know the subcommand.
 */
export function riskHelpMessage(
  locale: Locale,
  reader: { auditor: boolean; batchMaxRows?: number } = { auditor: false },
): SlackMessage {
  const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(escapeMrkdwn(text)) });
  return {
    text: escapeMrkdwn(t(locale, 'help.fallback')),
    blocks: [
      { type: 'header', text: plain(t(locale, 'help.header'), SLACK_LIMITS.headerText) },
      section(t(locale, 'help.usage')),
      section(t(locale, 'help.quoting')),
      section(t(locale, 'help.types')),
      section(t(locale, 'help.examples')),
      section(t(locale, 'help.watch')),
      section(t(locale, 'batch.help', { maxRows: reader.batchMaxRows ?? DEFAULT_BATCH_CONFIG.maxRows })),
      ...(reader.auditor ? [section(t(locale, 'help.audit'))] : []),
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
