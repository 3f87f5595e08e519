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
import { ACTION_IDS, SHOW_TYPE_ACTION_PATTERN } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { decodePageCursor } from '../pageCursor.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Prev, Next and an overview's "Show all": each button carries the page it leads to. */
export function handlePageButton(services: AppServices) {
  return async function pageButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    // Bolt routes by action_id alone: only a button of ours carries a page (a forged element type does not).
    const cursor = action.type === 'button' ? decodePageCursor(action.value) : undefined;
    if (cursor === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const container = body.container as { message_ts?: unknown; is_ephemeral?: unknown; thread_ts?: unknown };
    const threadTs = container.thread_ts ?? body.message?.thread_ts;
    await runPageTurn(services, scope, {
      cursor,
      messageTs: String(container.message_ts ?? body.message?.ts ?? ''),
      isEphemeral: container.is_ephemeral === true,
      // An overview's "Show all" opens the list beside it: the overview stays, with its other sources.
      opensList: SHOW_TYPE_ACTION_PATTERN.test(action.action_id),
      ...(typeof threadTs === 'string' && threadTs ? { threadTs } : {}),
    });
  };
}

export function registerPaginationActions(app: App, services: AppServices): void {
  const chain = [requireAccess(services, 'risk'), handlePageButton(services)] as const;
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.prevPage, ...chain);
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.nextPage, ...chain);
  app.action<BlockAction<ButtonAction>>(SHOW_TYPE_ACTION_PATTERN, ...chain);
}
