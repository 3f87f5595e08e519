import type { App } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import type { RoundTripTag } from '../roundTripTag.js';
import { isRecord } from './unknownRequests.js';

/**
 * The other half of roundTripPresenter.ts: values the app wrote come back from Slack in button
 * clicks and modal submissions, and here — before any listener reads them — each one's tag is
 * checked and stripped. A value whose tag does not verify is removed, so the listener sees what it
 * already handles as "nothing of ours":
 * - a button without a value reads as a stale button (pagination answers with the stale-button message);
 * - a modal with empty private_metadata has no known origin, so its answer goes only to the
 *   submitter — their DM with the app for /risk, the modal itself for /finance — never to a channel,
 *   thread or response_url the payload named.
 *
 * The body is changed in place on purpose: Bolt hands listeners `action` and `view` as references
 * into it, so they see the checked values too.
 */
export function checkRoundTripValues(body: unknown, roundTrip: RoundTripTag, logger: Logger): void {
  if (!isRecord(body)) return;
  if (Array.isArray(body.actions)) {
    for (const action of body.actions) {
      // Every value, whatever element type the payload claims: Bolt routes by action_id alone.
      if (!isRecord(action) || action.value === undefined) continue;
      const value = roundTrip.verify(action.value);
      if (value !== undefined) {
        action.value = value;
      } else {
        delete action.value;
        logger.warn(
          { actionId: typeof action.action_id === 'string' ? action.action_id : null },
          'a button value without a valid tag came back; treated as stale',
        );
      }
    }
  }
  const view = body.view;
  if (isRecord(view) && view.private_metadata !== undefined && view.private_metadata !== '') {
    const metadata = roundTrip.verify(view.private_metadata);
    if (metadata !== undefined) {
      view.private_metadata = metadata;
    } else {
      view.private_metadata = '';
      logger.warn(
        { viewId: typeof view.id === 'string' ? view.id : null },
        'private_metadata without a valid tag came back; its origin is not trusted',
      );
    }
  }
}

export function registerRoundTripCheck(app: App, roundTrip: RoundTripTag, logger: Logger): void {
  app.use(async ({ body, next }) => {
    checkRoundTripValues(body, roundTrip, logger);
    await next();
  });
}
