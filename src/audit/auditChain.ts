import { createHash } from 'node:crypto';

/** The hash before the first entry of a chain that was never purged. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntryKind = 'start' | 'finish' | 'purge';

/** One link of the audit chain as stored: everything but `row_hash` is covered by it. */
export interface AuditChainEntry {
  seq: number;
  kind: AuditEntryKind;
  queryId: string | null;
  recordedAt: Date;
  facts: Record<string, unknown>;
  subjectSealed: string | null;
  subjectIndex: string[];
  prevHash: string;
}

/** What a purge entry's facts say, so the chain still verifies after its head was cut off. */
export interface PurgeFacts {
  purgedThroughSeq: number;
  purgedThroughHash: string;
  purgedEntries: number;
  olderThan: string;
}

/**
 * SHA-256 over the entry's content and the previous entry's hash. JSON with sorted keys, because jsonb
 * gives keys back in its own order: the same content always hashes the same, whichever driver read it.
 */
export function entryHash(entry: AuditChainEntry): string {
  const material = canonicalJson([
    entry.seq,
    entry.kind,
    entry.queryId,
    entry.recordedAt.toISOString(),
    entry.facts,
    entry.subjectSealed,
    entry.subjectIndex,
    entry.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

export interface StoredChainEntry extends AuditChainEntry {
  rowHash: string;
}

export type ChainVerdict =
  | { ok: true; entries: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; seq: number; problem: string };

/**
 * Walks entries in `seq` order and names the first that does not hold: content changed (its hash),
 * one missing or moved (the sequence or the link to the previous hash), the oldest ones gone without a
 * purge entry saying so, or the last ones gone (the head no longer matches).
 */
export function verifyChain(
  entries: readonly StoredChainEntry[],
  head: { seq: number; rowHash: string },
): ChainVerdict {
  if (entries.length === 0) {
    return head.seq === 0
      ? { ok: true, entries: 0, firstSeq: null, lastSeq: null }
      : { ok: false, seq: head.seq, problem: `the chain head names entry ${head.seq} but no entries exist` };
  }
  const purges = entries
    .filter((entry) => entry.kind === 'purge')
    .map((entry) => entry.facts as unknown as PurgeFacts);
  let previous: StoredChainEntry | undefined;
  for (const entry of entries) {
    if (previous === undefined) {
      const anchored =
        entry.seq === 1
          ? entry.prevHash === GENESIS_HASH
          : purges.some(
              (p) => p.purgedThroughSeq === entry.seq - 1 && p.purgedThroughHash === entry.prevHash,
            );
      if (!anchored) {
        return {
          ok: false,
          seq: entry.seq,
          problem:
            entry.seq === 1
              ? 'the first entry does not start from the genesis hash'
              : `entries before ${entry.seq} are missing and no purge entry accounts for them`,
        };
      }
    } else {
      if (entry.seq !== previous.seq + 1) {
        return {
          ok: false,
          seq: previous.seq + 1,
          problem: `entry ${previous.seq + 1} is missing (the next stored entry is ${entry.seq})`,
        };
      }
      if (entry.prevHash !== previous.rowHash) {
        return {
          ok: false,
          seq: entry.seq,
          problem: `entry ${entry.seq} does not link to entry ${previous.seq} (moved, or the one before it was replaced)`,
        };
      }
    }
    if (entryHash(entry) !== entry.rowHash) {
      return { ok: false, seq: entry.seq, problem: `entry ${entry.seq} was changed after it was written` };
    }
    previous = entry;
  }
  const last = entries[entries.length - 1] as StoredChainEntry;
  if (last.seq !== head.seq || last.rowHash !== head.rowHash) {
    return {
      ok: false,
      seq: Math.min(last.seq + 1, head.seq),
      problem: `the chain head names entry ${head.seq} but the last stored entry is ${last.seq}: entries after it were removed`,
    };
  }
  return {
    ok: true,
    entries: entries.length,
    firstSeq: (entries[0] as StoredChainEntry).seq,
    lastSeq: last.seq,
  };
}
