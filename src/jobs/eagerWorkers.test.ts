import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test/e2e/harness.js';
import { openTestPglite } from '../../test/support/testDatabase.js';
import { createLogger } from '../logging/logger.js';
import type { Database } from '../store/database.js';
import { startEagerWorkers } from './eagerWorkers.js';
import { type JobEngine, startJobEngine } from './jobEngine.js';

describe('eager workers', () => {
  let db: Database;
  let engine: JobEngine;
  beforeAll(async () => {
    db = await openTestPglite();
    engine = await startJobEngine(db, createLogger({ level: 'silent' }));
  });
  afterAll(async () => {
    await engine?.stop();
    await db?.close();
  });

  it('drain a backlog without waiting for a poll between jobs, never more than `count` at once', async () => {
    const queue = 'eager-test';
    await engine.boss.createQueue(queue);
    const jobs = Array.from({ length: 12 }, (_, index) => ({ index }));
    for (const job of jobs) await engine.boss.send(queue, job);
    const done: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    // a poll every 10 minutes: only the first fetch of each worker comes from polling, every later job
    // is found because a worker looked again the moment it finished
    await startEagerWorkers<{ index: number }>(
      engine.boss,
      queue,
      3,
      async ({ index }) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        done.push(index);
      },
      600,
    );
    await waitUntil(() => (done.length === jobs.length ? true : undefined), 20_000);
    expect([...done].sort((a, b) => a - b)).toEqual(jobs.map((job) => job.index));
    expect(mostAtOnce).toBeLessThanOrEqual(3);
  });

  it('wake: each new job wakes one idle worker, the next wake another, so a job queued while the workers poll every 10 minutes is taken at once', async () => {
    const queue = 'eager-wake-test';
    await engine.boss.createQueue(queue);
    const done: number[] = [];
    const workers = await startEagerWorkers<{ index: number }>(
      engine.boss,
      queue,
      2,
      async ({ index }) => {
        done.push(index);
      },
      600,
    );
    // the workers' first polls find nothing; from here on only wake() can bring them back
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const index of [1, 2, 3]) {
      await engine.boss.send(queue, { index });
      workers.wake();
    }
    await waitUntil(() => (done.length === 3 ? true : undefined), 20_000);
    expect([...done].sort()).toEqual([1, 2, 3]);
  });
});
