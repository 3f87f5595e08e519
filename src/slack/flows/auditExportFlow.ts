import {
  type AuditExportRequest,
  auditExportOutcome,
  prepareAuditExport,
} from '../../audit/export/auditExport.js';
import type { AppServices } from '../appServices.js';
import {
  auditDoneMessage,
  auditEmptyMessage,
  auditFileComment,
  auditPreparingMessage,
} from '../blocks/auditMessages.js';
import type { RequestScope } from '../middleware/requestScope.js';

/**
 * `/risk audit` by an auditor: acknowledged at once ("preparing…"), then the matching queries as CSV and
 * XLSX in the auditor's DM with the app — never the channel the command came from — and a private
 * confirmation where they asked. No matching query: they are told so, and no empty file is sent.
 *
 * The export is audited like a lookup (api `audit_export`), described before a row is read and
 * completed only once the files were shared; a failure on the way is completed as `unexpected` by the
 * audit middleware. Log lines carry counts only: the files hold personal data in clear.
 */
export async function runAuditExport(
  services: Pick<AppServices, 'locale' | 'logger' | 'now' | 'record'>,
  scope: RequestScope,
  request: AuditExportRequest,
): Promise<void> {
  const { locale } = services;
  await scope.ackWithMessage(auditPreparingMessage(locale, request));
  const prepared = await prepareAuditExport({ trail: services.record.trail, audit: scope.audit }, request, {
    formats: ['csv', 'xlsx'],
    generatedAt: services.now(),
  });
  if (prepared.rowCount === 0) {
    await scope.audit.complete(auditExportOutcome(0));
    await scope.outbox.replyPrivately(scope.audience, auditEmptyMessage(locale, request));
    return;
  }
  await scope.outbox.shareFilesInDm(
    scope.userId,
    prepared.files,
    auditFileComment(locale, request, prepared.rowCount),
  );
  await scope.audit.complete(auditExportOutcome(prepared.rowCount));
  services.logger.info(
    {
      rows: prepared.rowCount,
      files: prepared.files.length,
      bytes: prepared.files.reduce((sum, file) => sum + file.bytes.length, 0),
      days: request.period.days,
    },
    'audit export delivered',
  );
  await scope.outbox.replyPrivately(
    scope.audience,
    auditDoneMessage(
      locale,
      request,
      prepared.rowCount,
      prepared.files.map((file) => file.filename),
    ),
  );
}
