import type { App } from '@slack/bolt';
import { registerBatchActions } from './actions/batchActions.js';
import { registerExportActions } from './actions/exportActions.js';
import { registerHomeActions } from './actions/homeActions.js';
import { registerPaginationActions } from './actions/pagination.js';
import { registerRetryAction } from './actions/retry.js';
import { registerWatchActions } from './actions/watchActions.js';
import type { AppServices } from './appServices.js';
import { registerFinanceCommand } from './commands/financeCommand.js';
import { registerRiskCommand } from './commands/riskCommand.js';
import { registerAppHome } from './events/appHome.js';
import { registerRiskCheckMessage } from './shortcuts/riskCheckMessage.js';
import { registerFinanceQueryView } from './views/financeQueryView.js';
import { registerRiskBatchView } from './views/riskBatchView.js';
import { registerRiskQueryView } from './views/riskQueryView.js';
import { registerRiskWatchView } from './views/riskWatchView.js';

/** One place that wires every Slack surface; the manifest test checks each command and callback has one. */
export function registerListeners(app: App, services: AppServices): void {
  registerRiskCommand(app, services);
  registerFinanceCommand(app, services);
  registerRiskQueryView(app, services);
  registerFinanceQueryView(app, services);
  registerPaginationActions(app, services);
  registerRetryAction(app, services);
  registerRiskCheckMessage(app, services);
  registerRiskWatchView(app, services);
  registerWatchActions(app, services);
  registerHomeActions(app, services);
  registerExportActions(app, services);
  registerAppHome(app, services);
  registerRiskBatchView(app, services);
  registerBatchActions(app, services);
}
