import { describe, expect, it } from 'vitest';
import { type BudgetCharge, BudgetExceededError } from '../budgets/budgetLedger.js';
import { JuheError } from '../juhe/errorTypes.js';
import type { JuheService, RiskPage, RiskQuery } from '../juhe/types.js';
import { createRiskPageCache } from './riskPageCache.js';
import { createRiskScreening, OverviewBudgetExceededError } from './riskScreening.js';

function pageFor(query: RiskQuery): RiskPage {
  return {
    type: query.type,
    pageIndex: query.pageIndex ?? 1,
    pageSize: query.pageSize ?? 10,
    totalRecords: 1,
    totalPages: 1,
    records: [],
    orderId: `JH-${query.type}-${query.pageIndex}`,
    billed: true,
    noRecords: false,
  };
}

function countingJuhe(answer: (query: RiskQuery) => Promise<RiskPage>) {
  const calls: RiskQuery[] = [];
  const juhe: JuheService = {
    queryRisk: (query) => {
      calls.push(query);
      return answer(query);
    },
    queryFinance: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
  return { juhe, calls };
}

const subject = { keyword: '江苏', realname: '张德洲' };

/** A charge that never refuses: tests about paging and caching, not budgets. */
const unlimited: BudgetCharge = { take: async () => {}, giveBack: () => {} };

/** A charge that counts what it was asked: calls taken and given back, refusing past `limit`. */
function countingCharge(limit = Number.POSITIVE_INFINITY) {
  const counts = { taken: 0, givenBack: 0 };
  const charge: BudgetCharge = {
    async take() {
      if (counts.taken >= limit) {
        throw new BudgetExceededError({
          budget: 'user_daily',
          limit,
          used: counts.taken,
          left: 0,
          resetsAt: new Date('2026-03-10T16:00:00Z'),
        });
      }
      counts.taken += 1;
    },
    giveBack() {
      counts.givenBack += 1;
    },
  };
  return { charge, counts };
}

const notBilled = (code: string) =>
  new JuheError({ api: 'risk', code, category: 'timeout', message: 'x', retryable: true, billed: false });

describe('risk screening', () => {
  it('serves a page it fetched before from the cache, unbilled', async () => {
    const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    const first = await screening.fetchPage({ ...subject, type: 1, pageIndex: 2 }, { charge: unlimited });
    const again = await screening.fetchPage(
      { ...subject, type: 1, pageIndex: 2, pageSize: 10 },
      { charge: unlimited },
    );
    expect(first).toMatchObject({ fromCache: false, page: { billed: true } });
    expect(again).toMatchObject({ fromCache: true, page: { billed: false, orderId: 'JH-1-2' } });
    expect(calls).toHaveLength(1);
  });

  it('keeps the time Juhe answered: a cached page is as old as its data, not as the click', async () => {
    const { juhe } = countingJuhe(async (q) => pageFor(q));
    let clock = new Date('2025-06-06T00:32:00Z');
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache(), now: () => clock });
    const first = await screening.fetchPage({ ...subject, type: 1 }, { charge: unlimited });
    clock = new Date('2025-06-06T00:35:00Z');
    const again = await screening.fetchPage({ ...subject, type: 1 }, { charge: unlimited });
    expect(first.answeredAt).toEqual(new Date('2025-06-06T00:32:00Z'));
    expect(again).toMatchObject({ fromCache: true, answeredAt: new Date('2025-06-06T00:32:00Z') });
  });

  it("fills in Juhe's paging defaults, so a page asked with and without them is one call", async () => {
    const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    await screening.fetchPage({ ...subject, type: 1 }, { charge: unlimited });
    await screening.fetchPage({ ...subject, type: 1, pageIndex: 1, pageSize: 10 }, { charge: unlimited });
    expect(calls).toEqual([{ ...subject, type: 1, pageIndex: 1, pageSize: 10 }]);
  });

  it('a second request for a page still being fetched waits for the same call (double click)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { juhe, calls } = countingJuhe(async (q) => {
      await gate;
      return pageFor(q);
    });
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    const one = screening.fetchPage({ ...subject, type: 1, pageIndex: 2 }, { charge: unlimited });
    const two = screening.fetchPage({ ...subject, type: 1, pageIndex: 2 }, { charge: unlimited });
    release();
    const [a, b] = await Promise.all([one, two]);
    expect(calls).toHaveLength(1);
    expect(a.page.billed).toBe(true);
    expect(b).toMatchObject({ fromCache: true, page: { billed: false } });
  });

  it('does not cache a failure: the next request asks Juhe again', async () => {
    let fail = true;
    const { juhe, calls } = countingJuhe(async (q) => {
      if (fail)
        throw new JuheError({
          api: 'risk',
          code: 'TIMEOUT',
          category: 'timeout',
          message: 'Juhe did not answer',
          retryable: true,
          billed: false,
        });
      return pageFor(q);
    });
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    await expect(screening.fetchPage({ ...subject, type: 3 }, { charge: unlimited })).rejects.toBeInstanceOf(
      JuheError,
    );
    fail = false;
    await expect(screening.fetchPage({ ...subject, type: 3 }, { charge: unlimited })).resolves.toMatchObject({
      fromCache: false,
    });
    expect(calls).toHaveLength(2);
  });

  it('an overview asks the three sources at once and keeps a failing one from hiding the others', async () => {
    const { juhe } = countingJuhe(async (q) => {
      if (q.type === 2)
        throw new JuheError({
          api: 'risk',
          code: '10012',
          category: 'quota',
          message: 'limit',
          retryable: false,
          billed: false,
        });
      return pageFor(q);
    });
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    const outcomes = await screening.overview(subject, { charge: unlimited });
    expect(outcomes.map((o) => ('fetched' in o ? `${o.type}:ok` : `${o.type}:${o.error.code}`))).toEqual([
      '1:ok',
      '2:10012',
      '3:ok',
    ]);
  });

  it('hands out records with their 身份证 and mobiles masked: fetched, cached, overview', async () => {
    const withPersonalData = (query: RiskQuery): RiskPage => ({
      ...pageFor(query),
      records: [
        {
          caseNo: '(2022)苏0106执1234号',
          publishedDate: null,
          court: '南京市鼓楼区人民法院',
          id: 'a45269c8df54c2c81124c07edd3743642',
          personName: '孙丽华（身份证号：320106198506151231）',
          relations: [
            { type: '1', description: '失信信息', fulfilment: '全部未履行（联系电话：13912345678）' },
          ],
        },
      ],
    });
    const { juhe } = countingJuhe(async (q) => withPersonalData(q));
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    const fetched = await screening.fetchPage({ ...subject, type: 1 }, { charge: unlimited });
    const cached = await screening.fetchPage({ ...subject, type: 1 }, { charge: unlimited });
    const overview = await screening.overview(subject, { charge: unlimited });
    const records = [fetched, cached, ...overview.map((o) => ('fetched' in o ? o.fetched : undefined))].map(
      (f) => f?.page.records[0],
    );
    expect(cached.fromCache).toBe(true);
    for (const record of records) {
      expect(record?.personName).toBe('孙丽华（身份证号：320106********1231）');
      expect(record?.relations[0]?.fulfilment).toBe('全部未履行（联系电话：139****5678）');
      expect(record?.caseNo).toBe('(2022)苏0106执1234号');
    }
  });

  describe('charging the budget', () => {
    it('takes one call when Juhe is asked, none for a stored page', async () => {
      const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const { charge, counts } = countingCharge();
      await screening.fetchPage({ ...subject, type: 1 }, { charge });
      await screening.fetchPage({ ...subject, type: 1 }, { charge });
      expect(calls).toHaveLength(1);
      expect(counts).toEqual({ taken: 1, givenBack: 0 });
    });

    it('gives the call back when Juhe did not bill it: 查无记录, or an error Juhe does not bill', async () => {
      const { juhe } = countingJuhe(async (q) => {
        if (q.type === 2) throw notBilled('TIMEOUT');
        return { ...pageFor(q), billed: q.type !== 3, noRecords: q.type === 3 };
      });
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const { charge, counts } = countingCharge();
      await screening.overview(subject, { charge });
      expect(counts).toEqual({ taken: 3, givenBack: 2 });
    });

    it('keeps the call after a timeout or dropped connection once the request left: Juhe may have billed it', async () => {
      const { juhe } = countingJuhe(async () => {
        throw new JuheError({
          api: 'risk',
          code: 'TIMEOUT',
          category: 'timeout',
          message: 'x',
          retryable: true,
          billed: false,
          mayHaveBilled: true,
        });
      });
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const { charge, counts } = countingCharge();
      await expect(screening.fetchPage({ ...subject, type: 1 }, { charge })).rejects.toBeInstanceOf(
        JuheError,
      );
      expect(counts).toEqual({ taken: 1, givenBack: 0 });
    });

    it('keeps the call when the error says Juhe billed it (an unreadable answer after code 0)', async () => {
      const { juhe } = countingJuhe(async () => {
        throw new JuheError({
          api: 'risk',
          code: 'INVALID_RESPONSE',
          category: 'upstream_invalid',
          message: 'x',
          retryable: false,
          billed: true,
        });
      });
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const { charge, counts } = countingCharge();
      await expect(screening.fetchPage({ ...subject, type: 1 }, { charge })).rejects.toBeInstanceOf(
        JuheError,
      );
      expect(counts).toEqual({ taken: 1, givenBack: 0 });
    });

    it('a caller joining a call in flight is not charged', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const { juhe, calls } = countingJuhe(async (q) => {
        await gate;
        return pageFor(q);
      });
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const first = countingCharge();
      const second = countingCharge();
      const one = screening.fetchPage({ ...subject, type: 1 }, { charge: first.charge });
      const two = screening.fetchPage({ ...subject, type: 1 }, { charge: second.charge });
      release();
      await Promise.all([one, two]);
      expect(calls).toHaveLength(1);
      expect(first.counts.taken).toBe(1);
      expect(second.counts.taken).toBe(0);
    });

    it('a refused take asks Juhe nothing; a caller that joined it asks on its own budget', async () => {
      const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const broke = countingCharge(0);
      const funded = countingCharge();
      const one = screening.fetchPage({ ...subject, type: 1 }, { charge: broke.charge });
      const two = screening.fetchPage({ ...subject, type: 1 }, { charge: funded.charge });
      await expect(one).rejects.toBeInstanceOf(BudgetExceededError);
      await expect(two).resolves.toMatchObject({ fromCache: false, page: { billed: true } });
      expect(calls).toHaveLength(1);
      expect(funded.counts.taken).toBe(1);
    });

    it('two callers that joined a refused call start one new call between them, not one each', async () => {
      const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const broke = countingCharge(0);
      const funded = [countingCharge(), countingCharge()] as const;
      const query = { ...subject, type: 1 as const };
      const one = screening.fetchPage(query, { charge: broke.charge });
      const others = funded.map(({ charge }) => screening.fetchPage(query, { charge }));
      await expect(one).rejects.toBeInstanceOf(BudgetExceededError);
      const answers = await Promise.all(others);
      expect(calls).toHaveLength(1);
      expect(funded[0].counts.taken + funded[1].counts.taken).toBe(1);
      expect(answers.filter((a) => a.page.billed)).toHaveLength(1);
      // and the page is stored: a later caller neither asks Juhe nor finds a stale call in flight
      await screening.fetchPage(query, { charge: broke.charge });
      expect(calls).toHaveLength(1);
    });

    it('an overview a take is refused in waits for every source, and hands over what the others got', async () => {
      const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
      const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
      const { charge } = countingCharge(2);
      const error = await screening.overview(subject, { charge }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OverviewBudgetExceededError);
      expect(calls).toHaveLength(2);
      expect((error as OverviewBudgetExceededError).fetched.map((f) => f.page.billed)).toEqual([true, true]);
    });
  });
});
