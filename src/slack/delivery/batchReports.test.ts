import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TARGETS } from '../../../test/support/testDatabase.js';
import { type BatchStore, createBatchStore } from '../../batch/batchStore.js';
import { createLogger } from '../../logging/logger.js';
import { createFieldCipher } from '../../privacy/fieldCipher.js';
import type { Database } from '../../store/database.js';
import { createBatchReporter } from './batchReports.js';
import type { Outbox } from './outbox.js';

const target = DATABASE_TARGETS[0];
const rateLimited = () =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error' });

describe.skipIf(!target?.available)('batch report', () => {
  let db: Database;
  let store: BatchStore;
  beforeAll(async () => {
    db = await (target as NonNullable<typeof target>).open();
    store = createBatchStore(db, createFieldCipher(Buffer.alloc(32, 5)));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('a report retried after its summary was refused (429) does not upload the XLSX again', async () => {
    const id = randomUUID();
    const now = new Date();
    await store.create({
      id,
      owner: 'U0ANALYST',
      spec: { purpose: 'Onboarding: counterparties of the tender', fileName: 'rows.csv' },
      subjects: [{ row: 2, keyword: '北京朝阳科技有限公司', realname: '李娜', types: [1] }],
      rejected: [],
      costCalls: 1,
      now,
    });
    await store.setMessage(id, 'D0ANALYST', '1700000000.000100');
    await store.start(id, now);
    await store.cancel(id, now);
    await store.finish(id, now);
    const uploads: string[] = [];
    let updates = 0;
    const outbox = {
      shareFilesInThread: async (_channel: string, _ts: string, files: Array<{ filename: string }>) => {
        uploads.push(...files.map((file) => file.filename));
      },
      update: async () => {
        updates += 1;
        if (updates === 1) throw rateLimited();
      },
    } as unknown as Outbox;
    const reporter = createBatchReporter({
      outbox,
      store,
      locale: 'en',
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(),
    });
    // the job's first try: file out, summary refused; the retry loads the batch again
    await expect(
      reporter.finished((await store.load(id)) as NonNullable<Awaited<ReturnType<BatchStore['load']>>>),
    ).rejects.toThrow();
    await reporter.finished((await store.load(id)) as NonNullable<Awaited<ReturnType<BatchStore['load']>>>);
    expect(uploads).toHaveLength(1);
    expect(updates).toBe(2);
    expect((await store.load(id))?.reportFileAt).toBeInstanceOf(Date);
  });
});
