import { AUDIT_EXPORT_COLUMNS, type AuditExportCell, type AuditExportRow } from './auditRows.js';

/** Excel reads a UTF-8 file as the machine's code page unless it starts with a BOM: 中文 would be garbled. */
const UTF8_BOM = '\uFEFF';
/** RFC 4180 ends every record with CRLF. */
const RECORD_END = '\r\n';
/**
 * A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…) can send data
 * away). Typed input reaches these cells, so such a cell gets a leading ' and is shown as text (OWASP's
 * CSV injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(cell: AuditExportCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function record(cells: readonly AuditExportCell[]): string {
  return cells.map((cell) => field(cellText(cell))).join(',') + RECORD_END;
}

/** The export as CSV: a header record, then one record per query; UTF-8 with a BOM. */
export function auditCsv(rows: readonly AuditExportRow[]): Buffer {
  const header = record(AUDIT_EXPORT_COLUMNS.map((column) => column.header));
  const body = rows.map((row) => record(AUDIT_EXPORT_COLUMNS.map((column) => row[column.key])));
  return Buffer.from(UTF8_BOM + header + body.join(''), 'utf8');
}
