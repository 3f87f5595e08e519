import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CapturedLog, captureLog } from '../../test/support/capturedLog.js';
import { rejection } from '../../test/support/rejection.js';
import { createLogger } from '../logging/logger.js';
import { createJuheClient, MAX_BODY_BYTES } from './client.js';
import type { JuheService, RiskQuery } from './types.js';

// Edge cases the sandbox does not produce, driven through undici's MockAgent.

const ORIGIN = 'http://juhe.test';
const RISK_PATH = '/personRisk/query';
const FINANCE_PATH = '/financeInfo/query';
const QUERY: RiskQuery = { keyword: '江苏', realname: '张德洲', type: 2, pageIndex: 2, pageSize: 5 };
const FINANCE = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };
const RECORD = { CaseNo: 'A1', Date: '2019/02/27', ExecuteGov: '法院', Id: 'x', PersonName: '张德洲' };

let agent: MockAgent;
let client: JuheService;
let log: CapturedLog;

function pool() {
  return agent.get(ORIGIN);
}

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  log = captureLog();
  const destination = log.destination;
  client = createJuheClient({
    baseUrl: `${ORIGIN}/`,
    riskKey: 'risk-key-123',
    financeKey: 'finance-key-456',
    timeoutMs: 1000,
    logger: createLogger({ level: 'debug', destination }),
    dispatcher: agent,
    retryDelayMs: { min: 1, max: 2 },
    // shorter than the first back-off (1 s): a 10011/10012 ends the call with Juhe's answer
    queueTimeoutMs: 500,
  });
});

afterEach(async () => {
  await client.close();
  await agent.close();
});

describe('requests', () => {
  it('POSTs a form body carrying the key, with nothing in the URL', async () => {
    const bodies: string[] = [];
    pool()
      .intercept({
        path: RISK_PATH,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: (body) => {
          bodies.push(body);
          return true;
        },
      })
      .reply(200, { reason: '成功', error_code: 0, result: { totalRecords: 0 } });
    await client.queryRisk(QUERY);
    expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toEqual({
      key: 'risk-key-123',
      keyword: '江苏',
      realname: '张德洲',
      type: '2',
      pageIndex: '2',
      pageSize: '5',
    });
  });
});

describe('risk results', () => {
  it('falls back to the query for paging, computes pages and reads dates', async () => {
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, {
        error_code: '0',
        orderid: 'JH-ENVELOPE',
        result: {
          totalRecords: '11',
          data: [RECORD, { ...RECORD, Date: '0001-01-01', Relation: null }],
        },
      });
    const page = await client.queryRisk(QUERY);
    expect(page).toMatchObject({
      type: 2,
      pageIndex: 2,
      pageSize: 5,
      totalRecords: 11,
      totalPages: 3,
      orderId: 'JH-ENVELOPE',
      billed: true,
      noRecords: false,
    });
    expect(page.records.map((record) => record.publishedDate)).toEqual([new Date(2019, 1, 27), null]);
    expect(page.records[1]?.relations).toEqual([]);
  });

  it.each([
    [0, 6, 2],
    [undefined, 6, 2],
    [3, 6, 2],
    [40, 40, 8],
  ])(
    'reconciles totalRecords %j with one record on page 2 of 5 → %i records, %i pages',
    async (sent, total, pages) => {
      pool()
        .intercept({ path: RISK_PATH, method: 'POST' })
        .reply(200, { error_code: 0, result: { totalRecords: sent, data: [RECORD] } });
      const page = await client.queryRisk(QUERY);
      expect(page).toMatchObject({ pageIndex: 2, pageSize: 5, totalRecords: total, totalPages: pages });
      expect(page.records).toHaveLength(1);
    },
  );

  it('falls back to the query when the paging counts arrive as null or empty', async () => {
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, {
        error_code: 0,
        result: { pageSize: null, pageIndex: '', totalRecords: null, data: [RECORD] },
      });
    const page = await client.queryRisk(QUERY);
    expect(page).toMatchObject({ pageIndex: 2, pageSize: 5, totalRecords: 6, totalPages: 2, billed: true });
  });

  it('bills a success whose orderid is an odd shape, reading the id as null', async () => {
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, { error_code: 0, orderid: {}, result: { totalRecords: 1, data: [RECORD], orderid: [] } });
    const page = await client.queryRisk(QUERY);
    expect(page).toMatchObject({ orderId: null, billed: true, totalRecords: 6 });
  });

  it('reads a UTF-8 BOM before the JSON', async () => {
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, `\uFEFF${JSON.stringify({ error_code: 0, result: { totalRecords: 0, data: [] } })}`);
    const page = await client.queryRisk(QUERY);
    expect(page).toMatchObject({
      totalRecords: 0,
      totalPages: 0,
      records: [],
      billed: true,
      noRecords: false,
    });
  });
});

describe('finance results', () => {
  it('decodes numeric scores and an unrecognised one', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { orderid: 'JH1', range: 100, history: 0, stability: '101' } });
    const rating = await client.queryFinance(FINANCE);
    expect(rating.orderId).toBe('JH1');
    expect(rating.range).toMatchObject({ status: 'band', score: 100 });
    expect(rating.history).toEqual({ scale: 'history', status: 'unpredictable', score: 0 });
    expect(rating.stability).toEqual({ scale: 'stability', status: 'unrecognised', raw: '101' });
  });

  it('shows missing or null scores as unrecognised instead of failing the billed call', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { range: null, history: '17' } });
    const rating = await client.queryFinance(FINANCE);
    expect(rating.billed).toBe(true);
    expect(rating.range).toEqual({ scale: 'range', status: 'unrecognised', raw: '' });
    expect(rating.history).toMatchObject({ status: 'band', score: 17 });
    expect(rating.stability).toEqual({ scale: 'stability', status: 'unrecognised', raw: '' });
  });
});

describe('failures', () => {
  it('uses the Juhe code of a JSON envelope that came with a non-200 status', async () => {
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(503, { error_code: 10020, reason: '接口维护中' });
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({ code: '10020', category: 'upstream_unavailable', reason: '接口维护' });
  });

  it("keeps only the catalog's reason, never the text Juhe sent, on the error and in its log line", async () => {
    const echoed = '张德洲 11010519491231002X 13812345678 参数错误';
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, { error_code: 240103, reason: echoed, result: null });
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({ code: '240103', category: 'input', reason: '参数异常' });
    createLogger({ level: 'debug', destination: log.destination }).error({ err: error }, 'risk query failed');
    const output = log.lines.join('');
    expect(output).toContain('"reason":"参数异常"');
    for (const part of echoed.split(' ')) expect(output).not.toContain(part);
    expect(JSON.stringify(error)).not.toContain('张德洲');
  });

  it('logs misconfigured and quota failures at warn with code, category, api and latency, others at debug', async () => {
    // 10012 last: it pauses the whole queue (a call after it would wait out the back-off)
    for (const code of [10001, 240104, 10012]) {
      pool()
        .intercept({ path: RISK_PATH, method: 'POST' })
        .reply(200, { error_code: code, reason: 'x', result: null });
      await rejection(client.queryRisk(QUERY));
    }
    const failures = log.lines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'juhe call failed');
    expect(failures.map((line) => [line.level, line.errorCode, line.category, line.api])).toEqual([
      [40, '10001', 'misconfigured', 'risk'],
      [20, '240104', 'upstream_unavailable', 'risk'],
      [40, '10012', 'quota', 'risk'],
    ]);
    for (const line of failures) expect(line.latencyMs).toEqual(expect.any(Number));
    const output = log.lines.join('');
    for (const secret of ['risk-key-123', '张德洲', '江苏']) expect(output).not.toContain(secret);
  });

  it('throws a typed CLOSED error, without a request, once the client is closed', async () => {
    await client.close();
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({
      api: 'risk',
      code: 'CLOSED',
      category: 'network',
      retryable: false,
      billed: false,
    });
    expect(error.message).toBe(
      'Juhe personal risk query failed: the client has been closed (the app is shutting down)',
    );
    expect((await rejection(client.queryFinance(FINANCE))).code).toBe('CLOSED');
  });

  it('reports the status of a non-200 JSON body without a code', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(500, { message: 'oops' });
    const error = await rejection(client.queryRisk(QUERY));
    expect(error.code).toBe('HTTP_500');
    expect(error.message).toBe(
      'Juhe personal risk query failed: Juhe answered HTTP 500 with a JSON body without a Juhe error_code',
    );
  });

  it('does not retry an HTTP 5xx with a body', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(502, '<html>bad gateway</html>');
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { totalRecords: 0 } });
    expect((await rejection(client.queryRisk(QUERY))).code).toBe('HTTP_502');
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('calls an empty body what it is', async () => {
    pool().intercept({ path: FINANCE_PATH, method: 'POST' }).reply(200, '');
    const error = await rejection(client.queryFinance(FINANCE));
    expect(error.message).toBe('Juhe economic rating query failed: response is not JSON (is empty)');
  });

  it('refuses a body over the size cap', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, `{"error_code":0,"result":"${'x'.repeat(MAX_BODY_BYTES)}"}`);
    const error = await rejection(client.queryFinance(FINANCE));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', category: 'upstream_invalid', billed: false });
    expect(error.message).toBe('Juhe economic rating query failed: response body larger than 512 KB');
  });

  it('treats an undocumented code as Juhe unavailable, once', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 123456, result: null });
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { totalRecords: 0 } });
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({ code: '123456', category: 'upstream_unavailable', retryable: false });
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('retries once after a failure before any response, then succeeds', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .replyWithError(new Error('connect ECONNREFUSED'));
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { range: '16', history: '17', stability: '38' } });
    const rating = await client.queryFinance(FINANCE);
    expect(rating.billed).toBe(true);
    expect(agent.pendingInterceptors()).toHaveLength(0);
  });

  it('gives up after the second failure before any response', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      pool().intercept({ path: FINANCE_PATH, method: 'POST' }).replyWithError(new Error('socket hang up'));
    }
    const error = await rejection(client.queryFinance(FINANCE));
    expect(error).toMatchObject({ code: 'NETWORK', category: 'network', retryable: true, billed: false });
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('never retries a billed answer, even an unreadable one', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { range: '1', history: {} } });
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 0, result: { range: '16', history: '17', stability: '38' } });
    const error = await rejection(client.queryFinance(FINANCE));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', billed: true });
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('stops waiting to retry when the caller aborts', async () => {
    const patient = createJuheClient({
      baseUrl: ORIGIN,
      financeKey: 'k',
      logger: createLogger({ level: 'silent' }),
      dispatcher: agent,
      retryDelayMs: { min: 500, max: 500 },
    });
    pool().intercept({ path: FINANCE_PATH, method: 'POST' }).replyWithError(new Error('socket hang up'));
    pool().intercept({ path: FINANCE_PATH, method: 'POST' }).reply(200, { error_code: 0, result: {} });
    const started = performance.now();
    const error = await rejection(patient.queryFinance(FINANCE, { signal: AbortSignal.timeout(30) }));
    expect(error).toMatchObject({ code: 'ABORTED', category: 'timeout', retryable: false });
    expect(performance.now() - started).toBeLessThan(300);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('makes no request for a product without a key, and warns', async () => {
    const keyless = createJuheClient({
      baseUrl: ORIGIN,
      riskKey: ' ',
      logger: createLogger({ level: 'debug', destination: log.destination }),
      dispatcher: agent,
    });
    expect(await rejection(keyless.queryRisk(QUERY))).toMatchObject({
      code: 'NO_KEY',
      category: 'misconfigured',
    });
    expect(await rejection(keyless.queryFinance(FINANCE))).toMatchObject({ code: 'NO_KEY' });
    expect((await rejection(keyless.queryFinance(FINANCE))).message).toBe(
      'Juhe economic rating query failed: no API key configured (JUHE_FINANCE_KEY)',
    );
    expect(
      log.lines.map((line) => JSON.parse(line)).map((line) => [line.level, line.api, line.errorCode]),
    ).toEqual([
      [40, 'risk', 'NO_KEY'],
      [40, 'finance', 'NO_KEY'],
      [40, 'finance', 'NO_KEY'],
    ]);
  });

  it('keeps keys and personal data out of the logs', async () => {
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .replyWithError(new Error('13812345678 finance-key-456'));
    pool()
      .intercept({ path: FINANCE_PATH, method: 'POST' })
      .reply(200, { error_code: 281504, reason: '13812345678' });
    await rejection(client.queryFinance(FINANCE));
    const output = log.lines.join('');
    expect(log.lines).toHaveLength(4);
    for (const secret of ['13812345678', '11010519491231002X', 'finance-key-456', '张三']) {
      expect(output).not.toContain(secret);
    }
  });
});

describe('whether Juhe may have billed a failed call', () => {
  it('not when Juhe answered a non-zero error_code, nor when no request left', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 10012, reason: 'x' });
    expect(await rejection(client.queryRisk(QUERY))).toMatchObject({ billed: false, mayHaveBilled: false });
    pool()
      .intercept({ path: RISK_PATH, method: 'POST' })
      .reply(503, { error_code: 10020, reason: '接口维护中' });
    expect(await rejection(client.queryRisk(QUERY))).toMatchObject({ mayHaveBilled: false });
    const aborted = new AbortController();
    aborted.abort();
    expect(await rejection(client.queryRisk(QUERY, { signal: aborted.signal }))).toMatchObject({
      code: 'ABORTED',
      mayHaveBilled: false,
    });
    const keyless = createJuheClient({
      baseUrl: ORIGIN,
      logger: createLogger({ level: 'silent' }),
      dispatcher: agent,
    });
    expect(await rejection(keyless.queryRisk(QUERY))).toMatchObject({ code: 'NO_KEY', mayHaveBilled: false });
    await client.close();
    expect(await rejection(client.queryRisk(QUERY))).toMatchObject({ code: 'CLOSED', mayHaveBilled: false });
  });

  it('a connection refused before sending cannot have been billed', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      pool()
        .intercept({ path: RISK_PATH, method: 'POST' })
        .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    }
    expect(await rejection(client.queryRisk(QUERY))).toMatchObject({ code: 'NETWORK', mayHaveBilled: false });
  });

  it('a timeout after the request left may have been billed, though not known billed', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 0 }).delay(2000);
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 0 }).delay(2000);
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({ code: 'TIMEOUT', billed: false, mayHaveBilled: true });
  });

  it('a dropped connection, then an error_code on the retry: the first attempt may have been billed', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).replyWithError(new Error('socket hang up'));
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 10012, reason: 'x' });
    const error = await rejection(client.queryRisk(QUERY));
    expect(error).toMatchObject({ code: '10012', billed: false, mayHaveBilled: true });
  });

  it('a gateway page with no Juhe error_code may have been billed', async () => {
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(502, '<html>Bad Gateway</html>');
    expect(await rejection(client.queryRisk(QUERY))).toMatchObject({ code: 'HTTP_502', mayHaveBilled: true });
  });
});

describe('options', () => {
  it('rejects a non-positive budget', () => {
    expect(() =>
      createJuheClient({ baseUrl: ORIGIN, timeoutMs: 0, logger: createLogger({ level: 'silent' }) }),
    ).toThrow(RangeError);
  });
});

describe('the queue in front of Juhe (JUHE_MAX_CONCURRENCY)', () => {
  const answer = { error_code: 0, result: { totalRecords: 0, data: [] } };
  function limitedClient(options: { maxConcurrency: number; queueTimeoutMs: number }) {
    return createJuheClient({
      baseUrl: ORIGIN,
      riskKey: 'risk-key-123',
      timeoutMs: 1000,
      logger: createLogger({ level: 'silent' }),
      dispatcher: agent,
      ...options,
    });
  }

  it("the wait for a slot does not count against the call's own JUHE_TIMEOUT_MS budget", async () => {
    const limited = limitedClient({ maxConcurrency: 1, queueTimeoutMs: 5_000 });
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, answer).delay(700);
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, answer).delay(700);
    // the second call waits ~700 ms, then has its whole 1000 ms: both answer (without the queue's
    // accounting it would have had 300 ms left)
    const pages = await Promise.all([limited.queryRisk(QUERY), limited.queryRisk(QUERY)]);
    expect(pages.map((page) => page.billed)).toEqual([true, true]);
    await limited.close();
  });

  it('a call that cannot get a slot within JUHE_QUEUE_TIMEOUT_MS is BUSY: never sent, never billed', async () => {
    const limited = limitedClient({ maxConcurrency: 1, queueTimeoutMs: 200 });
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, answer).delay(600);
    const [first, second] = await Promise.allSettled([limited.queryRisk(QUERY), limited.queryRisk(QUERY)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: 'BUSY', category: 'busy', billed: false, mayHaveBilled: false },
    });
    await limited.close();
  });

  it('10011 pauses the queue and the call goes again after the back-off instead of failing', async () => {
    const limited = limitedClient({ maxConcurrency: 2, queueTimeoutMs: 5_000 });
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, { error_code: 10011, reason: 'x' });
    pool().intercept({ path: RISK_PATH, method: 'POST' }).reply(200, answer);
    const started = performance.now();
    const page = await limited.queryRisk(QUERY);
    expect(page.billed).toBe(true);
    // the first back-off is 1 s
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    await limited.close();
  });
});
