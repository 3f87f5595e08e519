import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import type { FieldChange, WatchChanges } from '../../domain/watchChanges.js';
import { WATCH_PAGES_PER_SOURCE_MAX } from '../../domain/watchCost.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { DEFAULT_PAGE_SIZE } from '../../juhe/formBody.js';
import type { RiskRecord } from '../../juhe/types.js';
import type { ChangesNoticeBody, ExpiryNoticeBody, FailureNoticeBody } from '../../watches/watchMonitor.js';
import { ACTION_IDS, ALERT_ACTIONS_BLOCK_ID } from '../ids.js';
import {
  asJuheData,
  type JuheDataMessage,
  PRESENTER_RESERVED_BLOCKS,
  type SlackMessage,
} from '../message.js';
import { encodeRetryQuery, type RetryQuery } from '../retryQuery.js';
import { budgetRefusalText } from './budgetMessages.js';
import { juheErrorText } from './errors.js';
import { formatCstTime, userId } from './footer.js';
import { recordText, relationValueText, riskTypeShort } from './riskText.js';
import { clampMrkdwn, escapeTruncated, mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { renewWatchButton, stopWatchButton, watchFallbackNames, watchSubjectText } from './watchText.js';

const FIELD_VALUE_MAX = 120;

function fieldValue(locale: Locale, change: FieldChange, side: 'from' | 'to'): string {
  const value = change[side];
  if (value === null) return t(locale, 'field.empty');
  if (typeof value === 'string') {
    return escapeTruncated(change.field === 'person' ? maskName(value) : value, FIELD_VALUE_MAX);
  }
  return relationValueText(locale, value);
}

/** "Fulfilment: 全部未履行 → 部分履行" */
export function fieldChangeText(locale: Locale, change: FieldChange): string {
  const field = change.field === 'relation' ? change.kind : change.field;
  return t(locale, 'alert.fieldChange', {
    field: t(locale, `field.${field}`),
    from: fieldValue(locale, change, 'from'),
    to: fieldValue(locale, change, 'to'),
  });
}

/**
 * A record as an alert shows it: in full, but with the person's name masked — an alert lands in a thread
 * or a DM long after anyone typed the name, and the subject line already says whom it is about.
 */
function alertRecordText(locale: Locale, record: RiskRecord): string {
  return recordText(locale, { ...record, personName: maskName(record.personName) });
}

/** Each change as one section text: new and removed records in full, a changed one as old → new. */
export function changeTexts(locale: Locale, changes: WatchChanges): string[] {
  return [
    ...changes.added.map(
      ({ type, record }) =>
        `${t(locale, 'alert.added', { type: riskTypeShort(locale, type) })}\n${alertRecordText(locale, record)}`,
    ),
    ...changes.removed.map(
      ({ type, record }) =>
        `${t(locale, 'alert.removed', { type: riskTypeShort(locale, type) })}\n${alertRecordText(locale, record)}`,
    ),
    ...changes.changed.map(({ type, after, fields }) =>
      [
        t(locale, 'alert.changed', {
          type: riskTypeShort(locale, type),
          caseNo: escapeTruncated(after.caseNo.trim() || '–', FIELD_VALUE_MAX),
        }),
        ...fields.map((field) => `• ${fieldChangeText(locale, field)}`),
      ].join('\n'),
    ),
  ];
}

export function changesSummaryText(locale: Locale, changes: WatchChanges): string {
  return t(locale, 'alert.summary', {
    added: changes.added.length,
    removed: changes.removed.length,
    changed: changes.changed.length,
  });
}

/** The query "Open current results" asks: the overview, or page 1 of the one watched source. */
export function currentResultsQuery(
  body: Pick<ChangesNoticeBody, 'keyword' | 'realname' | 'types'>,
): RetryQuery {
  const { keyword, realname, types } = body;
  const [only] = types;
  if (types.length === 1 && only !== undefined) {
    return {
      scope: 'page',
      cursor: { keyword, realname, type: only, pageIndex: 1, pageSize: DEFAULT_PAGE_SIZE },
    };
  }
  return { scope: 'all', keyword, realname };
}

function openCurrentButton(locale: Locale, body: ChangesNoticeBody): Button {
  return {
    type: 'button',
    action_id: ACTION_IDS.openCurrentResults,
    text: plain(t(locale, 'button.openCurrent'), SLACK_LIMITS.buttonText),
    value: encodeRetryQuery(currentResultsQuery(body)),
  };
}

export interface Acknowledgement {
  user: string;
  at: Date;
}

/**
 * An alert: every change named (new, removed, changed with old → new), when it was checked and against
 * which check; Acknowledge and Open current results. Once acknowledged, everyone in the thread sees by
 * whom and when in place of the Acknowledge button.
 */
export function watchAlertMessage(input: {
  locale: Locale;
  noticeId: string;
  body: ChangesNoticeBody;
  acknowledged?: Acknowledgement;
}): JuheDataMessage {
  const { locale, body, noticeId, acknowledged } = input;
  const head: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'alert.header'), SLACK_LIMITS.headerText) },
    { type: 'section', text: mrkdwn(watchSubjectText(locale, body)) },
    { type: 'context', elements: [mrkdwn(changesSummaryText(locale, body.changes))] },
    { type: 'divider' },
  ];
  const checked = t(locale, 'alert.checked', {
    time: formatCstTime(body.checkedAt),
    previous: body.comparedWith ? formatCstTime(body.comparedWith) : '–',
  });
  const notes = [
    checked,
    ...body.truncatedTypes.map((type) =>
      t(locale, 'alert.truncated', { pages: WATCH_PAGES_PER_SOURCE_MAX, type: riskTypeShort(locale, type) }),
    ),
  ];
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: ALERT_ACTIONS_BLOCK_ID,
    elements: acknowledged
      ? [openCurrentButton(locale, body)]
      : [
          {
            type: 'button',
            action_id: ACTION_IDS.acknowledgeAlert,
            text: plain(t(locale, 'button.acknowledge'), SLACK_LIMITS.buttonText),
            value: noticeId,
            style: 'primary',
          },
          openCurrentButton(locale, body),
        ],
  };
  const tail: KnownBlock[] = [
    { type: 'divider' },
    { type: 'context', elements: notes.map((n) => mrkdwn(n)) },
  ];
  if (acknowledged) {
    tail.push({
      type: 'context',
      elements: [
        mrkdwn(
          t(locale, 'alert.acknowledged', {
            user: userId(acknowledged.user),
            time: formatCstTime(acknowledged.at),
          }),
        ),
      ],
    });
  }
  tail.push(actions);
  const texts = changeTexts(locale, body.changes);
  // one block is kept for the "…and N more" note when not every change fits
  const room = SLACK_LIMITS.messageBlocks - PRESENTER_RESERVED_BLOCKS - head.length - tail.length;
  const shown = texts.length <= room ? texts : texts.slice(0, room - 1);
  const changeBlocks: KnownBlock[] = shown.map((text) => ({
    type: 'section',
    text: mrkdwn(clampMrkdwn(text, SLACK_LIMITS.sectionText)),
  }));
  if (shown.length < texts.length) {
    changeBlocks.push({
      type: 'context',
      elements: [mrkdwn(t(locale, 'alert.more', { count: texts.length - shown.length }))],
    });
  }
  const text = t(locale, 'alert.fallback', {
    ...watchFallbackNames(body),
    summary: changesSummaryText(locale, body.changes),
  });
  return asJuheData({ text, blocks: [...head, ...changeBlocks, ...tail] });
}

function noticeMessage(text: string, buttons: Button[] = []): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text, blocks };
}

function expiryParams(locale: Locale, body: ExpiryNoticeBody, maxDays: number) {
  return {
    subject: watchSubjectText(locale, body),
    date: formatCstTime(body.expiresAt).slice(0, 10),
    days: maxDays,
  };
}

/** A week before a watch ends: Renew, or let it go. */
export function expiryWarningMessage(locale: Locale, body: ExpiryNoticeBody, maxDays: number): SlackMessage {
  return noticeMessage(t(locale, 'notice.expiryWarning', expiryParams(locale, body, maxDays)), [
    renewWatchButton(locale, body.watchId, maxDays),
    stopWatchButton(locale, body.watchId),
  ]);
}

export function watchExpiredMessage(locale: Locale, body: ExpiryNoticeBody, maxDays: number): SlackMessage {
  return noticeMessage(t(locale, 'notice.expired', expiryParams(locale, body, maxDays)));
}

/** A check that failed through the whole cycle, told once. */
export function checkFailedMessage(locale: Locale, body: FailureNoticeBody): JuheDataMessage {
  return asJuheData(
    noticeMessage(
      t(locale, 'notice.checkFailed', {
        subject: watchSubjectText(locale, body),
        error: body.budget
          ? budgetRefusalText(locale, body.budget, body.budget.needed)
          : juheErrorText(locale, body.category, body.code),
        next: formatCstTime(body.nextCheckAt),
      }),
      [stopWatchButton(locale, body.watchId)],
    ),
  );
}
