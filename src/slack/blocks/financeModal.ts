import type { ContextBlock, InputBlock, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import type { DecodedScore, RatingBand, RatingScale } from '../../domain/rating.types.js';
import { type Locale, type PlainMessageKey, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { FinanceRating } from '../../juhe/types.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS, type InputBlockId } from '../ids.js';
import type { SlackMessage } from '../message.js';
import { inputValidationErrors, juheErrorMessage } from './errors.js';
import { footerContext, sandboxContext, userId } from './footer.js';
import { checkPrivateMetadata, REALNAME_MAX_LENGTH, textInput } from './riskModal.js';
import { escapeTruncated, mrkdwn, plain, SLACK_LIMITS, truncate } from './text.js';

/** The consent checkbox's only option; the submission handler looks for this value. */
export const CONSENT_OPTION_VALUE = 'attested';
/** Room for spaces and a +86 prefix around the 18 / 11 characters. */
const IDCARD_MAX_LENGTH = 24;
const MOBILE_MAX_LENGTH = 24;
const PURPOSE_MAX_LENGTH = 500;

const RATING_SCALES: readonly RatingScale[] = ['range', 'history', 'stability'];

/** `/finance`: name, 身份证, mobile, purpose and a consent attestation, all required. */
export function financeQueryModal(input: { locale: Locale; privateMetadata: string }): ModalView {
  const { locale } = input;
  const consent: InputBlock = {
    type: 'input',
    block_id: BLOCK_IDS.consent,
    label: plain(t(locale, 'modal.consent.label')),
    element: {
      type: 'checkboxes',
      action_id: INPUT_ACTION_IDS.consent,
      options: [
        {
          text: plain(t(locale, 'modal.consent.option'), SLACK_LIMITS.optionText),
          description: plain(t(locale, 'modal.consent.description'), SLACK_LIMITS.optionText),
          value: CONSENT_OPTION_VALUE,
        },
      ],
    },
  };
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.financeQuery,
    private_metadata: checkPrivateMetadata(input.privateMetadata),
    title: plain(t(locale, 'modal.finance.title'), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.finance.submit'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.cancel'), SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'modal.finance.intro')) },
      textInput({
        blockId: BLOCK_IDS.realname,
        actionId: INPUT_ACTION_IDS.realname,
        label: t(locale, 'modal.realname.label'),
        hint: t(locale, 'modal.realname.hint'),
        maxLength: REALNAME_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.idcard,
        actionId: INPUT_ACTION_IDS.idcard,
        label: t(locale, 'modal.idcard.label'),
        hint: t(locale, 'modal.idcard.hint'),
        maxLength: IDCARD_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.mobile,
        actionId: INPUT_ACTION_IDS.mobile,
        label: t(locale, 'modal.mobile.label'),
        hint: t(locale, 'modal.mobile.hint'),
        maxLength: MOBILE_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.purpose,
        actionId: INPUT_ACTION_IDS.purpose,
        label: t(locale, 'modal.purpose.label'),
        hint: t(locale, 'modal.purpose.hint'),
        maxLength: PURPOSE_MAX_LENGTH,
        multiline: true,
      }),
      consent,
    ],
  };
}

/** What the modal shows between submit and Juhe's answer (the submission acks with this at once). */
export function loadingModal(input: {
  locale: Locale;
  callbackId: string;
  title?: PlainMessageKey;
  message?: PlainMessageKey;
}): ModalView {
  const { locale } = input;
  const message =
    input.message ?? (input.callbackId === CALLBACK_IDS.riskQuery ? 'loading.risk' : 'loading.finance');
  return {
    type: 'modal',
    callback_id: input.callbackId,
    title: plain(t(locale, input.title ?? 'loading.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: [{ type: 'section', text: mrkdwn(t(locale, message)) }],
  };
}

/** Any message (refusal, unexpected error) shown inside the finance modal instead of in a channel. */
export function noticeModal(input: {
  locale: Locale;
  message: SlackMessage;
  title?: PlainMessageKey;
}): ModalView {
  const { locale } = input;
  return {
    type: 'modal',
    title: plain(t(locale, input.title ?? 'modal.finance.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: input.message.blocks.slice(0, SLACK_LIMITS.modalBlocks),
  };
}

/** 1500 → "1,500" (the same grouping in both locales, as Juhe's doc writes the bands). */
function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "(1,500, 3,000]", "20,000+", "(18, 24)", "24", with the scale's unit: "(0, 1,500] CNY", "24 months". */
export function ratingIntervalText(locale: Locale, scale: RatingScale, band: RatingBand): string {
  let interval: string;
  if (band.upper === null) {
    interval = `${groupThousands(band.lower)}+`;
  } else if (band.upper === band.lower) {
    interval = groupThousands(band.lower);
  } else {
    const open = band.lowerInclusive ? '[' : '(';
    const close = band.upperInclusive ? ']' : ')';
    interval = `${open}${groupThousands(band.lower)}, ${groupThousands(band.upper)}${close}`;
  }
  return scale === 'range'
    ? t(locale, 'rating.cny', { value: interval })
    : t(locale, 'rating.months', { value: interval });
}

const BAR_FILLED = '▰';
const BAR_EMPTY = '▱';
const BAR_MAX = 20;

/** `▰▰▰▱▱▱▱▱▱▱`: band bandIndex+1 of bandCount filled. */
export function ratingBar(bandIndex: number, bandCount: number): string {
  const count = Math.min(BAR_MAX, Math.max(1, bandCount));
  const filled = Math.min(count, Math.max(0, bandIndex + 1));
  return BAR_FILLED.repeat(filled) + BAR_EMPTY.repeat(count - filled);
}

const RAW_SCORE_MAX = 40;

/** The decoded value alone: "(0, 1,500] CNY · score 16", "Unpredictable (score 0)", "Unrecognised score: 5". */
function scoreValueText(locale: Locale, decoded: DecodedScore): string {
  switch (decoded.status) {
    case 'band':
      return `${ratingIntervalText(locale, decoded.scale, decoded.band)} · ${t(locale, 'rating.score', { score: decoded.score })}`;
    case 'unpredictable':
      return t(locale, 'rating.unpredictable');
    case 'unrecognised': {
      const raw = escapeTruncated(decoded.raw, RAW_SCORE_MAX);
      return t(locale, 'rating.unrecognised', { raw: raw || '—' });
    }
  }
}

function ratingLabel(locale: Locale, scale: RatingScale): string {
  return t(locale, `rating.${scale}.label`);
}

function ratingSection(locale: Locale, scale: RatingScale, decoded: DecodedScore): SectionBlock {
  const value = scoreValueText(locale, decoded);
  const line =
    decoded.status === 'band' ? `${ratingBar(decoded.bandIndex, decoded.bandCount)}  ${value}` : value;
  return { type: 'section', text: mrkdwn(`*${ratingLabel(locale, scale)}*\n${line}`) };
}

export interface FinanceResultInput {
  locale: Locale;
  rating: FinanceRating;
  identity: { maskedName: string; maskedIdcard: string; maskedMobile: string };
  requesterId: string;
  fetchedAt: Date;
  sandbox: boolean;
}

const IDENTITY_FIELD_MAX = 100;

/**
 * Name, 身份证 and mobile as plain text (so a mask's `*` is not read as bold). All three are masked again
 * here: the masks are idempotent, so this only matters if a caller ever passes a raw value.
 */
function identitySection(locale: Locale, identity: FinanceResultInput['identity']): SectionBlock {
  return {
    type: 'section',
    fields: [
      plain(
        t(locale, 'finance.identity.name', {
          name: truncate(maskName(identity.maskedName), IDENTITY_FIELD_MAX),
        }),
      ),
      plain(
        t(locale, 'finance.identity.idcard', {
          idcard: truncate(maskIdCard(identity.maskedIdcard), IDENTITY_FIELD_MAX),
        }),
      ),
      plain(
        t(locale, 'finance.identity.mobile', {
          mobile: truncate(maskMobile(identity.maskedMobile), IDENTITY_FIELD_MAX),
        }),
      ),
    ],
  };
}

function ratingBlocks(input: FinanceResultInput): KnownBlock[] {
  const { locale, rating } = input;
  const blocks: KnownBlock[] = RATING_SCALES.map((scale) => ratingSection(locale, scale, rating[scale]));
  const note: ContextBlock = { type: 'context', elements: [mrkdwn(t(locale, 'finance.scaleNote'))] };
  return [...blocks, note];
}

function resultFooter(input: FinanceResultInput): ContextBlock {
  return footerContext(
    input.locale,
    { requesterId: input.requesterId, fetchedAt: input.fetchedAt },
    input.rating.orderId,
  );
}

/** The decoded rating in the modal the requester submitted. Masked identity only. */
export function financeResultModal(input: FinanceResultInput): ModalView {
  const { locale } = input;
  const blocks: KnownBlock[] = [];
  if (input.sandbox) blocks.push(sandboxContext(locale));
  blocks.push(
    identitySection(locale, input.identity),
    { type: 'divider' },
    ...ratingBlocks(input),
    resultFooter(input),
  );
  return {
    type: 'modal',
    title: plain(t(locale, 'modal.finance.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.done'), SLACK_LIMITS.modalTitle),
    blocks,
  };
}

const FALLBACK_NAME_MAX = 60;

/** The same rating for the compliance thread: masked identity, who asked, when. */
export function financeResultMessage(input: FinanceResultInput): SlackMessage {
  const { locale, rating } = input;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'finance.header'), SLACK_LIMITS.headerText) },
  ];
  if (input.sandbox) blocks.push(sandboxContext(locale));
  blocks.push(identitySection(locale, input.identity), ...ratingBlocks(input), resultFooter(input));
  const bands = RATING_SCALES.map((scale) =>
    t(locale, 'finance.fallbackBand', {
      label: t(locale, `rating.${scale}.short`),
      value: scoreValueText(locale, rating[scale]),
    }),
  ).join('; ');
  const text = t(locale, 'finance.fallback', {
    name: escapeTruncated(maskName(input.identity.maskedName), FALLBACK_NAME_MAX),
    bands,
  });
  return { text, blocks };
}

/** The short visible parent in a compliance channel; the masked rating goes in its thread. */
export function financeParentMessage(input: {
  locale: Locale;
  requesterId: string;
  maskedName: string;
  sandbox: boolean;
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
  if (input.sandbox) blocks.push(sandboxContext(locale));
  const text = t(locale, 'finance.parent.fallback', {
    user: userId(input.requesterId),
    name: escapeTruncated(maskName(input.maskedName), FALLBACK_NAME_MAX),
  });
  return { text, blocks };
}

/** A failed financeInfo call, shown in the modal. */
export function financeErrorModal(input: {
  locale: Locale;
  category: JuheErrorCategory;
  code: string;
  referenceId?: string;
}): ModalView {
  const { locale } = input;
  const message = juheErrorMessage({ ...input, api: 'finance' });
  return {
    type: 'modal',
    title: plain(t(locale, 'finance.errorTitle'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: message.blocks,
  };
}

/** view_submission errors for the finance modal, keyed by block_id (see inputValidationErrors). */
export function financeValidationErrors(
  locale: Locale,
  problems: Partial<Record<InputBlockId, string>>,
): Record<string, string> {
  return inputValidationErrors(locale, problems);
}
