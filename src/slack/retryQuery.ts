import type { RiskScope } from '../domain/riskType.js';
import { decodePageCursor, encodePageCursor, type PageCursor } from './pageCursor.js';

/**
 * What a "Try again" button carries: exactly the query that failed, so that the click asks it again with
 * nothing kept on the server. An overview ("all") or one page of one source. The page cursor's encoding
 * and its checks are reused, so a retry value is no way around the rules a typed command passes.
 */
export type RetryQuery =
  | { scope: 'all'; keyword: string; realname: string }
  | { scope: 'page'; cursor: PageCursor };

const OVERVIEW_PREFIX = 'all:';
const PAGE_PREFIX = 'page:';

export function encodeRetryQuery(query: RetryQuery): string {
  if (query.scope === 'page') return PAGE_PREFIX + encodePageCursor(query.cursor);
  // an overview asks each source for page 1; the cursor's type and page are placeholders it ignores
  const cursor = {
    keyword: query.keyword,
    realname: query.realname,
    type: 1,
    pageIndex: 1,
    pageSize: 1,
  } as const;
  return OVERVIEW_PREFIX + encodePageCursor(cursor);
}

/** Undefined for a value this app did not write (forged, stale, or failing the command's checks). */
export function decodeRetryQuery(value: unknown): RetryQuery | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith(OVERVIEW_PREFIX)) {
    const cursor = decodePageCursor(value.slice(OVERVIEW_PREFIX.length));
    return cursor && { scope: 'all', keyword: cursor.keyword, realname: cursor.realname };
  }
  if (value.startsWith(PAGE_PREFIX)) {
    const cursor = decodePageCursor(value.slice(PAGE_PREFIX.length));
    return cursor && { scope: 'page', cursor };
  }
  return undefined;
}

/** The scope a retried query screens: the overview, or the one source of the page. */
export function retryScope(query: RetryQuery): RiskScope {
  return query.scope === 'all' ? 'all' : query.cursor.type;
}
