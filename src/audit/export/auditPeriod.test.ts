import { describe, expect, it } from 'vitest';
import { AUDIT_PERIOD_MAX_DAYS, auditPeriod, chinaDay, parseAuditDay } from './auditPeriod.js';

describe('chinaDay', () => {
  it('is the calendar day in UTC+8', () => {
    expect(chinaDay(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(chinaDay(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
  });
});

describe('parseAuditDay', () => {
  it.each([
    ['2026-11-01', '2026-11-01'],
    ['2026-1-5', '2026-01-05'],
    ['２０２６－11-01', undefined],
    ['２０２６-１１-０１', '2026-11-01'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (text, day) => {
    const parsed = parseAuditDay(text);
    if (day === undefined) expect(parsed).toEqual({ ok: false, code: 'date_format' });
    else expect(parsed).toEqual({ ok: true, day });
  });

  it.each(['2026/11/01', '20261101', '11-01', '2026-11', '26-11-01', 'yesterday'])(
    '%s is not in the YYYY-MM-DD shape',
    (text) => {
      expect(parseAuditDay(text)).toEqual({ ok: false, code: 'date_format' });
    },
  );

  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-00', '1969-12-31'])(
    '%s is not on the calendar',
    (text) => {
      expect(parseAuditDay(text)).toEqual({ ok: false, code: 'date_impossible' });
    },
  );
});

describe('auditPeriod', () => {
  it('covers whole China Standard Time days, both ends included', () => {
    expect(auditPeriod({ from: '2026-11-01', to: '2026-11-30', today: '2026-12-15' })).toEqual({
      ok: true,
      period: {
        from: '2026-11-01',
        to: '2026-11-30',
        start: new Date('2026-10-31T16:00:00.000Z'),
        end: new Date('2026-11-30T16:00:00.000Z'),
        days: 30,
      },
    });
  });

  it('defaults to the last 30 days up to today, and `to` to today', () => {
    const defaulted = auditPeriod({ today: '2026-03-01' });
    expect(defaulted.ok && [defaulted.period.from, defaulted.period.to, defaulted.period.days]).toEqual([
      '2026-01-31',
      '2026-03-01',
      30,
    ]);
    const fromOnly = auditPeriod({ from: '2026-02-20', today: '2026-03-01' });
    expect(fromOnly.ok && [fromOnly.period.from, fromOnly.period.to, fromOnly.period.days]).toEqual([
      '2026-02-20',
      '2026-03-01',
      10,
    ]);
  });

  it('one day is a period of its own', () => {
    const single = auditPeriod({ from: '2026-11-05', to: '2026-11-05', today: '2026-11-05' });
    expect(single.ok && single.period.days).toBe(1);
  });

  it('refuses a start after the end, and more than 366 days', () => {
    expect(auditPeriod({ from: '2026-12-01', to: '2026-11-30', today: '2026-12-15' })).toEqual({
      ok: false,
      code: 'range_reversed',
      from: '2026-12-01',
      to: '2026-11-30',
      days: 0,
    });
    expect(auditPeriod({ from: '2024-01-01', to: '2024-12-31', today: '2026-01-01' })).toMatchObject({
      ok: true,
      period: { days: AUDIT_PERIOD_MAX_DAYS },
    });
    expect(auditPeriod({ from: '2025-01-01', to: '2026-01-02', today: '2026-02-01' })).toEqual({
      ok: false,
      code: 'range_too_long',
      from: '2025-01-01',
      to: '2026-01-02',
      days: 367,
    });
  });
});
