import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { staleButtonMessage } from '../blocks/errors.js';
import { decodeExportTarget } from '../exportTarget.js';
import { cancelExport, exportDestinationFor, requestExport, runExport } from '../flows/riskExportFlow.js';
import { ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import type { ButtonArgs } from './pagination.js';

interface ButtonContainer {
  channel_id?: unknown;
  message_ts?: unknown;
  thread_ts?: unknown;
  is_ephemeral?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Export on a result, Export on its confirmation, and a failure's Try again. The result's button knows
 * its place from the click (its thread, or a private message); the confirmation's buttons carry it, as
 * they sit on a private message of their own.
 */
export function handleExportButton(services: AppServices, confirmed: boolean) {
  return async function exportButton({ body, action, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const target = decodeExportTarget(action.type === 'button' ? action.value : undefined);
    if (target === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    const container = (body.container ?? {}) as ButtonContainer;
    const isEphemeral = container.is_ephemeral === true;
    const threadTs = text(container.thread_ts);
    if (threadTs) scope.audience = { ...scope.audience, threadTs };
    // a destination read back is held to today's compliance channels, like the click's own
    const carried = target.destination;
    const destination =
      carried?.kind === 'thread'
        ? exportDestinationFor(services, {
            channelId: carried.channel,
            isEphemeral: false,
            threadTs: carried.threadTs,
          })
        : (carried ??
          exportDestinationFor(services, {
            channelId: text(container.channel_id) ?? scope.audience.channelId,
            isEphemeral,
            threadTs,
            messageTs: text(container.message_ts),
          }));
    const responseUrl = scope.audience.responseUrl;
    const request = {
      target: { ...target, destination },
      // the confirmation and a failure are private messages of the export's own: replaced in place
      ...(carried !== undefined && responseUrl ? { inPlaceOf: responseUrl } : {}),
    };
    if (confirmed) await runExport(services, scope, request);
    else await requestExport(services, scope, request);
  };
}

export function handleExportCancel(services: AppServices) {
  return async function exportCancel({ context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    await cancelExport(services, scope, scope.audience.responseUrl);
  };
}

export function registerExportActions(app: App, services: AppServices): void {
  // the /risk allow list, as for every risk button; a refusal is audited as an export
  const access = requireAccess(services, 'risk', 'export');
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.export, access, handleExportButton(services, false));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.exportConfirm, access, handleExportButton(services, true));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.exportCancel, access, handleExportCancel(services));
}
