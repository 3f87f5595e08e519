import type { DecodedScore, RatingBand, RatingScale } from './rating.types.js';

/** A band whose interval is (lower, upper]: the common shape in all three ladders. */
function band(minScore: number, maxScore: number, lower: number, upper: number): RatingBand {
  return { minScore, maxScore, lower, upper, lowerInclusive: false, upperInclusive: true };
}

/** The top band of range and history: "20000+" / "180+", i.e. (lower, ∞). */
function openBand(score: number, lower: number): RatingBand {
  return {
    minScore: score,
    maxScore: score,
    lower,
    upper: null,
    lowerInclusive: false,
    upperInclusive: false,
  };
}

/*
 * The ladders from docs/design.md § Rating bands, not from the vendor doc. The vendor doc
 * (docs/juhe/financeInfo-query.txt) lists range 20–29 as (0,1500] and 30–39 as (4500,6000]: two
 * duplicated rows. We use the consistent ladder in which each decade of scores is one band of its own.
 */
export const RATING_LADDERS: Record<RatingScale, readonly RatingBand[]> = {
  /** 预测金融能力, CNY */
  range: [
    band(10, 19, 0, 1500),
    band(20, 29, 1500, 3000),
    band(30, 39, 3000, 4500),
    band(40, 49, 4500, 6000),
    band(50, 59, 6000, 8000),
    band(60, 69, 8000, 10000),
    band(70, 79, 10000, 13000),
    band(80, 89, 13000, 16000),
    band(90, 99, 16000, 20000),
    openBand(100, 20000),
  ],
  /** 历史属性指数, months */
  history: [
    band(10, 19, 0, 6),
    band(20, 29, 6, 12),
    band(30, 39, 12, 24),
    band(40, 49, 24, 36),
    band(50, 59, 36, 48),
    band(60, 69, 48, 60),
    band(70, 79, 60, 84),
    band(80, 89, 84, 120),
    band(90, 99, 120, 180),
    openBand(100, 180),
  ],
  /** 近期稳定指数, months */
  stability: [
    band(20, 39, 0, 6),
    band(40, 59, 6, 12),
    band(60, 79, 12, 18),
    // (18,24): the upper bound is exclusive here, because score 100 means exactly 24 months
    { minScore: 80, maxScore: 99, lower: 18, upper: 24, lowerInclusive: false, upperInclusive: false },
    { minScore: 100, maxScore: 100, lower: 24, upper: 24, lowerInclusive: true, upperInclusive: true },
  ],
};

const PLAIN_INTEGER = /^\d+$/;

/** Juhe sends scores as strings ("16"), sometimes as numbers; only plain non-negative integers count. */
function scoreOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    return PLAIN_INTEGER.test(text) ? Number(text) : null;
  }
  return null;
}

/** Places a raw score on its scale's ladder; never throws. */
export function decodeScore(scale: RatingScale, raw: unknown): DecodedScore {
  const score = scoreOf(raw);
  if (score === 0) return { scale, status: 'unpredictable', score: 0 };
  if (score !== null) {
    const ladder = RATING_LADDERS[scale];
    const bandIndex = ladder.findIndex((b) => score >= b.minScore && score <= b.maxScore);
    const found = ladder[bandIndex];
    if (found) return { scale, status: 'band', score, band: found, bandIndex, bandCount: ladder.length };
  }
  return { scale, status: 'unrecognised', raw: shownRaw(raw) };
}

function shownRaw(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  try {
    return String(raw);
  } catch {
    // an object without a prototype (or a throwing toString) has no string form
    return '';
  }
}
