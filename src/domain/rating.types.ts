/** The three scores of Juhe's 经济能力评级 (financeInfo). */
export type RatingScale = 'range' | 'history' | 'stability';

/** One band of a scale's ladder; bounds in the scale's unit (CNY for range, months otherwise). */
export interface RatingBand {
  /** lowest and highest score that falls in this band, inclusive (e.g. 10 and 19) */
  minScore: number;
  maxScore: number;
  /** the decoded interval; `upper: null` means open-ended ("20000+") */
  lower: number;
  upper: number | null;
  lowerInclusive: boolean;
  upperInclusive: boolean;
}

export type DecodedScore =
  /** a score inside a band of the ladder */
  | {
      scale: RatingScale;
      status: 'band';
      score: number;
      band: RatingBand;
      bandIndex: number;
      bandCount: number;
    }
  /** score 0: Juhe could not predict */
  | { scale: RatingScale; status: 'unpredictable'; score: 0 }
  /** anything outside every band (5, 101, "abc", empty): shown raw */
  | { scale: RatingScale; status: 'unrecognised'; raw: string };
