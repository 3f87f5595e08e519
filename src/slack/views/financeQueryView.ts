import type { App } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors } from '../blocks/errors.js';
import { financeLoadingModal } from '../blocks/modalNotices.js';
import { runFinanceRequest } from '../flows/financeFlow.js';
import { CALLBACK_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { readFinanceSubmission, typedFinanceSubject } from './financeSubmission.js';
import type { ViewSubmitArgs } from './riskQueryView.js';

/**
 * /finance submitted. Everything is checked locally first: an invalid form is answered inline,
 * keyed by block_id, and never reaches (or is billed by) Juhe. A valid one turns into a loading
 * view at once and gets the outcome by views.update.
 */
export function handleFinanceQuerySubmission(services: AppServices) {
  return async function financeQuerySubmission({ view, context }: ViewSubmitArgs): Promise<void> {
    const scope = scopeOf(context);
    const submission = readFinanceSubmission(view.state.values);
    if (!submission.ok) {
      await scope.ack({
        response_action: 'errors',
        errors: inputValidationErrors(services.locale, submission.problems),
      });
      await scope.audit.invalid('finance', typedFinanceSubject(view.state.values));
      return;
    }
    await scope.ackWithView(financeLoadingModal(services.locale));
    scope.progress.push({ kind: 'modal', viewId: view.id });
    await runFinanceRequest(services, scope, {
      viewId: view.id,
      query: submission.query,
      purpose: submission.purpose,
    });
  };
}

export function registerFinanceQueryView(app: App, services: AppServices): void {
  app.view(
    CALLBACK_IDS.financeQuery,
    requireAccess(services, 'finance'),
    handleFinanceQuerySubmission(services),
  );
}
