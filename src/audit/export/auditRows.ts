import type { AuditedQueryRow } from '../auditTrail.js';

/** One cell of an export: typed, so the XLSX keeps numbers and booleans; the CSV writes them as text. */
export type AuditExportCell = string | number | boolean | null;

/** The columns of an audit export, in order: one row per query, the subject decrypted. */
export const AUDIT_EXPORT_COLUMNS = [
  { key: 'queryId', header: 'query id', width: 38 },
  { key: 'startedAt', header: 'started at', width: 26 },
  { key: 'finishedAt', header: 'finished at', width: 26 },
  { key: 'requester', header: 'requester', width: 14 },
  { key: 'channel', header: 'channel', width: 14 },
  { key: 'surface', header: 'surface', width: 10 },
  { key: 'api', header: 'api', width: 13 },
  { key: 'type', header: 'type', width: 6 },
  { key: 'purpose', header: 'purpose', width: 30 },
  { key: 'consent', header: 'consent', width: 9 },
  { key: 'subjectName', header: 'subject name', width: 16 },
  { key: 'subjectKeyword', header: 'subject keyword', width: 24 },
  { key: 'subjectIdcard', header: 'subject 身份证', width: 20 },
  { key: 'subjectMobile', header: 'subject mobile', width: 14 },
  { key: 'subjectInput', header: 'subject input', width: 24 },
  { key: 'outcome', header: 'outcome', width: 22 },
  { key: 'billed', header: 'billed', width: 8 },
  { key: 'billedCalls', header: 'billed calls', width: 12 },
  { key: 'orderIds', header: 'order ids', width: 28 },
  { key: 'recordCounts', header: 'record counts', width: 16 },
  { key: 'latencyMs', header: 'latency ms', width: 11 },
  { key: 'cacheHit', header: 'cache hit', width: 10 },
] as const;

export type AuditExportColumnKey = (typeof AUDIT_EXPORT_COLUMNS)[number]['key'];
export type AuditExportRow = Record<AuditExportColumnKey, AuditExportCell>;

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant in China Standard Time with its offset (2026-11-05T14:03:22+08:00): the time the footers
 * show, and still unambiguous once the file leaves the team.
 */
export function chinaTimestamp(instant: Date): string {
  return `${new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

// The trail stores facts as JSON; older or partial rows may lack a field, which becomes an empty cell.
function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

function whole(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * How many Juhe calls the query billed: an export says (`billedCalls`, several pages); any other query
 * is one call, billed or not. Empty when the trail knows neither.
 */
function billedCalls(finished: Record<string, unknown>): number | null {
  const counted = whole(finished.billedCalls);
  if (counted !== null) return counted;
  const billed = flag(finished.billed);
  return billed === null ? null : billed ? 1 : 0;
}

function orderIds(value: unknown): string | null {
  return Array.isArray(value) ? value.map(String).join(' ') : null;
}

/** `1:31 2:0 3:5` for an overview, `rows:12` for an export: the notation of the outcome column. */
function recordCounts(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.entries(value)
    .map(([source, count]) => `${source}:${String(count)}`)
    .join(' ');
}

/** One query of the trail as an export row; a query started with no outcome has its last columns empty. */
export function toAuditExportRow(row: AuditedQueryRow): AuditExportRow {
  const { started } = row;
  const finished = row.finished ?? {};
  return {
    queryId: row.queryId,
    startedAt: chinaTimestamp(row.startedAt),
    finishedAt: row.finishedAt === null ? null : chinaTimestamp(row.finishedAt),
    requester: text(started.requester),
    channel: text(started.channel),
    surface: text(started.surface),
    api: text(started.api),
    type: text(started.type),
    purpose: text(started.purpose),
    consent: flag(started.consent),
    subjectName: row.subject?.realname ?? null,
    subjectKeyword: row.subject?.keyword ?? null,
    subjectIdcard: row.subject?.idcard ?? null,
    subjectMobile: row.subject?.mobile ?? null,
    subjectInput: row.subject?.input ?? null,
    outcome: text(finished.outcome),
    billed: flag(finished.billed),
    billedCalls: billedCalls(finished),
    orderIds: orderIds(finished.orderIds),
    recordCounts: recordCounts(finished.recordCounts),
    latencyMs: whole(finished.latencyMs),
    cacheHit: flag(finished.cacheHit),
  };
}
