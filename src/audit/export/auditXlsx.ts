import ExcelJS from 'exceljs';
import { AUDIT_EXPORT_COLUMNS, type AuditExportCell, type AuditExportRow } from './auditRows.js';

export const AUDIT_SHEET_NAME = 'Audit';

/**
 * XML 1.0 cannot hold these control characters at all: exceljs would write them and Excel would call the
 * file corrupt. Typed input may carry them, so they are dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Cells are typed: a string is always written as text, never as a formula (exceljs writes a formula only
 * for a `{ formula }` value), so unlike the CSV no cell needs a protective quote and the auditor reads
 * every value exactly as it was recorded.
 */
function cellValue(cell: AuditExportCell): string | number | boolean | null {
  return typeof cell === 'string' ? cell.replace(XML_ILLEGAL, '') : cell;
}

/**
 * The export as an Excel workbook: one sheet, a bold frozen header row with a filter, one row per query.
 * `generatedAt` is the workbook's creation time, so the same rows give the same document properties.
 */
export async function auditXlsx(rows: readonly AuditExportRow[], generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'juhe-risk-slack';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  const sheet = workbook.addWorksheet(AUDIT_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = AUDIT_EXPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.width,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(AUDIT_EXPORT_COLUMNS.map((column) => cellValue(row[column.key])));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: AUDIT_EXPORT_COLUMNS.length } };
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
