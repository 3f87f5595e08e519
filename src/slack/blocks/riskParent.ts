import type { KnownBlock } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import type { RiskScope, RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { asJuheData, type JuheDataMessage } from '../message.js';
import { userId } from './footer.js';
import { type RiskSubject, SUBJECT_NAME_MAX } from './riskSubject.js';
import { riskScopeName, riskTypeShort, sourceCountText } from './riskText.js';
import {
  escapeTruncated,
  FALLBACK_KEYWORD_MAX,
  FALLBACK_NAME_MAX,
  mrkdwn,
  plain,
  SLACK_LIMITS,
  truncate,
} from './text.js';

const PARENT_KEYWORD_MAX = 200;

/**
 * The short visible message in a compliance channel; the details go in its thread. The person's name is
 * masked here (channel members see it in the channel list); plain_text fields keep the mask's `*` from
 * being read as mrkdwn bold.
 */
export function riskParentMessage(input: {
  locale: Locale;
  requesterId: string;
  subject: RiskSubject;
  scope: RiskScope;
  counts: Array<{ type: RiskType; count: number | null }>;
}): JuheDataMessage {
  const { locale, subject, scope } = input;
  const maskedName = maskName(subject.realname);
  const countText = ({ type, count }: { type: RiskType; count: number | null }) =>
    t(locale, 'summary.countEntry', {
      type: riskTypeShort(locale, type),
      count: sourceCountText(locale, count),
    });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(t(locale, 'parent.intro', { user: userId(input.requesterId) })) },
    {
      type: 'section',
      fields: [
        plain(
          t(locale, 'parent.person', { name: truncate(maskedName, SUBJECT_NAME_MAX) }),
          SLACK_LIMITS.fieldText,
        ),
        plain(
          t(locale, 'parent.keyword', { keyword: truncate(subject.keyword, PARENT_KEYWORD_MAX) }),
          SLACK_LIMITS.fieldText,
        ),
        plain(t(locale, 'parent.sources', { sources: riskScopeName(locale, scope) }), SLACK_LIMITS.fieldText),
        ...input.counts.slice(0, 6).map((entry) => plain(countText(entry), SLACK_LIMITS.fieldText)),
      ],
    },
  ];
  const counts = input.counts.map(countText).join(t(locale, 'summary.separator'));
  const text = t(locale, 'parent.fallback', {
    user: userId(input.requesterId),
    name: escapeTruncated(maskedName, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
    counts: counts || riskScopeName(locale, scope),
  });
  return asJuheData({ text, blocks });
}
