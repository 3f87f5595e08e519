import { describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/testDatabase.js';
import { createQueryLanes } from './queryLanes.js';

describe('query lanes', () => {
  it('one piece at a time; the oldest urgent one goes next, ahead of every normal one waiting', async () => {
    const lanes = createQueryLanes();
    const order: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const piece = (name: string) => async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      order.push(name);
      running -= 1;
      return name;
    };
    const all = [
      lanes.run('normal', piece('n1')),
      lanes.run('normal', piece('n2')),
      lanes.run('normal', piece('n3')),
      lanes.run('urgent', piece('u1')),
      lanes.run('normal', piece('n4')),
      lanes.run('urgent', piece('u2')),
    ];
    expect(await Promise.all(all)).toEqual(['n1', 'n2', 'n3', 'u1', 'n4', 'u2']);
    expect(order).toEqual(['n1', 'u1', 'u2', 'n2', 'n3', 'n4']);
    expect(mostAtOnce).toBe(1);
  });

  it('a piece that fails is that caller’s error only; the next goes on', async () => {
    const lanes = createQueryLanes();
    const failed = lanes.run('normal', async () => {
      throw new Error('no such table');
    });
    const next = lanes.run('normal', async () => 'ran');
    await expect(failed).rejects.toThrow('no such table');
    expect(await next).toBe('ran');
  });

  it('a piece that throws before returning a promise does not stall the lanes', async () => {
    const lanes = createQueryLanes();
    const thrown = lanes.run('normal', (() => {
      throw new Error('bad sql');
    }) as () => Promise<never>);
    await expect(thrown).rejects.toThrow('bad sql');
    expect(await lanes.run('urgent', async () => 'after')).toBe('after');
  });

  it('on PGlite: an urgent query waits for the one running, not for the burst queued behind it', async () => {
    const db = await openTestPglite();
    try {
      const finished: string[] = [];
      const burst = Array.from({ length: 20 }, (_, i) =>
        db.query('select pg_sleep(0.005)').then(() => finished.push(`normal ${i}`)),
      );
      const urgent = db.urgent.query('select 1').then(() => finished.push('urgent'));
      await Promise.all([...burst, urgent]);
      expect(finished.indexOf('urgent')).toBe(1);
    } finally {
      await db.close();
    }
  });
});
