import type { ActionsBlock, ContextBlock, KnownBlock } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { JuheApi } from '../../juhe/types.js';
import { ACTION_IDS, type InputBlockId, RETRY_BLOCK_ID } from '../ids.js';
import { asJuheData, type JuheDataMessage, type SlackMessage } from '../message.js';
import { encodeRetryQuery, type RetryQuery, retryScope } from '../retryQuery.js';
import { riskScopeName } from './riskText.js';
import {
  escapeMrkdwn,
  escapeTruncated,
  FALLBACK_KEYWORD_MAX,
  FALLBACK_NAME_MAX,
  mrkdwn,
  plain,
  SLACK_LIMITS,
} from './text.js';
import { type FieldProblem, fieldProblemText } from './validationText.js';

/** Juhe closes an interface for maintenance (10020) or stops it (10021); both read as maintenance. */
const MAINTENANCE_CODES = new Set(['10020', '10021']);

/** financeInfo's own format rejections say which field was wrong. */
const INPUT_CODE_KEYS = {
  '281501': 'error.input.idcard',
  '281502': 'error.input.name',
  '281503': 'error.input.mobile',
} as const;

const CATEGORY_KEYS = {
  input: 'error.input',
  not_found: 'error.not_found',
  quota: 'error.quota',
  misconfigured: 'error.misconfigured',
  upstream_unavailable: 'error.upstream_unavailable',
  upstream_invalid: 'error.upstream_invalid',
  timeout: 'error.timeout',
  network: 'error.network',
  busy: 'error.busy',
} as const satisfies Record<JuheErrorCategory, string>;

const CODE_MAX = 40;
const REFERENCE_MAX = 40;

function isInputCode(code: string): code is keyof typeof INPUT_CODE_KEYS {
  return Object.hasOwn(INPUT_CODE_KEYS, code);
}

/** What the user reads for a failed Juhe call: what happened and what to do. Plain text, no mrkdwn. */
export function juheErrorText(locale: Locale, category: JuheErrorCategory, code: string): string {
  if (MAINTENANCE_CODES.has(code) && category !== 'misconfigured') return t(locale, 'error.maintenance');
  if (category === 'input' && isInputCode(code)) return t(locale, INPUT_CODE_KEYS[code]);
  return t(locale, CATEGORY_KEYS[category]);
}

/** "Juhe code 240104": never for misconfigured, whose details stay in the logs. */
function detailsContext(locale: Locale, category: JuheErrorCategory, code: string): ContextBlock | undefined {
  if (category === 'misconfigured' || !code) return undefined;
  return {
    type: 'context',
    elements: [mrkdwn(t(locale, 'error.code', { code: escapeTruncated(code, CODE_MAX) }))],
  };
}

/** Failures that may pass: trying the same query again can help (quota: once the limit resets). */
const RETRYABLE_CATEGORIES: ReadonlySet<JuheErrorCategory> = new Set([
  'timeout',
  'network',
  'upstream_unavailable',
  'quota',
  'busy',
]);

/**
 * "Query: 张*洲 · 江苏德洲实业 · 被执行, page 2": which query failed, since a late error can arrive below a
 * later, unrelated result. The name is masked as on every parent; the keyword is what was typed.
 */
function failedQueryText(locale: Locale, query: RetryQuery): string {
  const subject = query.scope === 'all' ? query : query.cursor;
  const scope = retryScope(query);
  const source =
    query.scope === 'page' && query.cursor.pageIndex > 1
      ? t(locale, 'error.query.page', { source: riskScopeName(locale, scope), page: query.cursor.pageIndex })
      : riskScopeName(locale, scope);
  return t(locale, 'error.query', {
    name: escapeTruncated(maskName(subject.realname), FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
    source,
  });
}

function retryActions(locale: Locale, query: RetryQuery): ActionsBlock {
  return {
    type: 'actions',
    block_id: RETRY_BLOCK_ID,
    elements: [
      {
        type: 'button',
        action_id: ACTION_IDS.retry,
        text: plain(t(locale, 'button.retry'), SLACK_LIMITS.buttonText),
        value: encodeRetryQuery(query),
      },
    ],
  };
}

/**
 * A failed Juhe call: what happened and what to do; for a risk query also which query it was and, where
 * trying again can help, a Try again button that asks exactly that query again.
 */
export function juheErrorMessage(input: {
  locale: Locale;
  api: JuheApi;
  category: JuheErrorCategory;
  code: string;
  query?: RetryQuery;
  /** a finance lookup: whose rating it was, already masked (its 身份证 and mobile are never named) */
  financeName?: string;
}): JuheDataMessage {
  const { locale, api, category, code, query, financeName } = input;
  const title = t(locale, api === 'risk' ? 'error.title.risk' : 'error.title.finance');
  const text = juheErrorText(locale, category, code);
  const named = query
    ? failedQueryText(locale, query)
    : financeName
      ? t(locale, 'error.query.finance', { name: escapeTruncated(financeName, FALLBACK_NAME_MAX) })
      : undefined;
  const lines = [`:warning: *${title}*`, ...(named ? [named] : []), escapeMrkdwn(text)];
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(lines.join('\n')) }];
  const details = detailsContext(locale, category, code);
  if (details) blocks.push(details);
  if (query && RETRYABLE_CATEGORIES.has(category)) blocks.push(retryActions(locale, query));
  // What Juhe answered, even when it is an error: in local mode it was the sandbox that answered.
  const heading = named ? t(locale, 'error.titleWithQuery', { title, query: named }) : title;
  return asJuheData({ text: t(locale, 'error.titled', { title: heading, text }), blocks });
}

export function unexpectedErrorMessage(locale: Locale, referenceId: string): SlackMessage {
  const text = t(locale, 'error.unexpected', { ref: escapeTruncated(referenceId, REFERENCE_MAX) });
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:warning: ${text}`) }] };
}

/** The process died while Juhe was answering: no answer to show, and perhaps a bill. */
export function lookupInterruptedMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'lookup.interrupted');
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:warning: ${escapeMrkdwn(text)}`) }] };
}

/** The audit trail could not be written, so the lookup was not made (never bill without a record). */
export function recordUnavailableMessage(locale: Locale, referenceId: string): SlackMessage {
  const text = t(locale, 'record.unavailable', { ref: escapeTruncated(referenceId, REFERENCE_MAX) });
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:warning: ${text}`) }] };
}

/** The requester is not on ALLOWED_USER_IDS / FINANCE_ALLOWED_USER_IDS. */
export function refusalMessage(locale: Locale, api: JuheApi): SlackMessage {
  const service = t(locale, api === 'risk' ? 'api.risk' : 'api.finance');
  const text = t(locale, 'refusal.text', { service });
  return { text, blocks: [{ type: 'section', text: mrkdwn(`:no_entry: ${escapeMrkdwn(text)}`) }] };
}

const CHANNEL_ID_MAX = 40;

/**
 * Posting failed with not_in_channel: the bot must be invited first. For /finance the rating is already
 * in the modal, so the person is told not to look the subject up (and be billed) again.
 */
export function notInChannelMessage(locale: Locale, channelId: string, api: JuheApi = 'risk'): SlackMessage {
  const key = api === 'finance' ? 'notInChannel.finance' : 'notInChannel.text';
  const text = t(locale, key, { channel: escapeMrkdwn(channelId.slice(0, CHANNEL_ID_MAX)) });
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** A Prev / Next / type button whose value this app did not write, or no longer understands. */
export function staleButtonMessage(locale: Locale): SlackMessage {
  const text = t(locale, 'stale.text');
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/**
 * A modal's view_submission errors: block_id → message, from each field's validation code (the domain's
 * codes, or required / consent_required / purpose_too_short / …) or keyword problem with its detail.
 * Unknown codes get "check this value".
 */
export function inputValidationErrors(
  locale: Locale,
  problems: Partial<Record<InputBlockId, FieldProblem>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [blockId, problem] of Object.entries(problems)) {
    if (problem !== undefined) errors[blockId] = fieldProblemText(locale, problem);
  }
  return errors;
}
