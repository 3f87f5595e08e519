import { describe, expect, it } from 'vitest';
import type { RiskPage } from '../../juhe/types.js';
import type { FetchedRiskPage } from '../../screening/riskScreening.js';
import { footerOf } from './riskFlow.js';

const page = { type: 1, records: [] } as unknown as RiskPage;
const fetched = (answeredAt: string, fromCache: boolean): FetchedRiskPage => ({
  page,
  fromCache,
  answeredAt: new Date(answeredAt),
});
const now = new Date('2025-06-06T00:40:00Z');

describe('footerOf: the time of the data', () => {
  it('is when Juhe answered, not now', () => {
    expect(footerOf('U1', [fetched('2025-06-06T00:32:00Z', true)], now)).toEqual({
      requesterId: 'U1',
      fetchedAt: new Date('2025-06-06T00:32:00Z'),
      fromCache: true,
    });
  });

  it('is the oldest answer of an overview, cached if any source was', () => {
    expect(
      footerOf('U1', [fetched('2025-06-06T00:38:00Z', false), fetched('2025-06-06T00:32:00Z', true)], now),
    ).toEqual({ requesterId: 'U1', fetchedAt: new Date('2025-06-06T00:32:00Z'), fromCache: true });
  });

  it('is now when no source answered', () => {
    expect(footerOf('U1', [], now)).toEqual({ requesterId: 'U1', fetchedAt: now, fromCache: false });
  });
});
