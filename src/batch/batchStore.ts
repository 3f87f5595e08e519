import type { RiskType } from '../domain/riskType.js';
import { decodeStoredValue, encodeStoredValue } from '../lookups/storedValue.js';
import type { FieldCipher } from '../privacy/fieldCipher.js';
import type { Database } from '../store/database.js';

/**
 * Batches screened from an uploaded file (docs/design.md § Batch screening), and their rows. What names
 * a person — each row's keyword and name, the batch's purpose and file name, each outcome — is sealed
 * with the record's cipher; statuses and counts are plain, so progress and summaries read no sealed
 * value but the rows' outcomes.
 */
export type BatchStatus = 'previewed' | 'running' | 'cancelled' | 'done' | 'stopped';
export type BatchRowStatus = 'pending' | 'done' | 'failed' | 'rejected';

/** Why a running batch ended before its last row: what asking again cannot change (quota, set-up), budgets. */
export type BatchStopReason = string;

/** Sealed in the batch row: why the batch was run and what the file was called. */
export interface BatchSpec {
  purpose: string;
  fileName: string;
}

export interface BatchRecord {
  id: string;
  owner: string;
  status: BatchStatus;
  stopReason: BatchStopReason | null;
  /** what the summary says of the stop (a budget's limit, what is left, when it resets); no personal data */
  stopDetail: unknown;
  spec: BatchSpec;
  dmChannel: string | null;
  messageTs: string | null;
  acceptedRows: number;
  rejectedRows: number;
  /** Juhe calls the batch makes at most: one per source in each accepted row's scope */
  costCalls: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** when the summary and the XLSX went out */
  reportedAt: Date | null;
  /** when the results file reached the batch's thread; null until then */
  reportFileAt: Date | null;
  runAttempts: number;
}

/** One source of a screened row: Juhe's total for it and the order id of page 1. */
export interface SourceOutcome {
  type: RiskType;
  records: number;
  orderId: string | null;
  /** the page came from the store (answered earlier in this batch): not billed again */
  fromStore: boolean;
  billed: boolean;
}

export interface RowError {
  code: string;
  category: string;
}

/** What screening a row gave: its sources, or the error that ended its last attempt. */
export interface RowOutcome {
  sources: SourceOutcome[];
  error?: RowError;
}

export interface BatchRowRecord {
  row: number;
  status: BatchRowStatus;
  types: RiskType[];
  /** the subject; undefined for a rejected row, whose content is not kept */
  subject?: { keyword: string; realname: string };
  rejectReason: string | null;
  outcome: RowOutcome | null;
  hit: boolean | null;
  attempts: number;
  /** the audit entry of the attempt under way (a crash leaves it unfinished) */
  queryId: string | null;
}

export interface BatchProgress {
  accepted: number;
  done: number;
  failed: number;
  pending: number;
  /** rows with at least one record in some source */
  hits: number;
}

/** The run a job may do: start or resume it, wait because a live worker holds it, or nothing. */
export type RunClaim =
  | { kind: 'claimed'; startedAt: Date; attempt: number }
  | { kind: 'busy' }
  | { kind: 'none' };

export interface NewBatch {
  id: string;
  owner: string;
  spec: BatchSpec;
  subjects: ReadonlyArray<{ row: number; keyword: string; realname: string; types: readonly RiskType[] }>;
  rejected: ReadonlyArray<{ row: number; reason: string }>;
  costCalls: number;
  now: Date;
}

export interface BatchStore {
  create(batch: NewBatch): Promise<void>;
  load(id: string): Promise<BatchRecord | undefined>;
  /** where the preview went: the progress and the summary replace it there */
  setMessage(id: string, channel: string, ts: string): Promise<void>;
  /**
   * previewed → running. Not started: the status it has now (running: a click that lost the race to
   * another; ended; undefined when there is no such batch), so the answer is worded from that.
   */
  start(id: string, now: Date): Promise<{ started: boolean; status: BatchStatus | undefined }>;
  /** previewed or running → cancelled; the status it had, or undefined when it had ended already */
  cancel(id: string, now: Date): Promise<'previewed' | 'running' | undefined>;
  /** running → stopped, with the reason (a budget, a quota, the Juhe key) */
  stop(id: string, reason: BatchStopReason, detail?: unknown): Promise<boolean>;
  /**
   * A started batch's run — its rows, then its report — for this worker until `now + leaseMs` (renewed
   * by renewLease); busy while another worker's lease runs; none once reported (or never started)
   */
  claimRun(id: string, now: Date, leaseMs: number): Promise<RunClaim>;
  /** moves the lease of the run that claimed it as `attempt`; a run whose claim another took changes nothing */
  renewLease(id: string, attempt: number, until: Date): Promise<void>;
  /** running → done once no row is pending; finished_at for any ended batch */
  finish(id: string, now: Date): Promise<BatchStatus | undefined>;
  markReported(id: string, now: Date): Promise<void>;
  /** the results file is in the batch's thread: a retried report does not upload it again */
  markReportFileDelivered(id: string, now: Date): Promise<void>;
  /** rows still to screen, fewest attempts first (a failed row's retry comes after every first try) */
  pendingRows(id: string): Promise<BatchRowRecord[]>;
  /** every row, in file order, for the report */
  rows(id: string): Promise<BatchRowRecord[]>;
  progress(id: string): Promise<BatchProgress>;
  /** an attempt at a row starts (its audit entry, so a crash mid-row is closed as interrupted), or ends */
  setRowQuery(id: string, row: number, queryId: string | null): Promise<void>;
  /** the batch's status alone: what the runner checks before each row */
  statusOf(id: string): Promise<BatchStatus | undefined>;
  /** the row's outcome, the moment it is known; only while the row is pending */
  recordRow(
    id: string,
    row: number,
    result: { status: 'done' | 'failed' | 'pending'; outcome: RowOutcome; now: Date },
  ): Promise<void>;
  /** batches a restart must take up: started and not yet reported (running, or ended unreported) */
  unfinishedIds(): Promise<string[]>;
}

const SPEC_PURPOSE = 'batch spec';
const SUBJECT_PURPOSE = 'batch subject';
const OUTCOME_PURPOSE = 'batch outcome';

/** Rows per insert statement: 5000 rows of 7 parameters stay far below PostgreSQL's 65535. */
const INSERT_CHUNK = 500;

type Timestamp = Date | string | null;

interface BatchDbRow {
  id: string;
  owner: string;
  status: BatchStatus;
  stop_reason: string | null;
  stop_detail: unknown;
  spec_sealed: string;
  dm_channel: string | null;
  message_ts: string | null;
  accepted_rows: number;
  rejected_rows: number;
  cost_calls: number;
  created_at: Timestamp;
  started_at: Timestamp;
  finished_at: Timestamp;
  reported_at: Timestamp;
  report_file_at: Timestamp;
  run_attempts: number;
}

interface RowDbRow {
  row_number: number;
  status: BatchRowStatus;
  types: string | null;
  subject_sealed: string | null;
  reject_reason: string | null;
  outcome_sealed: string | null;
  hit: boolean | null;
  attempts: number;
  query_id: string | null;
}

function date(value: Timestamp): Date | null {
  return value === null ? null : new Date(value);
}

export function createBatchStore(db: Database, cipher: FieldCipher): BatchStore {
  const seal = (value: unknown, purpose: string) => cipher.seal(encodeStoredValue(value), purpose);
  const open = <T>(sealed: string, purpose: string) =>
    decodeStoredValue<T>(cipher.open<string>(sealed, purpose));

  const toBatch = (row: BatchDbRow): BatchRecord => ({
    id: row.id,
    owner: row.owner,
    status: row.status,
    stopReason: row.stop_reason,
    stopDetail: row.stop_detail ?? null,
    spec: open<BatchSpec>(row.spec_sealed, SPEC_PURPOSE),
    dmChannel: row.dm_channel,
    messageTs: row.message_ts,
    acceptedRows: row.accepted_rows,
    rejectedRows: row.rejected_rows,
    costCalls: row.cost_calls,
    createdAt: new Date(row.created_at as string),
    startedAt: date(row.started_at),
    finishedAt: date(row.finished_at),
    reportedAt: date(row.reported_at),
    reportFileAt: date(row.report_file_at),
    runAttempts: row.run_attempts,
  });

  const toRow = (row: RowDbRow): BatchRowRecord => ({
    row: row.row_number,
    status: row.status,
    types: row.types ? row.types.split(',').map((type) => Number(type) as RiskType) : [],
    ...(row.subject_sealed
      ? { subject: open<{ keyword: string; realname: string }>(row.subject_sealed, SUBJECT_PURPOSE) }
      : {}),
    rejectReason: row.reject_reason,
    outcome: row.outcome_sealed ? open<RowOutcome>(row.outcome_sealed, OUTCOME_PURPOSE) : null,
    hit: row.hit,
    attempts: row.attempts,
    queryId: row.query_id,
  });

  return {
    async create(batch) {
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into batches (id, owner, spec_sealed, accepted_rows, rejected_rows, cost_calls, created_at)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            batch.id,
            batch.owner,
            seal(batch.spec, SPEC_PURPOSE),
            batch.subjects.length,
            batch.rejected.length,
            batch.costCalls,
            batch.now,
          ],
        );
        const rows = [
          ...batch.subjects.map((subject) => [
            subject.row,
            'pending',
            subject.types.join(','),
            seal({ keyword: subject.keyword, realname: subject.realname }, SUBJECT_PURPOSE),
            null,
          ]),
          ...batch.rejected.map((rejected) => [rejected.row, 'rejected', null, null, rejected.reason]),
        ];
        for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
          const chunk = rows.slice(from, from + INSERT_CHUNK);
          const params: unknown[] = [];
          const tuples = chunk.map((values) => {
            const at = params.length;
            params.push(batch.id, ...values);
            return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6})`;
          });
          await tx.query(
            `insert into batch_rows (batch_id, row_number, status, types, subject_sealed, reject_reason)
             values ${tuples.join(', ')}`,
            params,
          );
        }
      });
    },
    async load(id) {
      const { rows } = await db.query<BatchDbRow>('select * from batches where id = $1', [id]);
      return rows[0] === undefined ? undefined : toBatch(rows[0]);
    },
    async setMessage(id, channel, ts) {
      await db.query('update batches set dm_channel = $2, message_ts = $3 where id = $1', [id, channel, ts]);
    },
    async start(id, now) {
      const { rowCount } = await db.query(
        "update batches set status = 'running', started_at = $2 where id = $1 and status = 'previewed'",
        [id, now],
      );
      if (rowCount > 0) return { started: true, status: 'running' };
      const { rows } = await db.query<{ status: BatchStatus }>('select status from batches where id = $1', [
        id,
      ]);
      return { started: false, status: rows[0]?.status };
    },
    async cancel(id, now) {
      const { rows } = await db.query<{ was: 'previewed' | 'running' }>(
        `with previous as (select status from batches where id = $1 for update)
         update batches set status = 'cancelled',
           -- a batch never started has nothing left to run or report: it ends here
           finished_at = case when (select status from previous) = 'previewed' then $2 else finished_at end
         where id = $1 and status in ('previewed', 'running')
         returning (select status from previous) as was`,
        [id, now],
      );
      return rows[0]?.was;
    },
    async stop(id, reason, detail) {
      const { rowCount } = await db.query(
        `update batches set status = 'stopped', stop_reason = $2, stop_detail = $3
         where id = $1 and status = 'running'`,
        [id, reason, detail === undefined ? null : JSON.stringify(detail)],
      );
      return rowCount > 0;
    },
    async claimRun(id, now, leaseMs) {
      const { rows } = await db.query<{ started_at: Timestamp; run_attempts: number }>(
        `update batches set lease_until = $3, run_attempts = run_attempts + 1
         where id = $1 and started_at is not null and reported_at is null
           and (lease_until is null or lease_until <= $2)
         returning started_at, run_attempts`,
        [id, now, new Date(now.getTime() + leaseMs)],
      );
      const claimed = rows[0];
      if (claimed !== undefined) {
        return {
          kind: 'claimed',
          startedAt: date(claimed.started_at) ?? now,
          attempt: claimed.run_attempts,
        };
      }
      const { rows: current } = await db.query<{ started_at: Timestamp; reported_at: Timestamp }>(
        'select started_at, reported_at from batches where id = $1',
        [id],
      );
      const batch = current[0];
      return batch !== undefined && batch.started_at !== null && batch.reported_at === null
        ? { kind: 'busy' }
        : { kind: 'none' };
    },
    async renewLease(id, attempt, until) {
      await db.query(
        'update batches set lease_until = $3 where id = $1 and run_attempts = $2 and reported_at is null',
        [id, attempt, until],
      );
    },
    async finish(id, now) {
      const { rows } = await db.query<{ status: BatchStatus }>(
        `update batches set
           status = case when status = 'running' then 'done' else status end,
           finished_at = $2
         where id = $1 and finished_at is null and status <> 'previewed'
           and (status <> 'running'
             or not exists (select 1 from batch_rows where batch_id = $1 and status = 'pending'))
         returning status`,
        [id, now],
      );
      return rows[0]?.status;
    },
    async markReported(id, now) {
      await db.query('update batches set reported_at = $2, lease_until = null where id = $1', [id, now]);
    },
    async markReportFileDelivered(id, now) {
      await db.query('update batches set report_file_at = $2 where id = $1 and report_file_at is null', [
        id,
        now,
      ]);
    },
    async pendingRows(id) {
      const { rows } = await db.query<RowDbRow>(
        `select * from batch_rows where batch_id = $1 and status = 'pending' order by attempts, row_number`,
        [id],
      );
      return rows.map(toRow);
    },
    async rows(id) {
      const { rows } = await db.query<RowDbRow>(
        'select * from batch_rows where batch_id = $1 order by row_number',
        [id],
      );
      return rows.map(toRow);
    },
    async progress(id) {
      const { rows } = await db.query<{
        accepted: string;
        done: string;
        failed: string;
        pending: string;
        hits: string;
      }>(
        `select count(*) filter (where status <> 'rejected') as accepted,
           count(*) filter (where status = 'done') as done,
           count(*) filter (where status = 'failed') as failed,
           count(*) filter (where status = 'pending') as pending,
           count(*) filter (where hit) as hits
         from batch_rows where batch_id = $1`,
        [id],
      );
      const row = rows[0];
      return {
        accepted: Number(row?.accepted ?? 0),
        done: Number(row?.done ?? 0),
        failed: Number(row?.failed ?? 0),
        pending: Number(row?.pending ?? 0),
        hits: Number(row?.hits ?? 0),
      };
    },
    async statusOf(id) {
      const { rows } = await db.query<{ status: BatchStatus }>('select status from batches where id = $1', [
        id,
      ]);
      return rows[0]?.status;
    },
    async setRowQuery(id, row, queryId) {
      await db.query(
        `update batch_rows set query_id = $3 where batch_id = $1 and row_number = $2 and status = 'pending'`,
        [id, row, queryId],
      );
    },
    async recordRow(id, row, result) {
      const hit = result.outcome.sources.some((source) => source.records > 0);
      await db.query(
        `update batch_rows set status = $3, outcome_sealed = $4, hit = $5, attempts = attempts + 1,
           query_id = null, finished_at = case when $3 = 'pending' then null else $6::timestamptz end
         where batch_id = $1 and row_number = $2 and status = 'pending'`,
        [id, row, result.status, seal(result.outcome, OUTCOME_PURPOSE), hit, result.now],
      );
    },
    async unfinishedIds() {
      const { rows } = await db.query<{ id: string }>(
        'select id from batches where started_at is not null and reported_at is null order by created_at, id',
      );
      return rows.map((row) => row.id);
    },
  };
}
