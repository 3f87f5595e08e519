import { csvFile, csvRecord } from '../../export/csvText.js';
import { AUDIT_EXPORT_COLUMNS, type AuditExportRow } from './auditRows.js';

/**
 * The export as CSV: a header record, then one record per query; UTF-8 with a BOM, formula starts
 * neutralised (src/export/csvText.ts, shared with the export of risk results).
 */
export function auditCsv(rows: readonly AuditExportRow[]): Buffer {
  const header = csvRecord(AUDIT_EXPORT_COLUMNS.map((column) => column.header));
  const body = rows.map((row) => csvRecord(AUDIT_EXPORT_COLUMNS.map((column) => row[column.key])));
  return csvFile([header, ...body]);
}
