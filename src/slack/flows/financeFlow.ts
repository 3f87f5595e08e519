import type { ModalView } from '@slack/types';
import { juheErrorOutcome } from '../../audit/auditLog.js';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { FinanceQuery, FinanceRating } from '../../juhe/types.js';
import type { AppServices } from '../appServices.js';
import { juheErrorMessage, notInChannelMessage } from '../blocks/errors.js';
import { financeParentMessage } from '../blocks/financeParent.js';
import { financeErrorModal, financeResultMessage, financeResultModal } from '../blocks/financeResult.js';
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

/**
 * After a valid /finance submission was acknowledged with a loading view: ask Juhe, audit, show the
 * outcome in the modal, and in a compliance channel post the masked result in a thread. A billed
 * answer is never lost: if the person closed the modal meanwhile, it reaches them privately.
 */
export async function runFinanceRequest(
  services: AppServices,
  scope: RequestScope,
  request: FinanceRequest,
): Promise<void> {
  const identity = maskedIdentity(request.query);
  const { audit, outbox, audience } = scope;
  await audit.describe({
    api: 'finance',
    type: null,
    subject: { realname: request.query.realname, idcard: request.query.idcard, mobile: request.query.mobile },
    purpose: request.purpose,
    // The submission is only valid with the consent box ticked (financeSubmission.ts).
    consent: true,
  });

  let rating: FinanceRating;
  try {
    rating = await services.juhe.queryFinance(request.query);
  } catch (error) {
    if (!(error instanceof JuheError)) throw error;
    await audit.complete(juheErrorOutcome(error));
    const failure = { locale: services.locale, category: error.category, code: error.code };
    const shown = await showInModal(services, scope, request.viewId, financeErrorModal(failure));
    if (!shown) await outbox.replyPrivately(audience, juheErrorMessage({ ...failure, api: 'finance' }));
    return;
  }
  await audit.complete({
    outcome: '0',
    billed: rating.billed,
    orderIds: rating.orderId ? [rating.orderId] : [],
    cacheHit: false,
  });

  const resultInput = {
    locale: services.locale,
    rating,
    identity,
    requesterId: scope.userId,
    fetchedAt: services.now(),
  };
  const shown = await showInModal(services, scope, request.viewId, financeResultModal(resultInput));
  const inCompliance = services.complianceChannels.has(audience.channelId);
  if (inCompliance) {
    await postToComplianceThread(services, scope, identity, financeResultMessage(resultInput));
  }
  if (!shown && !inCompliance) {
    await outbox.replyPrivately(audience, financeResultMessage(resultInput));
  }
}

/**
 * views.update on the modal that showed "looking up…". False when the person closed it meanwhile
 * (Slack answers not_found), so the caller delivers the outcome another way.
 */
async function showInModal(
  services: AppServices,
  scope: RequestScope,
  viewId: string,
  view: ModalView | JuheDataView,
): Promise<boolean> {
  // Shown or closed, the loading view is no longer on screen for a failure to replace.
  scope.progress = scope.progress.filter((shown) => !(shown.kind === 'modal' && shown.viewId === viewId));
  try {
    await scope.outbox.updateView(viewId, view);
    return true;
  } catch (error) {
    if (slackPlatformError(error) !== 'not_found') throw error;
    services.logger.info('the finance modal was closed before the answer arrived; delivering it privately');
    return false;
  }
}

async function postToComplianceThread(
  services: AppServices,
  scope: RequestScope,
  identity: MaskedIdentity,
  details: JuheDataMessage,
): Promise<void> {
  const { outbox, audience } = scope;
  const channel = audience.channelId;
  try {
    let threadTs = audience.threadTs;
    if (threadTs === undefined) {
      const parent = financeParentMessage({
        locale: services.locale,
        requesterId: scope.userId,
        maskedName: identity.maskedName,
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
