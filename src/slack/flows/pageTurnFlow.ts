import type { webApi } from '@slack/bolt';
import { JuheError } from '../../juhe/errorTypes.js';
import type { AppServices } from '../appServices.js';
import { juheErrorMessage, refusalMessage } from '../blocks/errors.js';
import { riskPageMessage } from '../blocks/riskResults.js';
import type { PageCursor } from '../pageCursor.js';
import { postToResponseUrl } from '../responseUrl.js';
import { type PrivateAudience, replyPrivately } from './privateReply.js';
import { auditSubject, pageOutcomeCode } from './riskFlow.js';

/** A click on Prev / Next / "Show all": the message it sits on is updated in place. */
export interface PageTurn {
  userId: string;
  cursor: PageCursor;
  /** the message holding the button */
  channelId: string;
  messageTs: string;
  isEphemeral: boolean;
  responseUrl?: string;
}

export async function runPageTurn(
  services: AppServices,
  client: webApi.WebClient,
  turn: PageTurn,
): Promise<void> {
  const startedAt = Date.now();
  const { cursor, userId } = turn;
  const audience: PrivateAudience = {
    userId,
    channelId: turn.channelId,
    ...(turn.responseUrl ? { responseUrl: turn.responseUrl } : {}),
  };
  const audit = (outcome: string, billed: boolean, orderIds: string[], cacheHit: boolean) =>
    services.audit.record({
      requester: userId,
      channel: turn.channelId,
      api: 'risk',
      type: String(cursor.type),
      subject: auditSubject(cursor),
      purpose: null,
      outcome,
      billed,
      orderIds,
      cacheHit,
      latencyMs: Date.now() - startedAt,
    });

  // The clicker may not be the person who asked: authorise again.
  if (!services.access.mayQuery('risk', userId)) {
    await replyPrivately(services, client, audience, refusalMessage(services.locale, 'risk'));
    audit('refused', false, [], false);
    return;
  }

  let fetched: Awaited<ReturnType<AppServices['screening']['fetchPage']>>;
  try {
    fetched = await services.screening.fetchPage({
      keyword: cursor.keyword,
      realname: cursor.realname,
      type: cursor.type,
      pageIndex: cursor.pageIndex,
      pageSize: cursor.pageSize,
    });
  } catch (error) {
    if (!(error instanceof JuheError)) {
      audit('unexpected', false, [], false);
      throw error;
    }
    audit(error.code, error.billed, [], false);
    // The page on screen stays as it is; the failure is told privately.
    await replyPrivately(
      services,
      client,
      audience,
      juheErrorMessage({ locale: services.locale, api: 'risk', category: error.category, code: error.code }),
    );
    return;
  }
  const { page, fromCache } = fetched;
  audit(pageOutcomeCode(fetched), page.billed, page.orderId ? [page.orderId] : [], fromCache);
  const message = services.present.message(
    riskPageMessage({
      locale: services.locale,
      subject: { keyword: cursor.keyword, realname: cursor.realname },
      page,
      footer: { requesterId: userId, fetchedAt: services.now(), sandbox: services.sandbox, fromCache },
    }),
  );
  if (turn.isEphemeral && turn.responseUrl) {
    await postToResponseUrl(services.responseUrlPolicy, turn.responseUrl, {
      replace_original: true,
      ...message,
    });
  } else {
    await client.chat.update({ channel: turn.channelId, ts: turn.messageTs, ...message });
  }
}
