import type { DecodedScore, RatingBand, RatingScale } from '../../domain/rating.types.js';
import { maskPersonalDataInText } from '../../domain/textMasking.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { escapeTruncated } from './text.js';

/*
 * How one decoded score reads. Intervals are written out in words ("1,500 – 3,000 CNY (excluding 1,500,
 * including 3,000)", "1,500（不含）至 3,000 元（含）") because a bare "(1,500, 3,000]" asks the reader to know
 * interval notation, and the open and closed ends are exactly where two neighbouring bands differ.
 */

/** 1500 → "1,500" (the same grouping in both locales, as Juhe's doc writes the bands). */
function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function unitOf(locale: Locale, scale: RatingScale): string {
  return t(locale, scale === 'range' ? 'rating.unit.cny' : 'rating.unit.months');
}

type BoundedKey =
  | 'rating.interval.closed'
  | 'rating.interval.closedOpen'
  | 'rating.interval.openClosed'
  | 'rating.interval.open';

/** Which template a bounded interval takes, by its two ends. */
function boundedKey(band: RatingBand): BoundedKey {
  if (band.lowerInclusive) {
    return band.upperInclusive ? 'rating.interval.closed' : 'rating.interval.closedOpen';
  }
  return band.upperInclusive ? 'rating.interval.openClosed' : 'rating.interval.open';
}

/**
 * The band in words with the scale's unit: "up to 1,500 CNY (inclusive)", "1,500 – 3,000 CNY (excluding
 * 1,500, including 3,000)", "more than 20,000 CNY", "exactly 24 months".
 */
export function ratingIntervalText(locale: Locale, scale: RatingScale, band: RatingBand): string {
  const unit = unitOf(locale, scale);
  const lower = groupThousands(band.lower);
  if (band.upper === null) {
    const key = band.lowerInclusive ? 'rating.interval.atLeast' : 'rating.interval.above';
    return t(locale, key, { lower, unit });
  }
  const upper = groupThousands(band.upper);
  if (band.upper === band.lower) return t(locale, 'rating.interval.exactly', { value: upper, unit });
  // The bottom band starts just above 0: "more than 0" says nothing, so only its top is worded.
  if (band.lower === 0 && !band.lowerInclusive && band.upperInclusive) {
    return t(locale, 'rating.interval.upTo', { upper, unit });
  }
  return t(locale, boundedKey(band), { lower, upper, unit });
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

/**
 * The decoded value alone: "up to 1,500 CNY (inclusive) · score 16", "No prediction (score 0)",
 * "Unrecognised score “5”". An unrecognised value is shown as Juhe sent it, so that an admin can compare
 * it with the product's documentation; any 身份证 or mobile in it is masked like all Juhe text. `now`
 * decides which birth dates are real (the fetch time, so the formatter stays pure).
 */
export function scoreValueText(locale: Locale, decoded: DecodedScore, now: Date): string {
  switch (decoded.status) {
    case 'band':
      return `${ratingIntervalText(locale, decoded.scale, decoded.band)} · ${t(locale, 'rating.score', { score: decoded.score })}`;
    case 'unpredictable':
      return t(locale, 'rating.unpredictable');
    case 'unrecognised': {
      const raw = escapeTruncated(maskPersonalDataInText(decoded.raw, now), RAW_SCORE_MAX);
      return raw ? t(locale, 'rating.unrecognised', { raw }) : t(locale, 'rating.missing');
    }
  }
}

export function ratingLabel(locale: Locale, scale: RatingScale): string {
  return t(locale, `rating.${scale}.label`);
}

/** What the score measures, in plain words with its unit. */
export function ratingMeasure(locale: Locale, scale: RatingScale): string {
  return t(locale, `rating.${scale}.measures`);
}

export function ratingShortLabel(locale: Locale, scale: RatingScale): string {
  return t(locale, `rating.${scale}.short`);
}
