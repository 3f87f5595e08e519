import { type AuditSubject, BUDGET_EXCEEDED_OUTCOME, NOT_IN_CHANNEL_OUTCOME } from '../../audit/auditLog.js';
import { type BudgetCharge, BudgetExceededError } from '../../budgets/budgetLedger.js';
import { RISK_TYPES, type RiskScope } from '../../domain/riskType.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import { DEFAULT_PAGE_SIZE } from '../../juhe/formBody.js';
import {
  type FetchedRiskPage,
  OverviewBudgetExceededError,
  type OverviewOutcome,
} from '../../screening/riskScreening.js';
import type { AppServices } from '../appServices.js';
import { budgetRefusalMessage } from '../blocks/budgetMessages.js';
import { juheErrorMessage, lookupInterruptedMessage, notInChannelMessage } from '../blocks/errors.js';
import type { ResultFooter } from '../blocks/footer.js';
import { type OverviewEntry, riskOverviewMessage } from '../blocks/riskOverview.js';
import { riskPageMessage } from '../blocks/riskPage.js';
import { riskParentMessage } from '../blocks/riskParent.js';
import type { RiskSubject } from '../blocks/riskSubject.js';
import { riskQueuedMessage, riskWorkingMessage } from '../blocks/riskWorking.js';
import type { LookupDeliverer } from '../delivery/lookupDeliveries.js';
import { directMessage } from '../delivery/privateReply.js';
import { replaceEphemeralOrReply } from '../delivery/replaceInPlace.js';
import type { JuheDataMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import type { RetryQuery } from '../retryQuery.js';
import { isNotInChannel } from '../slackApiErrors.js';
import { type RiskOutcome, riskAuditOutcome, riskCounts } from './riskOutcome.js';

export type { RiskSubject } from '../blocks/riskSubject.js';

/** One screening asked for by a person, from the command, the modal or the message shortcut. */
export interface RiskRequest {
  subject: RiskSubject;
  scope: RiskScope;
}

export function auditSubject(subject: RiskSubject): AuditSubject {
  return { keyword: subject.keyword, realname: subject.realname };
}

function answersInComplianceChannel(services: Pick<AppServices, 'complianceChannels'>, scope: RequestScope) {
  return services.complianceChannels.has(scope.audience.channelId);
}

export interface Placeholder {
  channel: string;
  ts: string;
  /** a new parent message (command, modal) rather than a reply in an existing thread (shortcut) */
  isParent: boolean;
}

/**
 * A private "Screening…" notice posted through the request's response_url: the answer replaces it, so
 * a private query is one message, not a notice left behind above its result.
 */
export interface PrivateNotice {
  responseUrl: string;
}

/** What a risk lookup stores for its delivery: the question and where its progress shows, if anywhere. */
export interface RiskPlan {
  request: RiskRequest;
  placeholder?: Placeholder;
  notice?: PrivateNotice;
}

export const RISK_FLOW = 'risk';

/**
 * Runs one screening after access was granted: find where the answer goes, record the query, ask Juhe,
 * store the answer, then hand it to the durable delivery. In a compliance channel a short visible
 * parent is posted first (that also proves the bot may post there before anything is billed), then the
 * details go in its thread; elsewhere the answer is private.
 */
export async function runRiskRequest(
  services: AppServices,
  scope: RequestScope,
  request: RiskRequest,
  /** a Try again on a private error: the answer replaces that error, through the click's response_url */
  options: { inPlaceOf?: string } = {},
): Promise<void> {
  const { locale } = services;
  const { audit, outbox, audience } = scope;
  await audit.describe({
    api: 'risk',
    type: String(request.scope),
    subject: auditSubject(request.subject),
    purpose: null,
    consent: null,
  });

  // Reserved before anything shows "Screening…": a request the budget cannot cover is refused at once,
  // and nothing is asked of (or billed by) Juhe. A page the store holds costs nothing, so it is not held
  // (a stored page is shown at 0 left); one that leaves the store meanwhile is taken by the hold, and a
  // refusal then comes through the lookup (screen).
  const needed = await callsNotStored(services, request);
  const held = await services.budgets.hold({ userId: scope.userId }, needed);
  if (!held.ok) {
    await audit.complete(BUDGET_EXCEEDED_OUTCOME);
    await outbox.replyPrivately(audience, budgetRefusalMessage(locale, held.refusal, needed));
    return;
  }
  try {
    await screenAndDeliver(services, scope, request, held.hold, options);
  } finally {
    // what was reserved and not billed (a cached page, 查无记录, a failure) goes back
    await held.hold.close();
  }
}

/** Of the calls a request may make (callsNeeded), those whose page the store does not hold now. */
async function callsNotStored(services: AppServices, request: RiskRequest): Promise<number> {
  const types = request.scope === 'all' ? RISK_TYPES : [request.scope];
  const stored = await Promise.all(
    types.map((type) => services.screening.storedPage({ ...request.subject, type, pageIndex: 1 })),
  );
  return stored.filter((page) => page === undefined).length;
}

/** Calls a request may bill: one page, or page 1 of each source for an overview. */
export function callsNeeded(scope: RiskScope): number {
  return scope === 'all' ? RISK_TYPES.length : 1;
}

async function screenAndDeliver(
  services: AppServices,
  scope: RequestScope,
  request: RiskRequest,
  charge: BudgetCharge,
  options: { inPlaceOf?: string },
): Promise<void> {
  const { locale } = services;
  const { audit, outbox, audience } = scope;
  let placeholder: Placeholder | undefined;
  if (answersInComplianceChannel(services, scope)) {
    try {
      const working = riskWorkingMessage(locale, request.subject, request.scope);
      const ts = await outbox.post(audience.channelId, working, audience.threadTs);
      placeholder = { channel: audience.channelId, ts, isParent: !audience.threadTs };
      scope.progress.push({ kind: 'message', channel: placeholder.channel, ts });
    } catch (error) {
      if (!isNotInChannel(error)) throw error;
      await audit.complete(NOT_IN_CHANNEL_OUTCOME);
      const { threadTs: _inThread, ...outsideThread } = audience;
      await outbox.replyPrivately(outsideThread, notInChannelMessage(locale, audience.channelId));
      return;
    }
  }

  const notice: PrivateNotice | undefined = placeholder
    ? undefined
    : options.inPlaceOf
      ? { responseUrl: options.inPlaceOf }
      : await postPrivateNotice(services, scope, request);
  const plan: RiskPlan = {
    request,
    ...(placeholder ? { placeholder } : {}),
    ...(notice ? { notice } : {}),
  };
  const lookup = await services.deliveries.open(scope, RISK_FLOW, plan);
  const queued = queuedNotice(services, scope, request, plan);
  // the queued notice is in place before the answer can replace it (the answer is delivered after this)
  const asked = await lookup.ask(() =>
    screen(services, request, charge, queued.onQueued).finally(() => queued.shown()),
  );
  const outcome: RiskOutcome = 'error' in asked ? { kind: 'failed', error: asked.error } : asked.answered;
  await lookup.answered(outcome, riskAuditOutcome(outcome));
  // The delivery owns the screen now: a later failure here must not overwrite the placeholder.
  scope.progress = [];
}

/** In the delivery worker: the stored answer to where it was asked. */
export function riskDeliverer(services: AppServices): LookupDeliverer<RiskPlan, RiskOutcome> {
  return {
    async deliver(outbox, stored, outcome) {
      const { locale } = services;
      const { request, placeholder } = stored.plan;
      if (outcome.kind === 'budget') {
        // a refusal, not Juhe data: it takes the place of "Screening…", wherever that shows
        const refusal = budgetRefusalMessage(locale, outcome.refusal, 1);
        if (placeholder) await outbox.update(placeholder.channel, placeholder.ts, refusal);
        else {
          await replaceEphemeralOrReply(
            { outbox, logger: services.logger },
            stored.plan.notice?.responseUrl,
            stored.audience,
            refusal,
          );
        }
        return;
      }
      const details = formatOutcome(services, request, outcome, stored.requesterId);
      if (placeholder === undefined) {
        await replaceEphemeralOrReply(
          { outbox, logger: services.logger },
          stored.plan.notice?.responseUrl,
          stored.audience,
          details,
        );
        return;
      }
      if (placeholder.isParent) {
        const parent = riskParentMessage({
          locale,
          requesterId: stored.requesterId,
          subject: request.subject,
          scope: request.scope,
          counts: riskCounts(request.scope, outcome),
        });
        await outbox.update(placeholder.channel, placeholder.ts, parent);
        await outbox.post(placeholder.channel, details, placeholder.ts);
      } else {
        // Message shortcut: the placeholder already sits in the thread; it becomes the details.
        await outbox.update(placeholder.channel, placeholder.ts, details);
      }
    },
    async deliverPrivately(outbox, stored, outcome) {
      if (outcome.kind === 'budget') {
        await outbox.replyPrivately(
          directMessage(stored.requesterId),
          budgetRefusalMessage(services.locale, outcome.refusal, 1),
        );
        return;
      }
      const details = formatOutcome(services, stored.plan.request, outcome, stored.requesterId);
      await outbox.replyPrivately(directMessage(stored.requesterId), details);
    },
    async interrupted(outbox, stored) {
      const message = lookupInterruptedMessage(services.locale);
      const { placeholder } = stored.plan;
      if (placeholder) await outbox.update(placeholder.channel, placeholder.ts, message);
      else {
        await replaceEphemeralOrReply(
          { outbox, logger: services.logger },
          stored.plan.notice?.responseUrl,
          stored.audience,
          message,
        );
      }
    },
  };
}

/**
 * "Screening…" for a private query, through the response_url where there is one (a command, the modal
 * it opened). Inside a thread (the message shortcut) only chat.postEphemeral places a message, and that
 * cannot be replaced, so no notice is shown there. The notice is a courtesy: if it cannot be posted the
 * answer still comes, as a new private message.
 */
async function postPrivateNotice(
  services: AppServices,
  scope: RequestScope,
  request: RiskRequest,
): Promise<PrivateNotice | undefined> {
  const { responseUrl, threadTs } = scope.audience;
  if (!responseUrl || threadTs) return undefined;
  try {
    await scope.outbox.postEphemeral(
      responseUrl,
      riskWorkingMessage(services.locale, request.subject, request.scope),
    );
    scope.progress.push({ kind: 'ephemeral', responseUrl });
    return { responseUrl };
  } catch (error) {
    services.logger.info(
      { err: error },
      'the private screening notice was not posted; the answer still comes',
    );
    return undefined;
  }
}

/**
 * "Queued: number N in line" in place of "Screening…" once the lookup has waited a second for a Juhe
 * slot (told once: the place only gets better). A notice that cannot be shown is only logged.
 */
function queuedNotice(
  services: AppServices,
  scope: RequestScope,
  request: RiskRequest,
  plan: RiskPlan,
): { onQueued: (position: number) => void; shown: () => Promise<void> } {
  let showing: Promise<void> | undefined;
  return {
    onQueued(position) {
      if (showing !== undefined) return;
      const message = riskQueuedMessage(services.locale, request.subject, request.scope, position);
      const { placeholder, notice } = plan;
      const show = placeholder
        ? scope.outbox.update(placeholder.channel, placeholder.ts, message)
        : notice
          ? scope.outbox.replaceEphemeral(notice.responseUrl, message)
          : Promise.resolve();
      showing = show.catch((error: unknown) =>
        services.logger.info({ err: error }, 'the queued notice was not shown; the answer still comes'),
      );
    },
    shown: () => showing ?? Promise.resolve(),
  };
}

/** The page or overview asked for; a JuheError is thrown (a whole-page failure), one failing source of an overview is not. */
async function screen(
  services: AppServices,
  request: RiskRequest,
  charge: BudgetCharge,
  onQueued: (position: number) => void,
): Promise<RiskOutcome> {
  // the hold covers every page not stored when it was made; a stored page that expired since takes one
  // more, which the budget may refuse: a refusal, never an unexpected failure
  try {
    if (request.scope === 'all') {
      return {
        kind: 'overview',
        outcomes: await services.screening.overview(request.subject, { charge, onQueued }),
      };
    }
    const fetched = await services.screening.fetchPage(
      { ...request.subject, type: request.scope, pageIndex: 1 },
      { charge, onQueued },
    );
    return { kind: 'page', fetched };
  } catch (error) {
    if (error instanceof OverviewBudgetExceededError) {
      return { kind: 'budget', refusal: error.refusal, fetched: error.fetched };
    }
    if (error instanceof BudgetExceededError) return { kind: 'budget', refusal: error.refusal, fetched: [] };
    throw error;
  }
}

function formatOutcome(
  services: AppServices,
  request: RiskRequest,
  outcome: Exclude<RiskOutcome, { kind: 'budget' }>,
  requesterId: string,
): JuheDataMessage {
  const { locale } = services;
  switch (outcome.kind) {
    case 'page':
      return riskPageMessage({
        locale,
        subject: request.subject,
        page: outcome.fetched.page,
        footer: footerOf(requesterId, [outcome.fetched], services.now()),
      });
    case 'overview': {
      // Three sources failing the same way say it once, with the code, and one Try again.
      const sameFailure = sameFailureOfAll(outcome.outcomes);
      if (sameFailure) {
        return juheErrorMessage({
          locale,
          api: 'risk',
          category: sameFailure.category,
          code: sameFailure.code,
          query: retryOf(request),
        });
      }
      return riskOverviewMessage({
        locale,
        subject: request.subject,
        entries: outcome.outcomes.map(toOverviewEntry),
        footer: footerOf(
          requesterId,
          outcome.outcomes.flatMap((o) => ('fetched' in o ? [o.fetched] : [])),
          services.now(),
        ),
      });
    }
    case 'failed':
      return juheErrorMessage({
        locale,
        api: 'risk',
        category: outcome.error.category,
        code: outcome.error.code,
        query: retryOf(request),
      });
  }
}

/**
 * The time of the data: when Juhe answered (for several sources, the oldest answer, so a cached page is
 * never shown as newer than it is); `now` only when no source answered.
 */
export function footerOf(requesterId: string, fetched: readonly FetchedRiskPage[], now: Date): ResultFooter {
  const answered = fetched.map((f) => f.answeredAt.getTime());
  return {
    requesterId,
    fetchedAt: answered.length > 0 ? new Date(Math.min(...answered)) : now,
    fromCache: fetched.some((f) => f.fromCache),
  };
}

/** The query a Try again asks again: the overview, or page 1 of the one source. */
function retryOf(request: RiskRequest): RetryQuery {
  const { keyword, realname } = request.subject;
  if (request.scope === 'all') return { scope: 'all', keyword, realname };
  return {
    scope: 'page',
    cursor: { keyword, realname, type: request.scope, pageIndex: 1, pageSize: DEFAULT_PAGE_SIZE },
  };
}

/** The one failure every source of an overview had, when they all failed alike; else undefined. */
function sameFailureOfAll(
  outcomes: readonly OverviewOutcome[],
): { category: JuheErrorCategory; code: string } | undefined {
  const failures = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
  const first = failures[0];
  if (!first || failures.length !== outcomes.length || first.category === 'not_found') return undefined;
  return failures.every((f) => f.category === first.category && f.code === first.code)
    ? { category: first.category, code: first.code }
    : undefined;
}

function toOverviewEntry(outcome: OverviewOutcome): OverviewEntry {
  if ('fetched' in outcome) return { type: outcome.type, page: outcome.fetched.page };
  return { type: outcome.type, error: { category: outcome.error.category, code: outcome.error.code } };
}
