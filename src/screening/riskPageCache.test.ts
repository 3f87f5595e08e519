import { describe, expect, it } from 'vitest';
import type { RiskPage, RiskQuery } from '../juhe/types.js';
import {
  type AnsweredRiskPage,
  createRiskPageCache,
  riskPageCacheKey,
  tieredRiskPages,
} from './riskPageCache.js';

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
    now = 1_500;
    expect(await cache.get(query)).toBe(page);
    now = 1_501;
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

  it('holds pages up to its byte budget, dropping the least recently used first', async () => {
    const pageBytes = JSON.stringify(page.page).length * 2;
    const cache = createRiskPageCache({ maxBytes: pageBytes * 8 });
    for (let pageIndex = 1; pageIndex <= 8; pageIndex++) await cache.set({ ...query, pageIndex }, page);
    expect(await cache.get({ ...query, pageIndex: 1 })).toBe(page); // 1 is now the most recent
    await cache.set({ ...query, pageIndex: 9 }, page);
    expect([cache.size, cache.bytes]).toEqual([8, pageBytes * 8]);
    expect(await cache.get({ ...query, pageIndex: 2 })).toBeUndefined();
    expect(await cache.get({ ...query, pageIndex: 1 })).toBe(page);
    expect(await cache.get({ ...query, pageIndex: 9 })).toBe(page);
  });

  it('never holds one page larger than an eighth of its budget, and counts hits, misses and bytes', async () => {
    const seen: string[] = [];
    const big: AnsweredRiskPage = { ...page, page: { ...riskPage, orderId: 'x'.repeat(10_000) } };
    const cache = createRiskPageCache({
      maxBytes: 80_000,
      observer: { lookup: (result) => seen.push(result), bytes: (held) => seen.push(`bytes ${held}`) },
    });
    await cache.set(query, big);
    expect(cache.size).toBe(0);
    expect(await cache.get(query)).toBeUndefined();
    await cache.set(query, page);
    expect(await cache.get(query)).toBe(page);
    expect(seen).toEqual(['bytes 0', 'miss', `bytes ${JSON.stringify(page.page).length * 2}`, 'hit']);
  });

  it('a tier in front of the store: a store hit is kept in front, a new page goes to both', async () => {
    const front = createRiskPageCache();
    const behind = createRiskPageCache();
    const tiers = tieredRiskPages(front, behind);
    await behind.set(query, page);
    expect(front.size).toBe(0);
    expect(await tiers.get(query)).toBe(page);
    expect(front.size).toBe(1);
    const other = { ...query, pageIndex: 2 };
    await tiers.set(other, page);
    expect([await front.get(other), await behind.get(other)]).toEqual([page, page]);
  });

  it('never keeps the subject readable in a key', async () => {
    const key = riskPageCacheKey(query);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('张德洲');
  });
});
