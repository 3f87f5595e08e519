import { describe, expect, it } from 'vitest';
import {
  callsForSource,
  totalCost,
  WATCH_PAGE_SIZE,
  WATCH_PAGES_PER_SOURCE_MAX,
  type WatchCost,
  watchCost,
} from './watchCost.js';

describe('callsForSource', () => {
  it('reads pages of 10, at most 50 pages (500 records)', () => {
    expect(WATCH_PAGE_SIZE).toBe(10);
    expect(WATCH_PAGES_PER_SOURCE_MAX).toBe(50);
  });

  it.each([
    [0, 1],
    [1, 1],
    [9, 1],
    [10, 1],
    [11, 2],
    [20, 2],
    [21, 3],
    [31, 4],
    [499, 50],
    [500, 50],
    [501, 50],
    [10_000, 50],
  ])('%i records: %i calls', (records, calls) => {
    expect(callsForSource(records)).toBe(calls);
  });
});

describe('watchCost', () => {
  it('exact when every source count is known: every page of a source with records is billed', () => {
    expect(watchCost([1, 2, 3], { '1': 31, '2': 1, '3': 0 }, 30)).toEqual({
      // 4 pages of 失信, 1 of 被执行, 1 of 限制消费 (查无记录, not billed)
      calls: 6,
      billed: 5,
      exact: true,
      checksPerMonth: 30,
      monthlyBilled: 150,
    });
  });

  it('a subject with no records anywhere: a call per source, none billed', () => {
    expect(watchCost([1, 2, 3], { '1': 0, '2': 0, '3': 0 }, 30)).toEqual({
      calls: 3,
      billed: 0,
      exact: true,
      checksPerMonth: 30,
      monthlyBilled: 0,
    });
  });

  it('only the watched sources count; counts of other sources are ignored', () => {
    expect(watchCost([2], { '1': 31, '2': 11, '3': 4 }, 22)).toEqual({
      calls: 2,
      billed: 2,
      exact: true,
      checksPerMonth: 22,
      monthlyBilled: 44,
    });
  });

  it('a source of more than 500 records is read to 50 pages', () => {
    expect(watchCost([1], { '1': 10_000 }, 720)).toEqual({
      calls: 50,
      billed: 50,
      exact: true,
      checksPerMonth: 720,
      monthlyBilled: 36_000,
    });
  });

  it('at least, when a count is unknown: that source counts as one billed call', () => {
    expect(watchCost([1, 2, 3], { '1': 31 }, 30)).toEqual({
      calls: 6,
      billed: 6,
      exact: false,
      checksPerMonth: 30,
      monthlyBilled: 180,
    });
  });

  it('nothing known: one billed call per source, at least', () => {
    expect(watchCost([1, 2, 3], {}, 30)).toEqual({
      calls: 3,
      billed: 3,
      exact: false,
      checksPerMonth: 30,
      monthlyBilled: 90,
    });
  });

  it('no checks a month cost nothing a month, whatever a check costs', () => {
    expect(watchCost([1], { '1': 31 }, 0)).toEqual({
      calls: 4,
      billed: 4,
      exact: true,
      checksPerMonth: 0,
      monthlyBilled: 0,
    });
  });
});

describe('totalCost', () => {
  const exactOne: WatchCost = watchCost([1, 2, 3], { '1': 31, '2': 1, '3': 0 }, 30);
  const exactTwo: WatchCost = watchCost([1, 2, 3], { '1': 0, '2': 0, '3': 0 }, 30);
  const atLeast: WatchCost = watchCost([3], {}, 30);

  it('adds calls and billed calls, and bills them at the given schedule', () => {
    expect(totalCost([exactOne, exactTwo], 30)).toEqual({
      calls: 9,
      billed: 5,
      exact: true,
      checksPerMonth: 30,
      monthlyBilled: 150,
    });
  });

  it('is at least when any one watch is', () => {
    expect(totalCost([exactOne, atLeast], 30)).toEqual({
      calls: 7,
      billed: 6,
      exact: false,
      checksPerMonth: 30,
      monthlyBilled: 180,
    });
  });

  it('the schedule given wins over the ones the watches were costed at', () => {
    expect(totalCost([exactOne], 720)).toEqual({
      calls: 6,
      billed: 5,
      exact: true,
      checksPerMonth: 720,
      monthlyBilled: 3600,
    });
  });

  it('no watches: nothing, exactly', () => {
    expect(totalCost([], 30)).toEqual({
      calls: 0,
      billed: 0,
      exact: true,
      checksPerMonth: 30,
      monthlyBilled: 0,
    });
  });
});
