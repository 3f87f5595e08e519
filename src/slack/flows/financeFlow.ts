import type { ModalView } from '@slack/types';
import { BUDGET_EXCEEDED_OUTCOME, juheErrorOutcome } from '../../audit/auditLog.js';
import type { BudgetCharge } from '../../budgets/budgetLedger.js';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import { maskPersonalDataInText } from '../../domain/textMasking.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { FinanceQuery, FinanceRating } from '../../juhe/types.js';
import type { AppServices } from '../appServices.js';
import { budgetRefusalMessage } from '../blocks/budgetMessages.js';
import { juheErrorMessage, lookupInterruptedMessage, notInChannelMessage } from '../blocks/errors.js';
import { financeParentMessage } from '../blocks/financeParent.js';
import { financeErrorModal, financeResultMessage, financeResultModal } from '../blocks/financeResult.js';
import { noticeModal } from '../blocks/modalNotices.js';
import type { LookupDeliverer, StoredLookupRequest } from '../delivery/lookupDeliveries.js';
import type { Outbox } from '../delivery/outbox.js';
import { directMessage } from '../delivery/privateReply.js';
import type { JuheDataMessage, JuheDataView } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';
import { isNotInChannel, slackPlatformError } from '../slackApiErrors.js';

export interface FinanceRequest {
  /** the modal showing the loading view; it gets the outcome */
  viewId: string;
  query: FinanceQuery;
  purpose: string;
}

type MaskedIdentity = { maskedName: string; maskedIdcard: string; maskedMobile: string };

export function maskedIdentity(query: FinanceQuery): MaskedIdentity {
  return {
    maskedName: maskName(query.realname),
    maskedIdcard: maskIdCard(query.idcard),
    maskedMobile: maskMobile(query.mobile),
  };
}

export const FINANCE_FLOW = 'finance';

/** What a finance lookup stores for its delivery: never the 身份证 or mobile in clear, only as shown. */
export interface FinancePlan {
  viewId: string;
  identity: MaskedIdentity;
}

type FinanceAnswer = { rating: FinanceRating; fetchedAt: Date } | { error: JuheError };

/**
 * After a valid /finance submission was acknowledged with a loading view: record the query, ask Juhe,
 * store the answer, then hand it to the durable delivery (the modal, and in a compliance channel the
 * masked result in a thread). A billed answer is never lost: if the person closed the modal meanwhile,
 * it reaches them privately.
 */
export async function runFinanceRequest(
  services: AppServices,
  scope: RequestScope,
  request: FinanceRequest,
): Promise<void> {
  await scope.audit.describe({
    api: 'finance',
    type: null,
    subject: { realname: request.query.realname, idcard: request.query.idcard, mobile: request.query.mobile },
    purpose: request.purpose,
    // The submission is only valid with the consent box ticked (financeSubmission.ts).
    consent: true,
  });
  // One billed call, reserved before Juhe is asked (docs/design.md § Budgets); refused, the modal says why.
  const held = await services.budgets.hold({ userId: scope.userId }, 1);
  if (!held.ok) {
    await scope.audit.complete(BUDGET_EXCEEDED_OUTCOME);
    const message = budgetRefusalMessage(services.locale, held.refusal, 1);
    const shown = await showInModal(
      services,
      scope.outbox,
      request.viewId,
      noticeModal({ locale: services.locale, message, title: 'modal.finance.title' }),
    );
    scope.progress = [];
    if (!shown) await scope.outbox.replyPrivately(scope.audience, message);
    return;
  }
  try {
    await askAndStore(services, scope, request, held.hold);
  } finally {
    await held.hold.close();
  }
  // The delivery owns the modal now.
  scope.progress = [];
}

async function askAndStore(
  services: AppServices,
  scope: RequestScope,
  request: FinanceRequest,
  charge: BudgetCharge,
): Promise<void> {
  const plan: FinancePlan = { viewId: request.viewId, identity: maskedIdentity(request.query) };
  const lookup = await services.deliveries.open(scope, FINANCE_FLOW, plan);
  const asked = await lookup.ask(async () => {
    // not through RiskScreening: the one call is taken and given back here
    await charge.take();
    try {
      const rating = await services.juhe.queryFinance(request.query);
      if (!rating.billed) charge.giveBack();
      return rating;
    } catch (error) {
      // given back only when Juhe cannot have billed it (a timeout after sending may have been)
      if (error instanceof JuheError && !error.mayHaveBilled) charge.giveBack();
      throw error;
    }
  });
  const answer: FinanceAnswer =
    'error' in asked ? asked : { rating: asked.answered, fetchedAt: services.now() };
  await lookup.answered(
    answer,
    'error' in answer
      ? juheErrorOutcome(answer.error)
      : {
          outcome: '0',
          billed: answer.rating.billed,
          orderIds: answer.rating.orderId ? [answer.rating.orderId] : [],
          cacheHit: false,
          ...unrecognisedScoresOf(answer.rating, services.now()),
        },
  );
}

/** In the delivery worker: the rating (or the failure) into the modal, the thread, or privately. */
export function financeDeliverer(services: AppServices): LookupDeliverer<FinancePlan, FinanceAnswer> {
  const resultInput = (
    stored: StoredLookupRequest<FinancePlan>,
    answer: { rating: FinanceRating; fetchedAt: Date },
  ) => ({
    locale: services.locale,
    rating: answer.rating,
    identity: stored.plan.identity,
    requesterId: stored.requesterId,
    fetchedAt: answer.fetchedAt,
  });
  return {
    async deliver(outbox, stored, answer) {
      const { audience, plan } = stored;
      if ('error' in answer) {
        const failure = {
          locale: services.locale,
          category: answer.error.category,
          code: answer.error.code,
          financeName: plan.identity.maskedName,
        };
        const shown = await showInModal(services, outbox, plan.viewId, financeErrorModal(failure));
        if (!shown) await outbox.replyPrivately(audience, juheErrorMessage({ ...failure, api: 'finance' }));
        return;
      }
      const input = resultInput(stored, answer);
      const shown = await showInModal(services, outbox, plan.viewId, financeResultModal(input));
      const inCompliance = services.complianceChannels.has(audience.channelId);
      if (inCompliance) {
        await postToComplianceThread(services, outbox, stored, financeResultMessage(input));
      }
      if (!shown && !inCompliance) {
        await outbox.replyPrivately(audience, financeResultMessage(input));
      }
    },
    async deliverPrivately(outbox, stored, answer) {
      const message =
        'error' in answer
          ? juheErrorMessage({
              locale: services.locale,
              api: 'finance',
              category: answer.error.category,
              code: answer.error.code,
              financeName: stored.plan.identity.maskedName,
            })
          : financeResultMessage(resultInput(stored, answer));
      await outbox.replyPrivately(directMessage(stored.requesterId), message);
    },
    async interrupted(outbox, stored) {
      const message = lookupInterruptedMessage(services.locale);
      const shown = await showInModal(
        services,
        outbox,
        stored.plan.viewId,
        noticeModal({ locale: services.locale, message, title: 'modal.finance.title' }),
      );
      if (!shown) await outbox.replyPrivately(stored.audience, message);
    },
  };
}

/**
 * views.update on the modal that showed "looking up…". False when the person closed it meanwhile
 * (Slack answers not_found), so the caller delivers the outcome another way.
 */
async function showInModal(
  services: AppServices,
  outbox: Outbox,
  viewId: string,
  view: ModalView | JuheDataView,
): Promise<boolean> {
  try {
    await outbox.updateView(viewId, view);
    return true;
  } catch (error) {
    if (slackPlatformError(error) !== 'not_found') throw error;
    services.logger.info('the finance modal was closed before the answer arrived; delivering it privately');
    return false;
  }
}

async function postToComplianceThread(
  services: AppServices,
  outbox: Outbox,
  stored: StoredLookupRequest<FinancePlan>,
  details: JuheDataMessage,
): Promise<void> {
  const { audience } = stored;
  const channel = audience.channelId;
  try {
    let threadTs = audience.threadTs;
    if (threadTs === undefined) {
      const parent = financeParentMessage({
        locale: services.locale,
        requesterId: stored.requesterId,
        maskedName: stored.plan.identity.maskedName,
      });
      threadTs = await outbox.post(channel, parent);
    }
    await outbox.post(channel, details, threadTs);
  } catch (error) {
    if (!isNotInChannel(error)) throw error;
    const { threadTs: _inThread, ...outsideThread } = audience;
    await outbox.replyPrivately(outsideThread, notInChannelMessage(services.locale, channel, 'finance'));
  }
}

/** The raw values the result tells the admin to look up in the audit: only scores the app could not decode. */
export function unrecognisedScoresOf(
  rating: FinanceRating,
  now: Date,
): { unrecognisedScores?: Record<string, string> } {
  const scores = { range: rating.range, history: rating.history, stability: rating.stability };
  const raw = Object.entries(scores).flatMap(([scale, score]) =>
    score.status === 'unrecognised' ? [[scale, maskPersonalDataInText(score.raw, now).slice(0, 200)]] : [],
  );
  return raw.length === 0 ? {} : { unrecognisedScores: Object.fromEntries(raw) };
}
