import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { PgBoss } from 'pg-boss';
import {
  type AuditedOutcome,
  ComplianceRecordUnavailableError,
  UNEXPECTED_OUTCOME,
} from '../../audit/auditLog.js';
import type { AuditTrail } from '../../audit/auditTrail.js';
import { type EagerWorkers, startEagerWorkers } from '../../jobs/eagerWorkers.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { Logger } from '../../logging/logger.js';
import type { LookupRow, LookupStore } from '../../lookups/lookupStore.js';
import { type Database, databaseErrorReason } from '../../store/database.js';
import type { SlackMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import type { Presenter } from '../presenter.js';
import type { ResponseUrlPolicy } from '../responseUrl.js';
import { backoffSeconds, classifyDeliveryFailure } from './deliveryFailure.js';
import { journaledOutbox } from './journaledOutbox.js';
import { createOutbox, type Outbox } from './outbox.js';
import { directMessage, type PrivateAudience } from './privateReply.js';

export const DELIVERY_QUEUE = 'lookup-delivery';
/** deliveries run at once in one instance */
const DELIVERY_WORKERS = 4;

/** How long a delivery keeps trying through 429s, 5xx and network errors before the DM fallback. */
export const DELIVERY_WINDOW_MS = 30 * 60_000;
/** How long after that the DM fallback keeps trying before the lookup is settled as failed. */
const DM_FALLBACK_MS = 60 * 60_000;

/** What a lookup stores about its request: the flow's own plan, and who gets the answer. */
export interface StoredLookupRequest<Plan = unknown> {
  flow: string;
  requesterId: string;
  audience: PrivateAudience;
  plan: Plan;
}

interface StoredAnswer<Answer = unknown> {
  answer: Answer;
  audit: AuditedOutcome;
}

/** How one flow puts a stored answer in front of the person; run by the delivery worker. */
export interface LookupDeliverer<Plan = unknown, Answer = unknown> {
  deliver(outbox: Outbox, request: StoredLookupRequest<Plan>, answer: Answer): Promise<void>;
  /** the way that cannot be refused: the app's DM with the requester */
  deliverPrivately(outbox: Outbox, request: StoredLookupRequest<Plan>, answer: Answer): Promise<void>;
  /** the process died while Juhe was answering: say so where the answer would have gone */
  interrupted(outbox: Outbox, request: StoredLookupRequest<Plan>): Promise<void>;
}

export interface OpenLookup {
  id: string;
  /**
   * Runs the Juhe call: its answer, or the JuheError it failed with (an answer to deliver too). Any other
   * failure abandons the lookup and is rethrown for the unexpected-error handler.
   */
  ask<T>(call: () => Promise<T>): Promise<{ answered: T } | { error: JuheError }>;
  /** the moment Juhe answered: sealed and stored, then audited, then handed to the delivery worker */
  answered(answer: unknown, outcome: AuditedOutcome): Promise<void>;
  /** no answer will come (a failure nobody foresaw, reported by the error handler) */
  abandon(): Promise<void>;
}

export interface LookupDeliveries {
  /** before Juhe is called; the query must already be described (its start row written) */
  open(scope: RequestScope, flow: string, plan: unknown): Promise<OpenLookup>;
  /** registers the worker; deliveries already waiting (a restart) resume now */
  startWorker(deliverers: Readonly<Record<string, LookupDeliverer>>): Promise<void>;
}

interface DeliveryJob {
  lookupId: string;
  /** woken by the answer, rather than by the watchdog that fires if the process died */
  answered?: boolean;
  /** the lookup was interrupted and telling the requester failed for now: try again */
  interruptedNotice?: boolean;
}

export interface LookupDeliveriesDeps {
  boss: PgBoss;
  store: LookupStore;
  trail: AuditTrail;
  database: Database;
  /** a client that reports 429 and 5xx instead of retrying itself: the job decides when to retry */
  client: webApi.WebClient;
  present: Presenter;
  responseUrlPolicy: ResponseUrlPolicy;
  logger: Logger;
  /** the longest a Juhe lookup can take, retries included: past it, an unanswered lookup was interrupted */
  lookupDeadlineMs: number;
  resultRetentionHours: number;
  /** what the requester reads when the process died while Juhe was answering, if its place is gone */
  interruptedMessage: SlackMessage;
  now: () => Date;
}

export async function createLookupDeliveries(deps: LookupDeliveriesDeps): Promise<LookupDeliveries> {
  const { boss, store, logger } = deps;
  const log = logger.child({ component: 'delivery' });
  await boss.createQueue(DELIVERY_QUEUE, {
    // one delivery of a lookup at a time, however many instances poll
    policy: 'singleton',
    // a worker that died holding a job stops sending heartbeats; the job is retried within seconds
    heartbeatSeconds: 10,
    retryLimit: 50,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 60,
    expireInSeconds: 15 * 60,
  });
  // set once the worker starts: an answer stored wakes one idle delivery worker
  let workers: EagerWorkers | undefined;
  const watchdogSeconds = Math.ceil(deps.lookupDeadlineMs / 1000) + 5;

  const wake = () => workers?.wake();
  const sendJob = (job: DeliveryJob, startAfterSeconds?: number) =>
    boss.send(DELIVERY_QUEUE, job, {
      singletonKey: job.lookupId,
      ...(startAfterSeconds === undefined ? {} : { startAfter: startAfterSeconds }),
    });

  async function finishAuditIfMissing(row: LookupRow<unknown, unknown>, outcome: AuditedOutcome) {
    const { rows } = await deps.database.query(
      "select 1 from audit_log where query_id = $1 and entry_kind = 'finish' limit 1",
      [row.queryId],
    );
    if (rows.length > 0) return;
    const end = row.answeredAt ?? deps.now();
    await deps.trail.finish(row.queryId, {
      recordCounts: {},
      ...outcome,
      latencyMs: end.getTime() - row.createdAt.getTime(),
    });
  }

  async function runJob(job: DeliveryJob, deliverers: Readonly<Record<string, LookupDeliverer>>) {
    const row = await store.load<StoredLookupRequest, StoredAnswer>(job.lookupId);
    if (row === undefined) return;
    const deliverer = deliverers[row.request.flow];
    if (deliverer === undefined) throw new Error(`no deliverer for flow ${row.request.flow}`);
    const noticeStillOwed =
      job.interruptedNotice === true && row.state === 'interrupted' && row.answer === null;
    if (row.state !== 'pending' && !noticeStillOwed) return;
    const plain = createOutbox({
      client: deps.client,
      present: deps.present,
      logger: log,
      responseUrlPolicy: deps.responseUrlPolicy,
    });
    const outbox = journaledOutbox(plain, row.steps, (index, entry) =>
      store.recordStep(row.id, index, entry),
    );
    const now = deps.now();

    const tellInterrupted = async () => {
      try {
        await deliverer.interrupted(outbox, row.request);
      } catch (error) {
        const failure = classifyDeliveryFailure(error);
        if (failure.kind !== 'permanent') {
          await sendJob({ lookupId: row.id, interruptedNotice: true }, backoffSeconds(row.attempts + 1));
          await store.recordAttempt(row.id, failure.reason, deps.now());
          return;
        }
        // where it was asked is gone (a deleted placeholder, a closed modal): the person still hears of it
        await plain.replyPrivately(directMessage(row.request.requesterId), deps.interruptedMessage);
      }
    };
    if (noticeStillOwed) {
      await tellInterrupted();
      return;
    }

    if (row.answer === null) {
      const waited = now.getTime() - row.createdAt.getTime();
      if (waited < watchdogSeconds * 1000) {
        await sendJob({ lookupId: row.id }, Math.ceil((watchdogSeconds * 1000 - waited) / 1000));
        return;
      }
      // only if the answer has not arrived meanwhile (then its own job delivers it)
      if (!(await store.markInterrupted(row.id, now))) return;
      log.warn({ lookupId: row.id, queryId: row.queryId }, 'lookup interrupted before Juhe answered');
      await finishAuditIfMissing(row, { ...UNEXPECTED_OUTCOME, outcome: 'interrupted' });
      await tellInterrupted();
      return;
    }

    // the request may have died, or failed to write it, between storing the answer and auditing it
    await finishAuditIfMissing(row, row.answer.audit);
    try {
      await deliverer.deliver(outbox, row.request, row.answer.answer);
      await store.settle(row.id, 'delivered', deps.now());
      return;
    } catch (error) {
      const failure = classifyDeliveryFailure(error);
      await store.recordAttempt(row.id, failure.reason, now);
      const sinceAnswer = now.getTime() - (row.answeredAt ?? row.createdAt).getTime();
      const delaySeconds =
        failure.kind === 'rate_limited' ? failure.retryAfterSeconds : backoffSeconds(row.attempts + 1);
      if (failure.kind !== 'permanent' && sinceAnswer + delaySeconds * 1000 < DELIVERY_WINDOW_MS) {
        log.info(
          {
            lookupId: row.id,
            reason: failure.reason,
            retryInSeconds: delaySeconds,
            attempt: row.attempts + 1,
          },
          'Slack did not take the delivery; retrying',
        );
        await sendJob({ lookupId: row.id, answered: true }, delaySeconds);
        return;
      }
      log.warn(
        { lookupId: row.id, reason: failure.reason },
        'delivering the answer to the requester by DM instead',
      );
    }
    // Given up on where it was asked: the app's DM, which needs nothing but the bot token.
    try {
      await deliverer.deliverPrivately(plain, row.request, row.answer.answer);
      await store.settle(row.id, 'delivered', deps.now(), 'delivered by DM');
    } catch (error) {
      const failure = classifyDeliveryFailure(error);
      const sinceAnswer = deps.now().getTime() - (row.answeredAt ?? row.createdAt).getTime();
      // the DM is tried for an hour past the window, then the failure is an operator's to see
      if (failure.kind !== 'permanent' && sinceAnswer < DELIVERY_WINDOW_MS + DM_FALLBACK_MS) {
        await sendJob({ lookupId: row.id, answered: true }, 60);
        return;
      }
      log.error({ lookupId: row.id, reason: failure.reason }, 'could not deliver a stored answer anywhere');
      await store.settle(row.id, 'failed', deps.now(), failure.reason);
    }
  }

  let workerDeliverers: Readonly<Record<string, LookupDeliverer>> = {};
  async function deliverDirectly(request: StoredLookupRequest, answer: unknown): Promise<void> {
    const deliverer = workerDeliverers[request.flow];
    if (deliverer === undefined) throw new Error(`no deliverer for flow ${request.flow}`);
    const outbox = createOutbox({
      client: deps.client,
      present: deps.present,
      logger: log,
      responseUrlPolicy: deps.responseUrlPolicy,
    });
    try {
      await deliverer.deliver(outbox, request, answer);
    } catch (error) {
      log.warn({ err: error }, 'direct delivery failed where it was asked; sending it by DM');
      await deliverer.deliverPrivately(outbox, request, answer);
    }
  }

  return {
    async open(scope, flow, plan) {
      const queryId = scope.audit.queryId;
      if (queryId === undefined) throw new Error('a lookup opens only after its query was described');
      const id = randomUUID();
      const now = deps.now();
      const request: StoredLookupRequest = {
        flow,
        requesterId: scope.userId,
        audience: scope.audience,
        plan,
      };
      let jobId: string | null;
      try {
        await store.open({
          id,
          queryId,
          api: flow,
          request,
          now,
          expiresAt: new Date(now.getTime() + deps.resultRetentionHours * 3_600_000),
        });
        jobId = await sendJob({ lookupId: id }, watchdogSeconds);
      } catch (error) {
        // Nothing asked of Juhe yet: refuse the lookup like any other that cannot be recorded.
        throw new ComplianceRecordUnavailableError({ cause: error });
      }
      const lookup: OpenLookup = {
        id,
        async ask(call) {
          try {
            return { answered: await call() };
          } catch (error) {
            if (error instanceof JuheError) return { error };
            await lookup.abandon().catch(() => {});
            throw error;
          }
        },
        async answered(answer, outcome) {
          let stored = false;
          try {
            stored = await store.storeAnswer(
              id,
              { answer, audit: outcome } satisfies StoredAnswer,
              deps.now(),
            );
          } catch (error) {
            log.error({ reason: databaseErrorReason(error), lookupId: id }, 'could not store a Juhe answer');
          }
          // The delivery owns the screen from here: a later failure must not overwrite the placeholder.
          scope.progress = [];
          if (!stored) {
            // Juhe has answered (and maybe billed) but the database cannot keep it: deliver from memory
            // now rather than lose it, and stand the watchdog down where the database still lets us.
            await scope.audit.complete(outcome);
            await deliverDirectly(request, answer);
            await store.settle(id, 'delivered', deps.now(), 'delivered directly').catch(() => {});
            if (jobId !== null) await boss.cancel(DELIVERY_QUEUE, jobId).catch(() => {});
            return;
          }
          try {
            await scope.audit.complete(outcome);
            // The watchdog job, moved to now; if it already ran (a very slow answer) a new one is sent.
            const moved =
              jobId === null
                ? { updated: 0 }
                : await boss.update(
                    DELIVERY_QUEUE,
                    { lookupId: id, answered: true },
                    { id: jobId, startAfter: 0 },
                  );
            if (moved.updated === 0) await sendJob({ lookupId: id, answered: true });
            wake();
          } catch (error) {
            // The answer is stored: the watchdog job delivers it at the lookup's deadline.
            log.error(
              { reason: databaseErrorReason(error), lookupId: id },
              'delivery not started; the watchdog will',
            );
          }
        },
        async abandon() {
          await store.settle(id, 'failed', deps.now(), 'abandoned after an unexpected failure');
        },
      };
      return lookup;
    },
    async startWorker(deliverers) {
      workerDeliverers = deliverers;
      workers = await startEagerWorkers<DeliveryJob>(boss, DELIVERY_QUEUE, DELIVERY_WORKERS, (job) =>
        runJob(job, deliverers),
      );
    },
  };
}
