import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { staleButtonMessage } from '../blocks/errors.js';
import { runPageTurn } from '../flows/pageTurnFlow.js';
import { replyPrivately } from '../flows/privateReply.js';
import { reportUnexpected } from '../flows/riskFlow.js';
import { ACTION_IDS } from '../ids.js';
import { decodePageCursor } from '../pageCursor.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Prev, Next and an overview's "Show all": each button carries the page it leads to. */
export function handlePageButton(services: AppServices) {
  return async function pageButton({ ack, body, action, client }: ButtonArgs): Promise<void> {
    await ack();
    const container = body.container as {
      channel_id?: unknown;
      message_ts?: unknown;
      is_ephemeral?: unknown;
    };
    const channelId = String(container.channel_id ?? body.channel?.id ?? '');
    const messageTs = String(container.message_ts ?? body.message?.ts ?? '');
    const audience = {
      userId: body.user.id,
      channelId,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    try {
      const cursor = decodePageCursor(action.value);
      if (cursor === undefined) {
        await replyPrivately(services, client, audience, staleButtonMessage(services.locale));
        return;
      }
      await runPageTurn(services, client, {
        userId: body.user.id,
        cursor,
        channelId,
        messageTs,
        isEphemeral: container.is_ephemeral === true,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
      });
    } catch (error) {
      await reportUnexpected(services, client, audience, error, 'page button');
    }
  };
}

export const SHOW_TYPE_ACTION_PATTERN = new RegExp(`^${ACTION_IDS.showType}_[123]$`);

export function registerPaginationActions(app: App, services: AppServices): void {
  const handler = handlePageButton(services);
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.prevPage, handler);
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.nextPage, handler);
  app.action<BlockAction<ButtonAction>>(SHOW_TYPE_ACTION_PATTERN, handler);
}
