import type { ChainVerdict } from '../audit/auditChain.js';

/**
 * The one line `npm run audit:verify` prints. A break names the entry by its seq and, when the row is
 * still there, by its query id and time, so an operator can find it in a backup; never its facts.
 */
export function chainVerdictText(verdict: ChainVerdict): string {
  if (verdict.ok) {
    if (verdict.entries === 0) return 'audit trail verified: no entries yet, chain intact';
    return `audit trail verified: ${verdict.entries} entries (seq ${verdict.firstSeq}–${verdict.lastSeq}), chain intact`;
  }
  const row = verdict.entry;
  const where = row
    ? ` (${row.kind} entry${row.queryId ? ` of query ${row.queryId}` : ''}, recorded ${row.recordedAt.toISOString()})`
    : '';
  return `audit trail BROKEN at entry ${verdict.seq}: ${verdict.problem}${where}`;
}
