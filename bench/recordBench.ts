import { randomBytes, randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import pg from 'pg';
import { createAuditLog, type FinishedQuery, startQueryAudit } from '../src/audit/auditLog.js';
import { type AuditSubject, createAuditTrail } from '../src/audit/auditTrail.js';
import { startJobEngine } from '../src/jobs/jobEngine.js';
import { MAX_ATTEMPTS } from '../src/juhe/retryPolicy.js';
import { createLogger } from '../src/logging/logger.js';
import { createLookupStore } from '../src/lookups/lookupStore.js';
import { createFieldCipher } from '../src/privacy/fieldCipher.js';
import { lookupInterruptedMessage } from '../src/slack/blocks/errors.js';
import { createLookupDeliveries } from '../src/slack/delivery/lookupDeliveries.js';
import { RISK_FLOW, type RiskPlan } from '../src/slack/flows/riskFlow.js';
import { type RiskOutcome, riskAuditOutcome } from '../src/slack/flows/riskOutcome.js';
import type { RequestScope } from '../src/slack/middleware/requestScope.js';
import { createPresenter } from '../src/slack/presenter.js';
import { createResponseUrlPolicy } from '../src/slack/responseUrl.js';
import type { Database } from '../src/store/database.js';
import { databaseErrorReason } from '../src/store/database.js';
import { openTestPglite, openTestPostgres } from '../test/support/testDatabase.js';
import { riskPage, SUBJECT } from './formatterFixtures.js';
import { asyncRow, type BenchRow, retain, runConcurrent } from './measure.js';
import { summarize } from './stats.js';
import type { BenchSection } from './table.js';

/**
 * What the compliance record adds to each lookup, measured on the record's own pieces (no Slack, no
 * Juhe): the two hash-chained audit appends, and everything a lookup writes to be durable. Run on the
 * embedded PGlite and on a fresh database on a real PostgreSQL.
 */
export interface RecordBenchSizes {
  warmup: number;
  lookups: number;
  concurrency: number;
}

export const RECORD_SIZES: RecordBenchSizes = { warmup: 200, lookups: 2_000, concurrency: 8 };

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

function benchDatabaseUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL?.trim() ||
    process.env.TEST_DATABASE_URL?.trim() ||
    DEFAULT_BENCH_DATABASE_URL
  );
}

const USER = 'U0BENCH01';
const CHANNEL = 'C0BENCH01';
const TIMEOUT_MS = 8_000;

/** The subject of lookup `i`: distinct per lookup, sealed and blind-indexed like a real one. */
function subjectOf(i: number): AuditSubject {
  return { keyword: `${SUBJECT.keyword}${i}`, realname: SUBJECT.realname };
}

/** The facts of a /risk start row, as the middleware and the flow describe them. */
const STARTED_FACTS = {
  requester: USER,
  channel: CHANNEL,
  surface: 'command',
  api: 'risk',
  type: '1',
  purpose: null,
  consent: null,
};

/** A billed page 1 with 10 of 31 records: the answer a lookup seals and stores. */
function outcomeOf(): RiskOutcome {
  return { kind: 'page', fetched: { page: riskPage(1, 10, 31), fromCache: false, answeredAt: new Date() } };
}

const FINISHED_FACTS: FinishedQuery = {
  ...riskAuditOutcome(outcomeOf()),
  recordCounts: { 1: 31 },
  latencyMs: 4,
};

interface Split {
  beforeMs: number[];
  afterMs: number[];
}

/** One database's rows; `concurrent` adds the rows at `sizes.concurrency` in flight. */
async function benchOn(
  label: string,
  database: Database,
  sizes: RecordBenchSizes,
  concurrent: boolean,
): Promise<BenchRow[]> {
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const cipher = createFieldCipher(randomBytes(32));
  const trail = createAuditTrail({ db: database, cipher });
  const rows: BenchRow[] = [];

  // The audit writes alone: trail start before Juhe, trail finish after.
  const auditWrites = async (i: number) => {
    const queryId = randomUUID();
    await trail.start(queryId, STARTED_FACTS, subjectOf(i));
    await trail.finish(queryId, FINISHED_FACTS);
  };
  let offset = 0;
  const auditRun = async (total: number, concurrency: number) => {
    const base = offset;
    offset += total;
    return runConcurrent(total, concurrency, (i) => auditWrites(base + i));
  };
  await auditRun(sizes.warmup, 1);
  rows.push(
    asyncRow(`${label}: audit writes per lookup, sequential`, await auditRun(sizes.lookups, 1), {
      rateUnit: 'lookups/s',
      note: 'trail start + trail finish',
    }),
  );
  if (concurrent) {
    await auditRun(sizes.warmup, sizes.concurrency);
    rows.push(
      asyncRow(
        `${label}: audit writes per lookup, ${sizes.concurrency} concurrent`,
        await auditRun(sizes.lookups, sizes.concurrency),
        { rateUnit: 'lookups/s', note: 'appends queue on the audit_chain_head row lock' },
      ),
    );
  }

  // Everything the record adds to one lookup, through the app's own delivery code (no worker: the jobs
  // stay queued, as if the delivery worker were busy elsewhere).
  const jobs = await startJobEngine(database, logger);
  try {
    const deliveries = await createLookupDeliveries({
      boss: jobs.boss,
      store: createLookupStore(database, cipher),
      trail,
      database,
      client: new webApi.WebClient('xoxb-bench', { retryConfig: { retries: 0 } }),
      present: createPresenter('en', true),
      responseUrlPolicy: createResponseUrlPolicy({ logger }),
      logger,
      lookupDeadlineMs: TIMEOUT_MS * MAX_ATTEMPTS + 1_000,
      resultRetentionHours: 24,
      interruptedMessage: lookupInterruptedMessage('en'),
      now: () => new Date(),
    });
    const auditLog = createAuditLog(logger, trail);
    const plan: RiskPlan = {
      request: { subject: { keyword: SUBJECT.keyword, realname: SUBJECT.realname }, scope: 1 },
    };
    const durable = async (i: number, split?: Split) => {
      const audit = startQueryAudit(auditLog, { requester: USER, channel: CHANNEL, surface: 'command' });
      const scope = {
        userId: USER,
        audience: { userId: USER, channelId: CHANNEL, responseUrl: 'https://hooks.slack.com/commands/bench' },
        audit,
      } as unknown as RequestScope;
      const started = performance.now();
      await audit.describe({ api: 'risk', type: '1', subject: subjectOf(i), purpose: null, consent: null });
      const lookup = await deliveries.open(scope, RISK_FLOW, plan);
      const opened = performance.now();
      // …Juhe answers here…
      const outcome = outcomeOf();
      await lookup.answered(outcome, riskAuditOutcome(outcome));
      if (split) {
        split.beforeMs.push(opened - started);
        split.afterMs.push(performance.now() - opened);
      }
      retain(lookup.id);
    };
    const durableRun = async (total: number, concurrency: number, split?: Split) => {
      const base = offset;
      offset += total;
      return runConcurrent(total, concurrency, (i) => durable(base + i, split));
    };
    await durableRun(sizes.warmup, 1);
    const split: Split = { beforeMs: [], afterMs: [] };
    const sequential = await durableRun(sizes.lookups, 1, split);
    rows.push(
      asyncRow(`${label}: durable lookup overhead, sequential`, sequential, {
        rateUnit: 'lookups/s',
        note: 'audit start + lookups row + pg-boss send + sealed answer + audit finish + job update',
      }),
      {
        name: `${label}: … of which before Juhe`,
        ...summarize(split.beforeMs),
        note: 'audit start + lookups row + pg-boss send (watchdog)',
      },
      {
        name: `${label}: … of which after Juhe`,
        ...summarize(split.afterMs),
        note: 'sealed answer + audit finish + job update',
      },
    );
    if (concurrent) {
      await durableRun(sizes.warmup, sizes.concurrency);
      rows.push(
        asyncRow(
          `${label}: durable lookup overhead, ${sizes.concurrency} concurrent`,
          await durableRun(sizes.lookups, sizes.concurrency),
          { rateUnit: 'lookups/s' },
        ),
      );
    }
    const verdict = await trail.verify();
    if (!verdict.ok) throw new Error(`${label}: the audit chain does not verify after the bench`);
  } finally {
    await jobs.stop();
  }
  return rows;
}

export function skippedRow(name: string, why: string): BenchRow {
  return { name, ...summarize([], 0), note: `skipped: ${why}` };
}

/** Reachable within a few seconds, or the reason it is not. */
export async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return databaseErrorReason(error);
  } finally {
    await client.end().catch(() => {});
  }
}

export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'an unparsable URL';
  }
}

export async function benchRecord(sizes: RecordBenchSizes = RECORD_SIZES): Promise<BenchSection> {
  const rows: BenchRow[] = [];

  const pglite = await openTestPglite();
  try {
    rows.push(...(await benchOn('PGlite', pglite, sizes, false)));
  } finally {
    await pglite.close();
  }

  const url = benchDatabaseUrl();
  const where = describeUrl(url);
  const unreachable = await probe(url);
  if (unreachable !== undefined) {
    rows.push(skippedRow('PostgreSQL', `cannot connect to ${where} (${unreachable})`));
  } else {
    let postgres: Database | undefined;
    try {
      postgres = await openTestPostgres(url);
      rows.push(...(await benchOn('PostgreSQL', postgres, sizes, true)));
    } catch (error) {
      rows.push(skippedRow('PostgreSQL', `${where}: ${databaseErrorReason(error)}`));
    } finally {
      await postgres?.close().catch(() => {});
    }
  }

  return {
    title: 'Compliance record: what each lookup adds (audit trail, lookups row, pg-boss job)',
    rows,
    footnote: `${sizes.lookups.toLocaleString('en-US')} lookups per row after ${sizes.warmup} warm-up, each timed from its first write to its last; no Slack, no Juhe. PGlite in memory in this process (one connection: it serialises everything, so it runs sequentially only); PostgreSQL a fresh database on ${where} (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else ${DEFAULT_BENCH_DATABASE_URL}) through the app's pool of 10, pg-boss with its own pool of 4. "audit writes" = createAuditTrail start + finish, each its own transaction locking audit_chain_head; "durable lookup overhead" = the app's createLookupDeliveries open + answered around an audit describe, with the job engine started (its maintenance running, as in the app) and no worker registered, so the jobs stay queued. The chain verifies after each database's run.`,
  };
}
