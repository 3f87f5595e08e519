import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { financeErrorMobile } from './faults.js';
import { FINANCE_SUBJECTS } from './fixtures/finance.js';
import { idCardCheckChar, isPlausibleIdCard } from './inputChecks.js';
import { JUHE_ERROR_CODES, JUHE_REASONS } from './juheCodes.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from './server.js';

const RISK_PATH = '/personRisk/query';
const FINANCE_PATH = '/financeInfo/query';
const SLOW_MS = 300;

/** The personRisk doc's example records, in order: CaseNo, Date, Id. */
const DOC_RECORDS: readonly (readonly [string, string, string])[] = [
  ['(2018)苏0581执5877号', '2019-02-27', '424e93b460795b5288de982bf37c34062'],
  ['(2018)苏0581执4604号', '2018-10-26', '6368abd91de7eeb4dff779692500abb92'],
  ['(2017)苏0581执8177号', '2018-08-12', 'afdf3c080ce9345e51317fc85c6bb9112'],
  ['(2018)苏0581执3238号', '2018-08-10', '280e42b68350038ab779394c118d5ee22'],
  ['(2018)苏0581执4983号', '2018-08-10', 'b5b2b69ae88b95a210b9733225af09f22'],
  ['(2017)苏0581执8152号', '2018-04-11', 'b1101019c0ff54f6f88869119a826d002'],
  ['(2017)苏0581执4172号', '2017-11-03', 'a45269c8df54c2c81124c07edd3743642'],
  ['(2017)苏0581执1530号', '2017-09-21', '1662dd1fd03f950c6813bdcb940c61812'],
  ['(2017)苏0581执1526号', '2017-09-21', '4bed68b037e421d98bc0400ed5af249d2'],
  ['(2017)苏0581执1528号', '2017-09-21', 'e441c019cd252e1710e29e88f2f565592'],
];

interface RiskRecordJson {
  CaseNo: string;
  Date: string;
  ExecuteGov: string;
  Id: string;
  PersonName: string;
  Relation?: { Type: string; TypeDesc: string; Value: string }[];
}

interface RiskEnvelopeJson {
  reason: string;
  error_code: number | string;
  result: {
    pageSize: number;
    pageIndex: number;
    totalRecords: number;
    data: RiskRecordJson[];
    orderid: string;
  } | null;
}

interface FinanceEnvelopeJson {
  reason: string;
  error_code: number | string;
  result: { orderid: string; range: string; history: string; stability: string } | null;
}

type Params = Record<string, string>;

let sandbox: JuheSandbox;

beforeAll(async () => {
  sandbox = await startJuheSandbox({ slowMs: SLOW_MS });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.resetRequests();
});

function riskParams(overrides: Params = {}): Params {
  return { key: DEFAULT_SANDBOX_KEYS.risk, keyword: '江苏', realname: '张德洲', type: '1', ...overrides };
}

function financeParams(overrides: Params = {}): Params {
  return {
    key: DEFAULT_SANDBOX_KEYS.finance,
    realname: '张三',
    idcard: '11010519491231002X',
    mobile: '13812345678',
    ...overrides,
  };
}

function post(path: string, params: Params): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

function get(path: string, params: Params): Promise<Response> {
  return fetch(`${sandbox.url}${path}?${new URLSearchParams(params).toString()}`);
}

async function risk(overrides: Params = {}): Promise<RiskEnvelopeJson> {
  return (await (await post(RISK_PATH, riskParams(overrides))).json()) as RiskEnvelopeJson;
}

async function finance(overrides: Params = {}): Promise<FinanceEnvelopeJson> {
  return (await (await post(FINANCE_PATH, financeParams(overrides))).json()) as FinanceEnvelopeJson;
}

function errorBody(code: number): { reason: string; result: null; error_code: number } {
  return { reason: JUHE_REASONS.get(code) ?? 'missing', result: null, error_code: code };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('key check', () => {
  it('answers 10001 for a missing, wrong or other-product key, and records the request masked', async () => {
    const { key: _omitted, ...withoutKey } = riskParams();
    expect(await (await post(RISK_PATH, withoutKey)).json()).toEqual(errorBody(10001));
    expect(await risk({ key: 'wrong' })).toEqual(errorBody(10001));
    expect(await risk({ key: DEFAULT_SANDBOX_KEYS.finance })).toEqual(errorBody(10001));
    expect(await finance({ key: DEFAULT_SANDBOX_KEYS.risk })).toEqual(errorBody(10001));
    expect(sandbox.requests.map((request) => request.keyValid)).toEqual([false, false, false, false]);
    expect(sandbox.requests[0]?.params).not.toHaveProperty('key');
    expect(sandbox.requests[1]?.params.key).toBe('[key]');
  });

  it('checks the key before fault triggers', async () => {
    expect(await risk({ key: 'wrong', keyword: 'FAULT:reset' })).toEqual(errorBody(10001));
  });

  it('accepts custom keys', async () => {
    const custom = await startJuheSandbox({ keys: { risk: 'r-1', finance: 'f-1' } });
    try {
      const response = await fetch(`${custom.url}${FINANCE_PATH}`, {
        method: 'POST',
        body: new URLSearchParams(financeParams({ key: 'f-1' })),
      });
      expect(((await response.json()) as FinanceEnvelopeJson).error_code).toBe(0);
      expect(custom.requests[0]?.keyValid).toBe(true);
      expect(custom.requests[0]?.params.key).toBe('[key]');
    } finally {
      await custom.close();
    }
  });
});

describe('transport', () => {
  it('gives identical bodies for GET and POST, as utf-8 JSON', async () => {
    const viaGet = await get(RISK_PATH, riskParams({ pageIndex: '2' }));
    const viaPost = await post(RISK_PATH, riskParams({ pageIndex: '2' }));
    expect(viaGet.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const [getText, postText] = [await viaGet.text(), await viaPost.text()];
    expect(postText).toBe(getText);
    expect((JSON.parse(getText) as RiskEnvelopeJson).result?.pageIndex).toBe(2);
  });

  it('answers other paths and methods with an HTML 404, and records them', async () => {
    const response = await fetch(`${sandbox.url}/personRisk/other`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: DEFAULT_SANDBOX_KEYS.risk }).toString(),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('404 Not Found');
    const put = await fetch(`${sandbox.url}${RISK_PATH}`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(404);
    await put.text();
    expect(sandbox.requests.map((request) => [request.method, request.path, request.keyValid])).toEqual([
      ['POST', '/personRisk/other', false],
      ['PUT', RISK_PATH, false],
    ]);
    // the body of a request to an unknown path is never read, so nothing of it is recorded
    expect(sandbox.requests[0]?.params).toEqual({});
  });

  it('counts requests per path and forgets them on reset', async () => {
    await risk();
    await risk({ type: '2' });
    await finance();
    expect(sandbox.requestCount()).toBe(3);
    expect(sandbox.requestCount(RISK_PATH)).toBe(2);
    expect(sandbox.requestCount(FINANCE_PATH)).toBe(1);
    expect(sandbox.requestCount('/elsewhere')).toBe(0);
    expect(sandbox.requests[1]).toMatchObject({ method: 'POST', path: RISK_PATH, keyValid: true });
    expect(sandbox.requests[1]?.params).toEqual({ ...riskParams({ type: '2' }), key: '[key]' });
    sandbox.resetRequests();
    expect(sandbox.requestCount()).toBe(0);
    expect(sandbox.requests).toEqual([]);
  });

  it('derives order ids from the request, shaped like the vendor docs', async () => {
    const first = await risk();
    const again = await risk();
    const other = await risk({ pageIndex: '2' });
    expect(first.result?.orderid).toMatch(/^JH401\d{19}$/);
    expect(again.result?.orderid).toBe(first.result?.orderid);
    expect(other.result?.orderid).not.toBe(first.result?.orderid);
    expect((await finance()).result?.orderid).toMatch(/^JH815\d{12}[A-Za-z]{5}$/);
  });
});

describe('personRisk', () => {
  it('pages 张德洲 失信 as 10/10/10/1 of 31, the first page being the doc example', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => risk({ pageIndex: String(page) })));
    expect(pages.map((page) => page.result?.data.length)).toEqual([10, 10, 10, 1]);
    for (const [index, page] of pages.entries()) {
      expect(page).toMatchObject({ reason: '成功', error_code: 0 });
      expect(page.result).toMatchObject({ pageSize: 10, pageIndex: index + 1, totalRecords: 31 });
    }
    expect(pages[0]?.result?.data[0]).toEqual({
      CaseNo: '(2018)苏0581执5877号',
      Date: '2019-02-27',
      ExecuteGov: '常熟市人民法院',
      Id: '424e93b460795b5288de982bf37c34062',
      PersonName: '张德洲',
      Relation: [{ Type: '1', TypeDesc: '失信信息', Value: '全部未履行' }],
    });
    expect(pages[0]?.result?.data.map((record) => [record.CaseNo, record.Date, record.Id])).toEqual(
      DOC_RECORDS,
    );
  });

  it('generates the other 21 张德洲 失信 records in the doc’s style, newest first', async () => {
    const all = (await risk({ pageSize: '50' })).result?.data ?? [];
    expect(all).toHaveLength(31);
    const dates = all.map((record) => record.Date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(all.map((record) => record.Id)).size).toBe(31);
    for (const record of all.slice(10)) {
      expect(record.Date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(record.Id).toMatch(/^[0-9a-f]{32}2$/);
      expect(record.CaseNo).toMatch(/^\(\d{4}\)苏05(81)?执\d+号$/);
      expect(['常熟市人民法院', '苏州市中级人民法院']).toContain(record.ExecuteGov);
      expect(record.PersonName).toBe('张德洲');
      expect(record.Relation).toHaveLength(1);
      expect(record.Relation?.[0]?.Type).toBe('1');
      expect(['全部未履行', '部分未履行']).toContain(record.Relation?.[0]?.Value);
    }
    const values = new Set(all.map((record) => record.Relation?.[0]?.Value));
    expect(values).toEqual(new Set(['全部未履行', '部分未履行']));
  });

  it('has 7 被执行 and 3 限制消费 records for 张德洲', async () => {
    const enforced = await risk({ type: '2' });
    expect(enforced.result?.totalRecords).toBe(7);
    expect(enforced.result?.data[0]?.Relation).toEqual([
      { Type: '2', TypeDesc: '被执行人信息', Value: '执行标的：125000元' },
    ]);
    for (const record of enforced.result?.data ?? []) {
      expect(record.Relation?.[0]?.Value).toMatch(/^执行标的：\d+元$/);
    }
    const restricted = await risk({ type: '3' });
    expect(restricted.result?.totalRecords).toBe(3);
    expect(restricted.result?.data.map((record) => record.Relation)).toEqual(
      Array.from({ length: 3 }, () => [{ Type: '3', TypeDesc: '限制高消费', Value: '限制消费令' }]),
    );
  });

  it('answers an empty page (still success) beyond the last one', async () => {
    const beyond = await risk({ pageIndex: '5' });
    expect(beyond).toMatchObject({ error_code: 0, result: { pageIndex: 5, totalRecords: 31, data: [] } });
  });

  it('answers 240102 查无记录 for unknown names and for types a subject has no records of', async () => {
    expect(await risk({ realname: '无此人' })).toEqual(errorBody(240102));
    expect(await risk({ realname: '李娜', type: '2' })).toEqual(errorBody(240102));
    expect(errorBody(240102).reason).toBe('查无记录');
  });

  it('answers 240103 参数异常 for missing or invalid parameters', async () => {
    const { keyword: _keyword, ...withoutKeyword } = riskParams();
    const { realname: _realname, ...withoutName } = riskParams();
    const { type: _type, ...withoutType } = riskParams();
    for (const params of [withoutKeyword, withoutName, withoutType]) {
      expect(await (await post(RISK_PATH, params)).json()).toEqual(errorBody(240103));
    }
    const invalid: Params[] = [
      { keyword: '  ' },
      { type: '4' },
      { type: 'all' },
      { pageSize: '51' },
      { pageSize: '0' },
      { pageIndex: '0' },
      { pageIndex: 'x' },
      { pageSize: '-1' },
    ];
    for (const overrides of invalid) {
      expect(await risk(overrides), JSON.stringify(overrides)).toEqual(errorBody(240103));
    }
    expect((await risk({ pageSize: '50' })).error_code).toBe(0);
  });

  it('serves the other fixture subjects', async () => {
    const counts = await Promise.all(
      (
        [
          ['李娜', '1'],
          ['王建国', '2'],
          ['赵敏', '3'],
          ['欧阳明轩', '2'],
          ['陈静', '1'],
        ] as const
      ).map(async ([realname, type]) => (await risk({ realname, type })).result?.totalRecords),
    );
    expect(counts).toEqual([3, 12, 2, 200, 6]);
  });

  it('gives 欧阳明轩 long court names and case numbers', async () => {
    const lastPage = await risk({ realname: '欧阳明轩', type: '2', pageSize: '50', pageIndex: '4' });
    expect(lastPage.result?.data).toHaveLength(50);
    for (const record of lastPage.result?.data ?? []) {
      expect([...record.ExecuteGov].length).toBeGreaterThanOrEqual(60);
      expect([...record.CaseNo].length).toBeGreaterThanOrEqual(40);
    }
  });

  it('gives 陈静 odd dates and missing or empty Relation', async () => {
    const data = (await risk({ realname: '陈静' })).result?.data ?? [];
    expect(data.map((record) => record.Date)).toEqual([
      '2019/03/05',
      '0001-01-01',
      '',
      '2018年7月1日',
      '2017-05-06',
      '2016-12-30',
    ]);
    expect(data[4]).not.toHaveProperty('Relation');
    expect(data[5]?.Relation).toEqual([]);
  });
});

describe('financeInfo', () => {
  it('answers the doc example exactly (scores as strings)', async () => {
    const answer = await finance();
    expect(answer).toEqual({
      reason: '成功',
      result: { orderid: answer.result?.orderid, range: '16', history: '17', stability: '38' },
      error_code: 0,
    });
  });

  it('checks 身份证, then name, then mobile', async () => {
    expect(await finance({ idcard: '110105194912310021', realname: '', mobile: 'x' })).toEqual(
      errorBody(281501),
    );
    expect(await finance({ idcard: '1101051949123100', realname: '' })).toEqual(errorBody(281501));
    expect(await finance({ realname: '', mobile: 'x' })).toEqual(errorBody(281502));
    expect(await finance({ realname: '张3', mobile: 'x' })).toEqual(errorBody(281502));
    expect(await finance({ mobile: '12812345678' })).toEqual(errorBody(281503));
    expect(await finance({ mobile: '1381234567' })).toEqual(errorBody(281503));
    expect((await finance({ idcard: '11010519491231002x' })).result?.range).toBe('16');
  });

  it('serves every fixture subject its listed scores', async () => {
    for (const subject of FINANCE_SUBJECTS) {
      const answer = await finance({
        idcard: subject.idcard,
        realname: subject.realname,
        mobile: subject.mobile,
      });
      expect(answer.result).toMatchObject(subject.scores);
    }
  });

  it('derives stable, recognisable scores for any other valid 身份证', async () => {
    const idcard = `11010119900307123${idCardCheckChar('11010119900307123')}`;
    const first = await finance({ idcard });
    expect(await finance({ idcard })).toEqual(first);
    const { range, history, stability } = first.result ?? { range: '', history: '', stability: '' };
    expect(Number(range)).toBeGreaterThanOrEqual(10);
    expect(Number(range)).toBeLessThanOrEqual(100);
    expect(Number(history)).toBeGreaterThanOrEqual(10);
    expect(Number(history)).toBeLessThanOrEqual(100);
    expect(Number(stability)).toBeGreaterThanOrEqual(20);
    expect(Number(stability)).toBeLessThanOrEqual(100);
  });
});

describe('finance fixtures', () => {
  const scores = (scale: 'range' | 'history' | 'stability'): Set<string> =>
    new Set(FINANCE_SUBJECTS.map((subject) => subject.scores[scale]));
  const decades = ['10', '20', '30', '40', '50', '60', '70', '80', '90', '100'];

  it('carries valid, unique 身份证 numbers and plain mobiles', () => {
    for (const subject of FINANCE_SUBJECTS) {
      expect(isPlausibleIdCard(subject.idcard), subject.idcard).toBe(true);
      expect(subject.mobile).toMatch(/^1[3-9]\d{9}$/);
      expect(subject.mobile.startsWith('198') || subject.mobile.startsWith('199')).toBe(false);
    }
    expect(new Set(FINANCE_SUBJECTS.map((subject) => subject.idcard)).size).toBe(FINANCE_SUBJECTS.length);
    expect(new Set(FINANCE_SUBJECTS.map((subject) => subject.mobile)).size).toBe(FINANCE_SUBJECTS.length);
  });

  it('covers every band edge of every ladder, zeros and unrecognised scores', () => {
    for (const scale of ['range', 'history'] as const) {
      const seen = scores(scale);
      for (const score of ['0', ...decades, '19', '29', '39', '49', '59', '69', '79', '89', '99']) {
        expect(seen.has(score), `${scale} ${score}`).toBe(true);
      }
    }
    for (const score of ['0', '20', '40', '60', '80', '100', '39', '59', '79', '99']) {
      expect(scores('stability').has(score), `stability ${score}`).toBe(true);
    }
    expect(FINANCE_SUBJECTS.find((subject) => subject.scores.range === '5')?.scores).toEqual({
      range: '5',
      history: '101',
      stability: 'abc',
    });
  });
});

describe('faults', () => {
  it('FAULT:slow-N waits N ms before answering with 张德洲 data', async () => {
    const { value, ms } = await timed(() => risk({ keyword: 'FAULT:slow-200', realname: '任何人' }));
    expect(ms).toBeGreaterThanOrEqual(195);
    expect(value.result?.totalRecords).toBe(31);
    expect(value.result?.data[0]?.Id).toBe(DOC_RECORDS[0]?.[2]);
  });

  it('FAULT:slow and mobile 19900000001 wait slowMs', async () => {
    const slowRisk = await timed(() => risk({ keyword: 'FAULT:slow' }));
    expect(slowRisk.ms).toBeGreaterThanOrEqual(SLOW_MS - 5);
    expect(slowRisk.value.error_code).toBe(0);
    const slowFinance = await timed(() => finance({ mobile: '19900000001' }));
    expect(slowFinance.ms).toBeGreaterThanOrEqual(SLOW_MS - 5);
    expect(slowFinance.value.result).toMatchObject({ range: '16', history: '17', stability: '38' });
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:slowbody' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000002' })],
  ])('slow body on %s: headers at once, the body completes after slowMs', async (path, params) => {
    const started = performance.now();
    const response = await post(path, params);
    const headersMs = performance.now() - started;
    const body = (await response.json()) as { error_code: number };
    expect(headersMs).toBeLessThan(SLOW_MS - 50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 5);
    expect(body.error_code).toBe(0);
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:html502' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000003' })],
  ])('HTML 502 on %s', async (path, params) => {
    const response = await post(path, params);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:malformed' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000004' })],
  ])('malformed JSON on %s', async (path, params) => {
    const response = await post(path, params);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"reason":"成功","result":{');
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:truncated' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000005' })],
  ])('truncated body on %s: headers arrive, reading the body fails', async (path, params) => {
    const response = await post(path, params);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('wrong shape: error_code 0 with an unusable result', async () => {
    const riskAnswer = await risk({ keyword: 'FAULT:wrongshape' });
    expect(riskAnswer.error_code).toBe(0);
    expect(riskAnswer.result?.data).toBe('暂无数据');
    const financeAnswer = await finance({ mobile: '19900000006' });
    expect(financeAnswer.error_code).toBe(0);
    expect(financeAnswer.result).toEqual({
      range: [],
      history: {},
      stability: true,
      orderid: financeAnswer.result?.orderid,
    });
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:reset' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000007' })],
  ])('reset on %s: fetch rejects, and the request was still recorded', async (path, params) => {
    await expect(post(path, params)).rejects.toThrow();
    expect(sandbox.requestCount(path)).toBe(1);
  });

  it.each([
    [RISK_PATH, riskParams({ keyword: 'FAULT:flaky' })],
    [FINANCE_PATH, financeParams({ mobile: '19900000008' })],
  ])('flaky on %s: the first request is reset, the next succeeds', async (path, params) => {
    await expect(post(path, params)).rejects.toThrow();
    const second = (await (await post(path, params)).json()) as { error_code: number };
    expect(second.error_code).toBe(0);
    expect(((await (await post(path, params)).json()) as { error_code: number }).error_code).toBe(0);
    expect(sandbox.requestCount(path)).toBe(3);
    sandbox.resetRequests();
    await expect(post(path, params)).rejects.toThrow();
  });

  it('strings: numbers as strings for personRisk, scores as numbers for financeInfo', async () => {
    const riskAnswer = (await (await post(RISK_PATH, riskParams({ keyword: 'FAULT:strings' }))).json()) as {
      error_code: unknown;
      result: Record<string, unknown>;
    };
    expect(riskAnswer.error_code).toBe('0');
    expect(riskAnswer.result).toMatchObject({ pageIndex: '1', pageSize: '10', totalRecords: '31' });
    const financeAnswer = (await (
      await post(FINANCE_PATH, financeParams({ mobile: '19900000009' }))
    ).json()) as {
      error_code: unknown;
      result: Record<string, unknown>;
    };
    expect(financeAnswer.error_code).toBe('0');
    expect(financeAnswer.result).toMatchObject({ range: 16, history: 17, stability: 38 });
  });

  it('quota and maintenance', async () => {
    expect(await risk({ keyword: 'FAULT:quota' })).toEqual(errorBody(10012));
    expect(await risk({ keyword: 'FAULT:maintenance' })).toEqual(errorBody(10020));
    expect(await finance({ mobile: '19900000010' })).toEqual(errorBody(10012));
    expect(await finance({ mobile: '19900000011' })).toEqual(errorBody(10020));
  });

  it('ERROR:C and 198… mobiles answer every documented code, before other validation', async () => {
    expect(JUHE_ERROR_CODES).toHaveLength(23);
    for (const code of JUHE_ERROR_CODES) {
      expect(await risk({ keyword: `ERROR:${code}`, realname: 'x' })).toEqual(errorBody(code));
      expect(await finance({ mobile: financeErrorMobile(code), idcard: 'bad' })).toEqual(errorBody(code));
    }
    expect(financeErrorMobile(281504)).toBe('19800281504');
    expect(financeErrorMobile(10012)).toBe('19800010012');
  });

  it('ERROR:C:weird sends a non-null result', async () => {
    expect(await risk({ keyword: 'ERROR:240104:weird' })).toEqual({ ...errorBody(240104), result: '' });
    expect(await risk({ keyword: 'ERROR:240104:weird-object' })).toEqual({
      ...errorBody(240104),
      result: {},
    });
  });

  it('answers 240103 for reserved keywords that name no fault, and treats other 198… mobiles as ordinary', async () => {
    expect(await risk({ keyword: 'FAULT:typo' })).toEqual(errorBody(240103));
    expect(await risk({ keyword: 'ERROR:99999' })).toEqual(errorBody(240103));
    expect((await finance({ mobile: '19812345678' })).result?.range).toBe('16');
  });
});

describe('latency', () => {
  it('latencyMs delays every Juhe answer, key errors and faults included, and leaves the answers alone', async () => {
    const slow = await startJuheSandbox({ latencyMs: 150, slowMs: SLOW_MS });
    try {
      const ask = (params: Params) =>
        timed(async () => {
          const response = await fetch(`${slow.url}${RISK_PATH}`, {
            method: 'POST',
            body: new URLSearchParams(params),
          });
          return (await response.json()) as RiskEnvelopeJson;
        });
      const answered = await ask(riskParams());
      expect(answered.ms).toBeGreaterThanOrEqual(145);
      expect(answered.value).toEqual(await risk());
      const refused = await ask(riskParams({ key: 'wrong' }));
      expect(refused.ms).toBeGreaterThanOrEqual(145);
      expect(refused.value).toEqual(errorBody(10001));
      // the slow fault stalls on top of the latency
      const stalled = await ask(riskParams({ keyword: 'FAULT:slow-100' }));
      expect(stalled.ms).toBeGreaterThanOrEqual(245);
      // the sandbox's own paths are not Juhe's: answered at once
      const { ms } = await timed(async () => (await fetch(`${slow.url}/nope`)).text());
      expect(ms).toBeLessThan(100);
    } finally {
      await slow.close();
    }
  });

  it('is 0 by default', async () => {
    const { ms } = await timed(() => risk());
    expect(ms).toBeLessThan(100);
  });
});

describe('close', () => {
  it('returns promptly with a slow request hanging and a keep-alive socket open', async () => {
    const hanging = await startJuheSandbox({ slowMs: 10_000 });
    const idle = await fetch(`${hanging.url}/nope`);
    await idle.text();
    const slow = fetch(`${hanging.url}${RISK_PATH}`, {
      method: 'POST',
      body: new URLSearchParams(riskParams({ keyword: 'FAULT:slow' })),
    });
    const slowOutcome = slow.then(
      () => 'answered',
      () => 'failed',
    );
    while (hanging.requestCount(RISK_PATH) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const { ms } = await timed(() => hanging.close());
    expect(ms).toBeLessThan(500);
    expect(await slowOutcome).toBe('failed');
    await expect(fetch(`${hanging.url}/nope`)).rejects.toThrow();
    await hanging.close();
  });
});
