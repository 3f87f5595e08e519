import { describe, expect, it } from 'vitest';
import { budgetPeriodAt, monthOfDay, monthResetsAt } from './budgetPeriod.js';

describe('budgetPeriodAt', () => {
  it('reads the day and month on a Beijing wall clock', () => {
    expect(budgetPeriodAt(new Date('2026-03-10T02:00:00Z'))).toEqual({
      day: '2026-03-10',
      month: '2026-03',
      dayResetsAt: new Date('2026-03-10T16:00:00Z'),
      monthResetsAt: new Date('2026-03-31T16:00:00Z'),
    });
  });

  it('turns to the next day at 16:00 UTC, which is 00:00 CST', () => {
    expect(budgetPeriodAt(new Date('2026-03-10T15:59:59.999Z')).day).toBe('2026-03-10');
    const midnight = budgetPeriodAt(new Date('2026-03-10T16:00:00.000Z'));
    expect(midnight.day).toBe('2026-03-11');
    expect(midnight.dayResetsAt).toEqual(new Date('2026-03-11T16:00:00Z'));
  });

  it('rolls over the month at the 16:00 UTC of its last day', () => {
    const before = budgetPeriodAt(new Date('2026-04-30T15:59:59.999Z'));
    expect(before).toMatchObject({ day: '2026-04-30', month: '2026-04' });
    expect(before.dayResetsAt).toEqual(new Date('2026-04-30T16:00:00Z'));
    expect(before.monthResetsAt).toEqual(new Date('2026-04-30T16:00:00Z'));
    const after = budgetPeriodAt(new Date('2026-04-30T16:00:00Z'));
    expect(after).toMatchObject({ day: '2026-05-01', month: '2026-05' });
    expect(after.monthResetsAt).toEqual(new Date('2026-05-31T16:00:00Z'));
  });

  it('rolls over the year: 31 December 16:00 UTC is already 1 January in Beijing', () => {
    const eve = budgetPeriodAt(new Date('2026-12-31T12:00:00Z'));
    expect(eve).toEqual({
      day: '2026-12-31',
      month: '2026-12',
      dayResetsAt: new Date('2026-12-31T16:00:00Z'),
      monthResetsAt: new Date('2026-12-31T16:00:00Z'),
    });
    expect(budgetPeriodAt(new Date('2026-12-31T16:00:00Z'))).toEqual({
      day: '2027-01-01',
      month: '2027-01',
      dayResetsAt: new Date('2027-01-01T16:00:00Z'),
      monthResetsAt: new Date('2027-01-31T16:00:00Z'),
    });
  });

  it('knows February in a leap year and in a common year', () => {
    expect(budgetPeriodAt(new Date('2028-02-28T20:00:00Z'))).toMatchObject({
      day: '2028-02-29',
      monthResetsAt: new Date('2028-02-29T16:00:00Z'),
    });
    expect(budgetPeriodAt(new Date('2027-02-28T20:00:00Z'))).toMatchObject({
      day: '2027-03-01',
      month: '2027-03',
    });
  });

  it('a UTC morning is the same Beijing day until 16:00 UTC', () => {
    expect(budgetPeriodAt(new Date('2026-06-01T00:00:00Z')).day).toBe('2026-06-01');
    expect(budgetPeriodAt(new Date('2026-05-31T23:59:59Z')).day).toBe('2026-06-01');
  });
});

describe('months', () => {
  it('the month of a day, and when a month resets', () => {
    expect(monthOfDay('2026-12-31')).toBe('2026-12');
    expect(monthResetsAt('2026-12')).toEqual(new Date('2026-12-31T16:00:00Z'));
    expect(monthResetsAt('2026-02')).toEqual(new Date('2026-02-28T16:00:00Z'));
    expect(monthResetsAt('2026-13')).toBeUndefined();
    expect(monthResetsAt('26-1')).toBeUndefined();
  });
});
