import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors } from '../blocks/errors.js';
import { runRiskRequest } from '../flows/riskFlow.js';
import { CALLBACK_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { readRiskSubmission, typedRiskSubject } from './riskSubmission.js';

export type ViewSubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Risk modal submitted: bad fields are answered inline; a good one closes the modal and screens. */
export function handleRiskQuerySubmission(services: AppServices) {
  return async function riskQuerySubmission({ view, context }: ViewSubmitArgs): Promise<void> {
    const scope = scopeOf(context);
    const submission = readRiskSubmission(view.state.values);
    if (!submission.ok) {
      await scope.ack({
        response_action: 'errors',
        errors: inputValidationErrors(services.locale, submission.problems),
      });
      await scope.audit.invalid('risk', typedRiskSubject(view.state.values));
      return;
    }
    await scope.ack();
    await runRiskRequest(services, scope, {
      subject: { keyword: submission.keyword, realname: submission.realname },
      scope: submission.scope,
    });
  };
}

export function registerRiskQueryView(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.riskQuery, requireAccess(services, 'risk'), handleRiskQuerySubmission(services));
}
