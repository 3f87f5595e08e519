import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANGING_RECORD_IDS, CHANGING_RISK_SUBJECT, riskRecordsAt } from './fixtures/risk.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from './server.js';

const RISK_PATH = '/personRisk/query';
const FINANCE_PATH = '/financeInfo/query';
const CONTROL_PATH = '/_sandbox/generation';
const COURT = '深圳市南山区人民法院';

type Params = Record<string, string>;

interface RiskEnvelopeJson {
  reason: string;
  error_code: number | string;
  result: {
    pageSize: number;
    pageIndex: number;
    totalRecords: number;
    data: unknown[];
    orderid: string;
  } | null;
}

let sandbox: JuheSandbox;

beforeAll(async () => {
  sandbox = await startJuheSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.setGeneration(0);
  sandbox.resetRequests();
});

function liuParams(type: 1 | 2 | 3, overrides: Params = {}): Params {
  return {
    key: DEFAULT_SANDBOX_KEYS.risk,
    keyword: '深圳南山科技有限公司',
    realname: '刘卫东',
    type: String(type),
    ...overrides,
  };
}

async function risk(params: Params): Promise<RiskEnvelopeJson> {
  const response = await fetch(`${sandbox.url}${RISK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return (await response.json()) as RiskEnvelopeJson;
}

async function control(
  init: RequestInit = {},
): Promise<{ status: number; type: string | null; body: unknown }> {
  const response = await fetch(`${sandbox.url}${CONTROL_PATH}`, { method: 'POST', ...init });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

const NO_RECORDS = { reason: '查无记录', result: null, error_code: 240102 };

function record(id: string, type: 1 | 2 | 3, caseNo: string, date: string, value: string): unknown {
  const typeDesc = { 1: '失信信息', 2: '被执行人信息', 3: '限制高消费' }[type];
  return {
    CaseNo: caseNo,
    Date: date,
    ExecuteGov: COURT,
    Id: id,
    PersonName: '刘卫东',
    Relation: [{ Type: String(type), TypeDesc: typeDesc, Value: value }],
  };
}

const W1_UNPAID = record(
  'a419b19e3a7054c95a638dadf1151caf2',
  1,
  '(2023)粤0305执4512号',
  '2023-09-14',
  '全部未履行',
);
const W1_PART_PAID = record(
  'a419b19e3a7054c95a638dadf1151caf2',
  1,
  '(2023)粤0305执4512号',
  '2023-09-14',
  '部分履行',
);
const W2 = record('121108ef83fc969e899fdeeedd3795772', 1, '(2022)粤0305执7730号', '2023-03-22', '全部未履行');
const W3_125000 = record(
  '51a8d946da750e15a66e96df6101c5602',
  2,
  '(2024)粤0305执1876号',
  '2024-02-27',
  '执行标的：125000元',
);
const W3_98000 = record(
  '51a8d946da750e15a66e96df6101c5602',
  2,
  '(2024)粤0305执1876号',
  '2024-02-27',
  '执行标的：98000元',
);
const W4 = record('641655944047e02fed9ba68dd316db522', 1, '(2024)粤0305执3069号', '2024-06-18', '全部未履行');
const W5 = record('a7da4f9419f9bdb67448b8a96ca899532', 3, '(2024)粤0305执2290号', '2024-05-30', '限制消费令');

/** What each type answers at a generation: the records, or undefined for 240102. */
const EXPECTED: readonly { generation: number; 1: unknown[]; 2: unknown[]; 3?: unknown[] }[] = [
  { generation: 0, 1: [W1_UNPAID, W2], 2: [W3_125000] },
  { generation: 1, 1: [W4, W1_PART_PAID], 2: [W3_98000] },
  { generation: 2, 1: [W4, W1_PART_PAID], 2: [W3_98000], 3: [W5] },
  { generation: 3, 1: [W4, W1_PART_PAID], 2: [W3_98000], 3: [W5] },
  { generation: 1000, 1: [W4, W1_PART_PAID], 2: [W3_98000], 3: [W5] },
];

describe('刘卫东: records that change with the generation', () => {
  it.each(EXPECTED)('generation $generation answers exactly its records', async (expected) => {
    sandbox.setGeneration(expected.generation);
    for (const type of [1, 2, 3] as const) {
      const answer = await risk(liuParams(type));
      const records = expected[type];
      if (records === undefined) {
        expect(answer, `type ${type}`).toEqual(NO_RECORDS);
        continue;
      }
      expect(answer, `type ${type}`).toEqual({
        reason: '成功',
        error_code: 0,
        result: {
          pageSize: 10,
          pageIndex: 1,
          totalRecords: records.length,
          data: records,
          orderid: answer.result?.orderid,
        },
      });
      expect(answer.result?.orderid).toMatch(/^JH401\d{19}$/);
    }
  });

  it('keeps record ids stable: changed records keep theirs, removed ones are gone, new ones are new', () => {
    const ids = (generation: number, type: 1 | 2 | 3): string[] =>
      riskRecordsAt(CHANGING_RISK_SUBJECT, generation)[type].map((entry) => entry.Id);
    expect(CHANGING_RECORD_IDS).toEqual({
      W1: 'a419b19e3a7054c95a638dadf1151caf2',
      W2: '121108ef83fc969e899fdeeedd3795772',
      W3: '51a8d946da750e15a66e96df6101c5602',
      W4: '641655944047e02fed9ba68dd316db522',
      W5: 'a7da4f9419f9bdb67448b8a96ca899532',
    });
    const { W1, W2: w2, W3, W4: w4, W5: w5 } = CHANGING_RECORD_IDS;
    expect([ids(0, 1), ids(0, 2), ids(0, 3)]).toEqual([[W1, w2], [W3], []]);
    expect([ids(1, 1), ids(1, 2), ids(1, 3)]).toEqual([[w4, W1], [W3], []]);
    expect([ids(2, 1), ids(2, 2), ids(2, 3)]).toEqual([[w4, W1], [W3], [w5]]);
    expect(CHANGING_RISK_SUBJECT.records).toBe(riskRecordsAt(CHANGING_RISK_SUBJECT, 0));
  });

  it('makes W4 the newest record of all, each list newest first', () => {
    const all = Object.values(riskRecordsAt(CHANGING_RISK_SUBJECT, 2)).flat();
    const newest = [...all].sort((a, b) => b.Date.localeCompare(a.Date))[0];
    expect(newest?.Id).toBe(CHANGING_RECORD_IDS.W4);
    for (const generation of [0, 1, 2]) {
      for (const records of Object.values(riskRecordsAt(CHANGING_RISK_SUBJECT, generation))) {
        const dates = records.map((entry) => entry.Date);
        expect(dates).toEqual([...dates].sort().reverse());
      }
    }
  });

  it('gives each generation its own order id, the same one for the same question', async () => {
    const orderIds: (string | undefined)[] = [];
    for (const generation of [0, 1, 2, 3]) {
      sandbox.setGeneration(generation);
      const first = await risk(liuParams(1));
      const again = await risk(liuParams(1));
      expect(again.result?.orderid).toBe(first.result?.orderid);
      orderIds.push(first.result?.orderid);
    }
    expect(new Set(orderIds).size).toBe(4);
    sandbox.setGeneration(1);
    expect((await risk(liuParams(1))).result?.orderid).toBe(orderIds[1]);
    // still derived from the parameters too
    expect((await risk(liuParams(1, { pageSize: '20' }))).result?.orderid).not.toBe(orderIds[1]);
  });

  it('pages the changing records like any other', async () => {
    sandbox.setGeneration(1);
    const second = await risk(liuParams(1, { pageSize: '1', pageIndex: '2' }));
    expect(second.result).toMatchObject({ pageSize: 1, pageIndex: 2, totalRecords: 2, data: [W1_PART_PAID] });
    expect(await risk(liuParams(1, { type: '4' }))).toEqual({
      reason: '参数异常',
      result: null,
      error_code: 240103,
    });
  });
});

describe('the generation API', () => {
  it('starts at 0, advances, sets, and starts where the option says', async () => {
    expect(sandbox.generation).toBe(0);
    expect(sandbox.advanceGeneration()).toBe(1);
    expect(sandbox.advanceGeneration()).toBe(2);
    expect(sandbox.generation).toBe(2);
    sandbox.setGeneration(7);
    expect(sandbox.generation).toBe(7);
    sandbox.setGeneration(0);
    expect(sandbox.generation).toBe(0);
    const later = await startJuheSandbox({ generation: 2 });
    try {
      expect(later.generation).toBe(2);
      const answer = (await (
        await fetch(`${later.url}${RISK_PATH}?${new URLSearchParams(liuParams(3)).toString()}`)
      ).json()) as RiskEnvelopeJson;
      expect(answer.result?.data).toEqual([W5]);
    } finally {
      await later.close();
    }
  });

  it('refuses generations that are not non-negative integers, keeping the current one', async () => {
    sandbox.setGeneration(1);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sandbox.setGeneration(bad), String(bad)).toThrow(RangeError);
    }
    expect(sandbox.generation).toBe(1);
    await expect(startJuheSandbox({ generation: -1 })).rejects.toThrow(RangeError);
  });

  it('is not reset with the requests', () => {
    sandbox.setGeneration(2);
    sandbox.resetRequests();
    expect(sandbox.generation).toBe(2);
  });
});

describe('POST /_sandbox/generation', () => {
  it('advances on an empty body or "advance"', async () => {
    expect(await control()).toEqual({
      status: 200,
      type: 'application/json;charset=utf-8',
      body: { generation: 1 },
    });
    expect((await control({ body: 'advance' })).body).toEqual({ generation: 2 });
    expect((await control({ body: ' advance\n' })).body).toEqual({ generation: 3 });
    expect(sandbox.generation).toBe(3);
  });

  it('sets from JSON {"generation": N}, whatever the content type (curl -d sends a form type)', async () => {
    const json = await control({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ generation: 2 }),
    });
    expect(json).toEqual({ status: 200, type: 'application/json;charset=utf-8', body: { generation: 2 } });
    expect(sandbox.generation).toBe(2);
    const form = await control({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"generation": 0}',
    });
    expect(form.body).toEqual({ generation: 0 });
    expect((await control({ body: '{"generation":1000}' })).body).toEqual({ generation: 1000 });
    expect(sandbox.generation).toBe(1000);
  });

  it('serves the new generation to the next personRisk request', async () => {
    await control({ body: '{"generation":1}' });
    expect((await risk(liuParams(1))).result?.data).toEqual([W4, W1_PART_PAID]);
    await control();
    expect((await risk(liuParams(3))).result?.data).toEqual([W5]);
  });

  it.each([
    ['GET', undefined, 'GET is not supported'],
    ['PUT', '{"generation":1}', 'PUT is not supported'],
    ['DELETE', undefined, 'DELETE is not supported'],
    ['POST', 'next', 'neither empty, "advance" nor JSON'],
    ['POST', '2', 'must be an object'],
    ['POST', '[2]', 'must be an object'],
    ['POST', 'null', 'must be an object'],
    ['POST', '{}', 'exactly one field'],
    ['POST', '{"generation":1,"extra":true}', 'exactly one field'],
    ['POST', '{"gen":1}', 'exactly one field'],
    ['POST', '{"generation":-1}', 'integer from 0 to 1000, got -1'],
    ['POST', '{"generation":1001}', 'integer from 0 to 1000, got 1001'],
    ['POST', '{"generation":1.5}', 'integer from 0 to 1000, got 1.5'],
    ['POST', '{"generation":"2"}', 'integer from 0 to 1000, got "2"'],
    ['POST', '{"generation":null}', 'integer from 0 to 1000, got null'],
  ])('answers %s %s with a 400 JSON error', async (method, body, message) => {
    sandbox.setGeneration(1);
    const answer = await control({ method, ...(body === undefined ? {} : { body }) });
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/json;charset=utf-8');
    expect(Object.keys(answer.body as object)).toEqual(['error']);
    expect((answer.body as { error: string }).error).toContain(message);
    expect(sandbox.generation).toBe(1);
  });

  it('needs no key, masks one sent anyway, and is recorded without touching the personRisk count', async () => {
    const onRequest: unknown[] = [];
    const logged = await startJuheSandbox({ onRequest: (request) => onRequest.push(request) });
    try {
      // a key sent where none belongs (the query string): the sandbox must still not keep it
      const misplaced = new URLSearchParams({ key: DEFAULT_SANDBOX_KEYS.risk });
      const response = await fetch(`${logged.url}${CONTROL_PATH}?${misplaced}`, { method: 'POST' });
      expect(await response.json()).toEqual({ generation: 1 });
      expect(logged.requests).toEqual([
        {
          method: 'POST',
          path: CONTROL_PATH,
          params: { key: '[key]' },
          keyValid: false,
          at: expect.any(Number),
        },
      ]);
      expect(onRequest).toEqual(logged.requests);
      expect(JSON.stringify(onRequest)).not.toContain(DEFAULT_SANDBOX_KEYS.risk);
      expect(logged.requestCount(RISK_PATH)).toBe(0);
      expect(logged.requestCount(CONTROL_PATH)).toBe(1);
    } finally {
      await logged.close();
    }
    await risk(liuParams(1));
    await control();
    await control({ body: 'oops' });
    await risk(liuParams(1));
    expect(sandbox.requestCount(CONTROL_PATH)).toBe(2);
    expect(sandbox.requestCount(RISK_PATH)).toBe(2);
    expect(sandbox.requests.map((request) => request.path)).toEqual([
      RISK_PATH,
      CONTROL_PATH,
      CONTROL_PATH,
      RISK_PATH,
    ]);
  });

  it('leaves other /_sandbox paths an HTML 404', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/other`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('404 Not Found');
    expect(sandbox.generation).toBe(0);
  });
});

describe('other fixtures', () => {
  async function answersAt(generation: number): Promise<string[]> {
    sandbox.setGeneration(generation);
    const texts: string[] = [];
    for (const [realname, keyword, type] of [
      ['张德洲', '江苏', '1'],
      ['张德洲', '江苏', '2'],
      ['张德洲', '江苏', '3'],
      ['李娜', '北京朝阳科技有限公司', '1'],
      ['李娜', '北京朝阳科技有限公司', '2'],
      ['王建国', '上海浦东建设有限公司', '2'],
      ['赵敏', '杭州西湖贸易有限公司', '3'],
      ['陈静', '成都武侯商贸有限公司', '1'],
      ['孙丽华', '南京鼓楼咨询有限公司', '1'],
      ['无此人', '深圳南山科技有限公司', '1'],
    ] as const) {
      const params = { key: DEFAULT_SANDBOX_KEYS.risk, keyword, realname, type };
      texts.push(await (await fetch(`${sandbox.url}${RISK_PATH}?${new URLSearchParams(params)}`)).text());
    }
    // faults with the changing subject's name still carry 张德洲's records
    const fault = { key: DEFAULT_SANDBOX_KEYS.risk, keyword: 'FAULT:slow-1', realname: '刘卫东', type: '1' };
    texts.push(await (await fetch(`${sandbox.url}${RISK_PATH}?${new URLSearchParams(fault)}`)).text());
    const finance = {
      key: DEFAULT_SANDBOX_KEYS.finance,
      realname: '张三',
      idcard: '11010519491231002X',
      mobile: '13812345678',
    };
    texts.push(await (await fetch(`${sandbox.url}${FINANCE_PATH}?${new URLSearchParams(finance)}`)).text());
    return texts;
  }

  it('answer byte for byte alike at every generation, order ids included', async () => {
    const atStart = await answersAt(0);
    expect(await answersAt(1)).toEqual(atStart);
    expect(await answersAt(2)).toEqual(atStart);
    expect(await answersAt(999)).toEqual(atStart);
  });

  it('keep the order ids they had before generations existed', async () => {
    sandbox.setGeneration(5);
    const answer = (await (
      await fetch(
        `${sandbox.url}${RISK_PATH}?${new URLSearchParams({ key: DEFAULT_SANDBOX_KEYS.risk, keyword: '江苏', realname: '张德洲', type: '1' })}`,
      )
    ).json()) as RiskEnvelopeJson;
    expect(answer.result?.orderid).toBe('JH4015506781989066508463');
  });
});
