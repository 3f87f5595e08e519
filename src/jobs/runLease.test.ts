import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepRunLease, whileLeased } from './runLease.js';

describe('a run lease kept alive by a timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function leaseWith(writeUntil: (until: Date) => Promise<void>, onRenewFailed = vi.fn()) {
    let clock = 1_000_000;
    const now = () => new Date(clock);
    const lease = keepRunLease({ leaseMs: 30_000, writeUntil, now, onRenewFailed });
    return {
      lease,
      onRenewFailed,
      advance: async (ms: number) => {
        clock += ms;
        await vi.advanceTimersByTimeAsync(ms);
      },
    };
  }

  it('moves the lease to now + leaseMs every third of it, and stops doing so once stopped', async () => {
    vi.useFakeTimers();
    const written: number[] = [];
    const { lease, advance } = leaseWith(async (until) => void written.push(until.getTime()));
    await advance(9_999);
    expect(written).toEqual([]);
    await advance(1);
    expect(written).toEqual([1_000_000 + 10_000 + 30_000]);
    await advance(10_000);
    expect(written).toEqual([1_040_000, 1_050_000]);
    await lease.stop();
    await advance(60_000);
    expect(written).toEqual([1_040_000, 1_050_000]);
  });

  it('released: the lease ends now, after a renewal already on its way (which cannot hold it again)', async () => {
    vi.useFakeTimers();
    const written: number[] = [];
    let finishRenewal: (() => void) | undefined;
    const { lease, advance } = leaseWith(async (until) => {
      if (written.length === 0) await new Promise<void>((resolve) => (finishRenewal = resolve));
      written.push(until.getTime());
    });
    await advance(10_000);
    const stopped = lease.stop({ release: true });
    await advance(0);
    expect(written).toEqual([]);
    finishRenewal?.();
    await stopped;
    expect(written).toEqual([1_040_000, 1_010_000]);
  });

  it('a renewal that fails is reported and the next one is still tried', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { lease, advance, onRenewFailed } = leaseWith(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database gone');
    });
    await advance(20_000);
    expect(calls).toBe(2);
    expect(onRenewFailed).toHaveBeenCalledTimes(1);
    expect(onRenewFailed).toHaveBeenCalledWith(new Error('database gone'));
    await lease.stop();
  });
});

describe('work while leased', () => {
  it('gives the lease up at once when the work throws, and rethrows', async () => {
    const written: number[] = [];
    const now = () => new Date(5_000);
    await expect(
      whileLeased(
        {
          leaseMs: 30_000,
          writeUntil: async (u) => void written.push(u.getTime()),
          now,
          onRenewFailed: () => {},
        },
        async () => {
          throw new Error('row failed');
        },
      ),
    ).rejects.toThrow('row failed');
    expect(written).toEqual([5_000]);
  });

  it('lets the lease run to its end when the work succeeds', async () => {
    const written: number[] = [];
    await whileLeased(
      {
        leaseMs: 30_000,
        writeUntil: async (u) => void written.push(u.getTime()),
        now: () => new Date(5_000),
        onRenewFailed: () => {},
      },
      async () => {},
    );
    expect(written).toEqual([]);
  });
});
