import { createHash } from 'node:crypto';
import type { RiskPage, RiskQuery } from '../juhe/types.js';

/**
 * Pages fetched in the last few minutes, so paging back and forth is not billed again.
 * Keys are SHA-256 digests: the subject never sits in memory as a readable cache key.
 */
export interface RiskPageCache {
  /** the page if Juhe answered it at most `maxAgeMs` ago (default: the cache's own freshness) */
  get(query: RiskQuery, maxAgeMs?: number): Promise<AnsweredRiskPage | undefined>;
  set(query: RiskQuery, answered: AnsweredRiskPage): Promise<void>;
}

/** How long a page counts as fresh for a new question: paging reuses stored pages longer. */
export const FRESH_PAGE_MS = 5 * 60_000;

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
  return createHash('sha256').update(riskQuestion(query)).digest('hex');
}

/** The question a page answers, the same text however it was asked (defaults filled in). */
export function riskQuestion(query: RiskQuery): string {
  return JSON.stringify([
    query.keyword,
    query.realname,
    query.type,
    query.pageIndex ?? 1,
    query.pageSize ?? 10,
  ]);
}

/** In memory, for one process: tests, and what the stored pages (storedRiskPages.ts) stand in front of. */
export function createRiskPageCache(
  options: RiskPageCacheOptions = {},
): RiskPageCache & { readonly size: number } {
  const ttlMs = options.ttlMs ?? FRESH_PAGE_MS;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first key is the oldest: enough for a bounded FIFO.
  const entries = new Map<string, { answered: AnsweredRiskPage; storedAt: number; expiresAt: number }>();
  return {
    async get(query, maxAgeMs) {
      const key = riskPageCacheKey(query);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      if (maxAgeMs !== undefined && entry.storedAt < now() - maxAgeMs) return undefined;
      return entry.answered;
    },
    async set(query, answered) {
      const key = riskPageCacheKey(query);
      entries.delete(key);
      entries.set(key, { answered, storedAt: now(), expiresAt: now() + ttlMs });
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
