import type { Button, SectionBlock } from '@slack/types';
import type { RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { CURSOR_PAGE_SIZE_MAX, encodePageCursor } from '../pageCursor.js';
import {
  escapeTruncated,
  FALLBACK_KEYWORD_MAX,
  FALLBACK_NAME_MAX,
  mrkdwn,
  plain,
  SLACK_LIMITS,
} from './text.js';

/** Who is screened: the same two values on every risk surface. */
export interface RiskSubject {
  /** company name, registration no., 统一社会信用代码 or KeyNo */
  keyword: string;
  realname: string;
}

export const SUBJECT_NAME_MAX = 100;
export const SUBJECT_KEYWORD_MAX = 300;

export function subjectSection(locale: Locale, subject: RiskSubject): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(
      t(locale, 'results.subject', {
        realname: escapeTruncated(subject.realname, SUBJECT_NAME_MAX),
        keyword: escapeTruncated(subject.keyword, SUBJECT_KEYWORD_MAX),
      }),
    ),
  };
}

export function fallbackSubject(subject: RiskSubject): { realname: string; keyword: string } {
  return {
    realname: escapeTruncated(subject.realname, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
  };
}

function cursorPageSize(pageSize: number): number {
  return Math.min(CURSOR_PAGE_SIZE_MAX, Math.max(1, Math.floor(pageSize) || 1));
}

/** A button that leads to one page of one source for this subject (Prev, Next, "Show all"). */
export function pageButton(
  actionId: string,
  text: string,
  subject: RiskSubject,
  type: RiskType,
  pageIndex: number,
  pageSize: number,
): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, SLACK_LIMITS.buttonText),
    value: encodePageCursor({
      keyword: subject.keyword,
      realname: subject.realname,
      type,
      pageIndex,
      pageSize: cursorPageSize(pageSize),
    }),
  };
}
