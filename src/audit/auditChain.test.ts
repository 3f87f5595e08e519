import { describe, expect, it } from 'vitest';
import {
  type AuditChainEntry,
  createChainVerifier,
  entryHash,
  GENESIS_HASH,
  type PurgeFacts,
  purgeAnchorsOf,
  type StoredChainEntry,
  verifyChain,
} from './auditChain.js';

/** A chain of `n` entries; `purgeAt` turns that seq into a purge of everything before `purgedThrough`. */
function chain(n: number, purge?: { at: number; purgedThrough: number }): StoredChainEntry[] {
  const entries: StoredChainEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const through = purge && seq === purge.at ? entries[purge.purgedThrough - 1] : undefined;
    const facts: PurgeFacts | Record<string, unknown> = through
      ? {
          purgedThroughSeq: through.seq,
          purgedThroughHash: through.rowHash,
          purgedEntries: through.seq,
          olderThan: '2026-01-01T00:00:00.000Z',
        }
      : { n: seq };
    const entry: AuditChainEntry = {
      seq,
      kind: through ? 'purge' : 'start',
      queryId: through ? null : `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      facts: facts as Record<string, unknown>,
      subjectSealed: null,
      subjectIndex: [],
      prevHash,
    };
    const rowHash = entryHash(entry);
    entries.push({ ...entry, rowHash });
    prevHash = rowHash;
  }
  return entries;
}

const headOf = (entries: StoredChainEntry[]) => {
  const last = entries[entries.length - 1] as StoredChainEntry;
  return { seq: last.seq, rowHash: last.rowHash };
};

describe('the audit chain verifier', () => {
  it('anchors the oldest stored entry on a purge entry that comes later in the chain', () => {
    const full = chain(10, { at: 8, purgedThrough: 4 });
    const kept = full.slice(4);
    expect(verifyChain(kept, headOf(full))).toEqual({ ok: true, entries: 6, firstSeq: 5, lastSeq: 10 });
    // the purge entry's own content is covered: a forged anchor breaks at the purge entry
    const forged = kept.map((e) =>
      e.kind === 'purge' ? { ...e, facts: { ...e.facts, purgedEntries: 1 } } : e,
    );
    expect(verifyChain(forged, headOf(full))).toMatchObject({ ok: false, seq: 8 });
  });

  it('names the first bad entry, with the row when it exists', () => {
    const entries = chain(6);
    const edited = entries.map((e) => (e.seq === 4 ? { ...e, facts: { n: 40 } } : e));
    expect(verifyChain(edited, headOf(entries))).toEqual({
      ok: false,
      seq: 4,
      problem: 'entry 4 was changed after it was written',
      entry: { seq: 4, kind: 'start', queryId: entries[3]?.queryId, recordedAt: entries[3]?.recordedAt },
    });
    const gap = entries.filter((e) => e.seq !== 3);
    expect(verifyChain(gap, headOf(entries))).toEqual({
      ok: false,
      seq: 3,
      problem: 'entry 3 is missing (the next stored entry is 4)',
    });
    expect(verifyChain([], headOf(entries))).toMatchObject({ ok: false, seq: 6 });
  });

  it('stops at the first break when fed one entry at a time', () => {
    const entries = chain(5);
    const verifier = createChainVerifier(purgeAnchorsOf(entries));
    expect(verifier.add(entries[0] as StoredChainEntry)).toBeUndefined();
    const broken = verifier.add(entries[2] as StoredChainEntry);
    expect(broken).toMatchObject({ ok: false, seq: 2 });
    expect(verifier.add(entries[1] as StoredChainEntry)).toBe(broken);
    expect(verifier.end(headOf(entries))).toBe(broken);
  });
});
