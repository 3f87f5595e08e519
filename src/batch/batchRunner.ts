import { createHash } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import {
  type AuditedOutcome,
  type AuditLog,
  BUDGET_EXCEEDED_OUTCOME,
  UNEXPECTED_OUTCOME,
} from '../audit/auditLog.js';
import { BudgetExceededError, type BudgetLedger, type BudgetRefusal } from '../budgets/budgetLedger.js';
import { type RiskType, scopeOfTypes } from '../domain/riskType.js';
import { RUN_LEASE_MS, whileLeased } from '../jobs/runLease.js';
import { JuheError } from '../juhe/errorTypes.js';
import type { Logger } from '../logging/logger.js';
import type { FetchedRiskPage, RiskScreening } from '../screening/riskScreening.js';
import type {
  BatchProgress,
  BatchRecord,
  BatchRowRecord,
  BatchStopReason,
  BatchStore,
  RowOutcome,
  RunClaim,
  SourceOutcome,
} from './batchStore.js';

export const BATCH_RUN_QUEUE = 'batch-run';

/**
 * Rows screened at once. Each row asks page 1 of every source in its scope together, so at most 4 × 3 =
 * 12 Juhe calls are open at once per instance (one batch runs at a time per instance: the worker takes
 * one job). Juhe publishes no concurrency or QPS limit for personRisk (docs/juhe/personRisk-query.txt
 * names none; its limits are per-key daily quotas, codes 10011–10013), so this is a conservative figure:
 * well inside the client's 32 keep-alive connections, leaving room for the people screening by hand
 * beside a batch, and slow enough that a quota error stops a batch after a few rows, not hundreds.
 */
export const BATCH_ROW_CONCURRENCY = 4;

/** The progress message is updated at most this often (Slack's chat.update is Tier 3: ~50 a minute). */
export const DEFAULT_PROGRESS_INTERVAL_MS = 3_000;

/** A row's Juhe failure is tried once more later in the batch, then recorded as the row's error. */
export const ROW_MAX_ATTEMPTS = 2;

/** Juhe client codes that mean this process is stopping, not that Juhe failed (src/juhe/errorCatalog.ts). */
const SHUTTING_DOWN_CODES: ReadonlySet<string> = new Set(['CLOSED', 'ABORTED']);

/**
 * Failures no row after this one can escape — the key is wrong, the quota is used up: the batch stops
 * with the reason instead of failing every remaining row (and the rest stay "not screened").
 */
const BATCH_STOPPING_CATEGORIES: ReadonlySet<string> = new Set(['quota', 'misconfigured']);

/** What the Slack side shows while a batch runs and when it ends; the runner knows nothing of Slack. */
export interface BatchReporter {
  progress(batch: BatchRecord, progress: BatchProgress & { etaMs: number | null }): Promise<void>;
  /** the summary and the file of every row's outcome; resolves once they are delivered */
  finished(batch: BatchRecord): Promise<void>;
}

export interface BatchRunnerDeps {
  boss: PgBoss;
  store: BatchStore;
  screening: RiskScreening;
  /** the batch's owner pays for its rows */
  budgets: BudgetLedger;
  audit: AuditLog;
  logger: Logger;
  reporter: BatchReporter;
  now: () => Date;
  /** how long a run's lease lasts unrenewed (RUN_LEASE_MS; renewed on a timer while the run lives) */
  leaseMs?: number;
  progressIntervalMs?: number;
}

export interface BatchRunner {
  /** Start was pressed (the batch is running): its job is queued, once per batch */
  run(batchId: string): Promise<void>;
  /** registers the worker; batches a stopped process left running or unreported are queued again */
  start(): Promise<void>;
}

/** pg-boss job ids are UUIDs: one derived from the batch, so a batch is never queued twice. */
function jobIdOf(batchId: string): string {
  const hex = createHash('sha256').update(`batch-run\u0000${batchId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** How a row's screening ended for the batch: go on, or stop the whole batch for this reason. */
export type RowVerdict =
  | { kind: 'next' }
  | { kind: 'stop'; reason: BatchStopReason; detail?: BatchStopDetail };

/** What the summary says of a budget that stopped a batch: which, its limit, what is left, when it resets. */
export interface BatchStopDetail {
  refusal: BudgetRefusal;
  needed: number;
}

/** The stop reason of a batch a budget stopped: `budget_exceeded:user_daily` / `…:team_monthly`. */
export function budgetStopReason(refusal: BudgetRefusal): BatchStopReason {
  return `budget_exceeded:${refusal.budget}`;
}

/** The audit outcome of a row, per source like an overview's: `1:0,2:240102,3:TIMEOUT`. */
export function rowAuditOutcome(
  types: readonly RiskType[],
  pages: ReadonlyMap<RiskType, FetchedRiskPage>,
  errors: ReadonlyMap<RiskType, JuheError>,
): AuditedOutcome {
  const fetched = [...pages.values()];
  return {
    outcome: types
      .map((type) => {
        const error = errors.get(type);
        if (error) return `${type}:${error.code}`;
        return `${type}:${pages.get(type)?.page.noRecords ? '240102' : '0'}`;
      })
      .join(','),
    billed: fetched.some((f) => f.page.billed) || [...errors.values()].some((error) => error.billed),
    orderIds: fetched.flatMap((f) => (f.page.orderId ? [f.page.orderId] : [])),
    recordCounts: Object.fromEntries(fetched.map((f) => [String(f.page.type), f.page.totalRecords])),
    cacheHit: fetched.some((f) => f.fromCache),
  };
}

export async function createBatchRunner(deps: BatchRunnerDeps): Promise<BatchRunner> {
  const { boss, store } = deps;
  const log = deps.logger.child({ component: 'batch' });
  const progressIntervalMs = deps.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  const leaseMs = deps.leaseMs ?? RUN_LEASE_MS;

  await boss.createQueue(BATCH_RUN_QUEUE, {
    // an instance that died mid-batch stops its heartbeat; the batch resumes elsewhere within seconds
    heartbeatSeconds: 10,
    retryLimit: 50,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 120,
    // 5000 rows at Juhe's slowest still end well inside this
    expireInSeconds: 4 * 3600,
  });

  const send = async (batchId: string) => {
    await boss.send(BATCH_RUN_QUEUE, { batchId }, { id: jobIdOf(batchId) });
  };

  /**
   * One row: page 1 of each source in its scope, through the same service path as a typed query (client,
   * masking, billing, errors), audited as a risk query of the batch's owner for the batch's purpose.
   * Pages Juhe answered since the batch started come from the page store: a row retried after a crash,
   * or a subject listed twice, is not billed again. The outcome is written the moment it is known.
   *
   * The owner pays: the row's calls (one per source) are held before Juhe is asked and what was not
   * billed (a stored page, 查无记录) is given back when the row ends. A budget that cannot cover the row
   * stops the batch there: the row stays pending ("not screened"), nothing of it billed.
   */
  async function screenRow(batch: BatchRecord, row: BatchRowRecord, since: Date): Promise<RowVerdict> {
    const subject = row.subject;
    if (subject === undefined) return { kind: 'next' };
    const startedAt = deps.now();
    const queryId = await deps.audit.start({
      requester: batch.owner,
      channel: batch.dmChannel,
      surface: 'batch',
      api: 'risk',
      type: String(scopeOfTypes(row.types)),
      subject,
      purpose: batch.spec.purpose,
      consent: null,
    });
    await store.setRowQuery(batch.id, row.row, queryId);
    const held = await deps.budgets.hold({ userId: batch.owner }, row.types.length);
    if (!held.ok) return stopForBudget(batch, row, queryId, startedAt, held.refusal, row.types.length);
    const pages = new Map<RiskType, FetchedRiskPage>();
    const errors = new Map<RiskType, JuheError>();
    let refused: BudgetRefusal | undefined;
    try {
      // the sources of one row are independent: asked together, one failing does not hide the others
      await Promise.all(
        row.types.map(async (type) => {
          try {
            const fetched = await deps.screening.fetchPage(
              { ...subject, type, pageIndex: 1 },
              // at least 1 ms: a page answered in the same millisecond as the start still counts
              { charge: held.hold, maxAgeMs: Math.max(1, deps.now().getTime() - since.getTime() + 1) },
            );
            pages.set(type, fetched);
          } catch (error) {
            if (error instanceof BudgetExceededError) {
              refused = error.refusal;
              return;
            }
            if (!(error instanceof JuheError)) throw error;
            errors.set(type, error);
          }
        }),
      );
    } finally {
      await held.hold.close();
    }
    // the hold covers every source of the row, so this is a budget lowered under a running batch
    if (refused !== undefined) return stopForBudget(batch, row, queryId, startedAt, refused, 1);
    // this instance is stopping: not the row's failure; the job resumes it on an instance that runs. Thrown
    // before the audit entry ends: the row keeps its query id and the resume closes it once, as interrupted
    const stopping = [...errors.values()].find((e) => SHUTTING_DOWN_CODES.has(e.code));
    if (stopping !== undefined) throw stopping;
    await deps.audit.finish(queryId, {
      recordCounts: {},
      ...rowAuditOutcome(row.types, pages, errors),
      latencyMs: deps.now().getTime() - startedAt.getTime(),
    });
    const sources: SourceOutcome[] = row.types.flatMap((type) => {
      const fetched = pages.get(type);
      return fetched
        ? [
            {
              type,
              records: fetched.page.totalRecords,
              orderId: fetched.page.orderId,
              fromStore: fetched.fromCache,
              billed: fetched.page.billed,
            },
          ]
        : [];
    });
    const error = [...errors.values()][0];
    const now = deps.now();
    if (error === undefined) {
      await store.recordRow(batch.id, row.row, { status: 'done', outcome: { sources }, now });
      return { kind: 'next' };
    }
    if (BATCH_STOPPING_CATEGORIES.has(error.category)) {
      // the row stays pending (not screened); the pages it got stay in the store for a later batch
      await store.setRowQuery(batch.id, row.row, null);
      return { kind: 'stop', reason: error.category };
    }
    const outcome: RowOutcome = { sources, error: { code: error.code, category: error.category } };
    // asking again cannot change Juhe rejecting the input, and an answer Juhe billed (error_code 0 with a
    // result of the wrong shape) must not be bought twice; anything else may pass later in the batch
    const final =
      error.category === 'input' ||
      [...errors.values()].some((e) => e.billed) ||
      row.attempts + 1 >= ROW_MAX_ATTEMPTS;
    await store.recordRow(batch.id, row.row, { status: final ? 'failed' : 'pending', outcome, now });
    return { kind: 'next' };
  }

  async function stopForBudget(
    batch: BatchRecord,
    row: BatchRowRecord,
    queryId: string,
    startedAt: Date,
    refusal: BudgetRefusal,
    needed: number,
  ): Promise<RowVerdict> {
    await deps.audit.finish(queryId, {
      recordCounts: {},
      ...BUDGET_EXCEEDED_OUTCOME,
      latencyMs: deps.now().getTime() - startedAt.getTime(),
    });
    await store.setRowQuery(batch.id, row.row, null);
    return { kind: 'stop', reason: budgetStopReason(refusal), detail: { refusal, needed } };
  }

  async function runBatch(batchId: string): Promise<void> {
    const claim = await store.claimRun(batchId, deps.now(), leaseMs);
    if (claim.kind === 'none') return;
    // another worker runs it now: the job comes back later, and finds it done or its lease lapsed
    if (claim.kind === 'busy') throw new Error('batch held by a live worker; retrying later');
    await whileLeased(
      {
        leaseMs,
        // fenced by the claim: a run that lost the batch to another neither renews nor frees its lease
        writeUntil: (until) => store.renewLease(batchId, claim.attempt, until),
        now: deps.now,
        onRenewFailed: (error) => log.warn({ err: error, batchId }, 'batch lease not renewed'),
      },
      () => runClaimed(batchId, claim),
    );
  }

  async function runClaimed(batchId: string, claim: Extract<RunClaim, { kind: 'claimed' }>): Promise<void> {
    const loaded = await store.load(batchId);
    if (loaded === undefined) return;
    const batch = loaded;
    const runStartedAt = deps.now();
    let screenedThisRun = 0;
    let lastProgressAt = 0;
    let progressInFlight: Promise<void> | undefined;
    /** the run goes on taking rows: false once cancelled or done, which also ends progress updates */
    let stillRunning = true;

    const showProgress = async () => {
      const progress = await store.progress(batchId);
      const elapsed = deps.now().getTime() - runStartedAt.getTime();
      // the rate of this run only: rows a crashed run did are not time this one spent
      const etaMs =
        screenedThisRun > 0 && elapsed > 0
          ? Math.round((progress.pending * elapsed) / screenedThisRun)
          : null;
      await deps.reporter.progress(batch, { ...progress, etaMs });
    };
    // Throttled with a trailing update: a row that ends while an update is on its way, or sooner than
    // the interval after the last one, is shown by one later update, never dropped (else the message
    // would stay behind until some later row happened to end after the interval).
    let rowsNotShown = false;
    let trailing: NodeJS.Timeout | undefined;
    const maybeShowProgress = () => {
      rowsNotShown = true;
      if (progressInFlight !== undefined || trailing !== undefined) return;
      const wait = lastProgressAt + progressIntervalMs - deps.now().getTime();
      if (wait > 0) {
        trailing = setTimeout(() => {
          trailing = undefined;
          maybeShowProgress();
        }, wait);
        return;
      }
      lastProgressAt = deps.now().getTime();
      rowsNotShown = false;
      // not awaited by the row: a slow Slack must not slow Juhe; one update at a time
      progressInFlight = showProgress()
        .catch((error: unknown) => log.warn({ err: error, batchId }, 'batch progress not shown'))
        .finally(() => {
          progressInFlight = undefined;
          if (rowsNotShown && stillRunning) maybeShowProgress();
        });
    };
    const stopProgress = () => {
      stillRunning = false;
      if (trailing !== undefined) clearTimeout(trailing);
      trailing = undefined;
    };

    // attempts a crash cut short: their audit entries end as interrupted (Juhe may have billed), whatever
    // the batch became since (a batch cancelled after the crash has them too)
    for (const row of await store.pendingRows(batchId)) {
      if (row.queryId) {
        await deps.audit.finish(row.queryId, {
          recordCounts: {},
          ...UNEXPECTED_OUTCOME,
          outcome: 'interrupted',
          latencyMs: 0,
        });
        await store.setRowQuery(batchId, row.row, null);
      }
    }
    if (batch.status === 'running') {
      if (claim.attempt === 1) {
        lastProgressAt = deps.now().getTime();
        await showProgress().catch((error: unknown) =>
          log.warn({ err: error, batchId }, 'batch progress not shown'),
        );
      }
      let stopReason: BatchStopReason | undefined;
      let stopDetail: BatchStopDetail | undefined;
      // each pass takes what is pending: first tries, then the one retry of rows that failed
      for (let pass = 0; pass < ROW_MAX_ATTEMPTS + 1 && stillRunning && stopReason === undefined; pass += 1) {
        const queue = await store.pendingRows(batchId);
        if (queue.length === 0) break;
        let failure: { error: unknown } | undefined;
        const takeRows = async () => {
          for (;;) {
            if (!stillRunning || stopReason !== undefined) return;
            const row = queue.shift();
            if (row === undefined) return;
            // Cancel is checked before each row: rows in flight finish, no new one starts
            if ((await store.statusOf(batchId)) !== 'running') {
              stillRunning = false;
              return;
            }
            const verdict = await screenRow(batch, row, claim.startedAt);
            if (verdict.kind === 'stop') {
              stopReason ??= verdict.reason;
              stopDetail ??= verdict.detail;
              return;
            }
            screenedThisRun += 1;
            maybeShowProgress();
          }
        };
        // a worker that throws stops the others before their next row, and the run fails only once
        // every row in flight has ended (recorded): no row goes on being screened under a failed job
        const worker = async () => {
          try {
            await takeRows();
          } catch (error) {
            failure ??= { error };
            stillRunning = false;
          }
        };
        await Promise.allSettled(Array.from({ length: BATCH_ROW_CONCURRENCY }, worker));
        if (failure !== undefined) {
          stopProgress();
          await progressInFlight;
          // a stop another worker decided before the failure is still written
          if (stopReason !== undefined) await store.stop(batchId, stopReason, stopDetail);
          throw failure.error;
        }
      }
      // the summary replaces the message next: no progress update may land after it
      stopProgress();
      await progressInFlight;
      if (stopReason !== undefined) {
        await store.stop(batchId, stopReason, stopDetail);
        log.warn({ batchId, stopReason }, 'batch stopped');
      }
    }
    await store.finish(batchId, deps.now());
    const ended = await store.load(batchId);
    if (ended === undefined) return;
    // still running with rows pending (finish refused it): never report a batch as ended that is not
    if (ended.finishedAt === null) throw new Error('batch rows still pending; retrying later');
    await deps.reporter.finished(ended);
    await store.markReported(batchId, deps.now());
    const progress = await store.progress(batchId);
    log.info(
      {
        batchId,
        status: ended.status,
        done: progress.done,
        failed: progress.failed,
        notScreened: progress.pending,
        hits: progress.hits,
      },
      'batch ended',
    );
  }

  return {
    run: send,
    async start() {
      await boss.work<{ batchId: string }>(BATCH_RUN_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
        if (job === undefined) return;
        try {
          await runBatch(job.data.batchId);
        } catch (error) {
          log.warn({ err: error, batchId: job.data.batchId }, 'batch run failed; pg-boss retries it');
          throw error;
        }
      });
      // a job lost with its queue (or never queued: a crash right after Start) is queued again; the
      // deterministic id makes this a no-op for a batch whose job is still there
      for (const batchId of await store.unfinishedIds()) await send(batchId);
    },
  };
}
