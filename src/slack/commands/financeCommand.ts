import type { App } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { financeQueryModal } from '../blocks/financeForm.js';
import { COMMANDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { encodeViewOrigin } from '../viewMetadata.js';
import type { CommandArgs } from './riskCommand.js';

/** `/finance`: opens the form at once (the trigger_id lives 3 s); any text after the command is ignored. */
export function handleFinanceCommand(services: AppServices) {
  return async function financeCommand({ command, context }: CommandArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    await scope.outbox.openView(
      command.trigger_id,
      financeQueryModal({
        locale: services.locale,
        privateMetadata: encodeViewOrigin({
          channelId: command.channel_id,
          responseUrl: command.response_url,
        }),
      }),
    );
  };
}

export function registerFinanceCommand(app: App, services: AppServices): void {
  app.command(COMMANDS.finance, requireAccess(services, 'finance'), handleFinanceCommand(services));
}
