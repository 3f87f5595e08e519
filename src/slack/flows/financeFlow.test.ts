import { describe, expect, it } from 'vitest';
import { decodeScore } from '../../domain/rating.js';
import type { FinanceRating } from '../../juhe/types.js';
import { unrecognisedScoresOf } from './financeFlow.js';

const now = new Date('2026-12-02T08:00:00Z');

function rating(range: unknown, history: unknown, stability: unknown): FinanceRating {
  return {
    orderId: 'JH1',
    billed: true,
    range: decodeScore('range', range),
    history: decodeScore('history', history),
    stability: decodeScore('stability', stability),
  } as FinanceRating;
}

describe('unrecognisedScoresOf: the raw values the audit keeps', () => {
  it('is empty when every score was decoded', () => {
    expect(unrecognisedScoresOf(rating('16', '17', '38'), now)).toEqual({});
  });

  it('keeps each undecoded score by scale, with a 身份证 or mobile in it masked', () => {
    expect(unrecognisedScoresOf(rating('101', 'abc', '13812345678'), now)).toEqual({
      unrecognisedScores: { range: '101', history: 'abc', stability: '138****5678' },
    });
  });
});
