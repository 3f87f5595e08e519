import diagnosticsChannel from 'node:diagnostics_channel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJuheClient, type JuheClientOptions } from '../../src/juhe/client.js';
import { describeJuheCode, JUHE_CODES } from '../../src/juhe/errorCatalog.js';
import type { JuheError } from '../../src/juhe/errorTypes.js';
import type { FinanceQuery, JuheService, RiskQuery } from '../../src/juhe/types.js';
import { type SandboxOptions, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { captureLog } from '../support/capturedLog.js';
import { rejection } from '../support/rejection.js';

const RISK_PATH = '/personRisk/query';
const FINANCE_PATH = '/financeInfo/query';
// Shaped like real Juhe keys (32 hex characters), so a leak would look like one in the logs.
const RISK_KEY = '7c2e9f41b8d05a63e1f47b29c8a0d5e3';
const FINANCE_KEY = 'e4a81d6c3f92b70e5d18c4a6b93f02d7';
const SLOW_MS = 3000;

const DOC_FINANCE: FinanceQuery = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };
const DOC_RISK: RiskQuery = { keyword: '江苏', realname: '张德洲', type: 1 };

type Sandbox = Awaited<ReturnType<typeof startJuheSandbox>>;

/** A sandbox that accepts this file's keys. */
function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startJuheSandbox({ port: 0, keys: { risk: RISK_KEY, finance: FINANCE_KEY }, ...options });
}

/** A short pause, as between real calls: undici frees a connection a moment after the body ends. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}

function financeErrorMobile(code: string): string {
  return `198${code.padStart(8, '0')}`;
}

let sandbox: Sandbox;
let client: JuheService;
const logs = captureLog();

function makeClient(overrides: Partial<JuheClientOptions> = {}): JuheService {
  return createJuheClient({
    baseUrl: sandbox.url,
    riskKey: RISK_KEY,
    financeKey: FINANCE_KEY,
    timeoutMs: 2000,
    logger: createLogger({ level: 'debug', destination: logs.destination }),
    retryDelayMs: { min: 1, max: 5 },
    // 10011/10012 back the queue off (1 s, then 2 s): the call that got one ends with it, the next waits
    queueTimeoutMs: 3000,
    ...overrides,
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ slowMs: SLOW_MS });
  client = makeClient();
});

afterAll(async () => {
  await client.close();
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.resetRequests();
  // a fresh queue for each test: a 10011/10012 in one test pauses only that test's calls
  await client.close();
  client = makeClient();
});

/** 10011/10012 pause the queue and are asked again once before the call's 3 s wait runs out. */
const SLOW_DOWN_CODES = new Set(['10011', '10012']);
const requestsFor = (code: string, retryable: boolean) => (SLOW_DOWN_CODES.has(code) || retryable ? 2 : 1);

describe('personRisk against the sandbox', () => {
  it('reads the vendor example subject, page 1', async () => {
    const page = await client.queryRisk({ ...DOC_RISK, pageIndex: 1, pageSize: 10 });
    expect(page).toMatchObject({
      type: 1,
      pageIndex: 1,
      pageSize: 10,
      totalRecords: 31,
      totalPages: 4,
      billed: true,
      noRecords: false,
    });
    expect(page.records).toHaveLength(10);
    const first = page.records[0];
    expect(first?.caseNo).toBe('(2018)苏0581执5877号');
    expect(first?.court).toBe('常熟市人民法院');
    expect(first?.id).toBe('424e93b460795b5288de982bf37c34062');
    expect(first?.personName).toBe('张德洲');
    expect(first?.publishedDate).toEqual(new Date(2019, 1, 27));
    expect(first?.relations).toEqual([{ type: '1', description: '失信信息', fulfilment: '全部未履行' }]);
    expect(page.orderId).toEqual(expect.any(String));
    expect(page.orderId).not.toBe('');
    expect(sandbox.requestCount(RISK_PATH)).toBe(1);
  });

  it('reads the last page', async () => {
    const page = await client.queryRisk({ ...DOC_RISK, pageIndex: 4, pageSize: 10 });
    expect(page).toMatchObject({ pageIndex: 4, totalRecords: 31, totalPages: 4, billed: true });
    expect(page.records).toHaveLength(1);
  });

  it('uses Juhe defaults when paging is left out', async () => {
    const page = await client.queryRisk(DOC_RISK);
    expect(page).toMatchObject({ pageIndex: 1, pageSize: 10, totalPages: 4 });
  });

  it('turns 240102 into an empty page with noRecords, unbilled', async () => {
    const page = await client.queryRisk({ keyword: '北京朝阳科技有限公司', realname: '李娜', type: 2 });
    expect(page).toEqual({
      type: 2,
      pageIndex: 1,
      pageSize: 10,
      totalRecords: 0,
      totalPages: 0,
      records: [],
      orderId: null,
      billed: false,
      noRecords: true,
    });
    expect(sandbox.requestCount(RISK_PATH)).toBe(1);
  });

  it('turns ERROR:240102 into noRecords too', async () => {
    const page = await client.queryRisk({ ...DOC_RISK, keyword: 'ERROR:240102' });
    expect(page.noRecords).toBe(true);
    expect(sandbox.requestCount(RISK_PATH)).toBe(1);
  });

  const riskCodes = JUHE_CODES.filter((code) => code !== '240102');
  it.each(riskCodes)('maps error_code %s through the catalog', async (code) => {
    const entry = describeJuheCode(code);
    const error = await rejection(client.queryRisk({ ...DOC_RISK, keyword: `ERROR:${code}` }));
    expect(error).toMatchObject({
      api: 'risk',
      code,
      category: entry.category,
      retryable: entry.retryable,
      billed: false,
    });
    expect(error.reason).toBe(entry.vendorReason);
    expect(sandbox.requestCount(RISK_PATH)).toBe(requestsFor(code, entry.retryable));
  });

  it.each(['weird', 'weird-object'])('tolerates a %s result on an error envelope', async (variant) => {
    const error = await rejection(client.queryRisk({ ...DOC_RISK, keyword: `ERROR:10012:${variant}` }));
    expect(error).toMatchObject({ code: '10012', category: 'quota' });
  });

  it('maps a wrong key to 10001 misconfigured', async () => {
    const wrongKey = makeClient({ riskKey: 'not-the-key' });
    try {
      const error = await rejection(wrongKey.queryRisk(DOC_RISK));
      expect(error).toMatchObject({ code: '10001', category: 'misconfigured', billed: false });
      expect(error.message).not.toContain('not-the-key');
    } finally {
      await wrongKey.close();
    }
  });

  it('refuses to call without a key', async () => {
    const keyless = makeClient({ riskKey: undefined });
    try {
      const error = await rejection(keyless.queryRisk(DOC_RISK));
      expect(error).toMatchObject({ code: 'NO_KEY', category: 'misconfigured', retryable: false });
      expect(sandbox.requestCount()).toBe(0);
    } finally {
      await keyless.close();
    }
  });

  it.each([
    ['FAULT:quota', '10012', 'quota'],
    ['FAULT:maintenance', '10020', 'upstream_unavailable'],
  ])('%s → %s %s', async (keyword, code, category) => {
    const error = await rejection(client.queryRisk({ ...DOC_RISK, keyword }));
    expect(error).toMatchObject({ code, category, retryable: false });
    expect(sandbox.requestCount(RISK_PATH)).toBe(requestsFor(code, false));
  });
});

describe('financeInfo against the sandbox', () => {
  it('decodes the vendor example subject', async () => {
    const rating = await client.queryFinance(DOC_FINANCE);
    expect(rating.billed).toBe(true);
    expect(rating.orderId).toEqual(expect.any(String));
    expect(rating.range).toMatchObject({ scale: 'range', status: 'band', score: 16 });
    expect(rating.range).toMatchObject({ band: { lower: 0, upper: 1500 } });
    expect(rating.history).toMatchObject({
      scale: 'history',
      status: 'band',
      score: 17,
      band: { lower: 0, upper: 6 },
    });
    expect(rating.stability).toMatchObject({
      scale: 'stability',
      status: 'band',
      score: 38,
      band: { lower: 0, upper: 6 },
    });
    expect(sandbox.requestCount(FINANCE_PATH)).toBe(1);
  });

  const financeCodes = JUHE_CODES;
  it.each(financeCodes)('maps error_code %s through the catalog', async (code) => {
    const entry = describeJuheCode(code);
    const error = await rejection(client.queryFinance({ ...DOC_FINANCE, mobile: financeErrorMobile(code) }));
    expect(error).toMatchObject({
      api: 'finance',
      code,
      category: entry.category,
      retryable: entry.retryable,
      billed: false,
    });
    expect(sandbox.requestCount(FINANCE_PATH)).toBe(requestsFor(code, entry.retryable));
  });

  it('maps a wrong key to 10001 misconfigured', async () => {
    const wrongKey = makeClient({ financeKey: RISK_KEY });
    try {
      const error = await rejection(wrongKey.queryFinance(DOC_FINANCE));
      expect(error).toMatchObject({ code: '10001', category: 'misconfigured' });
    } finally {
      await wrongKey.close();
    }
  });

  it.each([
    ['19900000010', '10012', 'quota'],
    ['19900000011', '10020', 'upstream_unavailable'],
  ])('mobile %s → %s %s', async (mobile, code, category) => {
    const error = await rejection(client.queryFinance({ ...DOC_FINANCE, mobile }));
    expect(error).toMatchObject({ code, category });
  });
});

// Each fault once per product: [risk keyword, finance mobile].
const FAULTS = {
  html502: ['FAULT:html502', '19900000003'],
  malformed: ['FAULT:malformed', '19900000004'],
  truncated: ['FAULT:truncated', '19900000005'],
  wrongshape: ['FAULT:wrongshape', '19900000006'],
  reset: ['FAULT:reset', '19900000007'],
  flaky: ['FAULT:flaky', '19900000008'],
  strings: ['FAULT:strings', '19900000009'],
  slow: ['FAULT:slow', '19900000001'],
  slowbody: ['FAULT:slowbody', '19900000002'],
} as const;

type FaultName = keyof typeof FAULTS;

function faultCall(service: JuheService, api: 'risk' | 'finance', fault: FaultName, signal?: AbortSignal) {
  const [keyword, mobile] = FAULTS[fault];
  return api === 'risk'
    ? service.queryRisk({ ...DOC_RISK, keyword }, { signal })
    : service.queryFinance({ ...DOC_FINANCE, mobile }, { signal });
}

const PATH_OF = { risk: RISK_PATH, finance: FINANCE_PATH } as const;

describe.each(['risk', 'finance'] as const)('%s transport faults', (api) => {
  it('HTML 502 → upstream_unavailable HTTP_502, not retried', async () => {
    const error = await rejection(faultCall(client, api, 'html502'));
    expect(error).toMatchObject({
      code: 'HTTP_502',
      category: 'upstream_unavailable',
      retryable: false,
      billed: false,
    });
    expect(error.message).toContain("not JSON (starts with '<')");
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('malformed JSON → upstream_invalid, not retried', async () => {
    const error = await rejection(faultCall(client, api, 'malformed'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', category: 'upstream_invalid', retryable: false });
    expect(error.message).toMatch(/response is not JSON \(starts with '.'\)/);
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('a truncated body → network, not retried (a response had arrived)', async () => {
    const error = await rejection(faultCall(client, api, 'truncated'));
    expect(error).toMatchObject({ code: 'NETWORK', category: 'network', retryable: false, billed: false });
    expect(error.message).toContain('while reading the response body');
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('a wrong shape → upstream_invalid naming the path, billed, not retried', async () => {
    const error = await rejection(faultCall(client, api, 'wrongshape'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', category: 'upstream_invalid', billed: true });
    expect(error.message).toMatch(/unexpected response shape: result\.\w+/);
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('a reset before headers → one retry, then network', async () => {
    const error = await rejection(faultCall(client, api, 'reset'));
    expect(error).toMatchObject({ code: 'NETWORK', category: 'network', retryable: true, billed: false });
    expect(error.message).toContain('before the response headers');
    expect(sandbox.requestCount(PATH_OF[api])).toBe(2);
  });

  it('a flaky connection → succeeds on the retry', async () => {
    const result = await faultCall(client, api, 'flaky');
    expect(result.billed).toBe(true);
    expect(sandbox.requestCount(PATH_OF[api])).toBe(2);
  });

  it('numbers as strings (or scores as numbers) parse fine', async () => {
    const result = await faultCall(client, api, 'strings');
    expect(result.billed).toBe(true);
    if ('records' in result) {
      expect(result.records.length).toBeGreaterThan(0);
      expect(result.totalRecords).toBeGreaterThan(0);
      expect(result.totalPages).toBe(Math.ceil(result.totalRecords / result.pageSize));
    } else {
      expect(result.range.status).not.toBe('unrecognised');
    }
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('a slow server → TIMEOUT within the budget, no time left to retry', async () => {
    const fast = makeClient({ timeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await rejection(faultCall(fast, api, 'slow'));
      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ code: 'TIMEOUT', category: 'timeout', billed: false });
      expect(error.message).toContain('300 ms');
      expect(elapsed).toBeLessThan(300 + 250);
      // the one budget is spent waiting for headers, so there is no time left for the retry
      expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
    } finally {
      await fast.close();
    }
  });

  it('a slow body → TIMEOUT within the budget, not retried', async () => {
    const fast = makeClient({ timeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await rejection(faultCall(fast, api, 'slowbody'));
      const elapsed = performance.now() - started;
      expect(error).toMatchObject({ code: 'TIMEOUT', category: 'timeout', retryable: false });
      expect(error.message).toContain('while reading the response body');
      expect(elapsed).toBeLessThan(300 + 250);
      expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
    } finally {
      await fast.close();
    }
  });

  it('honours the caller’s AbortSignal', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = faultCall(client, api, 'slow', controller.signal);
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error).toMatchObject({ code: 'ABORTED', category: 'timeout', retryable: false });
    expect(performance.now() - started).toBeLessThan(50 + 250);
    expect(sandbox.requestCount(PATH_OF[api])).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const error = await rejection(faultCall(client, api, 'strings', AbortSignal.abort()));
    expect(error.code).toBe('ABORTED');
    expect(sandbox.requestCount()).toBe(0);
  });
});

describe('no server', () => {
  it('a refused connection → one retry, then network', async () => {
    const gone = await startSandbox();
    await gone.close();
    const sink = captureLog();
    const orphan = makeClient({
      baseUrl: gone.url,
      logger: createLogger({ level: 'debug', destination: sink.destination }),
    });
    try {
      const error = await rejection(orphan.queryRisk(DOC_RISK));
      expect(error).toMatchObject({ code: 'NETWORK', category: 'network', retryable: true, billed: false });
      expect(error.message).toContain('(ECONNREFUSED)');
      expect(sink.lines.filter((line) => line.includes('juhe attempt started'))).toHaveLength(2);
    } finally {
      await orphan.close();
    }
  });
});

describe('the success path', () => {
  it('is never retried, reuses one kept-alive connection, and keeps the key out of the URL', async () => {
    // A sandbox of its own, so connections other clients (re)open cannot be counted by mistake.
    const own = await startSandbox();
    const fresh = makeClient({ baseUrl: own.url });
    const connectedPorts: number[] = [];
    const requestPaths: string[] = [];
    const onConnected = (message: unknown) => {
      const port = (message as { connectParams: { port: string } }).connectParams.port;
      if (Number(port) === own.port) connectedPorts.push(own.port);
    };
    const onRequest = (message: unknown) => {
      const { origin, path } = (message as { request: { origin: string; path: string } }).request;
      if (origin === own.url) requestPaths.push(path);
    };
    diagnosticsChannel.subscribe('undici:client:connected', onConnected);
    diagnosticsChannel.subscribe('undici:request:create', onRequest);
    try {
      await fresh.queryRisk(DOC_RISK);
      await pause();
      await fresh.queryRisk({ ...DOC_RISK, pageIndex: 2 });
      await pause();
      await fresh.queryFinance(DOC_FINANCE);
    } finally {
      diagnosticsChannel.unsubscribe('undici:client:connected', onConnected);
      diagnosticsChannel.unsubscribe('undici:request:create', onRequest);
      await fresh.close();
      await own.close();
    }
    expect(own.requestCount(RISK_PATH)).toBe(2);
    expect(own.requestCount(FINANCE_PATH)).toBe(1);
    expect(connectedPorts).toHaveLength(1);
    expect(requestPaths).toEqual([RISK_PATH, RISK_PATH, FINANCE_PATH]);
    expect(own.requests.map((request) => [request.method, request.params.key])).toEqual([
      ['POST', '[key]'],
      ['POST', '[key]'],
      ['POST', '[key]'],
    ]);
  });
});

describe('privacy', () => {
  const SECRETS = ['11010519491231002X', '13812345678', FINANCE_KEY, RISK_KEY, '张三', '张德洲'];

  it('logs no key, 身份证, mobile or name, and no error message carries them', async () => {
    const sink = captureLog();
    const logger = createLogger({ level: 'debug', destination: sink.destination });
    const watched = makeClient({ logger });
    // the finance key sent to the risk product: Juhe answers 10001, a misconfigured (warn-level) failure
    const crossed = makeClient({ logger, riskKey: FINANCE_KEY });
    const errors: JuheError[] = [];
    try {
      errors.push(await rejection(crossed.queryRisk(DOC_RISK)));
      await watched.queryFinance(DOC_FINANCE);
      await watched.queryRisk(DOC_RISK);
      errors.push(await rejection(watched.queryFinance({ ...DOC_FINANCE, mobile: '19900000004' })));
      errors.push(
        await rejection(watched.queryFinance({ ...DOC_FINANCE, mobile: financeErrorMobile('281504') })),
      );
      errors.push(await rejection(watched.queryFinance({ ...DOC_FINANCE, idcard: '110105194912310020' })));
      errors.push(await rejection(watched.queryRisk({ ...DOC_RISK, keyword: 'FAULT:malformed' })));
    } finally {
      await watched.close();
      await crossed.close();
    }
    // the errors as the app's loggers would write them, through pino's err serializer
    for (const error of errors) logger.error({ err: error }, 'juhe query failed');
    const output = sink.lines.join('');
    expect(sink.lines.length).toBeGreaterThan(6);
    expect(output).toContain('"api":"finance"');
    expect(output).toContain('"errorCode":"10001"');
    expect(errors.map((error) => error.code)).toEqual([
      '10001',
      'INVALID_RESPONSE',
      '281504',
      '281501',
      'INVALID_RESPONSE',
    ]);
    for (const secret of SECRETS) {
      expect(output).not.toContain(secret);
      for (const error of errors) {
        expect(error.message).not.toContain(secret);
        expect(String(error.reason)).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
  });
});
