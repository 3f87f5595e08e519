import type { KnownBlock } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { IDENTITY_FIELD_MAX } from './financeResult.js';
import { userId } from './footer.js';
import { escapeTruncated, FALLBACK_NAME_MAX, mrkdwn, plain, truncate } from './text.js';

/** The short visible parent in a compliance channel; the masked rating goes in its thread. */
export function financeParentMessage(input: {
  locale: Locale;
  requesterId: string;
  maskedName: string;
}): SlackMessage {
  const { locale } = input;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(t(locale, 'finance.parent.intro', { user: userId(input.requesterId) })) },
    {
      type: 'section',
      fields: [
        plain(
          t(locale, 'finance.identity.name', {
            name: truncate(maskName(input.maskedName), IDENTITY_FIELD_MAX),
          }),
        ),
      ],
    },
  ];
  const text = t(locale, 'finance.parent.fallback', {
    user: userId(input.requesterId),
    name: escapeTruncated(maskName(input.maskedName), FALLBACK_NAME_MAX),
  });
  return { text, blocks };
}
