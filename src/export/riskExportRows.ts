import { formatJuheDate } from '../domain/juheDate.js';
import { maskName } from '../domain/masking.js';
import { relationField } from '../domain/riskRelation.js';
import { RISK_TYPES, type RiskType } from '../domain/riskType.js';
import { WATCH_PAGES_PER_SOURCE_MAX } from '../domain/watchCost.js';
import { type Locale, t } from '../i18n/catalog.js';
import type { RiskRecord } from '../juhe/types.js';
import type { ExportedSource, RiskExport } from '../screening/riskExport.js';
import type { ExportCell } from './csvText.js';

/** The columns of a risk export, in order: one row per record. */
export const RISK_EXPORT_COLUMNS = [
  { key: 'source', label: 'export.column.source', width: 30 },
  { key: 'caseNo', label: 'export.column.caseNo', width: 28 },
  { key: 'published', label: 'export.column.published', width: 12 },
  { key: 'court', label: 'export.column.court', width: 28 },
  { key: 'person', label: 'export.column.person', width: 14 },
  { key: 'fulfilment', label: 'export.column.fulfilment', width: 20 },
  { key: 'amount', label: 'export.column.amount', width: 18 },
  { key: 'details', label: 'export.column.details', width: 24 },
  { key: 'recordId', label: 'export.column.recordId', width: 36 },
  { key: 'orderId', label: 'export.column.orderId', width: 26 },
  { key: 'dataTime', label: 'export.column.dataTime', width: 20 },
] as const;

export type RiskExportColumnKey = (typeof RISK_EXPORT_COLUMNS)[number]['key'];
export type RiskExportRow = Record<RiskExportColumnKey, ExportCell>;

/** What both files hold: a header block naming the query, then the column headers and the rows. */
export interface RiskExportDocument {
  title: string;
  sheetName: string;
  /** label and value, one line each, above the table */
  header: Array<[label: string, value: string]>;
  columns: Array<{ key: RiskExportColumnKey; header: string; width: number }>;
  rows: RiskExportRow[];
}

export interface RiskExportInput {
  locale: Locale;
  subject: { keyword: string; realname: string };
  exported: RiskExport;
  requesterId: string;
  generatedAt: Date;
}

const SEPARATOR = '; ';
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `yyyy-MM-dd HH:mm:ss` in China Standard Time, by plain arithmetic (no server time zone). Seconds,
 * unlike the Slack footer: a file is compared with the audit trail, whose times are exact.
 */
export function cstTimestamp(moment: Date): string {
  return new Date(moment.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function exportSourcesText(locale: Locale, types: readonly RiskType[]): string {
  if (RISK_TYPES.every((type) => types.includes(type))) return t(locale, 'scope.all');
  return types.map((type) => t(locale, `type.${type}.short`)).join(t(locale, 'summary.separator'));
}

/** "张*洲 · 江苏 · all three sources": the person masked, as on every surface others may see. */
export function exportSubjectText(
  locale: Locale,
  subject: { keyword: string; realname: string },
  types: readonly RiskType[],
): string {
  return t(locale, 'export.header.subject', {
    name: maskName(subject.realname),
    keyword: subject.keyword,
    sources: exportSourcesText(locale, types),
  });
}

/** "失信: 25 records · 被执行: No records in this source" */
export function exportCountsText(locale: Locale, sources: readonly ExportedSource[]): string {
  return sources
    .map((source) =>
      t(locale, 'summary.countEntry', {
        type: t(locale, `type.${source.type}.short`),
        count: source.noRecords
          ? t(locale, 'count.noRecords')
          : source.totalRecords === 1
            ? t(locale, 'count.records.one')
            : t(locale, 'count.records.other', { count: source.totalRecords }),
      }),
    )
    .join(t(locale, 'summary.separator'));
}

export function exportedRecordCount(exported: RiskExport): number {
  return exported.sources.reduce(
    (sum, source) => sum + source.pages.reduce((n, page) => n + page.page.records.length, 0),
    0,
  );
}

/**
 * 履行情况, 执行标的 and the rest of a record's relations, each in its own column. One amount is a number
 * (in 元, so a spreadsheet can add it up); several are listed; an amount's remark goes to the details.
 */
function relationCells(record: RiskRecord): Pick<RiskExportRow, 'fulfilment' | 'amount' | 'details'> {
  const fulfilment: string[] = [];
  const amounts: number[] = [];
  const details: string[] = [];
  for (const relation of record.relations) {
    const field = relationField(relation);
    if (field === null) continue;
    if (field.kind === 'fulfilment') fulfilment.push(field.text);
    else if (field.kind === 'amount') {
      amounts.push(field.yuan);
      if (field.remark) details.push(field.remark);
    } else details.push(field.text);
  }
  return {
    fulfilment: fulfilment.length > 0 ? fulfilment.join(SEPARATOR) : null,
    amount:
      amounts.length === 0 ? null : amounts.length === 1 ? (amounts[0] as number) : amounts.join(SEPARATOR),
    details: details.length > 0 ? details.join(SEPARATOR) : null,
  };
}

/**
 * One row per record, in Juhe's order, source by source. Records arrive masked (身份证, mobiles) from
 * the screening layer and are written as they are; the person's name stays as Juhe sent it, as in the
 * threaded details, while the header masks it like the visible parent does.
 */
export function riskExportDocument(input: RiskExportInput): RiskExportDocument {
  const { locale, exported } = input;
  const types = exported.sources.map((source) => source.type);
  const header: Array<[string, string]> = [
    [t(locale, 'export.header.query'), exportSubjectText(locale, input.subject, types)],
    [t(locale, 'export.header.requester'), input.requesterId],
    [t(locale, 'export.header.generated'), cstTimestamp(input.generatedAt)],
    [t(locale, 'export.header.counts'), exportCountsText(locale, exported.sources)],
    [t(locale, 'export.header.note'), t(locale, 'export.notClearance')],
  ];
  for (const source of exported.sources.filter((s) => s.truncated)) {
    header.push([
      t(locale, 'export.header.note'),
      t(locale, 'export.truncated', {
        pages: WATCH_PAGES_PER_SOURCE_MAX,
        records: source.pages.reduce((n, page) => n + page.page.records.length, 0),
        type: t(locale, `type.${source.type}.short`),
      }),
    ]);
  }
  const rows: RiskExportRow[] = exported.sources.flatMap((source) =>
    source.pages.flatMap((fetched) =>
      fetched.page.records.map(
        (record): RiskExportRow => ({
          source: t(locale, `type.${source.type}.name`),
          caseNo: record.caseNo,
          published: record.publishedDate === null ? null : formatJuheDate(record.publishedDate),
          court: record.court,
          person: record.personName,
          ...relationCells(record),
          recordId: record.id || null,
          orderId: fetched.page.orderId,
          dataTime: cstTimestamp(fetched.answeredAt),
        }),
      ),
    ),
  );
  return {
    title: t(locale, 'export.header.title'),
    sheetName: t(locale, 'export.sheetName'),
    header,
    columns: RISK_EXPORT_COLUMNS.map((column) => ({
      key: column.key,
      header: t(locale, column.label),
      width: column.width,
    })),
    rows,
  };
}
