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

/** The stored row a verdict names, when it still exists: what an operator looks up next. */
export interface ChainEntryRef {
  seq: number;
  kind: AuditEntryKind;
  queryId: string | null;
  recordedAt: Date;
}

export type ChainVerdict =
  | { ok: true; entries: number; firstSeq: number | null; lastSeq: number | null }
  | { ok: false; seq: number; problem: string; entry?: ChainEntryRef };

type ChainBreak = Extract<ChainVerdict, { ok: false }>;

/**
 * Checks a chain one entry at a time, in `seq` order, so a long trail is verified in bounded memory.
 * `add` answers the first break it sees and the verifier stops there; `end` checks the head. The purge
 * anchors come first because the purge entry that accounts for the oldest stored entry sits later in the
 * chain than that entry.
 */
export interface ChainVerifier {
  /** undefined while the chain holds */
  add(entry: StoredChainEntry): ChainBreak | undefined;
  end(head: { seq: number; rowHash: string }): ChainVerdict;
}

export function createChainVerifier(purgeAnchors: readonly PurgeFacts[]): ChainVerifier {
  let first: StoredChainEntry | undefined;
  let previous: StoredChainEntry | undefined;
  let count = 0;
  let broken: ChainBreak | undefined;

  function check(entry: StoredChainEntry): ChainBreak | undefined {
    const here = refOf(entry);
    if (previous === undefined) {
      const anchored =
        entry.seq === 1
          ? entry.prevHash === GENESIS_HASH
          : purgeAnchors.some(
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
          entry: here,
        };
      }
    } else {
      if (entry.seq !== previous.seq + 1) {
        // the named entry is gone: no row to point at
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
          entry: here,
        };
      }
    }
    if (entryHash(entry) !== entry.rowHash) {
      return {
        ok: false,
        seq: entry.seq,
        problem: `entry ${entry.seq} was changed after it was written`,
        entry: here,
      };
    }
    return undefined;
  }

  return {
    add(entry) {
      if (broken) return broken;
      broken = check(entry);
      if (broken) return broken;
      first ??= entry;
      previous = entry;
      count += 1;
      return undefined;
    },
    end(head) {
      if (broken) return broken;
      if (previous === undefined || first === undefined) {
        return head.seq === 0
          ? { ok: true, entries: 0, firstSeq: null, lastSeq: null }
          : {
              ok: false,
              seq: head.seq,
              problem: `the chain head names entry ${head.seq} but no entries exist`,
            };
      }
      if (previous.seq !== head.seq || previous.rowHash !== head.rowHash) {
        const seq = Math.min(previous.seq + 1, head.seq);
        return {
          ok: false,
          seq,
          problem: `the chain head names entry ${head.seq} but the last stored entry is ${previous.seq}: entries after it were removed`,
          ...(seq === previous.seq ? { entry: refOf(previous) } : {}),
        };
      }
      return { ok: true, entries: count, firstSeq: first.seq, lastSeq: previous.seq };
    },
  };
}

function refOf(entry: StoredChainEntry): ChainEntryRef {
  return { seq: entry.seq, kind: entry.kind, queryId: entry.queryId, recordedAt: entry.recordedAt };
}

/** The purge anchors a chain's purge entries state. */
export function purgeAnchorsOf(entries: Iterable<AuditChainEntry>): PurgeFacts[] {
  const anchors: PurgeFacts[] = [];
  for (const entry of entries) if (entry.kind === 'purge') anchors.push(entry.facts as unknown as PurgeFacts);
  return anchors;
}

/**
 * Walks entries in `seq` order and names the first that does not hold: content changed (its hash),
 * one missing or moved (the sequence or the link to the previous hash), the oldest ones gone without a
 * purge entry saying so, or the last ones gone (the head no longer matches).
 */
export function verifyChain(
  entries: readonly StoredChainEntry[],
  head: { seq: number; rowHash: string },
): ChainVerdict {
  const verifier = createChainVerifier(purgeAnchorsOf(entries));
  for (const entry of entries) {
    const broken = verifier.add(entry);
    if (broken) return broken;
  }
  return verifier.end(head);
}
