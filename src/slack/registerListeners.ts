import type { App } from '@slack/bolt';
import { registerPaginationActions } from './actions/pagination.js';
import { registerRetryAction } from './actions/retry.js';
import type { AppServices } from './appServices.js';
import { registerFinanceCommand } from './commands/financeCommand.js';
import { registerRiskCommand } from './commands/riskCommand.js';
import { registerRiskCheckMessage } from './shortcuts/riskCheckMessage.js';
import { registerFinanceQueryView } from './views/financeQueryView.js';
import { registerRiskQueryView } from './views/riskQueryView.js';

/** One place that wires every Slack surface; the manifest test checks each command and callback has one. */
export function registerListeners(app: App, services: AppServices): void {
  registerRiskCommand(app, services);
  registerFinanceCommand(app, services);
  registerRiskQueryView(app, services);
  registerFinanceQueryView(app, services);
  registerPaginationActions(app, services);
  registerRetryAction(app, services);
  registerRiskCheckMessage(app, services);
}
