import { createHash } from 'node:crypto';
import type { RiskPage, RiskQuery } from '../juhe/types.js';

/**
 * Pages fetched in the last few minutes, so paging back and forth is not billed again.
 * Keys are SHA-256 digests: the subject never sits in memory as a readable cache key.
 */
export interface RiskPageCache {
  get(query: RiskQuery): AnsweredRiskPage | undefined;
  set(query: RiskQuery, answered: AnsweredRiskPage): void;
  readonly size: number;
}

/** A page with the moment Juhe answered it: a cached page shows the time of its data, not of the click. */
export interface AnsweredRiskPage {
  page: RiskPage;
  answeredAt: Date;
}

export interface RiskPageCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function riskPageCacheKey(query: RiskQuery): string {
  const material = JSON.stringify([
    query.keyword,
    query.realname,
    query.type,
    query.pageIndex ?? 1,
    query.pageSize ?? 10,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export function createRiskPageCache(options: RiskPageCacheOptions = {}): RiskPageCache {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first key is the oldest: enough for a bounded FIFO.
  const entries = new Map<string, { answered: AnsweredRiskPage; expiresAt: number }>();
  return {
    get(query) {
      const key = riskPageCacheKey(query);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.answered;
    },
    set(query, answered) {
      const key = riskPageCacheKey(query);
      entries.delete(key);
      entries.set(key, { answered, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
