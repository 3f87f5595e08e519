import { RISK_TYPES, type RiskType } from '../domain/riskType.js';
import type { BatchRowRecord } from './batchStore.js';

/** What a batch came to, counted from its rows: what the summary message says. Pure. */
export interface BatchSummary {
  /** rows that could be screened (not rejected) */
  accepted: number;
  done: number;
  failed: number;
  /** accepted rows never screened: the batch was cancelled or stopped first */
  notScreened: number;
  rejected: number;
  /** subjects (rows) with at least one record, per source; only sources some row asked */
  withRecords: Array<{ type: RiskType; subjects: number }>;
  /** subjects with a record in any source */
  withAnyRecord: number;
}

export function summariseBatch(rows: readonly BatchRowRecord[]): BatchSummary {
  const asked = new Set<RiskType>();
  const perType = new Map<RiskType, number>();
  let withAnyRecord = 0;
  const count = (status: BatchRowRecord['status']) => rows.filter((row) => row.status === status).length;
  for (const row of rows) {
    if (row.status === 'rejected') continue;
    for (const type of row.types) asked.add(type);
    if (row.status !== 'done' || row.outcome === null) continue;
    let any = false;
    for (const source of row.outcome.sources) {
      if (source.records <= 0) continue;
      any = true;
      perType.set(source.type, (perType.get(source.type) ?? 0) + 1);
    }
    if (any) withAnyRecord += 1;
  }
  return {
    accepted: rows.length - count('rejected'),
    done: count('done'),
    failed: count('failed'),
    notScreened: count('pending'),
    rejected: count('rejected'),
    withRecords: RISK_TYPES.filter((type) => asked.has(type)).map((type) => ({
      type,
      subjects: perType.get(type) ?? 0,
    })),
    withAnyRecord,
  };
}
