import { describe, expect, it } from 'vitest';
import type { BudgetCharge } from '../budgets/budgetLedger.js';
import { JuheError } from '../juhe/errorTypes.js';
import type { JuheService, RiskPage, RiskQuery } from '../juhe/types.js';
import { fetchRiskExport, type RiskExportQuery, riskExportCost } from './riskExport.js';
import { createRiskPageCache } from './riskPageCache.js';
import type { FetchedRiskPage } from './riskScreening.js';
import { createRiskScreening } from './riskScreening.js';

/** Sources of 25 (type 2), 0 (type 3) and 600 (type 1) records. */
const TOTALS: Record<number, number> = { 1: 600, 2: 25, 3: 0 };

function pageFor(query: RiskQuery): RiskPage {
  const total = TOTALS[query.type] ?? 0;
  const pageIndex = query.pageIndex ?? 1;
  const size = Math.max(0, Math.min(10, total - (pageIndex - 1) * 10));
  return {
    type: query.type,
    pageIndex,
    pageSize: 10,
    totalRecords: total,
    totalPages: Math.ceil(total / 10),
    records: Array.from({ length: size }, (_unused, index) => ({
      caseNo: `C${query.type}-${pageIndex}-${index}`,
      publishedDate: null,
      court: 'court',
      id: `${query.type}-${pageIndex}-${index}`,
      personName: '张德洲',
      relations: [],
    })),
    orderId: `JH-${query.type}-${pageIndex}`,
    billed: total > 0,
    noRecords: total === 0,
  };
}

function setUp(fail?: (query: RiskQuery) => boolean) {
  const calls: RiskQuery[] = [];
  const juhe: JuheService = {
    queryRisk: async (query) => {
      calls.push(query);
      if (fail?.(query)) {
        throw new JuheError({
          api: 'risk',
          code: 'TIMEOUT',
          category: 'timeout',
          retryable: true,
          billed: false,
          message: 'timeout',
        });
      }
      return pageFor(query);
    },
    queryFinance: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
  return {
    calls,
    screening: createRiskScreening({ juhe, cache: createRiskPageCache({ ttlMs: 3_600_000 }) }),
  };
}

/** A charge that never refuses: these tests are about cost and reuse, not budgets. */
const unlimited: BudgetCharge = { take: async () => {}, giveBack: () => {} };

const query = (types: RiskExportQuery['types'], counts: RiskExportQuery['counts'] = {}): RiskExportQuery => ({
  keyword: '江苏',
  realname: '张德洲',
  types,
  counts,
  maxAgeMs: 3_600_000,
});

describe('riskExportCost', () => {
  it('bills the pages not stored: page 1 shown, 2 more of a 3-page list', async () => {
    const { screening, calls } = setUp();
    await screening.fetchPage(
      { keyword: '江苏', realname: '张德洲', type: 2, pageIndex: 1 },
      { charge: unlimited },
    );
    const cost = await riskExportCost(screening, query([2]));
    expect(cost).toEqual({
      sources: [{ type: 2, pages: 3, billed: 2, exact: true }],
      billedCalls: 2,
      exact: true,
    });
    expect(calls).toHaveLength(1); // costing asks Juhe nothing
  });

  it('counts page 1 when it is not stored, from the count the result showed; an empty source bills nothing', async () => {
    const { screening } = setUp();
    const cost = await riskExportCost(screening, query([1, 2, 3], { '1': 600, '2': 25, '3': 0 }));
    expect(cost.sources).toEqual([
      { type: 1, pages: 50, billed: 50, exact: true },
      { type: 2, pages: 3, billed: 3, exact: true },
      { type: 3, pages: 1, billed: 0, exact: true },
    ]);
    expect(cost.billedCalls).toBe(53);
    const unknown = await riskExportCost(screening, query([2]));
    expect(unknown).toMatchObject({ billedCalls: 1, exact: false });
  });
});

describe('fetchRiskExport', () => {
  it('reads every page (at most 50 a source), reusing stored ones unbilled', async () => {
    const { screening, calls } = setUp();
    await screening.fetchPage(
      { keyword: '江苏', realname: '张德洲', type: 2, pageIndex: 1 },
      { charge: unlimited },
    );
    const exported = await fetchRiskExport(screening, query([1, 2, 3]), unlimited);
    expect(exported.sources.map((s) => [s.type, s.pages.length, s.truncated, s.noRecords])).toEqual([
      [1, 50, true, false],
      [2, 3, false, false],
      [3, 1, false, true],
    ]);
    expect(exported.sources[1]?.pages.flatMap((p) => p.page.records).length).toBe(25);
    expect(exported.billedCalls).toBe(52);
    expect(calls).toHaveLength(1 + 50 + 2 + 1);
    expect(calls.every((call) => call.pageSize === 10)).toBe(true);
    const again = await fetchRiskExport(screening, query([2]), unlimited);
    expect(again.billedCalls).toBe(0);
  });

  it('a failure part-way throws; the pages before it are stored and not billed again', async () => {
    let failing = true;
    const { screening, calls } = setUp((q) => failing && q.pageIndex === 3);
    const fetched: FetchedRiskPage[] = [];
    await expect(fetchRiskExport(screening, query([2]), unlimited, fetched)).rejects.toBeInstanceOf(
      JuheError,
    );
    expect(fetched.map((p) => p.page.pageIndex)).toEqual([1, 2]);
    failing = false;
    expect(await riskExportCost(screening, query([2]))).toMatchObject({ billedCalls: 1 });
    const retried = await fetchRiskExport(screening, query([2]), unlimited);
    expect(retried.billedCalls).toBe(1);
    expect(calls.map((c) => c.pageIndex)).toEqual([1, 2, 3, 3]);
  });
});
