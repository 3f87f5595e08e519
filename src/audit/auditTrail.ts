import type { FieldCipher } from '../privacy/fieldCipher.js';
import type { Database, SqlClient } from '../store/database.js';
import {
  type AuditChainEntry,
  type AuditEntryKind,
  type ChainVerdict,
  canonicalJson,
  createChainVerifier,
  entryHash,
  type PurgeFacts,
  type StoredChainEntry,
} from './auditChain.js';

/** The subject of a query in clear: sealed before it reaches the database. */
export interface AuditSubject {
  realname?: string;
  keyword?: string;
  idcard?: string;
  mobile?: string;
  /** what was typed, for an input the app could not read */
  input?: string;
}

/** The blind-index kinds: an auditor can find every query about one of these without decrypting. */
export const SUBJECT_INDEX_KINDS = ['realname', 'keyword', 'idcard', 'mobile'] as const;

const SUBJECT_PURPOSE = 'audit subject';
/** The analyst's stated purpose is free text that may name the person: sealed like the subject. */
const PURPOSE_PURPOSE = 'audit purpose';

/** One query as an auditor reads it: the start and finish entries joined, the subject opened. */
export interface AuditedQueryRow {
  queryId: string;
  startedAt: Date;
  finishedAt: Date | null;
  started: Record<string, unknown>;
  /** null: started, no outcome (the process stopped between the two) */
  finished: Record<string, unknown> | null;
  subject: AuditSubject | null;
}

export interface AuditQueryFilter {
  from?: Date;
  /** exclusive */
  to?: Date;
  requester?: string;
  /** rows about this subject value (blind index) */
  subject?: { kind: (typeof SUBJECT_INDEX_KINDS)[number]; value: string };
  /** only the newest this many queries (still oldest first): the App Home's recent queries */
  latest?: number;
  /** only what a person asked: not the schedule's re-checks of their watches, nor changes to watches */
  askedByPerson?: boolean;
}

export interface AuditTrail {
  start(queryId: string, facts: Record<string, unknown>, subject: AuditSubject | null): Promise<void>;
  finish(queryId: string, facts: Record<string, unknown>): Promise<void>;
  /** removes entries older than `cutoff` (a prefix of the chain) and chains a purge entry saying so */
  purgeOlderThan(cutoff: Date): Promise<{ purgedEntries: number }>;
  verify(): Promise<ChainVerdict>;
  queries(filter?: AuditQueryFilter): Promise<AuditedQueryRow[]>;
}

interface ChainRow {
  seq: string | number;
  entry_kind: AuditEntryKind;
  query_id: string | null;
  recorded_at: Date | string;
  facts: Record<string, unknown>;
  subject_sealed: string | null;
  subject_index: string[];
  prev_hash: string;
  row_hash: string;
}

function toEntry(row: ChainRow): StoredChainEntry {
  return {
    seq: Number(row.seq),
    kind: row.entry_kind,
    queryId: row.query_id,
    recordedAt: new Date(row.recorded_at),
    facts: row.facts,
    subjectSealed: row.subject_sealed,
    subjectIndex: row.subject_index ?? [],
    prevHash: row.prev_hash,
    rowHash: row.row_hash,
  };
}

const VERIFY_BATCH = 5_000;

export function createAuditTrail(deps: { db: Database; cipher: FieldCipher; now?: () => Date }): AuditTrail {
  const { db, cipher } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * Chains one entry in one statement: lock the head row, hash, insert, move the head. The head row's lock
   * orders appends across every instance sharing the database; as one statement it is held for one round
   * trip instead of five (BEGIN, lock, insert, update, COMMIT), which was a third of a lookup's queries.
   * The hash is SHA-256 over canonicalJson([seq, …content, prevHash]) (auditChain.ts): the content part is
   * written here, seq and prevHash are only known under the lock, so the database joins the three
   * (`sha256`, PostgreSQL 11+, PGlite too) — and the result is checked against entryHash, which audit:verify
   * uses, before this returns.
   */
  async function append(
    client: SqlClient,
    entry: Omit<AuditChainEntry, 'seq' | 'prevHash' | 'recordedAt'>,
  ): Promise<StoredChainEntry> {
    // exactly what jsonb will hold, so the hash recomputes from the stored row
    const facts = JSON.parse(JSON.stringify(entry.facts)) as Record<string, unknown>;
    // ms precision: what both drivers give back, so the hash recomputes from the stored row
    const recordedAt = new Date(now().getTime());
    const content = canonicalJson([
      entry.kind,
      entry.queryId,
      recordedAt.toISOString(),
      facts,
      entry.subjectSealed,
      entry.subjectIndex,
    ]).slice(1, -1);
    const { rows } = await client.query<{ seq: string | number; prev_hash: string; row_hash: string }>(
      `with head as (
         select seq + 1 as seq, row_hash as prev_hash from audit_chain_head where id = 1 for update
       ), entry as (
         select seq, prev_hash,
                encode(sha256(convert_to('[' || seq::text || ',' || $1::text || ',' || to_json(prev_hash)::text || ']', 'UTF8')), 'hex') as row_hash
           from head
       ), inserted as (
         insert into audit_log (seq, entry_kind, query_id, recorded_at, facts, subject_sealed, subject_index, prev_hash, row_hash)
         select seq, $2, $3, $4, $5::jsonb, $6, $7, prev_hash, row_hash from entry
         returning seq, prev_hash, row_hash
       )
       update audit_chain_head set seq = inserted.seq, row_hash = inserted.row_hash
         from inserted where audit_chain_head.id = 1
         returning inserted.seq, inserted.prev_hash, inserted.row_hash`,
      [
        content,
        entry.kind,
        entry.queryId,
        recordedAt,
        JSON.stringify(facts),
        entry.subjectSealed,
        entry.subjectIndex,
      ],
    );
    const stored = rows[0];
    if (stored === undefined) throw new Error('audit_chain_head is missing its row');
    const chained: AuditChainEntry = {
      ...entry,
      facts,
      seq: Number(stored.seq),
      prevHash: stored.prev_hash,
      recordedAt,
    };
    if (entryHash(chained) !== stored.row_hash) {
      // never expected: the database joined the hashed text differently from entryHash
      throw new Error(`audit entry ${chained.seq} was hashed differently by the database`);
    }
    return { ...chained, rowHash: stored.row_hash };
  }

  function subjectIndex(subject: AuditSubject | null): string[] {
    if (subject === null) return [];
    return SUBJECT_INDEX_KINDS.flatMap((kind) => {
      const value = subject[kind];
      return value ? [cipher.blindIndex(kind, value)] : [];
    });
  }

  return {
    async start(queryId, facts, subject) {
      const purpose = facts.purpose;
      const sealedFacts =
        typeof purpose === 'string' ? { ...facts, purpose: cipher.seal(purpose, PURPOSE_PURPOSE) } : facts;
      await append(db, {
        kind: 'start',
        queryId,
        facts: sealedFacts,
        subjectSealed: subject === null ? null : cipher.seal(subject, SUBJECT_PURPOSE),
        subjectIndex: subjectIndex(subject),
      });
    },
    async finish(queryId, facts) {
      await append(db, { kind: 'finish', queryId, facts, subjectSealed: null, subjectIndex: [] });
    },
    async purgeOlderThan(cutoff) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ seq: string | number; row_hash: string }>(
          `select seq, row_hash from audit_log where seq = (
             select max(seq) from audit_log where recorded_at < $1 and entry_kind <> 'purge'
           )`,
          [cutoff],
        );
        const last = rows[0];
        if (last === undefined) return { purgedEntries: 0 };
        // take the chain lock first: nothing is appended between counting and deleting
        await tx.query('select seq from audit_chain_head where id = 1 for update');
        await tx.query("select set_config('juhe.audit_purge', 'on', true)");
        const deleted = await tx.query('delete from audit_log where seq <= $1', [last.seq]);
        await tx.query("select set_config('juhe.audit_purge', 'off', true)");
        const facts: PurgeFacts = {
          purgedThroughSeq: Number(last.seq),
          purgedThroughHash: last.row_hash,
          purgedEntries: deleted.rowCount,
          olderThan: cutoff.toISOString(),
        };
        await append(tx, {
          kind: 'purge',
          queryId: null,
          facts: facts as unknown as Record<string, unknown>,
          subjectSealed: null,
          subjectIndex: [],
        });
        return { purgedEntries: deleted.rowCount };
      });
    },
    async verify() {
      // one snapshot: appends and purges by a running app neither break nor hide anything mid-walk
      return db.transaction(async (tx) => {
        await tx.query('set transaction isolation level repeatable read');
        const { rows: heads } = await tx.query<{ seq: string | number; row_hash: string }>(
          'select seq, row_hash from audit_chain_head where id = 1',
        );
        const head = heads[0];
        const { rows: purges } = await tx.query<{ facts: PurgeFacts }>(
          "select facts from audit_log where entry_kind = 'purge' order by seq",
        );
        const verifier = createChainVerifier(purges.map((row) => row.facts));
        let after = -1;
        for (;;) {
          const { rows } = await tx.query<ChainRow>(
            'select * from audit_log where seq > $1 order by seq limit $2',
            [after, VERIFY_BATCH],
          );
          for (const row of rows) {
            const broken = verifier.add(toEntry(row));
            if (broken) return broken;
          }
          if (rows.length < VERIFY_BATCH) break;
          after = Number((rows[rows.length - 1] as ChainRow).seq);
        }
        return verifier.end({ seq: Number(head?.seq ?? 0), rowHash: head?.row_hash ?? '' });
      });
    },
    async queries(filter = {}) {
      const conditions = ["s.entry_kind = 'start'"];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (filter.from) conditions.push(`s.recorded_at >= ${param(filter.from)}`);
      if (filter.to) conditions.push(`s.recorded_at < ${param(filter.to)}`);
      if (filter.requester) conditions.push(`s.facts->>'requester' = ${param(filter.requester)}`);
      if (filter.askedByPerson) {
        conditions.push(
          `s.facts->>'surface' not in ('schedule', 'batch')`,
          `s.facts->>'api' not in ('watch', 'batch')`,
        );
      }
      if (filter.subject) {
        conditions.push(
          `s.subject_index @> ${param([cipher.blindIndex(filter.subject.kind, filter.subject.value)])}::text[]`,
        );
      }
      const { rows } = await db.query<{
        query_id: string;
        started_at: Date | string;
        started: Record<string, unknown>;
        subject_sealed: string | null;
        finished_at: Date | string | null;
        finished: Record<string, unknown> | null;
      }>(
        `select s.query_id, s.recorded_at as started_at, s.facts as started, s.subject_sealed,
                f.recorded_at as finished_at, f.facts as finished
           from audit_log s
           left join audit_log f on f.query_id = s.query_id and f.entry_kind = 'finish'
          where ${conditions.join(' and ')}
          order by s.seq ${filter.latest === undefined ? '' : `desc limit ${param(filter.latest)}`}`,
        params,
      );
      if (filter.latest !== undefined) rows.reverse();
      return rows.map((row) => ({
        queryId: row.query_id,
        startedAt: new Date(row.started_at),
        finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
        started:
          typeof row.started.purpose === 'string'
            ? { ...row.started, purpose: cipher.open<string>(row.started.purpose, PURPOSE_PURPOSE) }
            : row.started,
        finished: row.finished,
        subject:
          row.subject_sealed === null ? null : cipher.open<AuditSubject>(row.subject_sealed, SUBJECT_PURPOSE),
      }));
    },
  };
}
