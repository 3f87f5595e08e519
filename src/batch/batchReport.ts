import ExcelJS from 'exceljs';
import { maskName } from '../domain/masking.js';
import { RISK_TYPES, type RiskType } from '../domain/riskType.js';
import { type Locale, MESSAGE_KEYS, type MessageKey, t } from '../i18n/catalog.js';
import type { BatchRecord, BatchRowRecord } from './batchStore.js';

/**
 * The results file of a batch: one row per row of the analyst's file — its row number, so they can find
 * it in their own sheet — with the keyword, the name masked, the sources asked, the records per source,
 * whether any record was found, Juhe's order ids and any error or rejection reason. Above the table: the
 * batch, who asked, when, why, and that no records is not a clearance. No Slack, no I/O.
 */
export const BATCH_SHEET_ROWS_BEFORE_TABLE = 8;

const KNOWN_KEYS: ReadonlySet<string> = new Set(MESSAGE_KEYS);

/**
 * A rejected row's reason in words: the batch's own wording for a file's rows, else the validators'
 * messages (a keyword or name rule). Never the row's content.
 */
export function rejectionReasonText(locale: Locale, reason: string): string {
  for (const key of [`batch.reason.${reason}`, `validation.${reason}`]) {
    if (KNOWN_KEYS.has(key)) return t(locale, key as Extract<MessageKey, `batch.reason.${string}`>);
  }
  return t(locale, 'batch.reason.other');
}

/** `yyyy-MM-dd HH:mm` in China Standard Time (UTC+8, no daylight saving). */
function cstTime(moment: Date): string {
  return new Date(moment.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function scopeText(locale: Locale, types: readonly RiskType[]): string {
  if (RISK_TYPES.every((type) => types.includes(type))) return t(locale, 'scope.all');
  return types.map((type) => t(locale, `type.${type}.short`)).join(', ');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these; exceljs would write them anyway
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Cells are typed: a string is written as text, never as a formula, so nothing in a keyword can run. */
function text(value: string): string {
  return value.replace(XML_ILLEGAL, '');
}

export type BatchSheetCell = string | number | null;

/** The table's rows, header first: what the workbook holds, and what tests compare. */
export function batchResultTable(locale: Locale, rows: readonly BatchRowRecord[]): BatchSheetCell[][] {
  const header = [
    t(locale, 'batch.xlsx.col.row'),
    t(locale, 'batch.xlsx.col.keyword'),
    t(locale, 'batch.xlsx.col.name'),
    t(locale, 'batch.xlsx.col.scope'),
    ...RISK_TYPES.map((type) =>
      t(locale, 'batch.xlsx.col.count', { source: t(locale, `type.${type}.short`) }),
    ),
    t(locale, 'batch.xlsx.col.hits'),
    t(locale, 'batch.xlsx.col.orderIds'),
    t(locale, 'batch.xlsx.col.error'),
    t(locale, 'batch.xlsx.col.status'),
  ];
  const body = rows.map((row): BatchSheetCell[] => {
    const status = t(locale, `batch.status.${row.status}`);
    if (row.status === 'rejected') {
      return [
        row.row,
        null,
        null,
        null,
        ...RISK_TYPES.map(() => null),
        null,
        null,
        rejectionReasonText(locale, row.rejectReason ?? ''),
        status,
      ];
    }
    const sources = new Map((row.outcome?.sources ?? []).map((source) => [source.type, source]));
    const screened = row.status === 'done';
    const hits = screened ? [...sources.values()].some((source) => source.records > 0) : undefined;
    const error = row.status === 'failed' && row.outcome?.error ? row.outcome.error : undefined;
    return [
      row.row,
      text(row.subject?.keyword ?? ''),
      row.subject ? maskName(row.subject.realname) : null,
      scopeText(locale, row.types),
      // a source not asked, or not answered, is empty: not the same as 0 records
      ...RISK_TYPES.map((type) => (screened || error ? (sources.get(type)?.records ?? null) : null)),
      hits === undefined ? null : t(locale, hits ? 'batch.yes' : 'batch.no'),
      [...sources.values()].flatMap((source) => (source.orderId ? [text(source.orderId)] : [])).join(', ') ||
        null,
      error ? `${error.code} (${error.category})` : null,
      status,
    ];
  });
  return [header, ...body];
}

/** The XLSX: the header block, then the table with a bold, frozen header row and a filter. */
export async function batchResultsXlsx(input: {
  locale: Locale;
  batch: BatchRecord;
  rows: readonly BatchRowRecord[];
  generatedAt: Date;
}): Promise<Buffer> {
  const { locale, batch } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'juhe-risk-slack';
  workbook.created = input.generatedAt;
  workbook.modified = input.generatedAt;
  const tableStart = BATCH_SHEET_ROWS_BEFORE_TABLE + 1;
  const sheet = workbook.addWorksheet(t(locale, 'batch.xlsx.sheet'), {
    views: [{ state: 'frozen', ySplit: tableStart }],
  });
  const about: Array<[string, string]> = [
    [t(locale, 'batch.xlsx.title'), ''],
    [t(locale, 'batch.xlsx.batch'), batch.id],
    [t(locale, 'batch.xlsx.file'), text(batch.spec.fileName)],
    [t(locale, 'batch.xlsx.requester'), batch.owner],
    [t(locale, 'batch.xlsx.time'), cstTime(batch.startedAt ?? batch.createdAt)],
    [t(locale, 'batch.xlsx.purpose'), text(batch.spec.purpose)],
    [t(locale, 'batch.xlsx.status'), batch.status],
    [t(locale, 'batch.notClearance'), ''],
  ];
  about.forEach(([label, value], index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = label;
    row.getCell(2).value = value === '' ? null : value;
    row.getCell(1).font = { bold: true };
  });
  const table = batchResultTable(locale, input.rows);
  table.forEach((cells, index) => {
    const row = sheet.getRow(tableStart + index);
    cells.forEach((cell, column) => {
      row.getCell(column + 1).value = cell;
    });
    if (index === 0) row.font = { bold: true };
  });
  const width = table[0]?.length ?? 1;
  sheet.autoFilter = { from: { row: tableStart, column: 1 }, to: { row: tableStart, column: width } };
  sheet.columns.forEach((column, index) => {
    column.width = [12, 36, 14, 18, 12, 12, 12, 14, 40, 24, 14][index] ?? 14;
  });
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
