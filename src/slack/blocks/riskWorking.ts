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
  const params = { sources: riskScopeName(locale, scope), name: maskName(subject.realname) };
  const shown = t(locale, 'working.text', {
    ...params,
    keyword: truncate(subject.keyword, SUBJECT_KEYWORD_MAX),
  });
  const text = t(locale, 'working.text', {
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
