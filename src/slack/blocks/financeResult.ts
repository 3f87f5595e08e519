import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import type { DecodedScore, RatingBand, RatingScale } from '../../domain/rating.types.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { FinanceRating } from '../../juhe/types.js';
import { asJuheData, type JuheDataMessage, type JuheDataView } from '../message.js';
import { juheErrorMessage } from './errors.js';
import { footerContext } from './footer.js';
import { escapeTruncated, FALLBACK_NAME_MAX, mrkdwn, plain, SLACK_LIMITS, truncate } from './text.js';

const RATING_SCALES: readonly RatingScale[] = ['range', 'history', 'stability'];

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
      label: t(locale, `rating.${scale}.short`),
      value: scoreValueText(locale, rating[scale]),
    }),
  ).join('; ');
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
