import { csvFile, csvRecord } from './csvText.js';
import type { RiskExportDocument } from './riskExportRows.js';

/**
 * The export as CSV, UTF-8 with a BOM (Excel in China opens it as UTF-8): the title and the header block
 * (label, value), an empty record, the column headers, then one record per row. Cells that a spreadsheet
 * would run as a formula are neutralised (csvText.ts).
 */
export function riskExportCsv(document: RiskExportDocument): Buffer {
  return csvFile([
    csvRecord([document.title]),
    ...document.header.map(([label, value]) => csvRecord([label, value])),
    csvRecord([]),
    csvRecord(document.columns.map((column) => column.header)),
    ...document.rows.map((row) => csvRecord(document.columns.map((column) => row[column.key]))),
  ]);
}
