import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { chinaDay } from '../../audit/export/auditPeriod.js';
import type { AppServices } from '../appServices.js';
import { riskHelpMessage } from '../blocks/riskHelp.js';
import { riskQueryModal } from '../blocks/riskModal.js';
import { riskUsageMessage } from '../blocks/riskUsage.js';
import { openBatchModal } from '../flows/batchFlow.js';
import { runRiskRequest } from '../flows/riskFlow.js';
import { openWatchModal, watchesMessage } from '../flows/watchFlow.js';
import { COMMANDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { encodeViewOrigin } from '../viewMetadata.js';
import { auditSubcommand, handleAuditCommand } from './auditCommand.js';
import { parseRiskCommand } from './parseRiskCommand.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/risk …`: help and usage errors are the ack itself; a query acks first and answers after. */
export function handleRiskCommand(services: AppServices) {
  return async function riskCommand({ command, context }: CommandArgs): Promise<void> {
    const { locale } = services;
    const scope = scopeOf(context);
    const parsed = parseRiskCommand(command.text, chinaDay(services.now()));
    switch (parsed.kind) {
      case 'help':
        await scope.ackWithMessage(
          riskHelpMessage(locale, {
            auditor: services.auditorUserIds.has(scope.userId),
            batchMaxRows: services.batches.config.maxRows,
          }),
        );
        return;
      case 'audit':
      case 'auditInvalid':
        // answered by auditSubcommand in front of the access check; here only when wired without it
        await handleAuditCommand(services, scope, parsed);
        return;
      case 'invalid':
        await scope.ackWithMessage(riskUsageMessage(locale, parsed.problem));
        await scope.audit.invalid('risk', { input: command.text });
        return;
      case 'modal':
        await scope.ack();
        await scope.outbox.openView(
          command.trigger_id,
          riskQueryModal({
            locale,
            privateMetadata: encodeViewOrigin({
              channelId: command.channel_id,
              responseUrl: command.response_url,
            }),
          }),
        );
        return;
      case 'watch':
        await scope.ack();
        await openWatchModal(services, scope, {
          triggerId: command.trigger_id,
          initial: parsed.initial,
          counts: {},
          alertTo: { kind: 'dm' },
          responseUrl: command.response_url,
        });
        return;
      case 'batch':
        await scope.ack();
        await openBatchModal(services, scope, command.trigger_id);
        return;
      case 'watches':
        await scope.ackWithMessage(await watchesMessage(services, scope.userId));
        return;
      case 'query': {
        const request = {
          subject: { keyword: parsed.keyword, realname: parsed.realname },
          scope: parsed.scope,
        };
        // An empty ack: the "Screening…" notice goes through the response_url, where the answer can replace it.
        await scope.ack();
        await runRiskRequest(services, scope, request);
        return;
      }
    }
  };
}

export function registerRiskCommand(app: App, services: AppServices): void {
  app.command(
    COMMANDS.risk,
    auditSubcommand(services),
    requireAccess(services, 'risk'),
    handleRiskCommand(services),
  );
}
