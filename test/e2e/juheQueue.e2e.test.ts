import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actionIdsOf,
  type Harness,
  IDS,
  isScreeningNotice,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

/**
 * JUHE_MAX_CONCURRENCY through the real app: with one slot and Juhe answering in 2.5 s, a second lookup
 * is told it is queued (and where) after a second; with a 1.5 s queue timeout it is then told busy, with
 * a Try again, and nothing of it reaches Juhe.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ maxConcurrency: 1, queueTimeoutMs: 1_500, sandboxLatencyMs: 2_500 });
});
afterAll(async () => {
  await h.close();
});

describe('the queue in front of Juhe', () => {
  it('a lookup waiting for the one slot is told its place, then busy with a Try again; Juhe sees one call at a time', async () => {
    h.sandbox.inFlight.reset();
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲 失信');
    // the first has the slot before the second asks
    await waitUntil(() => (h.sandbox.requests.length === 1 ? true : undefined));
    await h.slash('/risk', '上海 王建国 失信');
    const queued = await h.waitForMessage(() => {
      const message = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)[before + 1];
      return message && /Queued for Juhe/.test(textOf(message.blocks)) ? message : undefined;
    });
    expect(isScreeningNotice(queued)).toBe(true);
    expect(textOf(queued.blocks)).toContain('number 1 in line');
    expect(textOf(queued.blocks)).not.toContain('王建国');
    const busy = await h.privateAnswer(before + 1);
    expect(textOf(busy.blocks)).toMatch(/Too many lookups are waiting for Juhe.*Nothing was billed/);
    expect(actionIdsOf(busy)).toContain('risk_retry');
    const answered = await h.privateAnswer(before);
    expect(textOf(answered.blocks)).not.toMatch(/busy|Too many/);
    expect(h.sandbox.requests).toHaveLength(1);
    expect(h.sandbox.inFlight.max).toBe(1);
    const audited = await h.app.services.record.trail.queries({ requester: IDS.analyst });
    expect(audited.map((row) => row.finished?.outcome).sort()).toEqual(['0', 'BUSY']);
    expect(audited.find((row) => row.finished?.outcome === 'BUSY')?.finished).toMatchObject({
      billed: false,
    });
    expect((await h.app.services.budgets.usageOf(IDS.analyst)).today.used).toBe(1);
  });
});
