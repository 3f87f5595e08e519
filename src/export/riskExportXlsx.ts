import ExcelJS from 'exceljs';
import type { RiskExportDocument } from './riskExportRows.js';
import { xlsxCellValue } from './xlsxText.js';

/**
 * The export as an Excel workbook, one sheet: the title (bold) and the header block in columns A–B, an
 * empty row, then the bold column headers (frozen, with a filter) and one row per record. The row of the
 * column headers is `headerRow` below: readers find the table there. `generatedAt` is the workbook's
 * creation time, so the same export gives the same document properties.
 */
export async function riskExportXlsx(document: RiskExportDocument, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'juhe-risk-slack';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  const headerRow = riskExportTableRow(document);
  const sheet = workbook.addWorksheet(document.sheetName, {
    views: [{ state: 'frozen', ySplit: headerRow }],
  });
  sheet.columns = document.columns.map((column) => ({ key: column.key, width: column.width }));
  sheet.addRow([xlsxCellValue(document.title)]).font = { bold: true };
  for (const [label, value] of document.header) sheet.addRow([xlsxCellValue(label), xlsxCellValue(value)]);
  sheet.addRow([]);
  sheet.addRow(document.columns.map((column) => xlsxCellValue(column.header))).font = { bold: true };
  for (const row of document.rows) {
    sheet.addRow(document.columns.map((column) => xlsxCellValue(row[column.key])));
  }
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow, column: document.columns.length },
  };
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}

/** The 1-based row of the column headers: after the title, the header block and one empty row. */
export function riskExportTableRow(document: RiskExportDocument): number {
  return document.header.length + 3;
}
