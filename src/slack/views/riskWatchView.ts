import type { App } from '@slack/bolt';
import { checkPurpose } from '../../domain/purpose.js';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors } from '../blocks/errors.js';
import { alertDestinationFor, startWatch } from '../flows/watchFlow.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import { decodeViewOrigin } from '../viewMetadata.js';
import type { ViewSubmitArgs } from './riskQueryView.js';
import { readRiskSubmission, typedRiskSubject } from './riskSubmission.js';
import { readText } from './viewState.js';

/**
 * The risk_watch modal submitted: the subject by the typed command's rules, the purpose as for /finance;
 * bad fields are answered inline, a good one starts the watch and the modal confirms it.
 */
export function handleRiskWatchSubmission(services: AppServices) {
  return async function riskWatchSubmission({ view, context }: ViewSubmitArgs): Promise<void> {
    const scope = scopeOf(context);
    const values = view.state.values;
    const submission = readRiskSubmission(values);
    const purpose = readText(values, BLOCK_IDS.purpose, INPUT_ACTION_IDS.purpose).trim();
    const purposeProblem = checkPurpose(purpose);
    if (!submission.ok || purposeProblem) {
      const problems = {
        ...(submission.ok ? {} : submission.problems),
        ...(purposeProblem ? { purpose: purposeProblem } : {}),
      };
      await scope.ack({
        response_action: 'errors',
        errors: inputValidationErrors(services.locale, problems),
      });
      await scope.audit.invalid('risk', typedRiskSubject(values));
      return;
    }
    // a modal whose metadata did not verify has none here: its alerts go to the submitter's DM
    const origin = decodeViewOrigin(view.private_metadata);
    const alertTo = origin
      ? alertDestinationFor(services, { channelId: origin.channelId, threadTs: origin.threadTs })
      : { kind: 'dm' as const };
    const started = await startWatch(
      services,
      scope,
      { keyword: submission.keyword, realname: submission.realname, scope: submission.scope, purpose },
      { alertTo, counts: origin?.counts ?? {} },
    );
    if (!started.ok) await scope.ack({ response_action: 'errors', errors: started.errors });
  };
}

export function registerRiskWatchView(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.riskWatch, requireAccess(services, 'risk'), handleRiskWatchSubmission(services));
}
