import type { webApi } from '@slack/bolt';
import { maskIdCard, maskMobile, maskName } from '../../domain/masking.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { FinanceQuery, FinanceRating } from '../../juhe/types.js';
import type { AppServices } from '../appServices.js';
import { notInChannelMessage } from '../blocks/errors.js';
import {
  financeErrorModal,
  financeParentMessage,
  financeResultMessage,
  financeResultModal,
} from '../blocks/financeModal.js';
import type { SlackMessage } from '../message.js';
import { isNotInChannel } from '../slackApiErrors.js';
import type { ViewOrigin } from '../viewMetadata.js';
import { replyPrivately } from './privateReply.js';

export interface FinanceRequest {
  userId: string;
  /** the modal showing the loading view; it gets the outcome */
  viewId: string;
  origin: ViewOrigin;
  query: FinanceQuery;
  purpose: string;
}

export function maskedIdentity(query: FinanceQuery) {
  return {
    maskedName: maskName(query.realname),
    maskedIdcard: maskIdCard(query.idcard),
    maskedMobile: maskMobile(query.mobile),
  };
}

/**
 * After a valid /finance submission was acknowledged with a loading view: ask Juhe, show the
 * outcome in the modal, audit, and in a compliance channel post the masked result in a thread.
 */
export async function runFinanceRequest(
  services: AppServices,
  client: webApi.WebClient,
  request: FinanceRequest,
): Promise<void> {
  const startedAt = Date.now();
  const identity = maskedIdentity(request.query);
  let rating: FinanceRating | undefined;
  let failure: JuheError | undefined;
  try {
    rating = await services.juhe.queryFinance(request.query);
  } catch (error) {
    if (!(error instanceof JuheError)) throw error;
    failure = error;
  }
  services.audit.record({
    requester: request.userId,
    channel: request.origin.channelId,
    api: 'finance',
    type: null,
    subject: `${identity.maskedName} / ${identity.maskedIdcard}`,
    purpose: request.purpose,
    outcome: failure ? failure.code : '0',
    billed: failure ? failure.billed : (rating?.billed ?? false),
    orderIds: rating?.orderId ? [rating.orderId] : [],
    latencyMs: Date.now() - startedAt,
    cacheHit: false,
  });

  if (rating === undefined) {
    const category = failure?.category ?? 'upstream_invalid';
    const code = failure?.code ?? 'UNKNOWN';
    await client.views.update({
      view_id: request.viewId,
      view: services.present.view(financeErrorModal({ locale: services.locale, category, code })),
    });
    return;
  }
  const resultInput = {
    locale: services.locale,
    rating,
    identity,
    requesterId: request.userId,
    fetchedAt: services.now(),
    sandbox: services.sandbox,
  };
  await client.views.update({
    view_id: request.viewId,
    view: services.present.view(financeResultModal(resultInput)),
  });
  if (services.complianceChannels.has(request.origin.channelId)) {
    await postToComplianceThread(
      services,
      client,
      request,
      identity.maskedName,
      financeResultMessage(resultInput),
    );
  }
}

async function postToComplianceThread(
  services: AppServices,
  client: webApi.WebClient,
  request: FinanceRequest,
  maskedName: string,
  details: SlackMessage,
): Promise<void> {
  const channel = request.origin.channelId;
  try {
    let threadTs = request.origin.threadTs;
    if (threadTs === undefined) {
      const parent = financeParentMessage({
        locale: services.locale,
        requesterId: request.userId,
        maskedName,
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
      {
        userId: request.userId,
        channelId: channel,
        ...(request.origin.responseUrl ? { responseUrl: request.origin.responseUrl } : {}),
      },
      notInChannelMessage(services.locale, channel),
    );
  }
}
