import type { RiskType } from '../domain/riskType.js';
import type { WatchSnapshot } from '../domain/watchChanges.js';
import { type JournalEntry, journalStepSql } from '../lookups/lookupStore.js';
import { decodeStoredValue, encodeStoredValue } from '../lookups/storedValue.js';
import type { FieldCipher } from '../privacy/fieldCipher.js';
import type { Database, SqlClient } from '../store/database.js';

/** Where a watch's alerts go: the compliance thread the result was in, else the owner's DM with the app. */
export type AlertDestination = { kind: 'thread'; channel: string; threadTs: string } | { kind: 'dm' };

/** What is watched, for whom and why: sealed in the row. */
export interface WatchSpec {
  keyword: string;
  realname: string;
  purpose: string;
  alertTo: AlertDestination;
}

export type WatchState = 'active' | 'stopped' | 'expired';
export type CheckState = 'running' | 'done' | 'failed';

export interface WatchRow {
  id: string;
  owner: string;
  createdAt: Date;
  expiresAt: Date;
  state: WatchState;
  types: RiskType[];
  spec: WatchSpec;
  baseline: WatchSnapshot | null;
  baselineAt: Date | null;
  /** records per source at the last check */
  counts: Record<string, number>;
  /** Juhe calls one check makes (a page per call), as of the last check or the estimate at the start */
  callsPerCheck: number;
  lastCheckedAt: Date | null;
  lastChangeAt: Date | null;
  nextCheckAt: Date | null;
  cycleKey: string | null;
  checkState: CheckState | null;
  checkStartedAt: Date | null;
  checkAttempts: number;
  checkQueryId: string | null;
  reportedFailure: string | null;
  expiryWarnedAt: Date | null;
  endedAt: Date | null;
  endedBy: string | null;
}

/**
 * When a job may start a check, rather than only resume one of its cycle: a retry never starts one (its
 * cycle may be long over), a baseline only while there is none, a scheduled cycle only when the watch is
 * due (a check just made is not made again minutes later), the manual trigger always.
 */
export type CheckStart = 'never' | 'baseline' | 'due' | 'any';

/**
 * What a check job may do: run the check (new, or resumed after its worker died), wait because another
 * worker holds it (busy: the job is retried later), or nothing (done for this cycle, or not active).
 */
export type CheckClaim =
  | { kind: 'claimed'; startedAt: Date; queryId: string | null; attempt: number }
  | { kind: 'busy' }
  | { kind: 'none' };

export type NoticeKind = 'changes' | 'expiry_warning' | 'expired' | 'check_failed';

export interface NoticeRow<Body = unknown> {
  id: string;
  watchId: string;
  owner: string;
  kind: NoticeKind;
  createdAt: Date;
  body: Body;
  state: 'pending' | 'delivered' | 'failed';
  steps: Array<JournalEntry | null>;
  attempts: number;
  channel: string | null;
  messageTs: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
}

export interface NewNotice {
  id: string;
  kind: NoticeKind;
  body: unknown;
}

/** The outcome of one check, written with its notice (if any) in one transaction. */
export interface CheckRecord {
  snapshot: WatchSnapshot;
  counts: Record<string, number>;
  callsPerCheck: number;
  changed: boolean;
  now: Date;
  nextCheckAt: Date;
}

export interface WatchStore {
  /** false when the owner already has an active watch on this subject */
  add(watch: {
    id: string;
    owner: string;
    now: Date;
    expiresAt: Date;
    types: readonly RiskType[];
    spec: WatchSpec;
    callsPerCheck: number;
    nextCheckAt: Date;
  }): Promise<boolean>;
  load(id: string): Promise<WatchRow | undefined>;
  /** the owner's active watch on this subject, if any */
  findActive(owner: string, subject: { keyword: string; realname: string }): Promise<WatchRow | undefined>;
  /** the owner's active watches, without their baselines (a list shows counts, not records) */
  listByOwner(owner: string): Promise<WatchRow[]>;
  /** active watches whose next check is due at `now` */
  dueIds(now: Date): Promise<string[]>;
  /** every active watch that has not expired */
  activeIds(now: Date): Promise<string[]>;
  /**
   * Claims the check of `cycleKey`: a new cycle starts a check now; the same cycle still running (a
   * retry after a crash) resumes it with its start time and audit id. Undefined when this cycle's check
   * is already done or failed for good, or the watch is no longer active.
   */
  claimCheck(
    id: string,
    cycleKey: string,
    now: Date,
    leaseMs: number,
    start?: CheckStart,
  ): Promise<CheckClaim & { unfinishedQueryId?: string }>;
  /**
   * The running check is alive: its lease runs until `until` (now: this attempt lets go of it). Only the
   * attempt that holds the claim (its cycle and attempt number): one that lost the check changes nothing.
   */
  renewLease(id: string, held: { cycleKey: string; attempt: number }, until: Date): Promise<void>;
  setCheckQueryId(id: string, queryId: string | null): Promise<void>;
  /**
   * The check's result, the new baseline and its alert, together — only while this cycle's check is
   * still this worker's and the watch active (false otherwise: nothing written, no alert)
   */
  recordCheck(id: string, cycleKey: string, check: CheckRecord, notice?: NewNotice): Promise<boolean>;
  /** the check failed for this cycle; a notice only when this failure was not reported before */
  recordFailure(
    id: string,
    cycleKey: string,
    /** `callsPerCheck`: what a check of the watch was just found to cost (kept for the next hold) */
    failure: { code: string; now: Date; nextCheckAt: Date; callsPerCheck?: number },
    notice?: NewNotice,
  ): Promise<boolean>;
  /** ends an active watch; false when it was not active */
  end(id: string, state: 'stopped' | 'expired', by: string, now: Date, notice?: NewNotice): Promise<boolean>;
  renew(id: string, expiresAt: Date): Promise<boolean>;
  /** active watches expiring before `cutoff` whose owner has not been warned */
  toWarn(cutoff: Date): Promise<string[]>;
  /** only while it still ends before `cutoff` (a renewal in between wins) */
  markWarned(id: string, now: Date, cutoff: Date, notice: NewNotice): Promise<boolean>;
  expiredIds(now: Date): Promise<string[]>;

  loadNotice<Body>(id: string): Promise<NoticeRow<Body> | undefined>;
  recordNoticeStep(id: string, index: number, entry: JournalEntry): Promise<void>;
  recordNoticeAttempt(id: string): Promise<void>;
  settleNotice(
    id: string,
    state: 'delivered' | 'failed',
    posted?: { channel: string; ts: string },
  ): Promise<void>;
  /** the first acknowledgement wins; false when it was acknowledged already */
  acknowledge(id: string, user: string, now: Date): Promise<boolean>;
  /** the owner's alerts nobody acknowledged, newest first */
  unacknowledged(owner: string): Promise<NoticeRow[]>;
  /** notices not yet delivered (a restart resumes them); only those stored before `before` when given */
  pendingNoticeIds(before?: Date): Promise<string[]>;
}

/** Every column but the baseline, which can hold thousands of records: what a list reads. */
const LIST_COLUMNS = `id, owner, created_at, expires_at, state, types, spec_sealed, subject_key, baseline_at,
  counts, calls_per_check, last_checked_at, last_change_at, next_check_at, cycle_key, check_state,
  check_started_at, check_attempts, check_query_id, reported_failure, expiry_warned_at, ended_at, ended_by`;

const SPEC_PURPOSE = 'watch spec';
const BASELINE_PURPOSE = 'watch baseline';
const NOTICE_PURPOSE = 'watch notice';

type Timestamp = Date | string | null;

interface WatchDbRow {
  id: string;
  owner: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  state: WatchState;
  types: string;
  spec_sealed: string;
  baseline_sealed: string | null;
  baseline_at: Timestamp;
  counts: Record<string, number>;
  calls_per_check: number;
  last_checked_at: Timestamp;
  last_change_at: Timestamp;
  next_check_at: Timestamp;
  cycle_key: string | null;
  check_state: CheckState | null;
  check_started_at: Timestamp;
  check_attempts: number;
  check_query_id: string | null;
  reported_failure: string | null;
  expiry_warned_at: Timestamp;
  ended_at: Timestamp;
  ended_by: string | null;
}

interface NoticeDbRow {
  id: string;
  watch_id: string;
  owner: string;
  kind: NoticeKind;
  created_at: Timestamp;
  body_sealed: string;
  delivery_state: NoticeRow['state'];
  delivery_steps: Array<JournalEntry | null>;
  delivery_attempts: number;
  channel: string | null;
  message_ts: string | null;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp;
}

function date(value: Timestamp): Date | null {
  return value === null ? null : new Date(value);
}

export function createWatchStore(db: Database, cipher: FieldCipher): WatchStore {
  const seal = (value: unknown, purpose: string) => cipher.seal(encodeStoredValue(value), purpose);
  const open = <T>(sealed: string, purpose: string) =>
    decodeStoredValue<T>(cipher.open<string>(sealed, purpose));
  // one active watch per owner and subject, found without decrypting every watch
  const subjectKey = (owner: string, subject: { keyword: string; realname: string }) =>
    cipher.blindIndex('watch', JSON.stringify([owner, subject.keyword, subject.realname]));

  const toWatch = (row: WatchDbRow): WatchRow => ({
    id: row.id,
    owner: row.owner,
    createdAt: new Date(row.created_at as string),
    expiresAt: new Date(row.expires_at as string),
    state: row.state,
    types: row.types.split(',').map((type) => Number(type) as RiskType),
    spec: open<WatchSpec>(row.spec_sealed, SPEC_PURPOSE),
    baseline:
      row.baseline_sealed === null ? null : open<WatchSnapshot>(row.baseline_sealed, BASELINE_PURPOSE),
    baselineAt: date(row.baseline_at),
    counts: row.counts ?? {},
    callsPerCheck: row.calls_per_check,
    lastCheckedAt: date(row.last_checked_at),
    lastChangeAt: date(row.last_change_at),
    nextCheckAt: date(row.next_check_at),
    cycleKey: row.cycle_key,
    checkState: row.check_state,
    checkStartedAt: date(row.check_started_at),
    checkAttempts: row.check_attempts,
    checkQueryId: row.check_query_id,
    reportedFailure: row.reported_failure,
    expiryWarnedAt: date(row.expiry_warned_at),
    endedAt: date(row.ended_at),
    endedBy: row.ended_by,
  });

  const toNotice = <Body>(row: NoticeDbRow): NoticeRow<Body> => ({
    id: row.id,
    watchId: row.watch_id,
    owner: row.owner,
    kind: row.kind,
    createdAt: new Date(row.created_at as string),
    body: open<Body>(row.body_sealed, NOTICE_PURPOSE),
    state: row.delivery_state,
    steps: row.delivery_steps ?? [],
    attempts: row.delivery_attempts,
    channel: row.channel,
    messageTs: row.message_ts,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: date(row.acknowledged_at),
  });

  const insertNotice = async (
    tx: SqlClient,
    watch: { id: string; owner: string },
    notice: NewNotice,
    now: Date,
  ) => {
    await tx.query(
      `insert into watch_notices (id, watch_id, owner, kind, created_at, body_sealed)
       values ($1, $2, $3, $4, $5, $6)`,
      [notice.id, watch.id, watch.owner, notice.kind, now, seal(notice.body, NOTICE_PURPOSE)],
    );
  };

  return {
    async add(watch) {
      const { rowCount } = await db.query(
        `insert into watches (id, owner, created_at, expires_at, types, spec_sealed, subject_key,
           calls_per_check, next_check_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (subject_key) where state = 'active' do nothing`,
        [
          watch.id,
          watch.owner,
          watch.now,
          watch.expiresAt,
          watch.types.join(','),
          seal(watch.spec, SPEC_PURPOSE),
          subjectKey(watch.owner, watch.spec),
          watch.callsPerCheck,
          watch.nextCheckAt,
        ],
      );
      return rowCount > 0;
    },
    async load(id) {
      const { rows } = await db.query<WatchDbRow>('select * from watches where id = $1', [id]);
      return rows[0] === undefined ? undefined : toWatch(rows[0]);
    },
    async findActive(owner, subject) {
      const { rows } = await db.query<WatchDbRow>(
        "select * from watches where subject_key = $1 and state = 'active'",
        [subjectKey(owner, subject)],
      );
      return rows[0] === undefined ? undefined : toWatch(rows[0]);
    },
    async listByOwner(owner) {
      const { rows } = await db.query<WatchDbRow>(
        `select ${LIST_COLUMNS}, null as baseline_sealed from watches
          where owner = $1 and state = 'active' order by created_at, id`,
        [owner],
      );
      return rows.map(toWatch);
    },
    async dueIds(now) {
      const { rows } = await db.query<{ id: string }>(
        `select id from watches where state = 'active' and expires_at > $1
           and (next_check_at is null or next_check_at <= $1) order by next_check_at nulls first, id`,
        [now],
      );
      return rows.map((row) => row.id);
    },
    async activeIds(now) {
      const { rows } = await db.query<{ id: string }>(
        "select id from watches where state = 'active' and expires_at > $1 order by created_at, id",
        [now],
      );
      return rows.map((row) => row.id);
    },
    async claimCheck(id, cycleKey, now, leaseMs, start = 'any') {
      const leaseUntil = new Date(now.getTime() + leaseMs);
      const startRule = {
        never: 'false',
        baseline: 'baseline_at is null',
        // a minute's slack for clocks: the cycle fires on the slot the check was scheduled for
        due: `(next_check_at is null or next_check_at <= $5)`,
        any: 'true',
      }[start];
      // a new cycle: the check starts now, counted from zero — unless a check is still running live.
      // An attempt of the previous cycle that never finished (its worker died) is handed back to be closed.
      if (start !== 'never') {
        const started = await db.query<{ unfinished: string | null }>(
          `with previous as (select check_query_id from watches where id = $1)
           update watches set cycle_key = $2, check_state = 'running', check_started_at = $3,
             check_attempts = 1, check_query_id = null, check_lease_until = $4
           where id = $1 and state = 'active' and cycle_key is distinct from $2 and ${startRule}
             and (check_state is distinct from 'running' or check_lease_until is null or check_lease_until <= $3)
           returning (select check_query_id from previous) as unfinished`,
          start === 'due'
            ? [id, cycleKey, now, leaseUntil, new Date(now.getTime() + 60_000)]
            : [id, cycleKey, now, leaseUntil],
        );
        const row = started.rows[0];
        if (row !== undefined) {
          return {
            kind: 'claimed',
            startedAt: now,
            queryId: null,
            attempt: 1,
            ...(row.unfinished ? { unfinishedQueryId: row.unfinished } : {}),
          };
        }
      }
      // the same cycle, still running, its worker gone (lease lapsed): a retry resumes it
      const resumed = await db.query<{
        check_started_at: Timestamp;
        check_query_id: string | null;
        check_attempts: number;
      }>(
        `update watches set check_attempts = check_attempts + 1, check_lease_until = $4
         where id = $1 and state = 'active' and cycle_key = $2 and check_state = 'running'
           and (check_lease_until is null or check_lease_until <= $3)
         returning check_started_at, check_query_id, check_attempts`,
        [id, cycleKey, now, leaseUntil],
      );
      const row = resumed.rows[0];
      if (row !== undefined) {
        return {
          kind: 'claimed',
          startedAt: new Date(row.check_started_at as string),
          queryId: row.check_query_id,
          attempt: row.check_attempts,
        };
      }
      const { rows } = await db.query<{ state: WatchState; check_state: CheckState | null }>(
        'select state, check_state from watches where id = $1',
        [id],
      );
      const current = rows[0];
      return current?.state === 'active' && current.check_state === 'running'
        ? { kind: 'busy' }
        : { kind: 'none' };
    },
    async renewLease(id, held, until) {
      await db.query(
        `update watches set check_lease_until = $4
          where id = $1 and cycle_key = $2 and check_attempts = $3 and check_state = 'running'`,
        [id, held.cycleKey, held.attempt, until],
      );
    },
    async setCheckQueryId(id, queryId) {
      await db.query('update watches set check_query_id = $2 where id = $1', [id, queryId]);
    },
    async recordCheck(id, cycleKey, check, notice) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ owner: string }>(
          `update watches set baseline_sealed = $2, baseline_at = coalesce(baseline_at, $3), counts = $4,
             calls_per_check = $5, last_checked_at = $3,
             last_change_at = case when $6 then $3 else last_change_at end,
             next_check_at = $7, check_state = 'done', reported_failure = null, check_lease_until = null,
             check_query_id = null
           where id = $1 and cycle_key = $8 and check_state = 'running' and state = 'active'
           returning owner`,
          [
            id,
            seal(check.snapshot, BASELINE_PURPOSE),
            check.now,
            JSON.stringify(check.counts),
            check.callsPerCheck,
            check.changed,
            check.nextCheckAt,
            cycleKey,
          ],
        );
        const owner = rows[0]?.owner;
        if (owner === undefined) return false;
        if (notice) await insertNotice(tx, { id, owner }, notice, check.now);
        return true;
      });
    },
    async recordFailure(id, cycleKey, failure, notice) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ owner: string }>(
          `update watches set check_state = 'failed', last_checked_at = $2, next_check_at = $3,
             reported_failure = coalesce($4, reported_failure), check_lease_until = null,
             check_query_id = null, calls_per_check = coalesce($6::int, calls_per_check)
           where id = $1 and cycle_key = $5 and check_state = 'running' and state = 'active'
           returning owner`,
          [
            id,
            failure.now,
            failure.nextCheckAt,
            notice ? failure.code : null,
            cycleKey,
            failure.callsPerCheck ?? null,
          ],
        );
        const owner = rows[0]?.owner;
        if (owner === undefined) return false;
        if (notice) await insertNotice(tx, { id, owner }, notice, failure.now);
        return true;
      });
    },
    async end(id, state, by, now, notice) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ owner: string }>(
          `update watches set state = $2, ended_at = $3, ended_by = $4
           where id = $1 and state = 'active' and ($2 <> 'expired' or expires_at <= $3) returning owner`,
          [id, state, now, by],
        );
        const owner = rows[0]?.owner;
        if (owner === undefined) return false;
        if (notice) await insertNotice(tx, { id, owner }, notice, now);
        return true;
      });
    },
    async renew(id, expiresAt) {
      const { rowCount } = await db.query(
        `update watches set expires_at = $2, expiry_warned_at = null where id = $1 and state = 'active'`,
        [id, expiresAt],
      );
      return rowCount > 0;
    },
    async toWarn(cutoff) {
      const { rows } = await db.query<{ id: string }>(
        `select id from watches where state = 'active' and expires_at <= $1 and expiry_warned_at is null
         order by expires_at, id`,
        [cutoff],
      );
      return rows.map((row) => row.id);
    },
    async markWarned(id, now, cutoff, notice) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ owner: string }>(
          `update watches set expiry_warned_at = $2
           where id = $1 and state = 'active' and expiry_warned_at is null and expires_at <= $3 returning owner`,
          [id, now, cutoff],
        );
        const owner = rows[0]?.owner;
        if (owner === undefined) return false;
        await insertNotice(tx, { id, owner }, notice, now);
        return true;
      });
    },
    async expiredIds(now) {
      const { rows } = await db.query<{ id: string }>(
        "select id from watches where state = 'active' and expires_at <= $1 order by expires_at, id",
        [now],
      );
      return rows.map((row) => row.id);
    },

    async loadNotice<Body>(id: string) {
      const { rows } = await db.query<NoticeDbRow>('select * from watch_notices where id = $1', [id]);
      return rows[0] === undefined ? undefined : toNotice<Body>(rows[0]);
    },
    async recordNoticeStep(id, index, entry) {
      // the same journal as a lookup's delivery (lookupStore.ts): each call at its own index
      await db.query(journalStepSql('watch_notices'), [id, index, JSON.stringify(entry)]);
    },
    async recordNoticeAttempt(id) {
      await db.query('update watch_notices set delivery_attempts = delivery_attempts + 1 where id = $1', [
        id,
      ]);
    },
    async settleNotice(id, state, posted) {
      await db.query(
        `update watch_notices set delivery_state = $2, channel = coalesce($3, channel),
           message_ts = coalesce($4, message_ts)
         where id = $1 and delivery_state = 'pending'`,
        [id, state, posted?.channel ?? null, posted?.ts ?? null],
      );
    },
    async acknowledge(id, user, now) {
      const { rowCount } = await db.query(
        `update watch_notices set acknowledged_by = $2, acknowledged_at = $3
         where id = $1 and kind = 'changes' and acknowledged_at is null`,
        [id, user, now],
      );
      return rowCount > 0;
    },
    async unacknowledged(owner) {
      const { rows } = await db.query<NoticeDbRow>(
        `select * from watch_notices where owner = $1 and kind = 'changes' and acknowledged_at is null
         order by created_at desc, id limit 20`,
        [owner],
      );
      return rows.map((row) => toNotice(row));
    },
    async pendingNoticeIds(before) {
      const { rows } = await db.query<{ id: string }>(
        `select id from watch_notices where delivery_state = 'pending'
           ${before === undefined ? '' : 'and created_at < $1'} order by created_at, id`,
        before === undefined ? [] : [before],
      );
      return rows.map((row) => row.id);
    },
  };
}
