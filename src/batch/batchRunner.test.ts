import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../test/support/testDatabase.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { BudgetLedger } from '../budgets/budgetLedger.js';
import { JuheError } from '../juhe/errorTypes.js';
import { createLogger } from '../logging/logger.js';
import { createFieldCipher } from '../privacy/fieldCipher.js';
import type { FetchedRiskPage, RiskScreening } from '../screening/riskScreening.js';
import type { Database } from '../store/database.js';
import { createBatchRunner } from './batchRunner.js';
import { type BatchStore, createBatchStore } from './batchStore.js';

/**
 * The runner against a real batch store, with a fake pg-boss (the job handler is called directly), a
 * fake screening per keyword, and an audit log that keeps every finish: what a job failure leaves behind.
 */
const cipher = createFieldCipher(Buffer.alloc(32, 7));
const target = DATABASE_TARGETS[0];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Handler = (jobs: Array<{ data: { batchId: string } }>) => Promise<void>;

function page(): FetchedRiskPage {
  return {
    page: {
      type: 1,
      pageIndex: 1,
      pageSize: 20,
      totalRecords: 0,
      totalPages: 0,
      records: [],
      orderId: null,
      billed: false,
      noRecords: true,
    },
    fromCache: false,
    answeredAt: new Date(),
  };
}

describe.skipIf(!target?.available)('batch runner', () => {
  let db: Database;
  let store: BatchStore;
  beforeAll(async () => {
    db = await (target as NonNullable<typeof target>).open();
    store = createBatchStore(db, cipher);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** a started batch of these keywords (one row each, 失信 only) and a runner whose screening is `fetch` */
  async function setUp(keywords: string[], fetch: (keyword: string) => Promise<FetchedRiskPage>) {
    const id = randomUUID();
    await store.create({
      id,
      owner: 'U0ANALYST',
      spec: { purpose: 'Onboarding: counterparties of the tender', fileName: 'rows.csv' },
      subjects: keywords.map((keyword, index) => ({ row: index + 2, keyword, realname: '李娜', types: [1] })),
      rejected: [],
      costCalls: keywords.length,
      now: new Date(),
    });
    await store.setMessage(id, 'D0ANALYST', '1700000000.000100');
    await store.start(id, new Date());
    let handler: Handler | undefined;
    const boss = {
      createQueue: async () => {},
      send: async () => null,
      work: async (_queue: string, _options: unknown, work: Handler) => {
        handler = work;
        return 'worker';
      },
    } as unknown as PgBoss;
    const calls: string[] = [];
    const finishes: Array<{ queryId: string; outcome: string }> = [];
    const screening = {
      fetchPage: async (query: { keyword: string }) => {
        calls.push(query.keyword);
        return fetch(query.keyword);
      },
    } as unknown as RiskScreening;
    const budgets = {
      hold: async () => ({ ok: true, hold: { close: async () => {} } }),
    } as unknown as BudgetLedger;
    const audit = {
      start: async () => randomUUID(),
      finish: async (queryId: string, finished: { outcome: string }) => {
        finishes.push({ queryId, outcome: finished.outcome });
      },
    } as unknown as AuditLog;
    const reported: string[] = [];
    const runner = await createBatchRunner({
      boss,
      store,
      screening,
      budgets,
      audit,
      logger: createLogger({ level: 'silent' }),
      reporter: { progress: async () => {}, finished: async (batch) => void reported.push(batch.id) },
      now: () => new Date(),
      progressIntervalMs: 0,
    });
    await runner.start();
    const runJob = () => (handler as Handler)([{ data: { batchId: id } }]);
    return { id, runJob, calls, finishes, reported };
  }

  it('a worker that throws stops the others: no row is screened after the job failed', async () => {
    const keywords = Array.from({ length: 20 }, (_unused, index) => (index === 2 ? 'BOOM' : `K${index}`));
    const { runJob, calls } = await setUp(keywords, async (keyword) => {
      if (keyword === 'BOOM') throw new Error('boom');
      await sleep(30);
      return page();
    });
    await expect(runJob()).rejects.toThrow('boom');
    const atFailure = calls.length;
    await sleep(300);
    expect(calls.length).toBe(atFailure);
    expect(atFailure).toBeLessThan(keywords.length);
  });

  it('a row cut short by the process stopping (CLOSED) leaves one audit outcome, closed on resume as interrupted', async () => {
    let closing = true;
    const { id, runJob, finishes } = await setUp(['K0'], async () => {
      if (closing) {
        throw new JuheError({
          api: 'risk',
          code: 'CLOSED',
          category: 'network',
          retryable: true,
          billed: false,
          message: 'client closed',
        } as ConstructorParameters<typeof JuheError>[0]);
      }
      return page();
    });
    await expect(runJob()).rejects.toThrow();
    closing = false;
    await runJob();
    expect((await store.load(id))?.status).toBe('done');
    const byQuery = new Map<string, string[]>();
    for (const f of finishes) byQuery.set(f.queryId, [...(byQuery.get(f.queryId) ?? []), f.outcome]);
    for (const outcomes of byQuery.values()) expect(outcomes).toHaveLength(1);
    expect([...byQuery.values()].flat()).toEqual(['interrupted', '1:240102']);
  });

  it('an attempt a crash cut short is closed as interrupted even when the batch was cancelled meanwhile', async () => {
    const { id, runJob, finishes, reported } = await setUp(['K0', 'K1'], async () => page());
    const crashed = randomUUID();
    await store.setRowQuery(id, 2, crashed);
    await store.cancel(id, new Date());
    await runJob();
    expect(finishes).toEqual([{ queryId: crashed, outcome: 'interrupted' }]);
    expect(reported).toEqual([id]);
  });
});
