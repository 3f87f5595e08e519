import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { refusedQueryEvent } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { refusalMessage } from '../blocks/errors.js';
import { riskQueryModal } from '../blocks/riskModal.js';
import { parseRiskCommand } from '../commands/parseRiskCommand.js';
import { replyPrivately } from '../flows/privateReply.js';
import { reportUnexpected } from '../flows/riskFlow.js';
import { CALLBACK_IDS } from '../ids.js';
import { encodeViewOrigin } from '../viewMetadata.js';

type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Risk check" on a message: opens the risk modal, prefilled when the message reads like
 * `<keyword> <name> [type]`; the results go to that message's thread.
 */
export function handleRiskCheckMessage(services: AppServices) {
  return async function riskCheckMessage({ ack, shortcut, client }: MessageShortcutArgs): Promise<void> {
    await ack();
    const audience = {
      userId: shortcut.user.id,
      channelId: shortcut.channel.id,
      responseUrl: shortcut.response_url,
    };
    try {
      if (!services.access.mayQuery('risk', shortcut.user.id)) {
        await replyPrivately(services, client, audience, refusalMessage(services.locale, 'risk'));
        services.audit.record(
          refusedQueryEvent({ requester: shortcut.user.id, channel: shortcut.channel.id, api: 'risk' }),
        );
        return;
      }
      const threadTs =
        typeof shortcut.message.thread_ts === 'string' ? shortcut.message.thread_ts : shortcut.message.ts;
      const suggestion = parseRiskCommand(shortcut.message.text ?? '');
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: services.present.view(
          riskQueryModal({
            locale: services.locale,
            ...(suggestion.kind === 'query'
              ? {
                  initial: {
                    keyword: suggestion.keyword,
                    realname: suggestion.realname,
                    scope: suggestion.scope,
                  },
                }
              : {}),
            privateMetadata: encodeViewOrigin({ ...audience, threadTs }),
          }),
        ),
      });
    } catch (error) {
      await reportUnexpected(services, client, audience, error, 'risk check shortcut');
    }
  };
}

export function registerRiskCheckMessage(app: App, services: AppServices): void {
  app.shortcut<MessageShortcut>(CALLBACK_IDS.riskCheckMessage, handleRiskCheckMessage(services));
}
