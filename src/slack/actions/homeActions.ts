import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { chinaDay } from '../../audit/export/auditPeriod.js';
import type { AppServices } from '../appServices.js';
import { handleAuditCommand } from '../commands/auditCommand.js';
import { parseRiskCommand } from '../commands/parseRiskCommand.js';
import { ACTION_IDS } from '../ids.js';
import { scopeOf } from '../middleware/requestScope.js';
import type { ButtonArgs } from './pagination.js';

/**
 * The App Home's audit export: `/risk audit` with its default period (the last 30 days), through the
 * same auditor check, audit and delivery (files in the auditor's DM).
 */
export function handleHomeAuditExport(services: AppServices) {
  return async function homeAuditExport({ context }: ButtonArgs): Promise<void> {
    const scope = scopeOf(context);
    await scope.ack();
    const parsed = parseRiskCommand('audit', chinaDay(services.now()));
    if (parsed.kind !== 'audit') throw new Error('the default audit period did not parse');
    await handleAuditCommand(services, scope, parsed);
  };
}

export function registerHomeActions(app: App, services: AppServices): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.homeAuditExport, handleHomeAuditExport(services));
}
