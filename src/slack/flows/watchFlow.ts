import { randomUUID } from 'node:crypto';
import type { AuditedOutcome } from '../../audit/auditLog.js';
import { type RiskScope, type RiskType, scopeOfTypes, typesOfScope } from '../../domain/riskType.js';
import { type WatchCost, watchCost } from '../../domain/watchCost.js';
import { t } from '../../i18n/catalog.js';
import type { ChangesNoticeBody } from '../../watches/watchMonitor.js';
import { checksPerMonth, nextCheckAfter } from '../../watches/watchSchedule.js';
import type { AlertDestination, WatchRow } from '../../watches/watchStore.js';
import type { AppServices } from '../appServices.js';
import { formatCstTime } from '../blocks/footer.js';
import type { WatchSummary } from '../blocks/watchList.js';
import { watchListMessage, watchStatusMessage } from '../blocks/watchList.js';
import { type AlertsGoTo, riskWatchModal, watchStartedView } from '../blocks/watchModal.js';
import { watchAlertMessage } from '../blocks/watchNotices.js';
import { sourcesText, watchSubjectText } from '../blocks/watchText.js';
import type { SlackMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import { encodeViewOrigin, type ViewOrigin } from '../viewMetadata.js';
import { publishHome } from './homeFlow.js';

export type WatchCounts = Partial<Record<'1' | '2' | '3', number>>;

/**
 * Alerts go to the compliance thread the result was in; anything else (a private result, a command, a
 * channel that is not a compliance channel) goes to the owner's DM with the app.
 */
export function alertDestinationFor(
  services: Pick<AppServices, 'complianceChannels'>,
  where: { channelId: string; threadTs?: string | undefined },
): AlertDestination {
  return where.threadTs && services.complianceChannels.has(where.channelId)
    ? { kind: 'thread', channel: where.channelId, threadTs: where.threadTs }
    : { kind: 'dm' };
}

function alertsGoTo(destination: AlertDestination): AlertsGoTo {
  return destination.kind === 'thread' ? { kind: 'thread', channel: destination.channel } : { kind: 'dm' };
}

export function costOf(
  services: Pick<AppServices, 'watches' | 'now'>,
  types: readonly RiskType[],
  counts: Readonly<Record<string, number>>,
): WatchCost {
  return watchCost(types, counts, checksPerMonth(services.watches.config.schedule, services.now()));
}

function endsOn(services: Pick<AppServices, 'watches' | 'now'>): Date {
  return new Date(services.now().getTime() + services.watches.config.maxDays * 86_400_000);
}

/** The risk_watch modal, prefilled; its private_metadata remembers where alerts go and the counts shown. */
export async function openWatchModal(
  services: AppServices,
  scope: RequestScope,
  input: {
    triggerId: string;
    initial: { keyword?: string; realname?: string; scope?: RiskScope };
    counts: WatchCounts;
    alertTo: AlertDestination;
    /** the response_url of the command or click, for replies about this watch */
    responseUrl?: string;
  },
): Promise<void> {
  const origin: ViewOrigin = {
    channelId: input.alertTo.kind === 'thread' ? input.alertTo.channel : scope.userId,
    ...(input.alertTo.kind === 'thread' ? { threadTs: input.alertTo.threadTs } : {}),
    ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
    counts: input.counts,
  };
  await scope.outbox.openView(
    input.triggerId,
    riskWatchModal({
      locale: services.locale,
      initial: input.initial,
      alertsTo: alertsGoTo(input.alertTo),
      cost: costOf(services, typesOfScope(input.initial.scope ?? 'all'), input.counts),
      schedule: services.watches.config.schedule,
      endsOn: endsOn(services),
      privateMetadata: encodeViewOrigin(origin),
    }),
  );
}

function unbilled(outcome: string): AuditedOutcome {
  return { outcome, billed: false, orderIds: [], cacheHit: false };
}

/**
 * A change to a watch, audited around it: described (durably) before the change is made, completed
 * with what became of it — so no watch changes without its row, and a refused change is on record too.
 */
async function auditedWatchChange(
  scope: RequestScope,
  watch: { types: readonly RiskType[]; spec: { keyword: string; realname: string; purpose: string } },
  change: () => Promise<string>,
): Promise<string> {
  await scope.audit.describe({
    api: 'watch',
    type: String(scopeOfTypes(watch.types)),
    subject: { keyword: watch.spec.keyword, realname: watch.spec.realname },
    purpose: watch.spec.purpose,
    consent: null,
  });
  const outcome = await change();
  await scope.audit.complete(unbilled(outcome));
  return outcome;
}

export type StartWatchResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * A submitted risk_watch modal whose fields passed: stored (sealed), audited, confirmed in the modal,
 * and its first check — the baseline — queued at once.
 */
export async function startWatch(
  services: AppServices,
  scope: RequestScope,
  submission: { keyword: string; realname: string; scope: RiskScope; purpose: string },
  origin: { alertTo: AlertDestination; counts: WatchCounts },
): Promise<StartWatchResult> {
  const { locale } = services;
  const { store, monitor, config } = services.watches;
  const types = typesOfScope(submission.scope);
  const subject = { keyword: submission.keyword, realname: submission.realname };
  const existing = await store.findActive(scope.userId, subject);
  if (existing !== undefined) {
    return {
      ok: false,
      errors: { keyword: t(locale, 'watch.duplicate', { sources: sourcesText(locale, existing.types) }) },
    };
  }
  const now = services.now();
  const cost = costOf(services, types, origin.counts);
  const spec = { ...subject, purpose: submission.purpose, alertTo: origin.alertTo };
  const id = randomUUID();
  const outcome = await auditedWatchChange(scope, { types, spec }, async () => {
    const added = await store.add({
      id,
      owner: scope.userId,
      now,
      expiresAt: endsOn(services),
      types,
      spec,
      callsPerCheck: cost.calls,
      nextCheckAt: now,
    });
    return added ? 'watch_added' : 'watch_duplicate';
  });
  if (outcome !== 'watch_added') {
    // a double submit raced the first: the first one is the watch
    return {
      ok: false,
      errors: { keyword: t(locale, 'watch.duplicate', { sources: sourcesText(locale, types) }) },
    };
  }
  await scope.ackWithView(
    watchStartedView({
      locale,
      subject: { ...subject, types },
      alertsTo: alertsGoTo(origin.alertTo),
      cost,
      schedule: config.schedule,
      nextCheck: nextCheckAfter(config.schedule, now),
      endsOn: endsOn(services),
    }),
  );
  await monitor.checkNow(id);
  await publishHome(services, scope.outbox, scope.userId);
  return { ok: true };
}

/**
 * The owner's watches as lists show them. The schedule is read once for all of them: the next firing
 * and the checks a month are the same for every watch.
 */
export function watchSummaries(
  services: Pick<AppServices, 'watches' | 'now'>,
  watches: readonly WatchRow[],
): WatchSummary[] {
  const now = services.now();
  const { schedule } = services.watches.config;
  const nextFiring = nextCheckAfter(schedule, now);
  const monthly = checksPerMonth(schedule, now);
  return watches.map((watch) => ({
    id: watch.id,
    subject: { keyword: watch.spec.keyword, realname: watch.spec.realname, types: watch.types },
    nextCheckAt: watch.nextCheckAt !== null && watch.nextCheckAt > now ? watch.nextCheckAt : nextFiring,
    lastChangeAt: watch.lastChangeAt,
    expiresAt: watch.expiresAt,
    counts: watch.baselineAt === null ? null : watch.counts,
    cost: watchCost(watch.types, watch.baselineAt === null ? {} : watch.counts, monthly),
  }));
}

/** `/risk watches`: the requester's watches and what they cost together. */
export async function watchesMessage(services: AppServices, userId: string): Promise<SlackMessage> {
  const rows = await services.watches.store.listByOwner(userId);
  return watchListMessage({
    locale: services.locale,
    watches: watchSummaries(services, rows),
    schedule: services.watches.config.schedule,
    checksPerMonth: checksPerMonth(services.watches.config.schedule, services.now()),
  });
}

/** Stop watching or Renew, from a list, a warning or the App Home: only the watch's owner may. */
export async function changeWatch(
  services: AppServices,
  scope: RequestScope,
  watchId: string,
  change: 'stop' | 'renew',
): Promise<SlackMessage> {
  const { locale } = services;
  const { store } = services.watches;
  const watch = await store.load(watchId);
  if (watch === undefined || watch.state !== 'active')
    return watchStatusMessage(t(locale, 'watch.notActive'));
  if (watch.owner !== scope.userId) return watchStatusMessage(t(locale, 'watch.notYours'));
  const named = { keyword: watch.spec.keyword, realname: watch.spec.realname, types: watch.types };
  if (change === 'stop') {
    const stopped = await auditedWatchChange(scope, watch, async () =>
      (await store.end(watch.id, 'stopped', scope.userId, services.now())) ? 'watch_stopped' : 'not_active',
    );
    if (stopped !== 'watch_stopped') return watchStatusMessage(t(locale, 'watch.notActive'));
    await publishHome(services, scope.outbox, scope.userId);
    return watchStatusMessage(t(locale, 'watch.stopped', { subject: watchSubjectText(locale, named) }));
  }
  const expiresAt = endsOn(services);
  const renewed = await auditedWatchChange(scope, watch, async () =>
    (await store.renew(watch.id, expiresAt)) ? 'watch_renewed' : 'not_active',
  );
  if (renewed !== 'watch_renewed') return watchStatusMessage(t(locale, 'watch.notActive'));
  await publishHome(services, scope.outbox, scope.userId);
  return watchStatusMessage(
    t(locale, 'watch.renewed', {
      subject: watchSubjectText(locale, named),
      date: formatCstTime(expiresAt).slice(0, 10),
    }),
  );
}

/**
 * "Acknowledge" on an alert (in its thread, the DM or the App Home): the first click is recorded and
 * audited, and the alert message itself is updated, so everyone in the thread sees who and when. False
 * when the button names no alert (stale).
 */
export async function acknowledgeAlert(
  services: AppServices,
  scope: RequestScope,
  noticeId: string | undefined,
): Promise<boolean> {
  const { store } = services.watches;
  const notice = noticeId ? await store.loadNotice<ChangesNoticeBody>(noticeId) : undefined;
  if (notice === undefined || notice.kind !== 'changes') return false;
  const watch = await store.load(notice.watchId);
  const audited = {
    types: notice.body.types,
    spec: {
      keyword: notice.body.keyword,
      realname: notice.body.realname,
      purpose: watch?.spec.purpose ?? '',
    },
  };
  if (await store.acknowledge(notice.id, scope.userId, services.now())) {
    await auditedWatchChange(scope, audited, async () => 'alert_acknowledged');
  }
  const acknowledged = await store.loadNotice<ChangesNoticeBody>(notice.id);
  if (
    acknowledged?.channel &&
    acknowledged.messageTs &&
    acknowledged.acknowledgedBy &&
    acknowledged.acknowledgedAt
  ) {
    await scope.outbox.update(
      acknowledged.channel,
      acknowledged.messageTs,
      watchAlertMessage({
        locale: services.locale,
        noticeId: notice.id,
        body: acknowledged.body,
        acknowledged: { user: acknowledged.acknowledgedBy, at: acknowledged.acknowledgedAt },
      }),
    );
  }
  await publishHome(services, scope.outbox, notice.owner);
  if (scope.userId !== notice.owner) await publishHome(services, scope.outbox, scope.userId);
  return true;
}
