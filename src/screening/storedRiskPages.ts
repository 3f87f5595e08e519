import { decodeStoredValue, encodeStoredValue } from '../lookups/storedValue.js';
import type { FieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { type AnsweredRiskPage, FRESH_PAGE_MS, type RiskPageCache, riskQuestion } from './riskPageCache.js';

const PAGE_PURPOSE = 'risk page';

/**
 * Risk pages Juhe answered, in the database: every instance reuses them for paging and for the same
 * question asked again, and they outlive a restart. The question is an HMAC blind index (the subject
 * is not readable from the key), the page is sealed; both expire after RESULT_RETENTION_HOURS.
 */
export function createStoredRiskPages(deps: {
  db: Database;
  cipher: FieldCipher;
  retentionHours: number;
  now?: () => Date;
}): RiskPageCache {
  const { db, cipher } = deps;
  const now = deps.now ?? (() => new Date());
  const keyOf = (query: Parameters<RiskPageCache['get']>[0]) =>
    cipher.blindIndex('risk_page', riskQuestion(query));
  return {
    async get(query, maxAgeMs = FRESH_PAGE_MS) {
      const { rows } = await db.query<{ page_sealed: string }>(
        'select page_sealed from risk_pages where question_key = $1 and answered_at >= $2 and expires_at > $3',
        [keyOf(query), new Date(now().getTime() - maxAgeMs), now()],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return decodeStoredValue<AnsweredRiskPage>(cipher.open<string>(row.page_sealed, PAGE_PURPOSE));
    },
    async set(query, answered) {
      const sealed = cipher.seal(encodeStoredValue(answered), PAGE_PURPOSE);
      const expiresAt = new Date(answered.answeredAt.getTime() + deps.retentionHours * 3_600_000);
      await db.query(
        `insert into risk_pages (question_key, answered_at, expires_at, page_sealed) values ($1, $2, $3, $4)
         on conflict (question_key) do update set answered_at = excluded.answered_at,
           expires_at = excluded.expires_at, page_sealed = excluded.page_sealed`,
        [keyOf(query), answered.answeredAt, expiresAt, sealed],
      );
    },
  };
}
