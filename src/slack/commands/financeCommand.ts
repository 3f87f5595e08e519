import type { App } from '@slack/bolt';
import { refusedQueryEvent } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { refusalMessage } from '../blocks/errors.js';
import { financeQueryModal } from '../blocks/financeModal.js';
import { reportUnexpected } from '../flows/riskFlow.js';
import { COMMANDS } from '../ids.js';
import { encodeViewOrigin } from '../viewMetadata.js';
import type { CommandArgs } from './riskCommand.js';

/** `/finance`: opens the form at once (the trigger_id lives 3 s); any text after the command is ignored. */
export function handleFinanceCommand(services: AppServices) {
  return async function financeCommand({ command, ack, client }: CommandArgs): Promise<void> {
    const { locale } = services;
    if (!services.access.mayQuery('finance', command.user_id)) {
      await ack({
        response_type: 'ephemeral',
        ...services.present.message(refusalMessage(locale, 'finance')),
      });
      services.audit.record(
        refusedQueryEvent({ requester: command.user_id, channel: command.channel_id, api: 'finance' }),
      );
      return;
    }
    await ack();
    try {
      await client.views.open({
        trigger_id: command.trigger_id,
        view: services.present.view(
          financeQueryModal({
            locale,
            privateMetadata: encodeViewOrigin({
              channelId: command.channel_id,
              responseUrl: command.response_url,
            }),
          }),
        ),
      });
    } catch (error) {
      await reportUnexpected(
        services,
        client,
        { userId: command.user_id, channelId: command.channel_id, responseUrl: command.response_url },
        error,
        'finance modal open',
      );
    }
  };
}

export function registerFinanceCommand(app: App, services: AppServices): void {
  app.command(COMMANDS.finance, handleFinanceCommand(services));
}
