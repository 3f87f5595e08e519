import type { App } from '@slack/bolt';
import { checkPurpose } from '../../domain/purpose.js';
import { t } from '../../i18n/catalog.js';
import type { AppServices } from '../appServices.js';
import { inputValidationErrors } from '../blocks/errors.js';
import { submitBatch } from '../flows/batchFlow.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import { requireAccess } from '../middleware/requireAccess.js';
import type { ViewSubmitArgs } from './riskQueryView.js';
import { readFileIds, readText } from './viewState.js';

/**
 * The risk_batch modal submitted: the purpose as for /finance and a picked file are checked inline; the
 * file itself is read by the flow after the ack (fetching it can take longer than Slack's 3 seconds).
 */
export function handleRiskBatchSubmission(services: AppServices) {
  return async function riskBatchSubmission({ view, context }: ViewSubmitArgs): Promise<void> {
    const scope = scopeOf(context);
    const values = view.state.values;
    const purpose = readText(values, BLOCK_IDS.purpose, INPUT_ACTION_IDS.purpose).trim();
    const purposeProblem = checkPurpose(purpose);
    const [fileId] = readFileIds(values, BLOCK_IDS.file, INPUT_ACTION_IDS.file);
    if (purposeProblem || fileId === undefined) {
      await scope.ack({
        response_action: 'errors',
        errors: {
          ...(purposeProblem ? inputValidationErrors(services.locale, { purpose: purposeProblem }) : {}),
          ...(fileId === undefined ? { [BLOCK_IDS.file]: t(services.locale, 'batch.file.missing') } : {}),
        },
      });
      return;
    }
    await submitBatch(services, scope, { fileId, purpose });
  };
}

export function registerRiskBatchView(app: App, services: AppServices): void {
  app.view(CALLBACK_IDS.riskBatch, requireAccess(services, 'risk'), handleRiskBatchSubmission(services));
}
