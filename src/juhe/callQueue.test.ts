import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallSlot, createJuheCallQueue, type JuheCallQueue, QUEUED_NOTICE_MS } from './callQueue.js';
import { createInProcessSlotStore, FIRST_BACKOFF_MS, MAX_BACKOFF_MS, nextBackoffMs } from './slotStore.js';

let queue: JuheCallQueue | undefined;

afterEach(async () => {
  await queue?.close();
  queue = undefined;
  vi.useRealTimers();
});

function makeQueue(limit: number, queueTimeoutMs = 60_000) {
  const counts = { waiting: 0, open: 0, waits: [] as number[] };
  queue = createJuheCallQueue({
    api: 'risk',
    store: createInProcessSlotStore({ limit }),
    queueTimeoutMs,
    observer: {
      waiting: (delta) => {
        counts.waiting += delta;
      },
      open: (delta) => {
        counts.open += delta;
      },
      waited: (seconds) => counts.waits.push(seconds),
    },
  });
  return { queue, counts };
}

describe('the Juhe call queue', () => {
  it('gives at most `limit` slots at once and the next waiter the slot a release frees, first come first served', async () => {
    const { queue, counts } = makeQueue(2);
    const first = await queue.enter();
    const second = await queue.enter();
    const order: string[] = [];
    const third = queue.enter().then((slot) => {
      order.push('third');
      return slot;
    });
    const fourth = queue.enter().then((slot) => {
      order.push('fourth');
      return slot;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([queue.open, queue.waiting, counts.open, counts.waiting]).toEqual([2, 2, 2, 2]);
    first.release();
    first.release(); // a second release of the same slot frees nothing more
    const thirdSlot = await third;
    expect([queue.open, queue.waiting]).toEqual([2, 1]);
    second.release();
    const fourthSlot = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    thirdSlot.release();
    fourthSlot.release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect([queue.open, queue.waiting, counts.open, counts.waiting]).toEqual([0, 0, 0, 0]);
    expect(counts.waits).toHaveLength(4);
  });

  it('tells a waiter its place after a second, and one that waits past the queue timeout is told busy, unbilled', async () => {
    vi.useFakeTimers();
    const { queue } = makeQueue(1, 3_000);
    const held = await queue.enter();
    const positions: number[][] = [[], []];
    const waiting = [0, 1].map((i) =>
      queue.enter({ onQueued: (position) => positions[i]?.push(position) }).catch((error: unknown) => error),
    );
    await vi.advanceTimersByTimeAsync(QUEUED_NOTICE_MS - 1);
    expect(positions).toEqual([[], []]);
    await vi.advanceTimersByTimeAsync(1);
    expect(positions).toEqual([[1], [2]]);
    await vi.advanceTimersByTimeAsync(2_000);
    const [first, second] = await Promise.all(waiting);
    for (const error of [first, second]) {
      expect(error).toMatchObject({ code: 'BUSY', category: 'busy', billed: false, mayHaveBilled: false });
    }
    expect(queue.waiting).toBe(0);
    held.release();
  });

  it('a waiter that is answered within a second is not told anything', async () => {
    const { queue } = makeQueue(1);
    const held = await queue.enter();
    const onQueued = vi.fn();
    const next = queue.enter({ onQueued });
    setTimeout(() => held.release(), 50);
    (await next).release();
    await new Promise((resolve) => setTimeout(resolve, QUEUED_NOTICE_MS + 50));
    expect(onQueued).not.toHaveBeenCalled();
  });

  it('a cancelled waiter leaves the line (ABORTED) and its place goes to the next', async () => {
    const { queue } = makeQueue(1);
    const held = await queue.enter();
    const controller = new AbortController();
    const cancelled = queue.enter({ signal: controller.signal }).catch((error: unknown) => error);
    const next = queue.enter();
    controller.abort();
    expect(await cancelled).toMatchObject({ code: 'ABORTED' });
    held.release();
    const slot: CallSlot = await next;
    expect(queue.open).toBe(1);
    slot.release();
  });

  it('after a back-off nobody gets a slot until it ends; an answer makes the next back-off short again', async () => {
    vi.useFakeTimers();
    const { queue } = makeQueue(5);
    expect(await queue.backOff()).toBe(FIRST_BACKOFF_MS);
    let got = false;
    const next = queue.enter().then((slot) => {
      got = true;
      return slot;
    });
    await vi.advanceTimersByTimeAsync(FIRST_BACKOFF_MS - 10);
    expect(got).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(got).toBe(true);
    (await next).release();
    expect(await queue.backOff()).toBe(2 * FIRST_BACKOFF_MS);
    queue.answered();
    await vi.advanceTimersByTimeAsync(0);
    expect(await queue.backOff()).toBe(FIRST_BACKOFF_MS);
  });

  it('close() ends every waiter with CLOSED and refuses new ones', async () => {
    const { queue } = makeQueue(1);
    await queue.enter();
    const waiting = queue.enter().catch((error: unknown) => error);
    await queue.close();
    expect(await waiting).toMatchObject({ code: 'CLOSED' });
    await expect(queue.enter()).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('nextBackoffMs', () => {
  it('doubles from 1 s up to 30 s', () => {
    const seen: number[] = [];
    let ms = 0;
    for (let i = 0; i < 7; i++) {
      ms = nextBackoffMs(ms);
      seen.push(ms);
    }
    expect(seen).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });
});
