import type { AuditedOutcome, QueryAudit } from '../auditLog.js';
import type { AuditTrail } from '../auditTrail.js';
import { auditCsv } from './auditCsv.js';
import type { AuditPeriod } from './auditPeriod.js';
import { toAuditExportRow } from './auditRows.js';
import { auditXlsx } from './auditXlsx.js';

/** What an auditor asked to export: the days, and optionally only one requester's queries. */
export interface AuditExportRequest {
  period: AuditPeriod;
  /** a Slack member ID (or `cli:…`): only the queries this requester made */
  requester?: string;
}

export type AuditExportFormat = 'csv' | 'xlsx';
export const AUDIT_EXPORT_FORMATS: readonly AuditExportFormat[] = ['csv', 'xlsx'];

export interface AuditExportFile {
  format: AuditExportFormat;
  filename: string;
  /** the decrypted rows: personal data in clear, never logged */
  bytes: Buffer;
}

export interface PreparedAuditExport {
  rowCount: number;
  /** empty when no query matched: nobody is sent an empty file */
  files: AuditExportFile[];
}

/** `juhe-audit_2026-11-01_2026-11-30[_U0123ABCD].csv`: what was exported, readable in a file list. */
export function auditExportFilename(request: AuditExportRequest, format: AuditExportFormat): string {
  const who = request.requester ? `_${request.requester.replace(/[^A-Za-z0-9-]/g, '-')}` : '';
  return `juhe-audit_${request.period.from}_${request.period.to}${who}.${format}`;
}

/**
 * What the export's own audit row says was processed, in its purpose column: the days and the filter,
 * so a later auditor sees exactly which rows left the record.
 */
export function auditExportPurpose(request: AuditExportRequest): string {
  const who = request.requester ? ` requester ${request.requester}` : '';
  return `audit export ${request.period.from}..${request.period.to}${who}`;
}

/** How an export ended: its row count in recordCounts, like the records of a lookup. */
export function auditExportOutcome(rowCount: number): AuditedOutcome {
  return {
    outcome: rowCount > 0 ? 'exported' : 'no_rows',
    billed: false,
    orderIds: [],
    cacheHit: false,
    recordCounts: { rows: rowCount },
  };
}

/**
 * Reads the matching queries from the trail and builds the files. The export is itself processing of
 * the personal data it holds, so it is described in the audit (durably) before a row is read; the caller
 * completes it with `auditExportOutcome` once the files reached the auditor, so an export that failed on
 * the way is not recorded as delivered. The export's own row is left out of its file.
 */
export async function prepareAuditExport(
  deps: { trail: AuditTrail; audit: QueryAudit },
  request: AuditExportRequest,
  options: { formats: readonly AuditExportFormat[]; generatedAt: Date },
): Promise<PreparedAuditExport> {
  const { trail, audit } = deps;
  await audit.describe({
    api: 'audit_export',
    type: null,
    subject: null,
    purpose: auditExportPurpose(request),
    consent: null,
  });
  const queried = await trail.queries({
    from: request.period.start,
    to: request.period.end,
    ...(request.requester ? { requester: request.requester } : {}),
  });
  const rows = queried.filter((row) => row.queryId !== audit.queryId).map(toAuditExportRow);
  if (rows.length === 0) return { rowCount: 0, files: [] };
  const files: AuditExportFile[] = [];
  for (const format of options.formats) {
    const bytes = format === 'csv' ? auditCsv(rows) : await auditXlsx(rows, options.generatedAt);
    files.push({ format, filename: auditExportFilename(request, format), bytes });
  }
  return { rowCount: rows.length, files };
}
