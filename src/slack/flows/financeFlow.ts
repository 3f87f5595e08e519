import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { AuditEvent } from '../../audit/auditLog.js';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { FinanceQuery, FinanceRating } from '../../juhe/types.js';
import type { AppServices } from '../appServices.js';
import { juheErrorMessage, notInChannelMessage } from '../blocks/errors.js';
import {
  financeErrorModal,
  financeParentMessage,
  financeResultMessage,
  financeResultModal,
} from '../blocks/financeModal.js';
import type { SlackMessage } from '../message.js';
import { isNotInChannel, slackPlatformError } from '../slackApiErrors.js';
import type { ViewOrigin } from '../viewMetadata.js';
import { type PrivateAudience, replyPrivately } from './privateReply.js';

export interface FinanceRequest {
  userId: string;
  /** the modal showing the loading view; it gets the outcome */
  viewId: string;
  origin: ViewOrigin;
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
  client: webApi.WebClient,
  request: FinanceRequest,
): Promise<void> {
  const startedAt = Date.now();
  const identity = maskedIdentity(request.query);
  const audit = (event: Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds'>) =>
    services.audit.record({
      requester: request.userId,
      channel: request.origin.channelId,
      api: 'finance',
      type: null,
      subject: `${identity.maskedName} / ${identity.maskedIdcard}`,
      purpose: request.purpose,
      latencyMs: Date.now() - startedAt,
      cacheHit: false,
      ...event,
    });
  const audience: PrivateAudience = {
    userId: request.userId,
    channelId: request.origin.channelId,
    ...(request.origin.responseUrl ? { responseUrl: request.origin.responseUrl } : {}),
  };

  let rating: FinanceRating;
  try {
    rating = await services.juhe.queryFinance(request.query);
  } catch (error) {
    if (!(error instanceof JuheError)) {
      audit({ outcome: 'unexpected', billed: false, orderIds: [] });
      throw error;
    }
    audit({ outcome: error.code, billed: error.billed, orderIds: [] });
    const failure = { locale: services.locale, category: error.category, code: error.code };
    const shown = await showInModal(services, client, request.viewId, financeErrorModal(failure));
    if (!shown)
      await replyPrivately(services, client, audience, juheErrorMessage({ ...failure, api: 'finance' }));
    return;
  }
  audit({ outcome: '0', billed: rating.billed, orderIds: rating.orderId ? [rating.orderId] : [] });

  const resultInput = {
    locale: services.locale,
    rating,
    identity,
    requesterId: request.userId,
    fetchedAt: services.now(),
    sandbox: services.sandbox,
  };
  const shown = await showInModal(services, client, request.viewId, financeResultModal(resultInput));
  const inCompliance = services.complianceChannels.has(request.origin.channelId);
  if (inCompliance) {
    await postToComplianceThread(
      services,
      client,
      request,
      identity,
      financeResultMessage(resultInput),
      audience,
    );
  }
  if (!shown && !inCompliance) {
    await replyPrivately(services, client, audience, financeResultMessage(resultInput));
  }
}

/**
 * views.update on the modal that showed "looking up…". False when the person closed it meanwhile
 * (Slack answers not_found), so the caller delivers the outcome another way.
 */
async function showInModal(
  services: AppServices,
  client: webApi.WebClient,
  viewId: string,
  view: ModalView,
): Promise<boolean> {
  try {
    await client.views.update({ view_id: viewId, view: services.present.view(view) });
    return true;
  } catch (error) {
    if (slackPlatformError(error) !== 'not_found') throw error;
    services.logger.info('the finance modal was closed before the answer arrived; delivering it privately');
    return false;
  }
}

async function postToComplianceThread(
  services: AppServices,
  client: webApi.WebClient,
  request: FinanceRequest,
  identity: MaskedIdentity,
  details: SlackMessage,
  audience: PrivateAudience,
): Promise<void> {
  const channel = request.origin.channelId;
  try {
    let threadTs = request.origin.threadTs;
    if (threadTs === undefined) {
      const parent = financeParentMessage({
        locale: services.locale,
        requesterId: request.userId,
        maskedName: identity.maskedName,
        sandbox: services.sandbox,
      });
      threadTs = String((await client.chat.postMessage({ channel, ...services.present.message(parent) })).ts);
    }
    await client.chat.postMessage({ channel, thread_ts: threadTs, ...services.present.message(details) });
  } catch (error) {
    if (!isNotInChannel(error)) throw error;
    await replyPrivately(
      services,
      client,
      audience,
      notInChannelMessage(services.locale, channel, 'finance'),
    );
  }
}
