import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRedis, REDIS_SUITE_RUNS, uniqueKey } from '../../test/support/testRedis.js';
import { type CallSlot, createJuheCallQueue, type JuheCallQueue } from '../juhe/callQueue.js';
import { createRedisSlotStore } from './redisSlotStore.js';

describe.runIf(REDIS_SUITE_RUNS)('Juhe slots in Redis, shared by several instances', () => {
  const connections: Redis[] = [];
  beforeAll(() => {
    // three "instances": each its own command and subscriber connections, as in production
    for (let i = 0; i < 6; i++) connections.push(openTestRedis());
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
  });

  function instances(juheKey: string, limit: number, queueTimeoutMs = 10_000): JuheCallQueue[] {
    return [0, 1, 2].map((i) =>
      createJuheCallQueue({
        api: 'risk',
        queueTimeoutMs,
        store: createRedisSlotStore({
          redis: connections[i * 2] as Redis,
          subscriber: connections[i * 2 + 1] as Redis,
          juheKey,
          api: 'risk',
          limit,
          leaseMs: 30_000,
        }),
      }),
    );
  }

  it('never more than the limit open across instances; every waiter gets a slot as they free', async () => {
    const queues = instances(uniqueKey('key'), 3);
    let open = 0;
    let most = 0;
    const calls = Array.from({ length: 24 }, async (_, n) => {
      const slot: CallSlot = await (queues[n % 3] as JuheCallQueue).enter();
      open++;
      most = Math.max(most, open);
      await new Promise((resolve) => setTimeout(resolve, 20));
      open--;
      slot.release();
    });
    await Promise.all(calls);
    expect(most).toBe(3);
    await Promise.all(queues.map((q) => q.close()));
  });

  it('a waiter learns its place among every instance, and a back-off on one pauses all', async () => {
    const queues = instances(uniqueKey('key'), 1);
    const [a, b, c] = queues as [JuheCallQueue, JuheCallQueue, JuheCallQueue];
    const held = await a.enter();
    const places: number[] = [];
    const second = b.enter({ onQueued: (p) => places.push(p) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = c.enter({ onQueued: (p) => places.push(p) });
    await new Promise((resolve) => setTimeout(resolve, 1_400));
    expect(places.sort()).toEqual([1, 2]);
    expect(await a.backOff()).toBe(1_000);
    held.release();
    const started = performance.now();
    (await second).release();
    expect(performance.now() - started).toBeGreaterThan(700);
    (await third).release();
    expect(await b.backOff()).toBe(2_000);
    await Promise.all(queues.map((q) => q.close()));
  });

  it('a waiter that cannot get a slot in time is told busy, and leaves the line', async () => {
    const queues = instances(uniqueKey('key'), 1, 400);
    const [a, b] = queues as [JuheCallQueue, JuheCallQueue];
    const held = await a.enter();
    await expect(b.enter()).rejects.toMatchObject({ code: 'BUSY', billed: false });
    held.release();
    (await b.enter()).release();
    await Promise.all(queues.map((q) => q.close()));
  });
});
