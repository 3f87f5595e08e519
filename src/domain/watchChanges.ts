import type { RiskRecord } from '../juhe/types.js';
import { formatJuheDate } from './juheDate.js';
import { type RelationField, relationField } from './riskRelation.js';
import type { RiskType } from './riskType.js';

/**
 * What a watch compares from one check to the next: every record of each watched source, as Juhe sent
 * it (already masked), keyed by its record id. Pure: the check fetches, this decides what changed.
 */
export interface WatchSnapshot {
  /**
   * the watched sources, in order; a source Juhe answered 查无记录 has an empty list. `complete: false`:
   * only the first pages of a very large source were read (records past them are not known)
   */
  sources: Array<{ type: RiskType; records: RiskRecord[]; complete?: boolean }>;
}

/** One field of a record that a re-check found different. */
export type FieldChange =
  | { field: 'caseNo' | 'court' | 'published' | 'person'; from: string | null; to: string | null }
  | {
      field: 'relation';
      kind: RelationField['kind'];
      from: RelationField | null;
      to: RelationField | null;
    };

export interface RecordChange {
  type: RiskType;
  before: RiskRecord;
  after: RiskRecord;
  fields: FieldChange[];
}

export interface WatchChanges {
  added: Array<{ type: RiskType; record: RiskRecord }>;
  removed: Array<{ type: RiskType; record: RiskRecord }>;
  changed: RecordChange[];
}

/**
 * A record's identity across checks: Juhe's record id; without one (Juhe sent none), its case number and
 * court, which is what names the case.
 */
export function recordKey(record: RiskRecord): string {
  const id = record.id.trim();
  return id !== '' ? `id:${id}` : `case:${record.caseNo.trim()}|${record.court.trim()}`;
}

function publishedOf(record: RiskRecord): string | null {
  return record.publishedDate === null ? null : formatJuheDate(record.publishedDate);
}

function fieldKey(field: RelationField): string {
  return field.kind === 'amount' ? `amount:${field.yuan}:${field.remark}` : `${field.kind}:${field.text}`;
}

/** The relation fields of a record, by kind, without repeats (the way the result shows them). */
function relationFieldsByKind(record: RiskRecord): Map<RelationField['kind'], RelationField[]> {
  const byKind = new Map<RelationField['kind'], RelationField[]>();
  const seen = new Set<string>();
  for (const relation of record.relations) {
    const field = relationField(relation);
    if (field === null || seen.has(fieldKey(field))) continue;
    seen.add(fieldKey(field));
    byKind.set(field.kind, [...(byKind.get(field.kind) ?? []), field]);
  }
  return byKind;
}

const RELATION_KINDS: ReadonlyArray<RelationField['kind']> = ['fulfilment', 'amount', 'order', 'other'];

/** Every shown field that differs between two versions of one record, old → new. */
export function recordFieldChanges(before: RiskRecord, after: RiskRecord): FieldChange[] {
  const changes: FieldChange[] = [];
  const plain = (field: 'caseNo' | 'court' | 'person', from: string, to: string) => {
    if (from.trim() !== to.trim()) {
      changes.push({ field, from: from.trim() || null, to: to.trim() || null });
    }
  };
  plain('caseNo', before.caseNo, after.caseNo);
  plain('court', before.court, after.court);
  plain('person', before.personName, after.personName);
  const publishedBefore = publishedOf(before);
  const publishedAfter = publishedOf(after);
  if (publishedBefore !== publishedAfter) {
    changes.push({ field: 'published', from: publishedBefore, to: publishedAfter });
  }
  const fieldsBefore = relationFieldsByKind(before);
  const fieldsAfter = relationFieldsByKind(after);
  for (const kind of RELATION_KINDS) {
    const afterKeys = new Set((fieldsAfter.get(kind) ?? []).map(fieldKey));
    const beforeKeys = new Set((fieldsBefore.get(kind) ?? []).map(fieldKey));
    const gone = (fieldsBefore.get(kind) ?? []).filter((f) => !afterKeys.has(fieldKey(f)));
    const come = (fieldsAfter.get(kind) ?? []).filter((f) => !beforeKeys.has(fieldKey(f)));
    // paired in order: 全部未履行 → 部分履行 is one change, not a removal and an addition
    for (let i = 0; i < Math.max(gone.length, come.length); i += 1) {
      changes.push({ field: 'relation', kind, from: gone[i] ?? null, to: come[i] ?? null });
    }
  }
  return changes;
}

/**
 * What changed from one snapshot to the next, compared by record id per source. A source absent from
 * either snapshot (not watched then) is not compared, so widening a watch never reads as new records.
 */
export function compareSnapshots(before: WatchSnapshot, after: WatchSnapshot): WatchChanges {
  const changes: WatchChanges = { added: [], removed: [], changed: [] };
  for (const { type, records, complete } of after.sources) {
    const previous = before.sources.find((source) => source.type === type);
    if (previous === undefined) continue;
    // of a source read only in part, a record missing from the pages read may just have moved past
    // them: only records seen both times are compared
    const partial = complete === false || previous.complete === false;
    const old = new Map(previous.records.map((record) => [recordKey(record), record]));
    const now = new Map(records.map((record) => [recordKey(record), record]));
    for (const [key, record] of now) {
      const was = old.get(key);
      if (was === undefined) {
        if (!partial) changes.added.push({ type, record });
        continue;
      }
      const fields = recordFieldChanges(was, record);
      if (fields.length > 0) changes.changed.push({ type, before: was, after: record, fields });
    }
    for (const [key, record] of old) {
      if (!now.has(key) && !partial) changes.removed.push({ type, record });
    }
  }
  return changes;
}

export function hasChanges(changes: WatchChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0;
}

/** Records per source, for the watch list and the App Home. */
export function snapshotCounts(snapshot: WatchSnapshot): Record<string, number> {
  return Object.fromEntries(snapshot.sources.map(({ type, records }) => [String(type), records.length]));
}
