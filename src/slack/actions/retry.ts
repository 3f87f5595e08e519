import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { staleButtonMessage } from '../blocks/errors.js';
import { runPageTurn } from '../flows/pageTurnFlow.js';
import { runRiskRequest } from '../flows/riskFlow.js';
import { ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { decodeRetryQuery, retryScope } from '../retryQuery.js';
import type { ButtonArgs } from './pagination.js';

/**
 * "Try again" on a failed risk query: the same query, asked again, through the same access check and
 * audit as the first time. Privately the answer takes the error's place; in a compliance channel the
 * overview or list is screened again as a new parent with its thread, like the command it repeats.
 */
export function handleRetryButton(services: AppServices) {
  return async function retryButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const query = action.type === 'button' ? decodeRetryQuery(action.value) : undefined;
    if (query === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const container = body.container as { message_ts?: unknown; is_ephemeral?: unknown };
    const isEphemeral = container.is_ephemeral === true;
    if (query.scope === 'page' && query.cursor.pageIndex > 1) {
      // a later page of a list: the page replaces the error, as a page turn replaces a page
      await runPageTurn(services, scope, {
        cursor: query.cursor,
        messageTs: String(container.message_ts ?? body.message?.ts ?? ''),
        isEphemeral,
      });
      return;
    }
    const { keyword, realname } = query.scope === 'all' ? query : query.cursor;
    const responseUrl = isEphemeral ? scope.audience.responseUrl : undefined;
    await runRiskRequest(
      services,
      scope,
      { subject: { keyword, realname }, scope: retryScope(query) },
      responseUrl ? { inPlaceOf: responseUrl } : {},
    );
  };
}

export function registerRetryAction(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.retry,
    requireAccess(services, 'risk'),
    handleRetryButton(services),
  );
}
