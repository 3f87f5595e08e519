import type { ExportCell } from './csvText.js';

/**
 * XML 1.0 cannot hold these control characters at all: exceljs would write them and Excel would call the
 * file corrupt. Typed input and Juhe's data may carry them, so they are dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Cells are typed: a string is always written as text, never as a formula (exceljs writes a formula only
 * for a `{ formula }` value), so unlike the CSV no cell needs a protective quote.
 */
export function xlsxCellValue(cell: ExportCell): string | number | boolean | null {
  return typeof cell === 'string' ? cell.replace(XML_ILLEGAL, '') : cell;
}
