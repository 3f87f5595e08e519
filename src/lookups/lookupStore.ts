import type { FieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';
import { decodeStoredValue, encodeStoredValue } from './storedValue.js';

/**
 * One lookup, from the moment it was asked until its answer reached the person: what was asked and
 * where the answer goes (sealed), Juhe's answer (sealed, stored the moment it arrives, before any Slack
 * call), and which delivery steps are done, so a retry or a restart never repeats one and never calls
 * Juhe again.
 */
/** One step a delivery took: what it returned, or the refusal it met for good. */
export type JournalEntry = { ok: string | null } | { refused: string };

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'interrupted';

export interface LookupRow<Request, Answer> {
  id: string;
  queryId: string;
  api: string;
  createdAt: Date;
  request: Request;
  answer: Answer | null;
  answeredAt: Date | null;
  state: DeliveryState;
  /** the Slack calls already made, by their order in the delivery; null: not made (yet) */
  steps: Array<JournalEntry | null>;
  attempts: number;
  firstAttemptAt: Date | null;
}

export interface LookupStore {
  open(lookup: {
    id: string;
    queryId: string;
    api: string;
    request: unknown;
    now: Date;
    expiresAt: Date;
  }): Promise<void>;
  /** false when the lookup is gone (its retention passed) */
  storeAnswer(id: string, answer: unknown, answeredAt: Date): Promise<boolean>;
  load<Request, Answer>(id: string): Promise<LookupRow<Request, Answer> | undefined>;
  recordStep(id: string, index: number, entry: JournalEntry): Promise<void>;
  recordAttempt(id: string, error: string, now: Date): Promise<void>;
  settle(id: string, state: Exclude<DeliveryState, 'pending'>, now: Date, note?: string): Promise<void>;
  /** only a lookup still pending without an answer: false when the answer arrived meanwhile */
  markInterrupted(id: string, now: Date): Promise<boolean>;
  /** lookups whose answer (or failure) has not reached Slack yet, for /metrics */
  pendingCount(): Promise<number>;
}

/**
 * Records one delivery step at its own index of a `delivery_steps` journal (params: id, index, entry):
 * gaps (a call that failed for now and that the delivery went past) are held by null, so a step recorded
 * twice stays one entry and a later step never lands in an earlier one's place.
 */
export function journalStepSql(table: 'lookups' | 'watch_notices'): string {
  return `update ${table} set delivery_steps = (
           select jsonb_agg(case when i = $2 then $3::jsonb else coalesce(delivery_steps -> i, 'null'::jsonb) end order by i)
             from generate_series(0, greatest(jsonb_array_length(delivery_steps) - 1, $2)) as i
         ) where id = $1`;
}

const REQUEST_PURPOSE = 'lookup request';
const ANSWER_PURPOSE = 'lookup answer';

interface Row {
  id: string;
  query_id: string;
  api: string;
  created_at: Date | string;
  request_sealed: string;
  answer_sealed: string | null;
  answered_at: Date | string | null;
  delivery_state: DeliveryState;
  delivery_steps: Array<JournalEntry | null>;
  delivery_attempts: number;
  first_attempt_at: Date | string | null;
}

export function createLookupStore(db: Database, cipher: FieldCipher): LookupStore {
  const seal = (value: unknown, purpose: string) => cipher.seal(encodeStoredValue(value), purpose);
  const open = <T>(sealed: string, purpose: string) =>
    decodeStoredValue<T>(cipher.open<string>(sealed, purpose));
  return {
    async open(lookup) {
      await db.query(
        `insert into lookups (id, query_id, api, created_at, expires_at, request_sealed)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          lookup.id,
          lookup.queryId,
          lookup.api,
          lookup.now,
          lookup.expiresAt,
          seal(lookup.request, REQUEST_PURPOSE),
        ],
      );
    },
    async storeAnswer(id, answer, answeredAt) {
      // An answer later than the watchdog's verdict reopens the lookup: it is delivered after all.
      const result = await db.query(
        `update lookups set answer_sealed = $2, answered_at = $3,
           delivery_state = case when delivery_state = 'interrupted' then 'pending' else delivery_state end
         where id = $1 and answer_sealed is null`,
        [id, seal(answer, ANSWER_PURPOSE), answeredAt],
      );
      return result.rowCount > 0;
    },
    async load<Request, Answer>(id: string) {
      const { rows } = await db.query<Row>('select * from lookups where id = $1', [id]);
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        id: row.id,
        queryId: row.query_id,
        api: row.api,
        createdAt: new Date(row.created_at),
        request: open<Request>(row.request_sealed, REQUEST_PURPOSE),
        answer: row.answer_sealed === null ? null : open<Answer>(row.answer_sealed, ANSWER_PURPOSE),
        answeredAt: row.answered_at === null ? null : new Date(row.answered_at),
        state: row.delivery_state,
        steps: row.delivery_steps ?? [],
        attempts: row.delivery_attempts,
        firstAttemptAt: row.first_attempt_at === null ? null : new Date(row.first_attempt_at),
      } satisfies LookupRow<Request, Answer>;
    },
    async recordStep(id, index, entry) {
      // At the step's own index, gaps (a call that failed for now and that the flow went past) held by
      // null: a step recorded twice stays one entry, and a later step never lands in an earlier one's place.
      await db.query(journalStepSql('lookups'), [id, index, JSON.stringify(entry)]);
    },
    async recordAttempt(id, error, now) {
      await db.query(
        `update lookups set delivery_attempts = delivery_attempts + 1, last_error = $2,
           first_attempt_at = coalesce(first_attempt_at, $3) where id = $1`,
        [id, error, now],
      );
    },
    async pendingCount() {
      const { rows } = await db.query<{ pending: number }>(
        "select count(*)::int as pending from lookups where delivery_state = 'pending'",
      );
      return rows[0]?.pending ?? 0;
    },
    async markInterrupted(id, now) {
      const result = await db.query(
        `update lookups set delivery_state = 'interrupted', delivered_at = $2
          where id = $1 and delivery_state = 'pending' and answer_sealed is null`,
        [id, now],
      );
      return result.rowCount > 0;
    },
    async settle(id, state, now, note) {
      await db.query(
        `update lookups set delivery_state = $2, delivered_at = $3, last_error = coalesce($4, last_error)
          where id = $1 and delivery_state = 'pending'`,
        [id, state, now, note ?? null],
      );
    },
  };
}
