import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
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
  /** how long a page stays in memory at most */
  ttlMs?: number;
  /** CACHE_MAX_MB in bytes: what the pages held may add up to */
  maxBytes?: number;
  /** the clock TTLs are read on (tests) */
  now?: () => number;
  /** where hits, misses and the bytes held are counted */
  observer?: { lookup(result: 'hit' | 'miss'): void; bytes(held: number): void };
}

/** The memory tier's default budget when none is given (CACHE_MAX_MB's default). */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** A page is refused by the client past MAX_BODY_BYTES; in memory none may take more than this share. */
const MAX_ENTRY_SHARE = 8;

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

/**
 * In memory, for one process, bounded in bytes (lru-cache's maxSize over each page's size) and in time:
 * the least recently used pages go first when the budget is full. Sizes are the page's JSON length in
 * UTF-16 code units ×2, near enough to what V8 holds for the strings that make up a page.
 */
export function createRiskPageCache(
  options: RiskPageCacheOptions = {},
): RiskPageCache & { readonly size: number; readonly bytes: number } {
  const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  const entries = new LRUCache<string, { answered: AnsweredRiskPage; storedAt: number }>({
    maxSize: maxBytes,
    // one huge page may not push out everything else
    maxEntrySize: Math.max(1, Math.floor(maxBytes / MAX_ENTRY_SHARE)),
    sizeCalculation: (entry) => Math.max(1, JSON.stringify(entry.answered.page).length * 2),
    ttl: options.ttlMs ?? FRESH_PAGE_MS,
    // freshness is checked per question (maxAgeMs), not extended by reading
    updateAgeOnGet: false,
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
  });
  const observer = options.observer;
  const wallClock = options.now ?? Date.now;
  return {
    async get(query, maxAgeMs) {
      const entry = entries.get(riskPageCacheKey(query));
      const fresh =
        entry !== undefined && (maxAgeMs === undefined || entry.storedAt >= wallClock() - maxAgeMs);
      observer?.lookup(fresh ? 'hit' : 'miss');
      return fresh ? entry.answered : undefined;
    },
    async set(query, answered) {
      entries.set(riskPageCacheKey(query), { answered, storedAt: wallClock() });
      observer?.bytes(entries.calculatedSize);
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return entries.calculatedSize;
    },
  };
}

/**
 * The memory tier in front of the stored pages: a hit costs no database read and no decryption; a
 * page read from the store is kept in memory for the next time; a new page goes to both (the store is
 * what other instances and a restart see).
 */
export function tieredRiskPages(front: RiskPageCache, behind: RiskPageCache): RiskPageCache {
  return {
    async get(query, maxAgeMs) {
      const near = await front.get(query, maxAgeMs);
      if (near !== undefined) return near;
      const stored = await behind.get(query, maxAgeMs);
      if (stored !== undefined) await front.set(query, stored);
      return stored;
    },
    async set(query, answered) {
      await front.set(query, answered);
      await behind.set(query, answered);
    },
  };
}
