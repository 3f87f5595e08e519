import { describe, expect, it } from 'vitest';
import { createInFlightGauge } from './inFlightGauge.js';

describe('createInFlightGauge', () => {
  it('starts at zero', () => {
    const gauge = createInFlightGauge();
    expect([gauge.current, gauge.max, gauge.entered]).toEqual([0, 0, 0]);
  });

  it('counts requests open at once and keeps the highest', () => {
    const gauge = createInFlightGauge();
    const a = gauge.enter();
    const b = gauge.enter();
    const c = gauge.enter();
    expect([gauge.current, gauge.max]).toEqual([3, 3]);
    b();
    a();
    expect([gauge.current, gauge.max]).toEqual([1, 3]);
    const d = gauge.enter();
    expect([gauge.current, gauge.max, gauge.entered]).toEqual([2, 3, 4]);
    c();
    d();
    expect([gauge.current, gauge.max]).toEqual([0, 3]);
  });

  it('closes a request once however often its closer is called', () => {
    const gauge = createInFlightGauge();
    const a = gauge.enter();
    gauge.enter();
    a();
    a();
    a();
    expect(gauge.current).toBe(1);
  });

  it('reset starts a new measurement from what is open now', () => {
    const gauge = createInFlightGauge();
    const a = gauge.enter();
    const b = gauge.enter();
    gauge.enter()();
    expect([gauge.current, gauge.max, gauge.entered]).toEqual([2, 3, 3]);
    gauge.reset();
    expect([gauge.current, gauge.max, gauge.entered]).toEqual([2, 2, 0]);
    a();
    b();
    expect([gauge.current, gauge.max]).toEqual([0, 2]);
    gauge.reset();
    expect([gauge.current, gauge.max]).toEqual([0, 0]);
    // a request open across the reset still closes: the gauge never goes below zero
    const c = gauge.enter();
    gauge.reset();
    c();
    expect([gauge.current, gauge.max, gauge.entered]).toEqual([0, 1, 0]);
  });
});
