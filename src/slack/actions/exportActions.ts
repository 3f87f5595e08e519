import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { staleButtonMessage } from '../blocks/errors.js';
import { decodeExportTarget } from '../exportTarget.js';
import { cancelExport, type ExportClick, exportClicked } from '../flows/riskExportFlow.js';
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

/** The message clicked, as Slack's payload names it. */
function containerOf(body: ButtonArgs['body']): ExportClick['container'] {
  const container = (body.container ?? {}) as ButtonContainer;
  const channelId = text(container.channel_id);
  const messageTs = text(container.message_ts);
  const threadTs = text(container.thread_ts);
  return {
    isEphemeral: container.is_ephemeral === true,
    ...(channelId ? { channelId } : {}),
    ...(messageTs ? { messageTs } : {}),
    ...(threadTs ? { threadTs } : {}),
  };
}

/**
 * Export on a result, Export on its confirmation, and a failure's Try again: read the value and the
 * message clicked, ack, and hand them to the flow, which decides where the files go and what is replaced.
 */
export function handleExportButton(services: AppServices, action: ExportClick['action']) {
  return async function exportButton({ body, action: clicked, context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const target = decodeExportTarget(clicked.type === 'button' ? clicked.value : undefined);
    if (target === undefined) {
      await scope.outbox.replyPrivately(scope.audience, staleButtonMessage(services.locale));
      return;
    }
    await exportClicked(services, scope, { action, target, container: containerOf(body) });
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
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.export, access, handleExportButton(services, 'export'));
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.exportConfirm,
    access,
    handleExportButton(services, 'confirm'),
  );
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.exportCancel, access, handleExportCancel(services));
}
