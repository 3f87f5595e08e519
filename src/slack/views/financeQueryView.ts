import type { App } from '@slack/bolt';
import { refusedQueryEvent } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors, refusalMessage, unexpectedErrorMessage } from '../blocks/errors.js';
import { loadingModal, noticeModal } from '../blocks/financeModal.js';
import { runFinanceRequest } from '../flows/financeFlow.js';
import { CALLBACK_IDS } from '../ids.js';
import { decodeViewOrigin } from '../viewMetadata.js';
import { readFinanceSubmission } from './financeSubmission.js';
import type { ViewSubmitArgs } from './riskQueryView.js';

/**
 * /finance submitted. Everything is checked locally first: an invalid form is answered inline,
 * keyed by block_id, and never reaches (or is billed by) Juhe. A valid one turns into a loading
 * view at once and gets the outcome by views.update.
 */
export function handleFinanceQuerySubmission(services: AppServices) {
  return async function financeQuerySubmission({ ack, body, view, client }: ViewSubmitArgs): Promise<void> {
    const { locale } = services;
    const userId = body.user.id;
    if (!services.access.mayQuery('finance', userId)) {
      await ack({
        response_action: 'update',
        view: services.present.view(noticeModal({ locale, message: refusalMessage(locale, 'finance') })),
      });
      services.audit.record(
        refusedQueryEvent({
          requester: userId,
          channel: decodeViewOrigin(view.private_metadata)?.channelId ?? null,
          api: 'finance',
        }),
      );
      return;
    }
    const submission = readFinanceSubmission(view.state.values);
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: inputValidationErrors(locale, submission.problems) });
      return;
    }
    await ack({
      response_action: 'update',
      view: services.present.view(loadingModal({ locale, callbackId: CALLBACK_IDS.financeQuery })),
    });
    const origin = decodeViewOrigin(view.private_metadata) ?? { channelId: userId };
    try {
      await runFinanceRequest(services, client, {
        userId,
        viewId: view.id,
        origin,
        query: submission.query,
        purpose: submission.purpose,
      });
    } catch (error) {
      const referenceId = services.newReferenceId();
      services.logger.error({ err: error, referenceId, where: 'finance submission' }, 'unexpected failure');
      await client.views
        .update({
          view_id: view.id,
          view: services.present.view(
            noticeModal({ locale, message: unexpectedErrorMessage(locale, referenceId) }),
          ),
        })
        .catch((updateError: unknown) =>
          services.logger.error({ err: updateError, referenceId }, 'could not show the failure in the modal'),
        );
    }
  };
}

export function registerFinanceQueryView(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.financeQuery, handleFinanceQuerySubmission(services));
}
