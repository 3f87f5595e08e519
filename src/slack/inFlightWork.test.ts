import { describe, expect, it } from 'vitest';
import { InFlightWork } from './inFlightWork.js';

describe('InFlightWork', () => {
  it('drains once running work finishes', async () => {
    const work = new InFlightWork();
    let finish!: () => void;
    const running = work.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(work.count).toBe(1);
    const drained = work.drained(1_000);
    finish();
    await running;
    await expect(drained).resolves.toBe(true);
    expect(work.count).toBe(0);
  });

  it('gives up after the timeout', async () => {
    const work = new InFlightWork();
    void work.track(() => new Promise<void>(() => {}));
    await expect(work.drained(20)).resolves.toBe(false);
  });

  it('counts a failed run as finished', async () => {
    const work = new InFlightWork();
    await expect(work.track(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(work.count).toBe(0);
  });
});
