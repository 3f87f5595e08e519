/** One cell of a file export: typed, so an XLSX keeps numbers and booleans; a CSV writes them as text. */
export type ExportCell = string | number | boolean | null;

/** Excel reads a UTF-8 file as the machine's code page unless it starts with a BOM: 中文 would be garbled. */
export const UTF8_BOM = '\uFEFF';
/** RFC 4180 ends every record with CRLF. */
const RECORD_END = '\r\n';
/**
 * A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…) can send data
 * away). Typed input and Juhe's data reach these cells, so such a cell gets a leading ' and is shown as
 * text (OWASP's CSV injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cellText(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, formula starts neutralised, ending in CRLF. */
export function csvRecord(cells: readonly ExportCell[]): string {
  return cells.map((cell) => field(cellText(cell))).join(',') + RECORD_END;
}

/** Records as one UTF-8 file with a BOM. */
export function csvFile(records: readonly string[]): Buffer {
  return Buffer.from(UTF8_BOM + records.join(''), 'utf8');
}
