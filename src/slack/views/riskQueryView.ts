import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors } from '../blocks/errors.js';
import { reportUnexpected, runRiskRequest } from '../flows/riskFlow.js';
import { CALLBACK_IDS } from '../ids.js';
import { decodeViewOrigin } from '../viewMetadata.js';
import { readRiskSubmission } from './riskSubmission.js';

export type ViewSubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Risk modal submitted: bad fields are answered inline; a good one closes the modal and screens. */
export function handleRiskQuerySubmission(services: AppServices) {
  return async function riskQuerySubmission({ ack, body, view, client }: ViewSubmitArgs): Promise<void> {
    const submission = readRiskSubmission(view.state.values);
    if (!submission.ok) {
      await ack({
        response_action: 'errors',
        errors: inputValidationErrors(services.locale, submission.problems),
      });
      return;
    }
    await ack();
    const origin = decodeViewOrigin(view.private_metadata);
    // A modal always comes from a channel; without one (a forged view) answer in the user's DM with the app.
    const audience = {
      userId: body.user.id,
      channelId: origin?.channelId ?? body.user.id,
      ...(origin?.responseUrl ? { responseUrl: origin.responseUrl } : {}),
      ...(origin?.threadTs ? { threadTs: origin.threadTs } : {}),
    };
    try {
      await runRiskRequest(services, client, {
        ...audience,
        subject: { keyword: submission.keyword, realname: submission.realname },
        scope: submission.scope,
      });
    } catch (error) {
      await reportUnexpected(services, client, audience, error, 'risk modal submission');
    }
  };
}

export function registerRiskQueryView(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.riskQuery, handleRiskQuerySubmission(services));
}
