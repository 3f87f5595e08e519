import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { openTestPglite } from '../support/testDatabase.js';
import { type Harness, IDS, startHarness, textOf, waitUntil } from './harness.js';

/**
 * No billed answer lost: the answer is stored before any Slack call, and delivering it is a durable
 * job that waits out Slack's 429s and 5xx instead of replacing the parent with an error.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const isThreadReply = (args: Record<string, unknown>) => typeof args.thread_ts === 'string';

describe('Slack failing the thread reply', () => {
  it('429 then 500s: the records arrive once Slack recovers, the parent never shows an error, Juhe is asked once', async () => {
    h.sandbox.resetRequests();
    h.fake.failNext(
      'chat.postMessage',
      [{ status: 429, retryAfter: 1 }, { status: 500 }, { status: 500 }],
      isThreadReply,
    );
    await h.slash('/risk', '江苏 张德洲 1', { channel: IDS.complianceChannel });

    const parent = await h.waitForMessage(
      () =>
        h.fake
          .messagesIn(IDS.complianceChannel)
          .find((m) => textOf(m.blocks).includes('张*洲') && textOf(m.blocks).includes('31')),
      10_000,
    );
    const reply = await waitUntil(() => h.fake.threadReplies(IDS.complianceChannel, parent.ts)[0], 20_000);
    expect(textOf(reply.blocks)).toContain('(2018)苏0581执5877号');

    const threadPosts = h.fake.calls.filter((c) => c.method === 'chat.postMessage' && isThreadReply(c.args));
    expect(threadPosts.map((c) => c.error ?? 'ok')).toEqual([
      'injected_429',
      'injected_500',
      'injected_500',
      'ok',
    ]);
    // the parent was updated once, to its counts, and never to an error
    const parentUpdates = h.fake.calls.filter((c) => c.method === 'chat.update' && c.args.ts === parent.ts);
    expect(parentUpdates).toHaveLength(1);
    expect(JSON.stringify(parentUpdates[0]?.args)).not.toMatch(/went wrong|reference/i);
    expect(h.sandbox.requestCount()).toBe(1);

    // the 429 was waited out for its Retry-After (1 s), then backoff 2 s and 4 s
    const [first, , , last] = threadPosts;
    expect((last?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000 + 2_000 + 4_000 - 100);

    // settled just after the last call returned
    const settled = await waitUntil(async () => {
      const { rows } = await h.database.query<{ delivery_state: string; delivery_attempts: number }>(
        "select delivery_state, delivery_attempts from lookups where delivery_attempts = 3 and delivery_state <> 'pending'",
      );
      return rows[0];
    });
    expect(settled).toEqual({ delivery_state: 'delivered', delivery_attempts: 3 });
  }, 40_000);
});

describe('the compliance record unavailable', () => {
  let failing: Harness;
  let database: Database;
  let broken = false;
  beforeAll(async () => {
    database = await openTestPglite();
    // The app's own queries fail while `broken`; the job engine's connection is left alone.
    const flaky: Database = {
      ...database,
      query: (sql, params) =>
        broken ? Promise.reject(new Error('connection terminated')) : database.query(sql, params),
      urgent: {
        query: (sql, params) =>
          broken ? Promise.reject(new Error('connection terminated')) : database.urgent.query(sql, params),
      },
      transaction: (work) =>
        broken ? Promise.reject(new Error('connection terminated')) : database.transaction(work),
    };
    failing = await startHarness({ database: flaky });
  });
  afterAll(async () => {
    await failing?.close();
    await database?.close();
  });

  it('the database failing while Juhe answers: the billed answer is delivered anyway, Juhe asked once', async () => {
    failing.sandbox.resetRequests();
    try {
      await failing.slash('/risk', 'FAULT:slow-1000 张德洲 1');
      await waitUntil(() => (failing.sandbox.requestCount() === 1 ? true : undefined));
      broken = true;
      const delivered = await waitUntil(() =>
        failing.fake.ephemeralsFor(IDS.analyst).find((m) => textOf(m.blocks).includes('Dishonest debtor')),
      );
      expect(textOf(delivered.blocks)).not.toMatch(/went wrong/i);
      expect(failing.sandbox.requestCount()).toBe(1);
    } finally {
      broken = false;
    }
  });

  it('refuses the lookup with a clear message and never calls Juhe', async () => {
    failing.sandbox.resetRequests();
    broken = true;
    try {
      const ack = await failing.slash('/risk', '江苏 张德洲 1');
      const told = await waitUntil(() =>
        failing.fake
          .ephemeralsFor(IDS.analyst)
          .find((m) => textOf(m.blocks).includes('compliance record cannot be written')),
      );
      expect(ack.status).toBe(200);
      expect(textOf(told.blocks)).toContain('Nothing was looked up and nothing was billed');
      expect(failing.sandbox.requestCount()).toBe(0);
    } finally {
      broken = false;
    }
  });
});
