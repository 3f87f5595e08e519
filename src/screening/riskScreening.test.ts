import { describe, expect, it } from 'vitest';
import { JuheError } from '../juhe/errorTypes.js';
import type { JuheService, RiskPage, RiskQuery } from '../juhe/types.js';
import { createRiskPageCache } from './riskPageCache.js';
import { createRiskScreening } from './riskScreening.js';

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

describe('risk screening', () => {
  it('serves a page it fetched before from the cache, unbilled', async () => {
    const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    const first = await screening.fetchPage({ ...subject, type: 1, pageIndex: 2 });
    const again = await screening.fetchPage({ ...subject, type: 1, pageIndex: 2, pageSize: 10 });
    expect(first).toMatchObject({ fromCache: false, page: { billed: true } });
    expect(again).toMatchObject({ fromCache: true, page: { billed: false, orderId: 'JH-1-2' } });
    expect(calls).toHaveLength(1);
  });

  it('keeps the time Juhe answered: a cached page is as old as its data, not as the click', async () => {
    const { juhe } = countingJuhe(async (q) => pageFor(q));
    let clock = new Date('2025-06-06T00:32:00Z');
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache(), now: () => clock });
    const first = await screening.fetchPage({ ...subject, type: 1 });
    clock = new Date('2025-06-06T00:35:00Z');
    const again = await screening.fetchPage({ ...subject, type: 1 });
    expect(first.answeredAt).toEqual(new Date('2025-06-06T00:32:00Z'));
    expect(again).toMatchObject({ fromCache: true, answeredAt: new Date('2025-06-06T00:32:00Z') });
  });

  it("fills in Juhe's paging defaults, so a page asked with and without them is one call", async () => {
    const { juhe, calls } = countingJuhe(async (q) => pageFor(q));
    const screening = createRiskScreening({ juhe, cache: createRiskPageCache() });
    await screening.fetchPage({ ...subject, type: 1 });
    await screening.fetchPage({ ...subject, type: 1, pageIndex: 1, pageSize: 10 });
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
    const one = screening.fetchPage({ ...subject, type: 1, pageIndex: 2 });
    const two = screening.fetchPage({ ...subject, type: 1, pageIndex: 2 });
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
    await expect(screening.fetchPage({ ...subject, type: 3 })).rejects.toBeInstanceOf(JuheError);
    fail = false;
    await expect(screening.fetchPage({ ...subject, type: 3 })).resolves.toMatchObject({ fromCache: false });
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
    const outcomes = await screening.overview(subject);
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
    const fetched = await screening.fetchPage({ ...subject, type: 1 });
    const cached = await screening.fetchPage({ ...subject, type: 1 });
    const overview = await screening.overview(subject);
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
});
