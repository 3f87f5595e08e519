import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { riskQueryModal } from '../blocks/riskModal.js';
import { riskQueryFromMessage } from '../commands/riskQueryFromMessage.js';
import { CALLBACK_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { encodeViewOrigin } from '../viewMetadata.js';

type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Risk check" on a message: opens the risk modal, prefilled from what the message names (a `/risk`
 * command, or a company and a person in ordinary text); the results go to that message's thread.
 */
export function handleRiskCheckMessage(services: AppServices) {
  return async function riskCheckMessage({ shortcut, context }: MessageShortcutArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const threadTs =
      typeof shortcut.message.thread_ts === 'string' ? shortcut.message.thread_ts : shortcut.message.ts;
    const suggestion = riskQueryFromMessage(shortcut.message.text ?? '');
    await scope.outbox.openView(
      shortcut.trigger_id,
      riskQueryModal({
        locale: services.locale,
        initial: suggestion,
        privateMetadata: encodeViewOrigin({
          channelId: shortcut.channel.id,
          responseUrl: shortcut.response_url,
          threadTs,
          openedBy: 'shortcut',
        }),
      }),
    );
  };
}

export function registerRiskCheckMessage(app: App, services: AppServices): void {
  app.shortcut<MessageShortcut>(
    CALLBACK_IDS.riskCheckMessage,
    requireAccess(services, 'risk'),
    handleRiskCheckMessage(services),
  );
}
