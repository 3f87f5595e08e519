import type { webApi } from '@slack/bolt';
import type { PgBoss } from 'pg-boss';
import type { Locale } from '../../i18n/catalog.js';
import { startEagerWorkers } from '../../jobs/eagerWorkers.js';
import type { Logger } from '../../logging/logger.js';
import type { ChangesNoticeBody, ExpiryNoticeBody, FailureNoticeBody } from '../../watches/watchMonitor.js';
import { jobIdOf } from '../../watches/watchMonitor.js';
import type { NoticeRow, WatchStore } from '../../watches/watchStore.js';
import {
  checkFailedMessage,
  expiryWarningMessage,
  watchAlertMessage,
  watchExpiredMessage,
} from '../blocks/watchNotices.js';
import type { JuheDataMessage, SlackMessage } from '../message.js';
import type { Presenter } from '../presenter.js';
import type { ResponseUrlPolicy } from '../responseUrl.js';
import { classifyDeliveryFailure } from './deliveryFailure.js';
import { journaledOutbox } from './journaledOutbox.js';
import { createOutbox } from './outbox.js';

export const WATCH_NOTICE_QUEUE = 'watch-notice';

/** Attempts before a notice is given up (and logged as an error): about an hour of backoff. */
const NOTICE_ATTEMPTS_MAX = 30;

export interface WatchNoticeDeliveries {
  /**
   * Queues a stored notice for delivery. `sweep` names a later attempt to send one still pending (the
   * hourly sweep): a new job then, while one delivery of a notice runs at a time (singleton).
   */
  deliver(noticeId: string, sweep?: string): Promise<void>;
  start(): Promise<void>;
}

export interface WatchNoticeDeliveriesDeps {
  boss: PgBoss;
  store: WatchStore;
  /** reports 429 and 5xx instead of retrying: the job decides when to try again */
  client: webApi.WebClient;
  present: Presenter;
  responseUrlPolicy: ResponseUrlPolicy;
  logger: Logger;
  locale: Locale;
  maxDays: number;
  /** after a notice reached its owner: their App Home shows it */
  onDelivered?: (owner: string) => Promise<void>;
}

/** The message a stored notice becomes: formatted when it is sent, from what the check stored. */
export function noticeMessage(
  locale: Locale,
  notice: NoticeRow,
  maxDays: number,
): SlackMessage | JuheDataMessage {
  switch (notice.kind) {
    case 'changes':
      return watchAlertMessage({
        locale,
        noticeId: notice.id,
        body: notice.body as ChangesNoticeBody,
        ...(notice.acknowledgedBy && notice.acknowledgedAt
          ? { acknowledged: { user: notice.acknowledgedBy, at: notice.acknowledgedAt } }
          : {}),
      });
    case 'expiry_warning':
      return expiryWarningMessage(locale, notice.body as ExpiryNoticeBody, maxDays);
    case 'expired':
      return watchExpiredMessage(locale, notice.body as ExpiryNoticeBody, maxDays);
    case 'check_failed':
      return checkFailedMessage(locale, notice.body as FailureNoticeBody);
  }
}

/**
 * What a watch tells its watcher, delivered by a durable job: into the compliance thread the watch was
 * started from, else (or when that thread cannot be reached for good) the owner's DM with the app. Each
 * Slack call is journaled like a lookup's delivery, so a retry or a restart never posts a notice twice.
 */
export async function createWatchNoticeDeliveries(
  deps: WatchNoticeDeliveriesDeps,
): Promise<WatchNoticeDeliveries> {
  const { boss, store } = deps;
  const log = deps.logger.child({ component: 'watch-notice' });
  await boss.createQueue(WATCH_NOTICE_QUEUE, {
    // one delivery of a notice at a time, however many jobs a sweep queued for it
    policy: 'singleton',
    heartbeatSeconds: 10,
    // Slack's 429s and outages: tried with backoff for about an hour, then the notice is marked failed
    retryLimit: NOTICE_ATTEMPTS_MAX,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 300,
    expireInSeconds: 5 * 60,
  });

  async function run(noticeId: string): Promise<void> {
    const notice = await store.loadNotice(noticeId);
    if (notice === undefined || notice.state !== 'pending') return;
    const watch = await store.load(notice.watchId);
    if (watch === undefined) return;
    const outbox = journaledOutbox(
      createOutbox({
        client: deps.client,
        present: deps.present,
        logger: log,
        responseUrlPolicy: deps.responseUrlPolicy,
      }),
      notice.steps,
      (index, entry) => store.recordNoticeStep(notice.id, index, entry),
    );
    const message = noticeMessage(deps.locale, notice, deps.maxDays);
    const { alertTo } = watch.spec;
    let posted: { channel: string; ts: string } | undefined;
    try {
      if (alertTo.kind === 'thread') {
        try {
          const ts = await outbox.post(alertTo.channel, message, alertTo.threadTs);
          posted = { channel: alertTo.channel, ts };
        } catch (error) {
          // the thread's channel is gone or the bot was removed: the watcher still hears of it
          if (classifyDeliveryFailure(error).kind !== 'permanent') throw error;
          log.warn(
            { noticeId, reason: classifyDeliveryFailure(error).reason },
            'alert thread unreachable; sent by DM',
          );
        }
      }
      if (posted === undefined) {
        const channel = await outbox.openDm(watch.owner);
        posted = { channel, ts: await outbox.post(channel, message) };
      }
    } catch (error) {
      await store.recordNoticeAttempt(notice.id);
      const failure = classifyDeliveryFailure(error);
      if (failure.kind === 'permanent' || notice.attempts + 1 >= NOTICE_ATTEMPTS_MAX) {
        log.error({ noticeId, reason: failure.reason }, 'could not deliver a watch notice');
        await store.settleNotice(notice.id, 'failed');
        return;
      }
      // pg-boss retries the job with backoff
      throw error;
    }
    await store.settleNotice(notice.id, 'delivered', posted);
    // acknowledged (on the App Home) while it was being posted: the message says so too
    const settled = await store.loadNotice(notice.id);
    if (notice.acknowledgedAt === null && settled?.acknowledgedAt) {
      await outbox
        .update(posted.channel, posted.ts, noticeMessage(deps.locale, settled, deps.maxDays))
        .catch((error: unknown) => log.warn({ err: error, noticeId }, 'alert not marked acknowledged'));
    }
    await deps
      .onDelivered?.(watch.owner)
      .catch((error: unknown) => log.warn({ err: error }, 'App Home not refreshed after a notice'));
  }

  return {
    async deliver(noticeId, sweep) {
      // the notice's id is the job's: queued again after a crash, it is still one job
      await boss.send(
        WATCH_NOTICE_QUEUE,
        { noticeId },
        { id: sweep === undefined ? noticeId : jobIdOf(noticeId, sweep), singletonKey: noticeId },
      );
    },
    async start() {
      // four at a time, each taking the next notice as soon as it is done (a cycle can raise many)
      await startEagerWorkers<{ noticeId: string }>(boss, WATCH_NOTICE_QUEUE, 4, (job) => run(job.noticeId));
    },
  };
}
