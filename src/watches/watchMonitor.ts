import { createHash, randomUUID } from 'node:crypto';
import type { JobResult, PgBoss } from 'pg-boss';
import {
  type AuditedOutcome,
  type AuditLog,
  BUDGET_EXCEEDED_OUTCOME,
  juheErrorOutcome,
  UNEXPECTED_OUTCOME,
} from '../audit/auditLog.js';
import { BudgetExceededError, type BudgetLedger, type BudgetRefusal } from '../budgets/budgetLedger.js';
import { type RiskType, scopeOfTypes } from '../domain/riskType.js';
import { compareSnapshots, hasChanges, snapshotCounts, type WatchChanges } from '../domain/watchChanges.js';
import { RUN_LEASE_MS, whileLeased } from '../jobs/runLease.js';
import { JuheError } from '../juhe/errorTypes.js';
import type { Logger } from '../logging/logger.js';
import type { FetchedRiskPage, RiskScreening } from '../screening/riskScreening.js';
import { cycleSlotAt, nextCheckAfter, WATCH_TIME_ZONE } from './watchSchedule.js';
import { CheckCostRefusedError, type ScreenedWatch, screenWatchedSources } from './watchScreening.js';
import type { CheckClaim, CheckStart, NewNotice, WatchRow, WatchStore } from './watchStore.js';

export const WATCH_CYCLE_QUEUE = 'watch-cycle';
export const WATCH_CHECK_QUEUE = 'watch-check';
export const WATCH_EXPIRY_QUEUE = 'watch-expiry';
/** Hourly: a warning goes out about a week ahead, an expired watch ends within the hour. */
export const WATCH_EXPIRY_CRON = '23 * * * *';
/** How long before its end a watch's owner is told, with a button to renew it. */
export const EXPIRY_WARNING_DAYS = 7;
/** A failed check is tried again this much later in the cycle, then reported (once). */
export const DEFAULT_CHECK_RETRY_DELAYS_SECONDS: readonly number[] = [10 * 60, 30 * 60];

/** What an alert tells the watcher: the changes, and what they are changes of. */
export interface ChangesNoticeBody {
  watchId: string;
  keyword: string;
  realname: string;
  types: RiskType[];
  changes: WatchChanges;
  checkedAt: Date;
  /** the check compared against: the previous one */
  comparedWith: Date | null;
  truncatedTypes: RiskType[];
}

export interface ExpiryNoticeBody {
  watchId: string;
  keyword: string;
  realname: string;
  types: RiskType[];
  expiresAt: Date;
}

export interface FailureNoticeBody {
  watchId: string;
  keyword: string;
  realname: string;
  types: RiskType[];
  category: JuheError['category'];
  code: string;
  nextCheckAt: Date;
  /** the check was refused by a budget (code `budget_exceeded:<budget>`): which, and what it needed */
  budget?: BudgetRefusal & { needed: number };
}

/** The failure code of a check a budget refused: told once per budget, like a Juhe code. */
export function budgetFailureCode(refusal: BudgetRefusal): string {
  return `budget_exceeded:${refusal.budget}`;
}

/** A notice still pending this long after it was stored is queued again by the hourly sweep. */
const STALE_NOTICE_MS = 15 * 60_000;

/** Check jobs queued per insert: one statement each, small enough not to hold pg-boss's pool long. */
const INSERT_CHUNK = 500;

/** Juhe client codes that mean this process is stopping, not that Juhe failed (src/juhe/errorCatalog.ts). */
const SHUTTING_DOWN_CODES: ReadonlySet<string> = new Set(['CLOSED', 'ABORTED']);

export interface WatchCheckJob {
  watchId: string;
  cycleKey: string;
  /** whether this job may start the check or only resume it (absent: a scheduled cycle's, 'due') */
  start?: CheckStart;
}

export interface WatchMonitorDeps {
  boss: PgBoss;
  store: WatchStore;
  screening: RiskScreening;
  /** the watch's owner pays for its checks */
  budgets: BudgetLedger;
  audit: AuditLog;
  logger: Logger;
  /** WATCH_SCHEDULE */
  schedule: string;
  /** WATCH_MAX_DAYS */
  maxDays: number;
  /** hands a stored notice to its delivery (a durable job in the Slack layer); `sweep`: a later try */
  deliverNotice: (noticeId: string, sweep?: string) => Promise<void>;
  /** after a check was recorded: the owner's App Home shows the new counts */
  onChecked?: (owner: string) => Promise<void>;
  now: () => Date;
  retryDelaysSeconds?: readonly number[];
  /**
   * How long a check's lease lasts unrenewed (RUN_LEASE_MS; renewed on a timer while the check runs).
   * Past it, a check whose worker is gone is resumed by another.
   */
  checkLeaseMs?: number;
}

export interface WatchMonitor {
  /** the first check of a new watch, now: it takes the baseline */
  checkNow(watchId: string): Promise<void>;
  /**
   * One cycle now (the local workbench's trigger and tests; production cycles come from the schedule):
   * every active watch, under `cycleKey` (every instance that runs the same key checks each watch once).
   */
  runCycle(options?: { cycleKey?: string; everyActiveWatch?: boolean }): Promise<{ checked: number }>;
  /** warnings a week ahead, and ends of expired watches (hourly) */
  runExpiry(): Promise<void>;
  /** registers the workers and the schedules; re-sends notices a crash left undelivered */
  start(): Promise<void>;
}

/** pg-boss job ids are UUIDs: one derived from what the job is, so the same check is never queued twice. */
export function jobIdOf(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The audit outcome of a check: per source, like an overview's (`1:0,2:0,3:240102`). */
export function checkAuditOutcome(screened: ScreenedWatch): AuditedOutcome {
  const firstPages = screened.pages.filter((fetched) => fetched.page.pageIndex === 1);
  return {
    outcome: firstPages.map((f) => `${f.page.type}:${f.page.noRecords ? '240102' : '0'}`).join(','),
    billed: screened.billedCalls > 0,
    orderIds: screened.pages.flatMap((f) => (f.page.orderId ? [f.page.orderId] : [])),
    recordCounts: Object.fromEntries(firstPages.map((f) => [String(f.page.type), f.page.totalRecords])),
    cacheHit: screened.pages.some((f) => f.fromCache),
  };
}

export async function createWatchMonitor(deps: WatchMonitorDeps): Promise<WatchMonitor> {
  const { boss, store } = deps;
  const log = deps.logger.child({ component: 'watch' });
  const retryDelays = deps.retryDelaysSeconds ?? DEFAULT_CHECK_RETRY_DELAYS_SECONDS;
  const leaseMs = deps.checkLeaseMs ?? RUN_LEASE_MS;

  await boss.createQueue(WATCH_CYCLE_QUEUE, { policy: 'exclusive' });
  await boss.createQueue(WATCH_EXPIRY_QUEUE, { policy: 'exclusive' });
  await boss.createQueue(WATCH_CHECK_QUEUE, {
    // an instance that died mid-check stops its heartbeat; the check resumes elsewhere within seconds
    heartbeatSeconds: 10,
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    expireInSeconds: 15 * 60,
  });

  const sendCheck = async (job: WatchCheckJob, attempt: number, startAfterSeconds?: number) => {
    await boss.send(WATCH_CHECK_QUEUE, job, {
      id: jobIdOf(job.watchId, job.cycleKey, String(attempt)),
      ...(startAfterSeconds === undefined ? {} : { startAfter: startAfterSeconds }),
    });
  };

  const notify = async (noticeId: string) => {
    try {
      await deps.deliverNotice(noticeId);
    } catch (error) {
      // stored: start() sends it again on the next start of any instance
      log.error({ err: error, noticeId }, 'watch notice stored but its delivery was not started');
    }
  };

  const nextCheck = (after: Date) => nextCheckAfter(deps.schedule, after);

  async function auditCheckStart(watch: WatchRow): Promise<string> {
    return deps.audit.start({
      requester: watch.owner,
      channel: watch.spec.alertTo.kind === 'thread' ? watch.spec.alertTo.channel : null,
      surface: 'schedule',
      api: 'risk',
      type: String(scopeOfTypes(watch.types)),
      subject: { keyword: watch.spec.keyword, realname: watch.spec.realname },
      purpose: watch.spec.purpose,
      consent: null,
    });
  }

  async function finishAudit(queryId: string, outcome: AuditedOutcome, startedAt: Date) {
    await deps.audit.finish(queryId, {
      recordCounts: {},
      ...outcome,
      latencyMs: deps.now().getTime() - startedAt.getTime(),
    });
  }

  async function runCheck(job: WatchCheckJob): Promise<void> {
    const claim = await store.claimCheck(job.watchId, job.cycleKey, deps.now(), leaseMs, job.start ?? 'due');
    if (claim.kind === 'none') return;
    // another worker runs this check now (or a baseline is still running): the job comes back later
    if (claim.kind === 'busy') throw new Error('watch check held by a live worker; retrying later');
    await whileLeased(
      {
        leaseMs,
        // fenced by the claim: an attempt that lost the check neither renews nor frees its lease
        writeUntil: (until) =>
          store.renewLease(job.watchId, { cycleKey: job.cycleKey, attempt: claim.attempt }, until),
        now: deps.now,
        onRenewFailed: (error) =>
          log.warn({ err: error, watchId: job.watchId }, 'watch check lease not renewed'),
      },
      () => runClaimedCheck(job, claim),
    );
  }

  async function runClaimedCheck(
    job: WatchCheckJob,
    claim: Extract<CheckClaim, { kind: 'claimed' }> & { unfinishedQueryId?: string },
  ): Promise<void> {
    const watch = await store.load(job.watchId);
    if (watch === undefined) return;
    // an attempt that died between its audit start and finish (a crash): it ends as interrupted, whether
    // this job resumes its check or a new cycle starts over it
    const unfinished = claim.queryId ?? claim.unfinishedQueryId;
    if (unfinished) {
      await finishAudit(unfinished, { ...UNEXPECTED_OUTCOME, outcome: 'interrupted' }, claim.startedAt);
    }
    const attemptStarted = deps.now();
    const queryId = await auditCheckStart(watch);
    await store.setCheckQueryId(watch.id, queryId);
    const subject = { keyword: watch.spec.keyword, realname: watch.spec.realname };
    let screened: ScreenedWatch;
    // every page this attempt got, so that one that fails later still audits what Juhe billed before
    const fetched: FetchedRiskPage[] = [];
    // The owner pays: what the last check cost is reserved up front (a check that would not fit is
    // refused before Juhe is asked), a source that grew reserves more page by page.
    const held = await deps.budgets.hold({ userId: watch.owner }, watch.callsPerCheck);
    if (!held.ok) {
      await finishAudit(queryId, BUDGET_EXCEEDED_OUTCOME, attemptStarted);
      await store.setCheckQueryId(watch.id, null);
      await checkRefusedByBudget(watch, job, held.refusal, watch.callsPerCheck);
      return;
    }
    try {
      screened = await screenWatchedSources(deps.screening, subject, watch.types, claim.startedAt, deps.now, {
        charge: held.hold,
        reserve: (calls) => held.hold.reserve(calls),
        resumed: claim.attempt > 1,
        fetched,
      });
    } catch (error) {
      await held.hold.close();
      if (error instanceof BudgetExceededError) {
        // the pages before it were billed; no baseline is built from part of the sources
        await finishAudit(queryId, budgetStoppedOutcome(fetched), attemptStarted);
        await store.setCheckQueryId(watch.id, null);
        // refused once the check's cost was known: that cost is kept, so the next cycle's hold asks for
        // all of it and is refused before Juhe is asked, instead of billing the first pages again
        const learned = error instanceof CheckCostRefusedError ? error.callsPerCheck : undefined;
        await checkRefusedByBudget(watch, job, error.refusal, learned ?? 1, learned);
        return;
      }
      if (!(error instanceof JuheError)) throw error;
      await finishAudit(queryId, failedAttemptOutcome(error, fetched), attemptStarted);
      await store.setCheckQueryId(watch.id, null);
      // this instance is stopping (its Juhe client closed): not a failure of the check, which the
      // job's retry resumes on an instance that runs
      if (SHUTTING_DOWN_CODES.has(error.code)) throw error;
      await checkFailed(watch, job, claim.attempt, error);
      return;
    }
    await held.hold.close();
    const now = deps.now();
    const changes = watch.baseline === null ? undefined : compareSnapshots(watch.baseline, screened.snapshot);
    const notice: NewNotice | undefined =
      changes !== undefined && hasChanges(changes)
        ? {
            id: randomUUID(),
            kind: 'changes',
            body: {
              watchId: watch.id,
              ...subject,
              types: watch.types,
              changes,
              checkedAt: now,
              comparedWith: watch.lastCheckedAt,
              truncatedTypes: screened.truncatedTypes,
            } satisfies ChangesNoticeBody,
          }
        : undefined;
    // the attempt is audited first and let go of: a crash before the result is recorded leaves a check
    // to resume (from the stored pages), never an attempt finished twice
    await finishAudit(queryId, checkAuditOutcome(screened), attemptStarted);
    await store.setCheckQueryId(watch.id, null);
    const recorded = await store.recordCheck(
      watch.id,
      job.cycleKey,
      {
        snapshot: screened.snapshot,
        counts: snapshotCounts(screened.snapshot),
        callsPerCheck: screened.callsPerCheck,
        changed: notice !== undefined,
        now,
        nextCheckAt: nextCheck(now),
      },
      notice,
    );
    if (!recorded) {
      // another worker took the check over (this one stalled past its lease), or the watch was stopped
      log.warn(
        { watchId: watch.id, cycleKey: job.cycleKey },
        'watch check no longer ours; its result not recorded',
      );
      return;
    }
    log.info(
      {
        watchId: watch.id,
        cycleKey: job.cycleKey,
        billedCalls: screened.billedCalls,
        pages: screened.pages.length,
        baseline: watch.baseline === null,
        changed: notice !== undefined,
      },
      'watch checked',
    );
    if (notice) await notify(notice.id);
    // the Home shows the baseline's counts from now on; later changes come with a notice, whose
    // delivery refreshes it (a refresh per check would read every watch of the owner every time)
    if (watch.baseline === null) await refreshOwner(watch.owner);
  }

  async function refreshOwner(owner: string) {
    await deps
      .onChecked?.(owner)
      .catch((error: unknown) => log.warn({ err: error }, 'App Home not refreshed after a check'));
  }

  async function checkFailed(watch: WatchRow, job: WatchCheckJob, attempt: number, error: JuheError) {
    // Juhe rejecting the query itself will not change by asking again; anything else may pass
    const retryIndex = attempt - 1;
    if (error.category !== 'input' && retryIndex < retryDelays.length) {
      log.warn(
        { watchId: watch.id, code: error.code, retryInSeconds: retryDelays[retryIndex] },
        'watch check failed; retrying later in the cycle',
      );
      // this attempt lets go of the check: the retry takes it up later in the cycle
      await store.renewLease(watch.id, { cycleKey: job.cycleKey, attempt }, deps.now());
      await sendCheck({ ...job, start: 'never' }, attempt + 1, retryDelays[retryIndex]);
      return;
    }
    const now = deps.now();
    const nextCheckAt = nextCheck(now);
    // told once: the same failure next cycle is not reported again, a different one is
    const notice: NewNotice | undefined =
      watch.reportedFailure === error.code
        ? undefined
        : {
            id: randomUUID(),
            kind: 'check_failed',
            body: {
              watchId: watch.id,
              keyword: watch.spec.keyword,
              realname: watch.spec.realname,
              types: watch.types,
              category: error.category,
              code: error.code,
              nextCheckAt,
            } satisfies FailureNoticeBody,
          };
    const recorded = await store.recordFailure(
      watch.id,
      job.cycleKey,
      { code: error.code, now, nextCheckAt },
      notice,
    );
    log.warn(
      { watchId: watch.id, code: error.code, reported: recorded && notice !== undefined },
      'watch check failed',
    );
    if (recorded && notice) await notify(notice.id);
  }

  /**
   * A budget refused the check: a failure like a Juhe error's, but not tried again in the cycle (the
   * budget resets at a day's or a month's start, not in 10 minutes); told once per budget.
   */
  async function checkRefusedByBudget(
    watch: WatchRow,
    job: WatchCheckJob,
    refusal: BudgetRefusal,
    needed: number,
    /** the cost of a check just learned, kept for the watch */
    callsPerCheck?: number,
  ) {
    const now = deps.now();
    const nextCheckAt = nextCheck(now);
    const code = budgetFailureCode(refusal);
    const notice: NewNotice | undefined =
      watch.reportedFailure === code
        ? undefined
        : {
            id: randomUUID(),
            kind: 'check_failed',
            body: {
              watchId: watch.id,
              keyword: watch.spec.keyword,
              realname: watch.spec.realname,
              types: watch.types,
              category: 'quota',
              code,
              nextCheckAt,
              budget: { ...refusal, needed },
            } satisfies FailureNoticeBody,
          };
    const recorded = await store.recordFailure(
      watch.id,
      job.cycleKey,
      callsPerCheck === undefined ? { code, now, nextCheckAt } : { code, now, nextCheckAt, callsPerCheck },
      notice,
    );
    log.warn(
      { watchId: watch.id, code, reported: recorded && notice !== undefined },
      'watch check refused by a budget',
    );
    if (recorded && notice) await notify(notice.id);
  }

  async function runCycle(options: { cycleKey?: string; everyActiveWatch?: boolean } = {}) {
    const now = deps.now();
    const cycleKey =
      options.cycleKey ??
      (options.everyActiveWatch
        ? `manual:${now.toISOString()}`
        : `cycle:${cycleSlotAt(deps.schedule, now).toISOString()}`);
    const start: CheckStart = options.everyActiveWatch ? 'any' : 'due';
    // a cron cycle takes what is due (a minute's slack for clocks); the manual trigger takes everything
    const ids = options.everyActiveWatch
      ? await store.activeIds(now)
      : await store.dueIds(new Date(now.getTime() + 60_000));
    // queued in bulk, each under the id of its watch and cycle: queued twice, a check is still one job
    for (let from = 0; from < ids.length; from += INSERT_CHUNK) {
      await boss.insert(
        WATCH_CHECK_QUEUE,
        ids.slice(from, from + INSERT_CHUNK).map((watchId) => ({
          id: jobIdOf(watchId, cycleKey, '1'),
          data: { watchId, cycleKey, start } satisfies WatchCheckJob,
        })),
      );
    }
    log.info({ cycleKey, watches: ids.length }, 'watch cycle queued');
    return { checked: ids.length };
  }

  async function runExpiry() {
    const now = deps.now();
    // a notice whose delivery job was lost or gave up (Slack down for an hour) is tried again hourly
    const sweep = `sweep:${now.toISOString().slice(0, 13)}`;
    for (const noticeId of await store.pendingNoticeIds(new Date(now.getTime() - STALE_NOTICE_MS))) {
      await deps
        .deliverNotice(noticeId, sweep)
        .catch((error: unknown) =>
          log.error({ err: error, noticeId }, 'watch notice still pending; not queued again'),
        );
    }
    const cutoff = new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000);
    for (const id of await store.toWarn(cutoff)) {
      const watch = await store.load(id);
      if (watch === undefined || watch.expiresAt <= now) continue;
      const notice = expiryNotice('expiry_warning', watch);
      if (await store.markWarned(id, now, cutoff, notice)) await notify(notice.id);
    }
    for (const id of await store.expiredIds(now)) {
      const watch = await store.load(id);
      if (watch === undefined) continue;
      const notice = expiryNotice('expired', watch);
      // audited before the change: a watch that ended unrecorded could not be expired again to record it
      const audited = await startWatchEvent(deps.audit, watch, {
        requester: watch.owner,
        surface: 'schedule',
      });
      const ended = await store.end(id, 'expired', 'schedule', now, notice);
      await audited.finish(ended ? 'watch_expired' : 'not_active');
      if (ended) await notify(notice.id);
    }
  }

  return {
    async checkNow(watchId) {
      await sendCheck({ watchId, cycleKey: `baseline:${watchId}`, start: 'baseline' }, 1);
    },
    runCycle,
    runExpiry,
    async start() {
      // Batches of 4, fetched again at once while they come full: one job per poll would cap an
      // instance at 8 checks a second however idle it is (npm run bench). Each job succeeds or fails
      // on its own, so one busy or failed check never re-runs the others.
      await boss.work<WatchCheckJob>(
        WATCH_CHECK_QUEUE,
        { pollingIntervalSeconds: 0.5, batchSize: 4, burstWhenBatchFull: true, perJobResults: true },
        async (jobs) =>
          Promise.all(
            jobs.map(async (job): Promise<JobResult> => {
              try {
                await runCheck(job.data);
                return { id: job.id, status: 'completed' };
              } catch (error) {
                log.warn(
                  { err: error, watchId: job.data.watchId },
                  'watch check job failed; pg-boss retries it',
                );
                return {
                  id: job.id,
                  status: 'failed',
                  output: { message: String((error as Error).message) },
                };
              }
            }),
          ),
      );
      await boss.work<{ cycleKey?: string }>(WATCH_CYCLE_QUEUE, async ([job]) => {
        await runCycle(job?.data?.cycleKey ? { cycleKey: job.data.cycleKey } : {});
      });
      await boss.work(WATCH_EXPIRY_QUEUE, async () => {
        await runExpiry();
      });
      await boss.schedule(WATCH_CYCLE_QUEUE, deps.schedule, null, { tz: WATCH_TIME_ZONE, missed: 'once' });
      await boss.schedule(WATCH_EXPIRY_QUEUE, WATCH_EXPIRY_CRON, null, { missed: 'once' });
      for (const noticeId of await store.pendingNoticeIds()) await notify(noticeId);
    },
  };
}

/** A week ahead of the end, or at it: what the owner is told, with the date it ends. */
function expiryNotice(kind: 'expiry_warning' | 'expired', watch: WatchRow): NewNotice {
  const body: ExpiryNoticeBody = {
    watchId: watch.id,
    keyword: watch.spec.keyword,
    realname: watch.spec.realname,
    types: watch.types,
    expiresAt: watch.expiresAt,
  };
  return { id: randomUUID(), kind, body };
}

/**
 * A change to a watch itself (expired by the schedule): one audit row, started before the change is made
 * and finished with what became of it.
 */
export async function startWatchEvent(
  audit: AuditLog,
  watch: Pick<WatchRow, 'types' | 'spec'>,
  who: { requester: string; surface: 'schedule' },
): Promise<{ finish(outcome: string): Promise<void> }> {
  const startedAt = Date.now();
  const queryId = await audit.start({
    requester: who.requester,
    channel: null,
    surface: who.surface,
    api: 'watch',
    type: String(scopeOfTypes(watch.types)),
    subject: { keyword: watch.spec.keyword, realname: watch.spec.realname },
    purpose: watch.spec.purpose,
    consent: null,
  });
  return {
    async finish(outcome) {
      await audit.finish(queryId, {
        outcome,
        billed: false,
        orderIds: [],
        recordCounts: {},
        latencyMs: Date.now() - startedAt,
        cacheHit: false,
      });
    },
  };
}

/** A failed attempt: the error's code, and whatever Juhe billed for the pages that came before it. */
function failedAttemptOutcome(error: JuheError, fetched: readonly FetchedRiskPage[]): AuditedOutcome {
  return {
    ...juheErrorOutcome(error),
    billed: error.billed || fetched.some((page) => page.page.billed),
    orderIds: fetched.flatMap((page) => (page.page.orderId ? [page.page.orderId] : [])),
    cacheHit: fetched.some((page) => page.fromCache),
  };
}

/** A check a budget stopped part way: refused, with whatever Juhe billed for the pages before it. */
function budgetStoppedOutcome(fetched: readonly FetchedRiskPage[]): AuditedOutcome {
  return {
    ...BUDGET_EXCEEDED_OUTCOME,
    billed: fetched.some((page) => page.page.billed),
    orderIds: fetched.flatMap((page) => (page.page.orderId ? [page.page.orderId] : [])),
    cacheHit: fetched.some((page) => page.fromCache),
  };
}
