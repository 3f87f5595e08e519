import ExcelJS from 'exceljs';
import { xlsxCellValue } from '../../export/xlsxText.js';
import { AUDIT_EXPORT_COLUMNS, type AuditExportRow } from './auditRows.js';

export const AUDIT_SHEET_NAME = 'Audit';

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
  for (const row of rows) sheet.addRow(AUDIT_EXPORT_COLUMNS.map((column) => xlsxCellValue(row[column.key])));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: AUDIT_EXPORT_COLUMNS.length } };
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
