import type { webApi } from '@slack/bolt';
import type { AuditEvent } from '../../audit/auditLog.js';
import { maskName } from '../../domain/masking.js';
import type { RiskScope, RiskType } from '../../domain/riskType.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { FetchedRiskPage, OverviewOutcome } from '../../screening/riskScreening.js';
import type { AppServices } from '../appServices.js';
import {
  juheErrorMessage,
  notInChannelMessage,
  refusalMessage,
  unexpectedErrorMessage,
} from '../blocks/errors.js';
import {
  type OverviewEntry,
  type ResultFooter,
  riskOverviewMessage,
  riskPageMessage,
  riskParentMessage,
  riskWorkingMessage,
} from '../blocks/riskResults.js';
import type { SlackMessage } from '../message.js';
import { isNotInChannel } from '../slackApiErrors.js';
import { type PrivateAudience, replyPrivately } from './privateReply.js';

export interface RiskSubject {
  keyword: string;
  realname: string;
}

/** One screening asked for by a person, from the command, the modal or the message shortcut. */
export interface RiskRequest extends PrivateAudience {
  subject: RiskSubject;
  scope: RiskScope;
}

/** What came back, whichever the scope: ready to format and to audit. */
type RiskOutcome =
  | { kind: 'page'; fetched: FetchedRiskPage }
  | { kind: 'overview'; outcomes: OverviewOutcome[] }
  | { kind: 'failed'; error: JuheError };

export function auditSubject(subject: RiskSubject): string {
  return `${subject.keyword} / ${maskName(subject.realname)}`;
}

/** Whether this request's results will come as a private reply (not a compliance thread, not a refusal). */
export function answersPrivatelyWithResults(
  services: Pick<AppServices, 'access' | 'complianceChannels'>,
  who: { userId: string; channelId: string },
): boolean {
  return !services.complianceChannels.has(who.channelId) && services.access.mayQuery('risk', who.userId);
}

/**
 * Runs one screening end to end: authorise, find where the answer goes, ask Juhe, format, post, audit.
 * In a compliance channel a short visible parent is posted first (that also proves the bot may post
 * there before anything is billed), then the details go in its thread; elsewhere the answer is private.
 */
export async function runRiskRequest(
  services: AppServices,
  client: webApi.WebClient,
  request: RiskRequest,
): Promise<void> {
  const startedAt = Date.now();
  const { locale } = services;
  const auditBase = {
    requester: request.userId,
    channel: request.channelId,
    api: 'risk' as const,
    type: String(request.scope),
    subject: auditSubject(request.subject),
    purpose: null,
  };
  const audit = (event: Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds' | 'cacheHit'>) =>
    services.audit.record({ ...auditBase, ...event, latencyMs: Date.now() - startedAt });

  if (!services.access.mayQuery('risk', request.userId)) {
    await replyPrivately(services, client, request, refusalMessage(locale, 'risk'));
    audit({ outcome: 'refused', billed: false, orderIds: [], cacheHit: false });
    return;
  }

  const inCompliance = services.complianceChannels.has(request.channelId);
  let placeholder: Placeholder | undefined;
  if (inCompliance) {
    try {
      const working = services.present.message(riskWorkingMessage(locale, request.subject, request.scope));
      const posted = await client.chat.postMessage({
        channel: request.channelId,
        text: working.text,
        blocks: working.blocks,
        ...(request.threadTs ? { thread_ts: request.threadTs } : {}),
      });
      placeholder = { channel: request.channelId, ts: String(posted.ts), isParent: !request.threadTs };
    } catch (error) {
      if (!isNotInChannel(error)) throw error;
      await replyPrivately(
        services,
        client,
        { ...request, threadTs: undefined },
        notInChannelMessage(locale, request.channelId),
      );
      audit({ outcome: 'not_in_channel', billed: false, orderIds: [], cacheHit: false });
      return;
    }
  }

  try {
    await answer(services, client, request, placeholder, audit);
  } catch (error) {
    if (placeholder === undefined) throw error;
    // The channel already shows "checking…": it must not stay that way.
    const referenceId = services.newReferenceId();
    services.logger.error({ err: error, referenceId, where: 'risk screening' }, 'unexpected failure');
    await client.chat
      .update({
        channel: placeholder.channel,
        ts: placeholder.ts,
        ...services.present.message(unexpectedErrorMessage(locale, referenceId)),
      })
      .catch((updateError: unknown) =>
        services.logger.error({ err: updateError, referenceId }, 'could not show the failure in the channel'),
      );
  }
}

interface Placeholder {
  channel: string;
  ts: string;
  /** a new parent message (command, modal) rather than a reply in an existing thread (shortcut) */
  isParent: boolean;
}

async function answer(
  services: AppServices,
  client: webApi.WebClient,
  request: RiskRequest,
  placeholder: Placeholder | undefined,
  audit: (event: Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds' | 'cacheHit'>) => void,
): Promise<void> {
  let outcome: RiskOutcome;
  try {
    outcome = await screen(services, request);
  } catch (error) {
    // Every query writes one audit event, even one that failed in a way nobody foresaw.
    audit({ outcome: 'unexpected', billed: false, orderIds: [], cacheHit: false });
    throw error;
  }
  audit(auditFieldsOf(outcome));
  const footer: ResultFooter = {
    requesterId: request.userId,
    fetchedAt: services.now(),
    sandbox: services.sandbox,
  };
  const details = services.present.message(formatOutcome(services, request, outcome, footer));

  if (placeholder === undefined) {
    await replyPrivately(services, client, request, details);
    return;
  }
  if (placeholder.isParent) {
    const parent = riskParentMessage({
      locale: services.locale,
      requesterId: request.userId,
      subject: request.subject,
      scope: request.scope,
      counts: countsOf(request.scope, outcome),
      sandbox: services.sandbox,
    });
    await client.chat.update({
      channel: placeholder.channel,
      ts: placeholder.ts,
      ...services.present.message(parent),
    });
    await client.chat.postMessage({ channel: placeholder.channel, thread_ts: placeholder.ts, ...details });
  } else {
    // Message shortcut: the placeholder already sits in the thread; it becomes the details.
    await client.chat.update({ channel: placeholder.channel, ts: placeholder.ts, ...details });
  }
}

async function screen(services: AppServices, request: RiskRequest): Promise<RiskOutcome> {
  try {
    if (request.scope === 'all') {
      return { kind: 'overview', outcomes: await services.screening.overview(request.subject) };
    }
    const fetched = await services.screening.fetchPage({
      ...request.subject,
      type: request.scope,
      pageIndex: 1,
    });
    return { kind: 'page', fetched };
  } catch (error) {
    if (error instanceof JuheError) return { kind: 'failed', error };
    throw error;
  }
}

function formatOutcome(
  services: AppServices,
  request: RiskRequest,
  outcome: RiskOutcome,
  footer: ResultFooter,
): SlackMessage {
  const { locale } = services;
  switch (outcome.kind) {
    case 'page':
      return riskPageMessage({
        locale,
        subject: request.subject,
        page: outcome.fetched.page,
        footer: { ...footer, fromCache: outcome.fetched.fromCache },
      });
    case 'overview':
      return riskOverviewMessage({
        locale,
        subject: request.subject,
        entries: outcome.outcomes.map(toOverviewEntry),
        footer: { ...footer, fromCache: outcome.outcomes.some((o) => 'fetched' in o && o.fetched.fromCache) },
      });
    case 'failed':
      return juheErrorMessage({
        locale,
        api: 'risk',
        category: outcome.error.category,
        code: outcome.error.code,
      });
  }
}

function toOverviewEntry(outcome: OverviewOutcome): OverviewEntry {
  if ('fetched' in outcome) return { type: outcome.type, page: outcome.fetched.page };
  return { type: outcome.type, error: { category: outcome.error.category, code: outcome.error.code } };
}

function countsOf(scope: RiskScope, outcome: RiskOutcome): Array<{ type: RiskType; count: number | null }> {
  switch (outcome.kind) {
    case 'page':
      return [{ type: outcome.fetched.page.type, count: outcome.fetched.page.totalRecords }];
    case 'overview':
      return outcome.outcomes.map((o) => ({
        type: o.type,
        count: 'fetched' in o ? o.fetched.page.totalRecords : null,
      }));
    case 'failed':
      return scope === 'all' ? [] : [{ type: scope, count: null }];
  }
}

export function pageOutcomeCode(fetched: FetchedRiskPage): string {
  return fetched.page.noRecords ? '240102' : '0';
}

function auditFieldsOf(
  outcome: RiskOutcome,
): Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds' | 'cacheHit'> {
  switch (outcome.kind) {
    case 'page':
      return {
        outcome: pageOutcomeCode(outcome.fetched),
        billed: outcome.fetched.page.billed,
        orderIds: outcome.fetched.page.orderId ? [outcome.fetched.page.orderId] : [],
        cacheHit: outcome.fetched.fromCache,
      };
    case 'overview': {
      const fetched = outcome.outcomes.flatMap((o) => ('fetched' in o ? [o.fetched] : []));
      return {
        outcome: outcome.outcomes
          .map((o) => `${o.type}:${'fetched' in o ? pageOutcomeCode(o.fetched) : o.error.code}`)
          .join(','),
        billed: fetched.some((f) => f.page.billed),
        orderIds: fetched.flatMap((f) => (f.page.orderId ? [f.page.orderId] : [])),
        cacheHit: fetched.some((f) => f.fromCache),
      };
    }
    case 'failed':
      return { outcome: outcome.error.code, billed: outcome.error.billed, orderIds: [], cacheHit: false };
  }
}

/** Unexpected failures: the person gets a reference id, the log line carries the same id. */
export async function reportUnexpected(
  services: AppServices,
  client: webApi.WebClient,
  audience: PrivateAudience,
  error: unknown,
  where: string,
): Promise<void> {
  const referenceId = services.newReferenceId();
  services.logger.error({ err: error, referenceId, where }, 'unexpected failure');
  try {
    await replyPrivately(services, client, audience, unexpectedErrorMessage(services.locale, referenceId));
  } catch (replyError) {
    services.logger.error({ err: replyError, referenceId }, 'could not tell the user about a failure');
  }
}
