import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import type { DecodedScore, RatingScale } from '../../domain/rating.types.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { FinanceRating } from '../../juhe/types.js';
import { asJuheData, type JuheDataMessage, type JuheDataView } from '../message.js';
import { juheErrorMessage } from './errors.js';
import { footerContext } from './footer.js';
import { ratingBar, ratingLabel, ratingMeasure, ratingShortLabel, scoreValueText } from './ratingText.js';
import { escapeTruncated, FALLBACK_NAME_MAX, mrkdwn, plain, SLACK_LIMITS, truncate } from './text.js';

const RATING_SCALES: readonly RatingScale[] = ['range', 'history', 'stability'];

/** Label, then the value (with its bar when it has a band), then what the score measures. */
function ratingSection(locale: Locale, decoded: DecodedScore, now: Date): SectionBlock {
  const value = scoreValueText(locale, decoded, now);
  const line =
    decoded.status === 'band' ? `${ratingBar(decoded.bandIndex, decoded.bandCount)}  ${value}` : value;
  const label = ratingLabel(locale, decoded.scale);
  return { type: 'section', text: mrkdwn(`*${label}*\n${line}\n${ratingMeasure(locale, decoded.scale)}`) };
}

export interface FinanceResultInput {
  locale: Locale;
  rating: FinanceRating;
  identity: { maskedName: string; maskedIdcard: string; maskedMobile: string };
  requesterId: string;
  fetchedAt: Date;
}

export const IDENTITY_FIELD_MAX = 100;

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

function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

/**
 * The three scores, then the notes they call for: what to do about a score the app cannot read (once,
 * however many there are), and the bar legend only when a bar is shown at all.
 */
function ratingBlocks(input: FinanceResultInput): KnownBlock[] {
  const { locale, rating } = input;
  const scores = RATING_SCALES.map((scale) => rating[scale]);
  const blocks: KnownBlock[] = scores.map((decoded) => ratingSection(locale, decoded, input.fetchedAt));
  if (scores.some((decoded) => decoded.status === 'unrecognised')) {
    // The order number is in the footer and in the audit trail's finish entry: it finds this lookup.
    const key = rating.orderId ? 'finance.unrecognisedAdvice' : 'finance.unrecognisedAdvice.noOrder';
    blocks.push(context(t(locale, key)));
  }
  if (scores.some((decoded) => decoded.status === 'band'))
    blocks.push(context(t(locale, 'finance.scaleNote')));
  return blocks;
}

function resultFooter(input: FinanceResultInput): ContextBlock {
  return footerContext(
    input.locale,
    { requesterId: input.requesterId, fetchedAt: input.fetchedAt },
    input.rating.orderId,
  );
}

/** The decoded rating in the modal the requester submitted. Masked identity only. */
export function financeResultModal(input: FinanceResultInput): JuheDataView {
  const { locale } = input;
  return asJuheData({
    type: 'modal',
    title: plain(t(locale, 'modal.finance.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.done'), SLACK_LIMITS.modalTitle),
    blocks: [
      identitySection(locale, input.identity),
      { type: 'divider' },
      ...ratingBlocks(input),
      resultFooter(input),
    ],
  });
}

/** The same rating for the compliance thread: masked identity, who asked, when. */
export function financeResultMessage(input: FinanceResultInput): JuheDataMessage {
  const { locale, rating } = input;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'finance.header'), SLACK_LIMITS.headerText) },
    identitySection(locale, input.identity),
    ...ratingBlocks(input),
    resultFooter(input),
  ];
  const bands = RATING_SCALES.map((scale) =>
    t(locale, 'finance.fallbackBand', {
      label: ratingShortLabel(locale, scale),
      value: scoreValueText(locale, rating[scale], input.fetchedAt),
    }),
  ).join(t(locale, 'finance.fallbackSeparator'));
  const text = t(locale, 'finance.fallback', {
    name: escapeTruncated(maskName(input.identity.maskedName), FALLBACK_NAME_MAX),
    bands,
  });
  return asJuheData({ text, blocks });
}

/** A failed financeInfo call, shown in the modal. */
export function financeErrorModal(input: {
  locale: Locale;
  category: JuheErrorCategory;
  code: string;
  financeName?: string;
}): JuheDataView {
  const { locale } = input;
  const message = juheErrorMessage({ ...input, api: 'finance' });
  return asJuheData({
    type: 'modal',
    title: plain(t(locale, 'finance.errorTitle'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: message.blocks,
  });
}
