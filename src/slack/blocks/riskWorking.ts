import { maskName } from '../../domain/masking.js';
import type { RiskScope } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { SCREENING_NOTICE_BLOCK_ID } from '../ids.js';
import type { SlackMessage } from '../message.js';
import { type RiskSubject, SUBJECT_KEYWORD_MAX } from './riskSubject.js';
import { riskScopeName } from './riskText.js';
import { escapeTruncated, FALLBACK_KEYWORD_MAX, FALLBACK_NAME_MAX, SLACK_LIMITS, truncate } from './text.js';

/**
 * Shown while Juhe answers. In a compliance channel this is posted visibly and then becomes the parent,
 * so the name is masked here too; plain text, so the mask's `*` stays literal.
 */
export function riskWorkingMessage(locale: Locale, subject: RiskSubject, scope: RiskScope): SlackMessage {
  return noticeMessage(locale, 'working.text', subject, scope, {});
}

/**
 * In place of "Screening…" when the lookup has waited a second for a Juhe slot: that it is queued and
 * where (1 = next). Same block id: it is the same notice, and the answer replaces it the same way.
 */
export function riskQueuedMessage(
  locale: Locale,
  subject: RiskSubject,
  scope: RiskScope,
  position: number,
): SlackMessage {
  return noticeMessage(locale, 'working.queued', subject, scope, { position });
}

/** t() checks parameters per key; both notice texts take the same ones, the queued one also {position}. */
const noticeText = t as (locale: Locale, key: string, params: Record<string, string | number>) => string;

function noticeMessage(
  locale: Locale,
  key: 'working.text' | 'working.queued',
  subject: RiskSubject,
  scope: RiskScope,
  extra: Record<string, number>,
): SlackMessage {
  const params = { ...extra, sources: riskScopeName(locale, scope), name: maskName(subject.realname) };
  const shown = noticeText(locale, key, {
    ...params,
    keyword: truncate(subject.keyword, SUBJECT_KEYWORD_MAX),
  });
  const text = noticeText(locale, key, {
    ...extra,
    sources: params.sources,
    name: escapeTruncated(params.name, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
  });
  return {
    text,
    blocks: [
      {
        type: 'section',
        block_id: SCREENING_NOTICE_BLOCK_ID,
        text: { type: 'plain_text', text: truncate(shown, SLACK_LIMITS.sectionText), emoji: true },
      },
    ],
  };
}
