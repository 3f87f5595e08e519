import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { refusedQueryEvent } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { refusalMessage } from '../blocks/errors.js';
import { riskQueryModal } from '../blocks/riskModal.js';
import { riskHelpMessage, riskUsageMessage, riskWorkingMessage } from '../blocks/riskResults.js';
import { answersPrivatelyWithResults, reportUnexpected, runRiskRequest } from '../flows/riskFlow.js';
import { COMMANDS } from '../ids.js';
import { encodeViewOrigin } from '../viewMetadata.js';
import { parseRiskCommand } from './parseRiskCommand.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/risk …`: help and usage errors are the ack itself; a query acks first and answers after. */
export function handleRiskCommand(services: AppServices) {
  return async function riskCommand({ command, ack, client }: CommandArgs): Promise<void> {
    const { locale, present } = services;
    const parsed = parseRiskCommand(command.text);
    const audience = {
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
    };
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', ...present.message(riskHelpMessage(locale)) });
        return;
      case 'invalid':
        await ack({
          response_type: 'ephemeral',
          ...present.message(riskUsageMessage(locale, parsed.problem)),
        });
        return;
      case 'modal':
        // Refuse before the form, not after someone has filled it in.
        if (!services.access.mayQuery('risk', command.user_id)) {
          await ack({ response_type: 'ephemeral', ...present.message(refusalMessage(locale, 'risk')) });
          services.audit.record(
            refusedQueryEvent({ requester: command.user_id, channel: command.channel_id, api: 'risk' }),
          );
          return;
        }
        await ack();
        try {
          await client.views.open({
            trigger_id: command.trigger_id,
            view: present.view(
              riskQueryModal({
                locale,
                privateMetadata: encodeViewOrigin({
                  channelId: command.channel_id,
                  responseUrl: command.response_url,
                }),
              }),
            ),
          });
        } catch (error) {
          await reportUnexpected(services, client, audience, error, 'risk modal open');
        }
        return;
      case 'query': {
        const subject = { keyword: parsed.keyword, realname: parsed.realname };
        // In a compliance channel the visible parent message is the progress sign.
        if (answersPrivatelyWithResults(services, audience)) {
          await ack({
            response_type: 'ephemeral',
            ...present.message(riskWorkingMessage(locale, subject, parsed.scope)),
          });
        } else {
          await ack();
        }
        try {
          await runRiskRequest(services, client, { ...audience, subject, scope: parsed.scope });
        } catch (error) {
          await reportUnexpected(services, client, audience, error, 'risk command');
        }
        return;
      }
    }
  };
}

export function registerRiskCommand(app: App, services: AppServices): void {
  app.command(COMMANDS.risk, handleRiskCommand(services));
}
