import { formatJuheDate } from '../../domain/juheDate.js';
import { type RelationField, relationField } from '../../domain/riskRelation.js';
import type { RiskScope, RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { RiskRecord, RiskRelation } from '../../juhe/types.js';
import { amountText } from './amountText.js';
import { clampMrkdwn, escapeTruncated } from './text.js';

/** "Dishonest debtor (失信)" */
export function riskTypeName(locale: Locale, type: RiskType): string {
  return t(locale, `type.${type}.name`);
}

/** "失信": Juhe's own term, for fallback texts and compact lists. */
export function riskTypeShort(locale: Locale, type: RiskType): string {
  return t(locale, `type.${type}.short`);
}

export function riskScopeName(locale: Locale, scope: RiskScope): string {
  return scope === 'all' ? t(locale, 'scope.all') : riskTypeName(locale, scope);
}

/** "1 record" / "31 records" */
export function recordCountText(locale: Locale, count: number): string {
  return count === 1 ? t(locale, 'count.records.one') : t(locale, 'count.records.other', { count });
}

/** A source's count as shown in summaries: records, "No records in this source", or "check failed". */
export function sourceCountText(locale: Locale, count: number | null): string {
  if (count === null) return t(locale, 'count.failed');
  return count === 0 ? t(locale, 'count.noRecords') : recordCountText(locale, count);
}

/*
 * Caps on each Juhe field, in escaped characters. They make one record's text at most RECORD_TEXT_MAX
 * characters, so that RECORDS_PER_SECTION_MAX records always fit one 3000-character section.
 */
const CASE_NO_MAX = 120;
const COURT_MAX = 120;
const PERSON_MAX = 60;
const RELATION_DESCRIPTION_MAX = 40;
const RELATION_FULFILMENT_MAX = 80;
const RELATIONS_SHOWN = 3;
export const RECORD_TEXT_MAX = 960;
export const RECORDS_PER_SECTION_MAX = 3;
export const RECORD_SEPARATOR = '\n\n';

const FIELD_KEYS = {
  fulfilment: 'record.fulfilment',
  amount: 'record.amount',
  order: 'record.order',
  other: 'record.details',
} as const;

/** A field's value alone: "全部未履行", "¥125,000（含利息）", bounded and escaped. */
export function relationValueText(locale: Locale, field: RelationField): string {
  if (field.kind === 'amount') {
    const remark = escapeTruncated(field.remark, RELATION_DESCRIPTION_MAX);
    const amount = amountText(locale, field.yuan);
    return remark ? `${amount}${remark}` : amount;
  }
  const max =
    field.kind === 'other' ? RELATION_DESCRIPTION_MAX + RELATION_FULFILMENT_MAX : RELATION_FULFILMENT_MAX;
  return escapeTruncated(field.text, max);
}

/** "Fulfilment: 全部未履行", "Amount enforced: ¥125,000", …: the field under its own label. */
function fieldText(locale: Locale, field: RelationField): string {
  const value = relationValueText(locale, field);
  return field.kind === 'amount'
    ? t(locale, FIELD_KEYS.amount, { amount: value })
    : t(locale, FIELD_KEYS[field.kind], { text: value });
}

/** Each relation as its labelled field, the same text once, "+2 more" past `shown`; null when none is usable. */
function fieldsText(locale: Locale, relations: readonly RiskRelation[], shown: number): string | null {
  const texts = [
    ...new Set(
      relations.flatMap((relation) => {
        const field = relationField(relation);
        return field ? [fieldText(locale, field)] : [];
      }),
    ),
  ];
  if (texts.length === 0) return null;
  const visible = texts.slice(0, shown).join(t(locale, 'summary.separator'));
  const hidden = texts.length - shown;
  return hidden > 0 ? `${visible} ${t(locale, 'record.moreRelations', { count: hidden })}` : visible;
}

function publishedText(locale: Locale, date: Date | null): string {
  return date === null
    ? t(locale, 'record.publishedUnknown')
    : t(locale, 'record.published', { date: formatJuheDate(date) });
}

function caseNoText(locale: Locale, caseNo: string, max: number): string {
  const trimmed = caseNo.trim();
  return trimmed ? `*${escapeTruncated(trimmed, max)}*` : t(locale, 'record.noCaseNo');
}

/**
 * One record as mrkdwn, three lines:
 * *(2018)苏0581执5877号*
 * Published 2019-02-27 · Court: 常熟市人民法院
 * Person: 张德洲 · Fulfilment: 全部未履行
 */
export function recordText(locale: Locale, record: RiskRecord): string {
  const separator = t(locale, 'summary.separator');
  const second = [publishedText(locale, record.publishedDate)];
  const court = escapeTruncated(record.court.trim(), COURT_MAX);
  if (court) second.push(t(locale, 'record.court', { court }));
  const third: string[] = [];
  const person = escapeTruncated(record.personName.trim(), PERSON_MAX);
  if (person) third.push(t(locale, 'record.person', { name: person }));
  const fields = fieldsText(locale, record.relations, RELATIONS_SHOWN);
  if (fields) third.push(fields);
  const lines = [caseNoText(locale, record.caseNo, CASE_NO_MAX), second.join(separator)];
  if (third.length > 0) lines.push(third.join(separator));
  return clampMrkdwn(lines.join('\n'), RECORD_TEXT_MAX);
}

const COMPACT_CASE_NO_MAX = 60;
const COMPACT_COURT_MAX = 60;
export const COMPACT_LINE_MAX = 280;

/** One record on one line, for the overview: "• *(2018)苏0581执5877号* · 2019-02-27 · 常熟市人民法院 · 失信信息: 全部未履行". */
export function compactRecordLine(locale: Locale, record: RiskRecord): string {
  const parts = [
    caseNoText(locale, record.caseNo, COMPACT_CASE_NO_MAX),
    record.publishedDate === null
      ? t(locale, 'record.publishedUnknown')
      : formatJuheDate(record.publishedDate),
  ];
  const court = escapeTruncated(record.court.trim(), COMPACT_COURT_MAX);
  if (court) parts.push(court);
  const fields = fieldsText(locale, record.relations, 1);
  if (fields) parts.push(fields);
  return clampMrkdwn(`• ${parts.join(t(locale, 'summary.separator'))}`, COMPACT_LINE_MAX);
}

/**
 * Groups record texts into at most `slots` section texts. Each record gets its own section while they
 * fit; beyond that the last sections take one more record each (the overflow, joined), up to
 * RECORDS_PER_SECTION_MAX. Records that still do not fit are dropped and counted in `hidden`; one slot is
 * then left free for the note that says so.
 */
export function packRecordTexts(
  texts: readonly string[],
  slots: number,
): { sections: string[]; hidden: number } {
  if (slots <= 0) return { sections: [], hidden: texts.length };
  if (texts.length <= slots) return { sections: [...texts], hidden: 0 };
  let shown = texts;
  let sectionCount = slots;
  let hidden = 0;
  if (texts.length > slots * RECORDS_PER_SECTION_MAX) {
    sectionCount = slots - 1;
    shown = texts.slice(0, sectionCount * RECORDS_PER_SECTION_MAX);
    hidden = texts.length - shown.length;
  }
  if (sectionCount <= 0) return { sections: [], hidden: texts.length };
  const base = Math.floor(shown.length / sectionCount);
  const larger = shown.length % sectionCount;
  const sections: string[] = [];
  let next = 0;
  for (let index = 0; index < sectionCount; index++) {
    const size = index < sectionCount - larger ? base : base + 1;
    sections.push(shown.slice(next, next + size).join(RECORD_SEPARATOR));
    next += size;
  }
  return { sections, hidden };
}

/** Newest first by published date, records without one last; stable, so Juhe's order breaks ties. */
export function newestFirst(records: readonly RiskRecord[]): { records: RiskRecord[]; reordered: boolean } {
  const time = (record: RiskRecord) => record.publishedDate?.getTime() ?? Number.NEGATIVE_INFINITY;
  const sorted = [...records].sort((a, b) => time(b) - time(a));
  return { records: sorted, reordered: sorted.some((record, index) => record !== records[index]) };
}
