import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { chinaDay } from '../../audit/export/auditPeriod.js';
import type { AppServices } from '../appServices.js';
import { auditRefusalMessage, auditUsageMessage } from '../blocks/auditMessages.js';
import { tellRequester } from '../delivery/tellRequester.js';
import { runAuditExport } from '../flows/auditExportFlow.js';
import { type RequestScope, scopeOf } from '../middleware/requestScope.js';
import { parseRiskCommand } from './parseRiskCommand.js';
import type { RiskCommand } from './riskCommand.types.js';

type AuditCommand = Extract<RiskCommand, { kind: 'audit' | 'auditInvalid' }>;
type AuditServices = Pick<AppServices, 'auditorUserIds' | 'locale' | 'logger' | 'now' | 'record'>;

export function isAuditCommand(parsed: RiskCommand): parsed is AuditCommand {
  return parsed.kind === 'audit' || parsed.kind === 'auditInvalid';
}

/**
 * `/risk audit …`: AUDITOR_USER_IDS only. Anyone else gets the auditors' refusal, audited as a refused
 * `audit_export` — before the arguments are read, as every surface refuses before it reads input.
 */
export async function handleAuditCommand(
  services: AuditServices,
  scope: RequestScope,
  parsed: AuditCommand,
): Promise<void> {
  if (!services.auditorUserIds.has(scope.userId)) {
    await scope.audit.refuse('audit_export');
    await tellRequester(services, scope, auditRefusalMessage(services.locale));
    return;
  }
  if (parsed.kind === 'auditInvalid') {
    await scope.ackWithMessage(auditUsageMessage(services.locale, parsed.problem));
    return;
  }
  await runAuditExport(services, scope, parsed.request);
}

/**
 * Listener middleware in front of /risk's access check: the audit subcommand is the auditors' surface,
 * with its own allow list, so an auditor who may not screen anyone (not on ALLOWED_USER_IDS) can still
 * export, and it is answered here. Every other /risk goes on to requireAccess('risk').
 */
export function auditSubcommand(services: AuditServices) {
  return async function auditSubcommandRoute({
    command,
    context,
    next,
  }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const parsed = parseRiskCommand(command.text, chinaDay(services.now()));
    if (!isAuditCommand(parsed)) {
      await next();
      return;
    }
    await handleAuditCommand(services, scopeOf(context), parsed);
  };
}
