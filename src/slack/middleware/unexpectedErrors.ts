import type { Context } from '@slack/bolt';
import { ComplianceRecordUnavailableError } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { recordUnavailableMessage, unexpectedErrorMessage } from '../blocks/errors.js';
import { noticeModal } from '../blocks/modalNotices.js';
import { tellRequester } from '../delivery/tellRequester.js';
import type { SlackMessage } from '../message.js';
import { findScope, type RequestScope } from './requestScope.js';

/**
 * The one path for failures nobody foresaw, wherever they happened (command, button, modal, shortcut):
 * Bolt's extended error handler. The log line and the person get the same reference id; whatever this
 * request left on screen saying "working…" is replaced by it, else the person is told privately.
 */
export function unexpectedErrorHandler(services: AppServices) {
  return async ({ error, context }: { error: Error; context?: Context }): Promise<void> => {
    const referenceId = services.newReferenceId();
    const scope = findScope(context);
    services.logger.error(
      { err: (error as { original?: unknown }).original ?? error, referenceId, surface: scope?.surface },
      'unexpected failure',
    );
    if (scope === undefined) return;
    // Not a bug but the database: say plainly that nothing was looked up or billed.
    const cause = (error as { original?: unknown }).original ?? error;
    const message =
      cause instanceof ComplianceRecordUnavailableError
        ? recordUnavailableMessage(services.locale, referenceId)
        : unexpectedErrorMessage(services.locale, referenceId);
    try {
      const replaced = await replaceProgress(services, scope, message);
      if (!replaced) await tellRequester(services, scope, message);
    } catch (deliveryError) {
      services.logger.error({ err: deliveryError, referenceId }, 'could not tell the user about a failure');
    }
  };
}

/** True when at least one "working…" surface now shows the failure. */
async function replaceProgress(
  services: AppServices,
  scope: RequestScope,
  message: SlackMessage,
): Promise<boolean> {
  let replaced = false;
  for (const shown of scope.progress) {
    try {
      if (shown.kind === 'message') await scope.outbox.update(shown.channel, shown.ts, message);
      else if (shown.kind === 'ephemeral') await scope.outbox.replaceEphemeral(shown.responseUrl, message);
      else
        await scope.outbox.updateView(
          shown.viewId,
          noticeModal({ locale: services.locale, message, title: 'modal.finance.title' }),
        );
      replaced = true;
    } catch (error) {
      services.logger.warn({ err: error, shown: shown.kind }, 'could not replace a progress message');
    }
  }
  return replaced;
}
