import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScore, RATING_LADDERS } from './rating.js';
import type { RatingBand, RatingScale } from './rating.types.js';

type Row = [minScore: number, maxScore: number, lower: number, upper: number | null];

function openLower(rows: Row[]): RatingBand[] {
  return rows.map(([minScore, maxScore, lower, upper]) => ({
    minScore,
    maxScore,
    lower,
    upper,
    lowerInclusive: false,
    upperInclusive: upper !== null,
  }));
}

describe('RATING_LADDERS', () => {
  it('range follows docs/design.md § Rating bands (CNY)', () => {
    expect(RATING_LADDERS.range).toEqual(
      openLower([
        [10, 19, 0, 1500],
        [20, 29, 1500, 3000],
        [30, 39, 3000, 4500],
        [40, 49, 4500, 6000],
        [50, 59, 6000, 8000],
        [60, 69, 8000, 10000],
        [70, 79, 10000, 13000],
        [80, 89, 13000, 16000],
        [90, 99, 16000, 20000],
        [100, 100, 20000, null],
      ]),
    );
  });

  it('history follows docs/design.md § Rating bands (months)', () => {
    expect(RATING_LADDERS.history).toEqual(
      openLower([
        [10, 19, 0, 6],
        [20, 29, 6, 12],
        [30, 39, 12, 24],
        [40, 49, 24, 36],
        [50, 59, 36, 48],
        [60, 69, 48, 60],
        [70, 79, 60, 84],
        [80, 89, 84, 120],
        [90, 99, 120, 180],
        [100, 100, 180, null],
      ]),
    );
  });

  it('stability follows docs/design.md § Rating bands (months), with (18,24) and exactly 24', () => {
    expect(RATING_LADDERS.stability).toEqual([
      ...openLower([
        [20, 39, 0, 6],
        [40, 59, 6, 12],
        [60, 79, 12, 18],
      ]),
      { minScore: 80, maxScore: 99, lower: 18, upper: 24, lowerInclusive: false, upperInclusive: false },
      { minScore: 100, maxScore: 100, lower: 24, upper: 24, lowerInclusive: true, upperInclusive: true },
    ]);
  });

  it('has contiguous, non-overlapping bands whose intervals join up', () => {
    for (const ladder of Object.values(RATING_LADDERS)) {
      for (let i = 1; i < ladder.length; i++) {
        const previous = ladder[i - 1] as RatingBand;
        const current = ladder[i] as RatingBand;
        expect(current.minScore).toBe(previous.maxScore + 1);
        expect(current.lower).toBe(previous.upper);
      }
      expect(ladder.at(-1)?.maxScore).toBe(100);
    }
  });
});

const SCALES: RatingScale[] = ['range', 'history', 'stability'];

describe('decodeScore', () => {
  it.each(SCALES)('places both ends of every %s band in that band', (scale) => {
    const ladder = RATING_LADDERS[scale];
    ladder.forEach((band, bandIndex) => {
      for (const score of [band.minScore, band.maxScore]) {
        expect(decodeScore(scale, score)).toEqual({
          scale,
          status: 'band',
          score,
          band,
          bandIndex,
          bandCount: ladder.length,
        });
      }
    });
  });

  it.each([
    ['range', 10, 0],
    ['range', 19, 0],
    ['range', 20, 1],
    ['range', 39, 2],
    ['range', 40, 3],
    ['range', 99, 8],
    ['range', 100, 9],
    ['history', 16, 0],
    ['history', 89, 7],
    ['history', 90, 8],
    ['history', 100, 9],
    ['stability', 20, 0],
    ['stability', 38, 0],
    ['stability', 39, 0],
    ['stability', 40, 1],
    ['stability', 79, 2],
    ['stability', 80, 3],
    ['stability', 99, 3],
    ['stability', 100, 4],
  ] as const)('%s %i is band %i', (scale, score, bandIndex) => {
    const decoded = decodeScore(scale, score);
    expect(decoded.status === 'band' ? decoded.bandIndex : decoded.status).toBe(bandIndex);
  });

  it('reports the ladder length as bandCount', () => {
    expect(decodeScore('range', 55)).toMatchObject({ bandCount: 10 });
    expect(decodeScore('history', 55)).toMatchObject({ bandCount: 10 });
    expect(decodeScore('stability', 55)).toMatchObject({ bandCount: 5 });
  });

  it.each(SCALES)('reads 0 and "0" on %s as unpredictable', (scale) => {
    expect(decodeScore(scale, 0)).toEqual({ scale, status: 'unpredictable', score: 0 });
    expect(decodeScore(scale, '0')).toEqual({ scale, status: 'unpredictable', score: 0 });
  });

  it('reads integer strings like numbers', () => {
    expect(decodeScore('range', '16')).toEqual(decodeScore('range', 16));
    expect(decodeScore('range', ' 16 ')).toEqual(decodeScore('range', 16));
    expect(decodeScore('range', '016')).toEqual(decodeScore('range', 16));
    expect(decodeScore('stability', '38')).toMatchObject({ status: 'band', score: 38, bandIndex: 0 });
  });

  it.each([
    ['range', 5, '5'],
    ['range', 9, '9'],
    ['range', 101, '101'],
    ['range', 10.5, '10.5'],
    ['range', -10, '-10'],
    ['range', Number.NaN, 'NaN'],
    ['range', Number.POSITIVE_INFINITY, 'Infinity'],
    ['range', 'abc', 'abc'],
    ['range', '', ''],
    ['range', '   ', '   '],
    ['range', '+16', '+16'],
    ['range', '1e1', '1e1'],
    ['range', '16.0', '16.0'],
    ['range', null, ''],
    ['range', undefined, ''],
    ['range', true, 'true'],
    ['history', '101', '101'],
    ['stability', 15, '15'],
    ['stability', 19, '19'],
    ['stability', 10, '10'],
  ] as const)('reads %s %j as unrecognised', (scale, raw, shown) => {
    expect(decodeScore(scale, raw)).toEqual({ scale, status: 'unrecognised', raw: shown });
  });

  it('puts every integer 0–100 in exactly one outcome, and nothing above 100 in a band', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCALES), fc.integer({ min: -1000, max: 1000 }), (scale, score) => {
        const decoded = decodeScore(scale, score);
        const matching = RATING_LADDERS[scale].filter((b) => score >= b.minScore && score <= b.maxScore);
        if (score === 0) expect(decoded.status).toBe('unpredictable');
        else if (matching.length === 1) expect(decoded).toMatchObject({ status: 'band', band: matching[0] });
        else expect(decoded).toEqual({ scale, status: 'unrecognised', raw: String(score) });
        expect(matching.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('shows objects without a string form as empty', () => {
    expect(decodeScore('range', Object.create(null))).toEqual({
      scale: 'range',
      status: 'unrecognised',
      raw: '',
    });
    expect(decodeScore('range', { a: 1 })).toEqual({
      scale: 'range',
      status: 'unrecognised',
      raw: '[object Object]',
    });
  });

  it('never throws on anything', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCALES), fc.anything({ withNullPrototype: true }), (scale, raw) => {
        expect(['band', 'unpredictable', 'unrecognised']).toContain(decodeScore(scale, raw).status);
      }),
    );
  });
});
