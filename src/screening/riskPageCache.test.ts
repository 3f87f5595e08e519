import { describe, expect, it } from 'vitest';
import type { RiskPage, RiskQuery } from '../juhe/types.js';
import { type AnsweredRiskPage, createRiskPageCache, riskPageCacheKey } from './riskPageCache.js';

const query: RiskQuery = { keyword: '江苏', realname: '张德洲', type: 1, pageIndex: 1, pageSize: 10 };
const riskPage: RiskPage = {
  type: 1,
  pageIndex: 1,
  pageSize: 10,
  totalRecords: 0,
  totalPages: 0,
  records: [],
  orderId: 'JH1',
  billed: true,
  noRecords: false,
};
const page: AnsweredRiskPage = { page: riskPage, answeredAt: new Date('2025-06-06T06:45:07Z') };

describe('risk page cache', () => {
  it('returns a page until its time is up', async () => {
    let now = 1_000;
    const cache = createRiskPageCache({ ttlMs: 500, now: () => now });
    await cache.set(query, page);
    now = 1_499;
    expect(await cache.get(query)).toBe(page);
    now = 1_500;
    expect(await cache.get(query)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys by every part of the query', async () => {
    const cache = createRiskPageCache();
    await cache.set(query, page);
    expect(await cache.get({ ...query, pageIndex: 2 })).toBeUndefined();
    expect(await cache.get({ ...query, type: 2 })).toBeUndefined();
    expect(await cache.get({ ...query, realname: '张德' })).toBeUndefined();
    expect(await cache.get({ ...query })).toBe(page);
  });

  it('drops the oldest entry past its size', async () => {
    const cache = createRiskPageCache({ maxEntries: 2 });
    await cache.set({ ...query, pageIndex: 1 }, page);
    await cache.set({ ...query, pageIndex: 2 }, page);
    await cache.set({ ...query, pageIndex: 3 }, page);
    expect(cache.size).toBe(2);
    expect(await cache.get({ ...query, pageIndex: 1 })).toBeUndefined();
    expect(await cache.get({ ...query, pageIndex: 3 })).toBe(page);
  });

  it('never keeps the subject readable in a key', async () => {
    const key = riskPageCacheKey(query);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('张德洲');
  });
});
