import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { validatePersonName } from '../domain/personName.js';
import { checkRiskKeyword } from '../domain/riskKeyword.js';
import { parseRiskScope, type RiskScope } from '../domain/riskType.js';

/**
 * Reads a batch of subjects to screen from a file an analyst uploaded (issue 11: `/risk batch`): CSV —
 * UTF-8 with or without a BOM, or GBK as Excel saves it on a Chinese Windows — or XLSX. Each row is held
 * to the rules a typed `/risk` command is held to, before anything is asked of (or billed by) Juhe.
 * Pure apart from parsing: no Slack, no Juhe, no I/O.
 */

/** One subject to screen, from row `row` of the file (1-based, the header being row 1). */
export interface BatchSubject {
  row: number;
  keyword: string;
  realname: string;
  scope: RiskScope;
}

/** Why a row cannot be screened: the rule it broke, never the personal data it held. */
export interface RejectedRow {
  row: number;
  /** a keyword problem (riskKeyword.ts), a name problem (personName.ts), or one of these */
  reason: string;
}

export type BatchFileProblem =
  /** not CSV or XLSX (an image, a PDF, a Word file, binary) */
  | 'not_a_spreadsheet'
  /** no rows, or only a header */
  | 'empty'
  /** no column named like a keyword and one named like a person */
  | 'no_header'
  /** more rows than BATCH_MAX_ROWS */
  | 'too_many_rows';

export type BatchFile =
  | {
      ok: true;
      format: 'csv' | 'xlsx';
      encoding?: 'utf-8' | 'gbk';
      subjects: BatchSubject[];
      rejected: RejectedRow[];
    }
  | { ok: false; problem: BatchFileProblem; rows?: number; maxRows?: number };

/** Header words, compared case-insensitively with spaces and underscores removed. */
const KEYWORD_HEADERS = new Set([
  'keyword',
  'company',
  'companyname',
  '企业',
  '企业名称',
  '公司',
  '公司名称',
  '关键词',
  '统一社会信用代码',
  '单位',
  '单位名称',
]);
const NAME_HEADERS = new Set(['realname', 'name', 'person', '姓名', '人员', '人员姓名', '名字', '当事人']);
const TYPE_HEADERS = new Set(['type', 'source', '类型', '来源', '查询类型']);

function headerKey(cell: string): string {
  return cell.normalize('NFKC').toLowerCase().replace(/[\s_]/g, '');
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** Text of a CSV: UTF-8 when the bytes are UTF-8 (a BOM dropped), else GBK; undefined for binary. */
function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } | undefined {
  // a NUL never appears in a text file of either encoding: images, PDFs and old .xls files have them
  if (bytes.includes(0)) return undefined;
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new TextDecoder('gbk', { fatal: true }).decode(body), encoding: 'gbk' };
    } catch {
      return undefined;
    }
  }
}

/** A row of the file: its cells and its number as the person sees it (the CSV line, the sheet row). */
interface FileRow {
  cells: string[];
  row: number;
}

function csvRows(text: string): FileRow[] | undefined {
  try {
    const records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    // info.lines is the line the record ends on: a quoted cell over several lines starts that much earlier
    return records.map(({ record, info }) => ({
      cells: record,
      row: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    }));
  } catch {
    return undefined;
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return String(value);
}

async function xlsxRows(bytes: Uint8Array): Promise<FileRow[] | undefined> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return [];
  const rows: FileRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    // exceljs rows are 1-based: values[0] is always empty
    rows.push({ cells: values.slice(1).map((value) => cellText(value).trim()), row: rowNumber });
  });
  return rows;
}

/** The columns of the header row, or undefined when it names no keyword and person column. */
function columnsOf(header: readonly string[]) {
  const find = (names: ReadonlySet<string>) => header.findIndex((cell) => names.has(headerKey(cell)));
  const keyword = find(KEYWORD_HEADERS);
  const realname = find(NAME_HEADERS);
  if (keyword < 0 || realname < 0) return undefined;
  const type = find(TYPE_HEADERS);
  return { keyword, realname, ...(type >= 0 ? { type } : {}) };
}

function checkRow(
  cells: readonly string[],
  columns: NonNullable<ReturnType<typeof columnsOf>>,
  row: number,
): BatchSubject | RejectedRow {
  const keyword = (cells[columns.keyword] ?? '').trim();
  const rawName = cells[columns.realname] ?? '';
  const typeWord = columns.type === undefined ? '' : (cells[columns.type] ?? '').trim();
  if (keyword === '') return { row, reason: 'keyword_missing' };
  const keywordProblem = checkRiskKeyword(keyword);
  if (keywordProblem) return { row, reason: keywordProblem.code };
  if (rawName.trim() === '') return { row, reason: 'realname_missing' };
  const name = validatePersonName(rawName);
  if (!name.ok) return { row, reason: name.code };
  const scope = typeWord === '' ? 'all' : parseRiskScope(typeWord);
  if (scope === undefined) return { row, reason: 'unknown_type' };
  return { row, keyword, realname: name.value, scope };
}

/** Reads an uploaded file into subjects and rejected rows; never throws on what the file holds. */
export async function readBatchFile(bytes: Uint8Array, options: { maxRows: number }): Promise<BatchFile> {
  let rows: FileRow[] | undefined;
  let format: 'csv' | 'xlsx';
  let encoding: 'utf-8' | 'gbk' | undefined;
  if (startsWith(bytes, ZIP_MAGIC)) {
    format = 'xlsx';
    rows = await xlsxRows(bytes);
  } else {
    format = 'csv';
    const decoded = decodeText(bytes);
    encoding = decoded?.encoding;
    rows = decoded === undefined ? undefined : csvRows(decoded.text);
  }
  if (rows === undefined) return { ok: false, problem: 'not_a_spreadsheet' };
  // numbered by where they are in the file, so a rejected row's number is the one the person sees
  const nonEmpty = rows.filter(({ cells }) => cells.some((cell) => cell !== ''));
  const [header, ...data] = nonEmpty;
  if (header === undefined || data.length === 0) return { ok: false, problem: 'empty' };
  const columns = columnsOf(header.cells);
  if (columns === undefined) return { ok: false, problem: 'no_header' };
  if (data.length > options.maxRows) {
    return { ok: false, problem: 'too_many_rows', rows: data.length, maxRows: options.maxRows };
  }
  const subjects: BatchSubject[] = [];
  const rejected: RejectedRow[] = [];
  for (const { cells, row } of data) {
    const checked = checkRow(cells, columns, row);
    if ('keyword' in checked) subjects.push(checked);
    else rejected.push(checked);
  }
  return { ok: true, format, ...(encoding ? { encoding } : {}), subjects, rejected };
}
