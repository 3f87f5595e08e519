import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checksPerMonth,
  cycleSlotAt,
  DEFAULT_WATCH_SCHEDULE,
  nextCheckAfter,
  WATCH_TIME_ZONE,
  watchScheduleProblem,
} from './watchSchedule.js';

const at = (iso: string) => new Date(iso);
const FIELD_COUNT = (count: number) =>
  `must be a cron expression of 5 fields (minute hour day month weekday), e.g. "0 9 * * *"; it has ${count}`;
const NOT_CRON = 'is not a valid cron expression (minute hour day month weekday), e.g. "0 9 * * *"';

describe('the schedule', () => {
  it('is read in China Standard Time, daily at 09:00 by default', () => {
    expect(WATCH_TIME_ZONE).toBe('Asia/Shanghai');
    expect(DEFAULT_WATCH_SCHEDULE).toBe('0 9 * * *');
  });
});

describe('watchScheduleProblem', () => {
  it.each([
    ['0 9 * * *'],
    ['  0 9 * * *  '],
    ['0 9 * * 1-5'],
    ['0 9 * * MON-FRI'],
    ['0 * * * *'],
    ['*/15 * * * *'],
    ['0,30 9 * * *'],
    ['0 9 1 * *'],
    ['0 9 * * 7'],
  ])('%j is a schedule', (expression) => {
    expect(watchScheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ['0 9 * *', 4],
    ['0 9 * * * *', 6],
    ['@daily', 1],
    ['0', 1],
  ])('%j has the wrong number of fields (%i)', (expression, count) => {
    expect(watchScheduleProblem(expression)).toBe(FIELD_COUNT(count));
  });

  it.each([[''], ['   ']])('%j is refused as no 5-field expression', (expression) => {
    expect(watchScheduleProblem(expression)).toMatch(/^must be a cron expression of 5 fields/);
  });

  it.each([
    ['61 9 * * *'],
    ['0 25 * * *'],
    ['0 9 0 * *'],
    ['0 9 * 13 *'],
    ['0 9 * * 8'],
    ['x 9 * * *'],
    ['a b c d e'],
    // parses field by field, but never fires: refused rather than a watch that is never checked
    ['0 9 31 2 *'],
  ])('%j is not a valid expression', (expression) => {
    expect(watchScheduleProblem(expression)).toBe(NOT_CRON);
  });

  it('never repeats the value it was given', () => {
    const secretish = 'SLACK_BOT_TOKEN xoxb-1 2 3';
    expect(watchScheduleProblem(secretish)).not.toContain('xoxb');
  });
});

describe('nextCheckAfter', () => {
  it('the default 09:00 China time fires at 01:00 UTC', () => {
    expect(nextCheckAfter(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T00:00:00.000Z'))).toEqual(
      at('2026-03-02T01:00:00.000Z'),
    );
  });

  it('is strictly after: exactly on the slot gives the next day', () => {
    expect(nextCheckAfter(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T01:00:00.000Z'))).toEqual(
      at('2026-03-03T01:00:00.000Z'),
    );
    expect(nextCheckAfter(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T00:59:59.999Z'))).toEqual(
      at('2026-03-02T01:00:00.000Z'),
    );
    expect(nextCheckAfter(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T01:00:00.001Z'))).toEqual(
      at('2026-03-03T01:00:00.000Z'),
    );
  });

  it('the China date decides: 20:00 UTC is already the next day in Beijing', () => {
    // 2026-03-01 20:00 UTC is 2026-03-02 04:00 CST: the 09:00 check of that same Beijing day is next
    expect(nextCheckAfter(DEFAULT_WATCH_SCHEDULE, at('2026-03-01T20:00:00.000Z'))).toEqual(
      at('2026-03-02T01:00:00.000Z'),
    );
    // midnight in Beijing is 16:00 UTC the day before
    expect(nextCheckAfter('0 0 * * *', at('2026-03-02T00:00:00.000Z'))).toEqual(
      at('2026-03-02T16:00:00.000Z'),
    );
  });

  it('weekdays only: from a Friday after the check, the Monday', () => {
    // 2026-03-06 is a Friday; 02:00 UTC is 10:00 CST, after that day's check
    expect(nextCheckAfter('0 9 * * 1-5', at('2026-03-06T02:00:00.000Z'))).toEqual(
      at('2026-03-09T01:00:00.000Z'),
    );
  });

  it('hourly: the top of the next hour', () => {
    expect(nextCheckAfter('0 * * * *', at('2026-03-02T05:30:00.000Z'))).toEqual(
      at('2026-03-02T06:00:00.000Z'),
    );
    expect(nextCheckAfter('0 * * * *', at('2026-03-02T05:00:00.000Z'))).toEqual(
      at('2026-03-02T06:00:00.000Z'),
    );
  });
});

describe('cycleSlotAt', () => {
  it('a moment exactly on the slot belongs to that slot', () => {
    expect(cycleSlotAt(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T01:00:00.000Z'))).toEqual(
      at('2026-03-02T01:00:00.000Z'),
    );
  });

  it('a millisecond before belongs to the day before; after, to the slot, until the next', () => {
    expect(cycleSlotAt(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T00:59:59.999Z'))).toEqual(
      at('2026-03-01T01:00:00.000Z'),
    );
    for (const moment of [
      '2026-03-02T01:00:00.001Z',
      '2026-03-02T01:00:00.999Z',
      '2026-03-02T01:00:59.999Z',
    ]) {
      expect(cycleSlotAt(DEFAULT_WATCH_SCHEDULE, at(moment))).toEqual(at('2026-03-02T01:00:00.000Z'));
    }
    expect(cycleSlotAt(DEFAULT_WATCH_SCHEDULE, at('2026-03-03T00:59:59.999Z'))).toEqual(
      at('2026-03-02T01:00:00.000Z'),
    );
  });

  it('every instance names the same cycle for any moment of it', () => {
    const slots = ['2026-03-02T01:00:00.000Z', '2026-03-02T09:12:00.000Z', '2026-03-02T23:59:59.999Z'].map(
      (moment) => cycleSlotAt(DEFAULT_WATCH_SCHEDULE, at(moment)).toISOString(),
    );
    expect(new Set(slots)).toEqual(new Set(['2026-03-02T01:00:00.000Z']));
  });

  it('hourly and every 15 minutes', () => {
    expect(cycleSlotAt('0 * * * *', at('2026-03-02T05:00:00.000Z'))).toEqual(at('2026-03-02T05:00:00.000Z'));
    expect(cycleSlotAt('0 * * * *', at('2026-03-02T04:59:59.999Z'))).toEqual(at('2026-03-02T04:00:00.000Z'));
    expect(cycleSlotAt('*/15 * * * *', at('2026-03-02T05:14:59.999Z'))).toEqual(
      at('2026-03-02T05:00:00.000Z'),
    );
    expect(cycleSlotAt('*/15 * * * *', at('2026-03-02T05:15:00.000Z'))).toEqual(
      at('2026-03-02T05:15:00.000Z'),
    );
  });

  it('weekdays: a Sunday belongs to Friday’s cycle', () => {
    // 2026-03-08 is a Sunday
    expect(cycleSlotAt('0 9 * * 1-5', at('2026-03-08T12:00:00.000Z'))).toEqual(
      at('2026-03-06T01:00:00.000Z'),
    );
  });

  it('slot ≤ moment < next check, and the next check is its own slot', () => {
    const moment = fc.date({
      min: at('2020-01-01T00:00:00Z'),
      max: at('2035-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    const expression = fc.constantFrom(
      DEFAULT_WATCH_SCHEDULE,
      '0 9 * * 1-5',
      '0 * * * *',
      '*/15 * * * *',
      '30 2 * * *',
    );
    fc.assert(
      fc.property(expression, moment, (cron, when) => {
        const slot = cycleSlotAt(cron, when);
        const next = nextCheckAfter(cron, when);
        expect(slot.getTime()).toBeLessThanOrEqual(when.getTime());
        expect(next.getTime()).toBeGreaterThan(when.getTime());
        expect(cycleSlotAt(cron, next)).toEqual(next);
        expect(cycleSlotAt(cron, slot)).toEqual(slot);
        // nothing fires between the slot and the moment
        expect(nextCheckAfter(cron, slot).getTime()).toBeGreaterThan(when.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe('checksPerMonth', () => {
  it('daily: 30, whether counted from before or exactly on a slot', () => {
    expect(checksPerMonth(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T00:00:00.000Z'))).toBe(30);
    expect(checksPerMonth(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T01:00:00.000Z'))).toBe(30);
    expect(checksPerMonth(DEFAULT_WATCH_SCHEDULE, at('2026-03-02T13:37:00.000Z'))).toBe(30);
  });

  it('weekdays: the weekdays in the 30 days', () => {
    // from Monday 2026-03-02 08:00 CST: Mar 2 … Mar 31, four full weeks and Monday + Tuesday
    expect(checksPerMonth('0 9 * * 1-5', at('2026-03-02T00:00:00.000Z'))).toBe(22);
    // from Saturday 2026-03-07: four full weeks
    expect(checksPerMonth('0 9 * * 1-5', at('2026-03-07T00:00:00.000Z'))).toBe(20);
  });

  it('hourly: 720; every 15 minutes: 2880', () => {
    expect(checksPerMonth('0 * * * *', at('2026-03-02T00:00:00.000Z'))).toBe(720);
    expect(checksPerMonth('0 * * * *', at('2026-03-02T00:30:00.000Z'))).toBe(720);
    expect(checksPerMonth('*/15 * * * *', at('2026-03-02T00:00:00.000Z'))).toBe(2880);
  });
});
