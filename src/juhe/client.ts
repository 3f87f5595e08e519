import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, request } from 'undici';
import { parseJuheDate } from '../domain/juheDate.js';
import { decodeScore } from '../domain/rating.js';
import type { Logger } from '../logging/logger.js';
import { shortHexId } from '../logging/shortIds.js';
import { type CallSlot, createJuheCallQueue, type JuheCallQueue } from './callQueue.js';
import { juheErrorFromCode, transportError } from './errorCatalog.js';
import { JuheError } from './errorTypes.js';
import { DEFAULT_PAGE_INDEX, DEFAULT_PAGE_SIZE, financeFormBody, riskFormBody } from './formBody.js';
import {
  type AttemptOutcome,
  DEFAULT_RETRY_DELAY_MS,
  type JitterWindow,
  retryDelayMs,
  shouldRetry,
} from './retryPolicy.js';
import {
  type JuheEnvelope,
  parseEnvelope,
  parseFinanceResult,
  parseRiskResult,
  type RiskResultWire,
} from './schemas.js';
import { createInProcessSlotStore } from './slotStore.js';
import type {
  CallOptions,
  FinanceQuery,
  FinanceRating,
  JuheApi,
  JuheService,
  RiskPage,
  RiskQuery,
  RiskRecord,
} from './types.js';

export interface JuheClientOptions {
  /** e.g. https://apis.juhe.cn (no trailing path) */
  baseUrl: string;
  riskKey?: string;
  financeKey?: string;
  /** one budget for the whole call: connect, headers, full body, and the retry if one is made */
  timeoutMs?: number;
  logger: Logger;
  /** an undici dispatcher to use instead of the client's own keep-alive Agent (not closed by close()) */
  dispatcher?: Dispatcher;
  /** [0, 1) source for the retry jitter; Math.random by default */
  random?: () => number;
  /** the window the retry delay is drawn from */
  retryDelayMs?: JitterWindow;
  /**
   * The queue in front of each API's key (JUHE_MAX_CONCURRENCY across instances with Redis); default an
   * in-process queue of `maxConcurrency` slots with a `queueTimeoutMs` wait bound. Closed by close().
   */
  queues?: Partial<Record<JuheApi, JuheCallQueue>>;
  /** JUHE_MAX_CONCURRENCY: also the size of the connection pool, so no call waits inside undici */
  maxConcurrency?: number;
  /** JUHE_QUEUE_TIMEOUT_MS for the default queues */
  queueTimeoutMs?: number;
  /** one call ended (retries inside it included): for GET /metrics */
  onCallEnded?: (api: JuheApi, outcome: string, seconds: number, billed: boolean) => void;
}

/**
 * JUHE_MAX_CONCURRENCY unset. Juhe publishes no concurrency limit: its docs for both APIs
 * (docs/juhe/personRisk-query.txt and financeInfo-query.txt, copies of the vendor docs) list only 10011 当前IP请求超过限制 and
 * 10012 请求超过次数限制, with no figure, so this is the default issue 12 set for that case; a 10011/10012
 * makes the whole queue back off whatever the setting.
 */
export const DEFAULT_MAX_CONCURRENCY = 20;
export const DEFAULT_QUEUE_TIMEOUT_MS = 60_000;

/** Juhe's "slow down": 当前IP请求超过限制 and 请求超过次数限制. The whole queue backs off, then the call goes again. */
const SLOW_DOWN_CODES: ReadonlySet<string> = new Set(['10011', '10012']);

/** The whole-request budget of one call when none is given; also JUHE_TIMEOUT_MS's default. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Juhe answers are a few KB (ten records a page); a page this large is not a sane Juhe answer: it is
 * refused as invalid upstream data, never parsed, cached or stored, so one bad answer cannot take the
 * page cache's byte budget or the heap (issue 12 measured 1.5 MB pages taking an instance to OOM).
 */
export const MAX_BODY_BYTES = 512 * 1024;
/** Error bodies (HTML gateways pages) are only sniffed, so less of them is read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A retry with less time than this left could not finish, so it is not started. */
const MIN_RETRY_BUDGET_MS = 50;

const PATHS: Record<JuheApi, string> = { risk: '/personRisk/query', finance: '/financeInfo/query' };
const KEY_SETTINGS: Record<JuheApi, string> = { risk: 'JUHE_RISK_KEY', finance: 'JUHE_FINANCE_KEY' };

/** What one attempt produced: a value, or an error plus what the retry policy needs to know about it. */
type AttemptResult<T> =
  | { ok: true; value: T; billed: boolean; errorCode: number }
  | { ok: false; error: JuheError; outcome: AttemptOutcome };

interface RawResponse {
  status: number;
  text: string;
}

/** A failure of the HTTP exchange itself, before any interpretation of the body. */
class ExchangeFailure extends Error {
  constructor(
    readonly error: JuheError,
    readonly outcome: AttemptOutcome,
    /** false only when the request surely never reached Juhe (the connection could not be opened) */
    readonly sent = true,
  ) {
    super(error.message);
  }
}

class BodyTooLarge extends Error {}

/**
 * Reads the body up to `maxBytes`. Past that, a success body is refused (BodyTooLarge) and an error body is
 * cut short: error bodies are only sniffed for JSON, so their start is enough.
 */
async function readBounded(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  overflow: 'refuse' | 'truncate',
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    if (size + buffer.length > maxBytes) {
      body.destroy();
      if (overflow === 'refuse') throw new BodyTooLarge();
      chunks.push(buffer.subarray(0, maxBytes - size));
      break;
    }
    size += buffer.length;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** "starts with '<'": enough to tell HTML from JSON without echoing a body that may hold request values. */
function describeStart(text: string): string {
  const first = text.trimStart().codePointAt(0);
  if (first === undefined) return 'is empty';
  const char = String.fromCodePoint(first);
  return /^[\x21-\x7e]$/.test(char)
    ? `starts with '${char}'`
    : `starts with U+${first.toString(16).toUpperCase().padStart(4, '0')}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Connection failures before any byte was sent: Juhe never saw the request, so it cannot have billed it. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'unknown error';
}

function shortCallId(): string {
  return shortHexId();
}

export function createJuheClient(options: JuheClientOptions): JuheService {
  const baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  const random = options.random ?? Math.random;
  const jitter = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const queueTimeoutMs = options.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  const queueFor = (api: JuheApi): JuheCallQueue =>
    options.queues?.[api] ??
    createJuheCallQueue({ api, store: createInProcessSlotStore({ limit: maxConcurrency }), queueTimeoutMs });
  const queues: Record<JuheApi, JuheCallQueue> = { risk: queueFor('risk'), finance: queueFor('finance') };
  // One Agent keeps connections alive across calls. A connect attempt gets a third of the budget, so a dead
  // address still leaves time for the one retry.
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        // as many as calls may be open at once: a call that has its slot never waits for a connection
        connections: maxConcurrency,
        connectTimeout: Math.max(50, Math.floor(timeoutMs / 3)),
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  let closed = false;

  async function exchange(
    api: JuheApi,
    body: string,
    budgetMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, budgetMs);
    const onCallerAbort = () => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let headersArrived = false;
    try {
      const response = await request(`${baseUrl}${PATHS[api]}`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: controller.signal,
      });
      headersArrived = true;
      if (response.statusCode !== 200) {
        const text = await readBounded(response.body, MAX_ERROR_BODY_BYTES, 'truncate');
        return { status: response.statusCode, text };
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
        response.body.destroy();
        throw new BodyTooLarge();
      }
      return { status: 200, text: await readBounded(response.body, MAX_BODY_BYTES, 'refuse') };
    } catch (error) {
      const phase = headersArrived ? 'response_failed' : 'no_response';
      const where = headersArrived ? 'while reading the response body' : 'before the response headers';
      if (callerSignal?.aborted) {
        throw new ExchangeFailure(transportError(api, 'ABORTED', 'the call was cancelled by the caller'), {
          kind: 'aborted',
        });
      }
      if (timedOut) {
        throw new ExchangeFailure(
          transportError(
            api,
            'TIMEOUT',
            `no complete response within the ${timeoutMs} ms budget (${where})`,
            {
              retryable: !headersArrived,
            },
          ),
          { kind: phase, cause: 'timeout' },
        );
      }
      if (error instanceof BodyTooLarge) {
        throw new ExchangeFailure(
          transportError(api, 'INVALID_RESPONSE', `response body larger than ${limitText(MAX_BODY_BYTES)}`),
          { kind: 'response_failed', cause: 'invalid_body' },
        );
      }
      throw new ExchangeFailure(
        transportError(api, 'NETWORK', `the connection to Juhe failed ${where} (${errorCodeOf(error)})`, {
          retryable: !headersArrived,
        }),
        { kind: phase, cause: 'network' },
        headersArrived || !NOT_SENT_CODES.has(errorCodeOf(error)),
      );
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** Turns a complete HTTP response into a value or a classified failure. */
  function interpret<T>(
    api: JuheApi,
    response: RawResponse,
    onSuccess: (envelope: JuheEnvelope) => T,
    onError: (envelope: JuheEnvelope) => T | undefined,
  ): AttemptResult<T> {
    const json = parseJson(response.text);
    if (response.status !== 200) {
      // A JSON envelope with a Juhe code says more than the status; anything else (a gateway's HTML) is the status.
      const envelope = json.ok ? tryEnvelope(api, json.value) : undefined;
      if (envelope && envelope.error_code !== 0) return fromErrorCode(api, envelope, onError);
      const what = json.ok
        ? 'a JSON body without a Juhe error_code'
        : `a body that is not JSON (${describeStart(response.text)})`;
      return {
        ok: false,
        error: transportError(
          api,
          `HTTP_${response.status}`,
          `Juhe answered HTTP ${response.status} with ${what}`,
        ),
        outcome: { kind: 'response_failed', cause: 'http_status' },
      };
    }
    if (!json.ok) {
      return {
        ok: false,
        error: transportError(
          api,
          'INVALID_RESPONSE',
          `response is not JSON (${describeStart(response.text)})`,
        ),
        outcome: { kind: 'response_failed', cause: 'invalid_body' },
      };
    }
    try {
      const envelope = parseEnvelope(api, json.value);
      if (envelope.error_code !== 0) return fromErrorCode(api, envelope, onError);
      return { ok: true, value: onSuccess(envelope), billed: true, errorCode: 0 };
    } catch (error) {
      if (!(error instanceof JuheError)) throw error;
      return { ok: false, error, outcome: { kind: 'response_failed', cause: 'invalid_body' } };
    }
  }

  function tryEnvelope(api: JuheApi, json: unknown): JuheEnvelope | undefined {
    try {
      return parseEnvelope(api, json);
    } catch {
      return undefined;
    }
  }

  function fromErrorCode<T>(
    api: JuheApi,
    envelope: JuheEnvelope,
    onError: (envelope: JuheEnvelope) => T | undefined,
  ): AttemptResult<T> {
    const handled = onError(envelope);
    if (handled !== undefined)
      return { ok: true, value: handled, billed: false, errorCode: envelope.error_code };
    const code = String(envelope.error_code);
    return {
      ok: false,
      // envelope.reason stays behind: Juhe may echo request values into it
      error: juheErrorFromCode(api, code),
      outcome: { kind: 'juhe_error', code },
    };
  }

  /**
   * One call: a slot first (the queue), then the attempts with the whole JUHE_TIMEOUT_MS budget from the
   * moment the slot is had. A 10011/10012 answer makes the whole queue back off and the call waits again
   * (still within its own queue deadline) instead of failing; the one whose wait runs out gets that answer.
   */
  async function call<T>(
    api: JuheApi,
    key: string | undefined,
    formBody: (key: string) => string,
    onSuccess: (envelope: JuheEnvelope) => T,
    onError: (envelope: JuheEnvelope) => T | undefined,
    callOptions: CallOptions | undefined,
  ): Promise<T> {
    const log = options.logger.child({ api, call: shortCallId() });
    const queue = queues[api];
    const deadline = performance.now() + queueTimeoutMs;
    const signal = callOptions?.signal;
    const enterOptions = {
      deadline,
      ...(signal ? { signal } : {}),
      ...(callOptions?.onQueued ? { onQueued: callOptions.onQueued } : {}),
    };
    for (;;) {
      // a closed client's queues are closed too: enter() refuses with CLOSED
      let slot: CallSlot;
      try {
        slot = await queue.enter(enterOptions);
      } catch (error) {
        if (error instanceof JuheError) options.onCallEnded?.(api, error.code, 0, false);
        if (error instanceof JuheError && error.code === 'BUSY') {
          log.warn(
            { path: PATHS[api], queueTimeoutMs, waiting: queue.waiting },
            'juhe call not sent: queue timeout',
          );
        }
        throw error;
      }
      if (slot.waitedMs >= 1) log.debug({ waitedMs: Math.round(slot.waitedMs) }, 'juhe slot after waiting');
      const started = performance.now();
      let slowDown: JuheError | undefined;
      try {
        const answered = await attempts(api, key, formBody, onSuccess, onError, signal, log);
        queue.answered();
        // 查无记录 (240102) is an answer too, and not billed
        options.onCallEnded?.(
          api,
          String(answered.errorCode),
          (performance.now() - started) / 1000,
          answered.billed,
        );
        return answered.value;
      } catch (error) {
        const ended = error instanceof JuheError ? error : undefined;
        options.onCallEnded?.(
          api,
          ended?.code ?? 'UNEXPECTED',
          (performance.now() - started) / 1000,
          ended?.billed ?? false,
        );
        if (ended === undefined || !SLOW_DOWN_CODES.has(ended.code)) throw error;
        slowDown = ended;
      } finally {
        slot.release();
      }
      const pausedMs = await queue.backOff();
      log.warn(
        { errorCode: slowDown.code, pausedMs, waiting: queue.waiting },
        'juhe asked to slow down: every call waits, then this one goes again',
      );
      // no time left in this call's own wait: it ends with Juhe's answer, the waiters behind it go on
      if (deadline - performance.now() < pausedMs) throw slowDown;
    }
  }

  async function attempts<T>(
    api: JuheApi,
    key: string | undefined,
    formBody: (key: string) => string,
    onSuccess: (envelope: JuheEnvelope) => T,
    onError: (envelope: JuheEnvelope) => T | undefined,
    signal: AbortSignal | undefined,
    log: Logger,
  ): Promise<{ value: T; errorCode: number; billed: boolean }> {
    const path = PATHS[api];
    if (closed) {
      log.debug({ path }, 'juhe call refused: client closed');
      throw transportError(api, 'CLOSED', 'the client has been closed (the app is shutting down)');
    }
    if (!key?.trim()) {
      log.warn(
        { path, errorCode: 'NO_KEY', category: 'misconfigured' },
        'juhe call refused: no key configured',
      );
      throw transportError(api, 'NO_KEY', `no API key configured (${KEY_SETTINGS[api]})`);
    }
    const started = performance.now();
    const body = formBody(key);
    // An attempt that reached Juhe and ended without an answer read with a non-zero error_code (a timeout,
    // a dropped connection, a gateway's page) may have been billed: the error that ends the call says so,
    // whichever attempt it came from, and budgets keep such a call counted.
    let mayHaveBilled = false;
    const ending = (error: JuheError): JuheError =>
      mayHaveBilled && !error.mayHaveBilled
        ? new JuheError({
            api: error.api,
            code: error.code,
            category: error.category,
            message: error.message,
            retryable: error.retryable,
            billed: error.billed,
            mayHaveBilled: true,
            ...(error.reason === undefined ? {} : { reason: error.reason }),
          })
        : error;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted)
        throw ending(transportError(api, 'ABORTED', 'the call was cancelled by the caller'));
      const budgetMs = Math.max(1, Math.round(started + timeoutMs - performance.now()));
      const attemptStarted = performance.now();
      log.debug({ path, attempt, budgetMs }, 'juhe attempt started');
      let result: AttemptResult<T>;
      let status: number | undefined;
      try {
        const response = await exchange(api, body, budgetMs, signal);
        status = response.status;
        result = interpret(api, response, onSuccess, onError);
      } catch (error) {
        if (!(error instanceof ExchangeFailure)) throw error;
        if (error.sent) mayHaveBilled = true;
        result = { ok: false, error: error.error, outcome: error.outcome };
      }
      if (!result.ok && result.outcome.kind !== 'juhe_error' && status !== undefined) mayHaveBilled = true;
      const latencyMs = Math.round(performance.now() - attemptStarted);
      if (result.ok) {
        log.debug(
          { path, attempt, status, latencyMs, errorCode: result.errorCode, billed: result.billed },
          'juhe call finished',
        );
        return { value: result.value, errorCode: result.errorCode, billed: result.billed };
      }
      const { error, outcome } = result;
      const failure = { path, attempt, status, latencyMs, errorCode: error.code, category: error.category };
      if (!shouldRetry(outcome, attempt)) {
        log[levelOfFailure(error)]({ ...failure, billed: error.billed }, 'juhe call failed');
        throw ending(error);
      }
      const delayMs = retryDelayMs(jitter, random);
      const remainingMs = started + timeoutMs - performance.now() - delayMs;
      if (remainingMs < MIN_RETRY_BUDGET_MS) {
        log[levelOfFailure(error)](
          { ...failure, billed: false, remainingMs: Math.round(remainingMs) },
          'juhe call failed: no time to retry',
        );
        throw ending(error);
      }
      log.debug({ ...failure, delayMs }, 'juhe attempt failed; retrying');
      try {
        await sleep(delayMs, undefined, signal ? { signal } : undefined);
      } catch {
        throw ending(transportError(api, 'ABORTED', 'the call was cancelled by the caller'));
      }
    }
  }

  function toRiskPage(query: RiskQuery, result: RiskResultWire, envelope: JuheEnvelope): RiskPage {
    const pageSize = positive(result.pageSize) ?? query.pageSize ?? DEFAULT_PAGE_SIZE;
    const pageIndex = positive(result.pageIndex) ?? query.pageIndex ?? DEFAULT_PAGE_INDEX;
    // Records on this page prove the pages before it and these records exist, whatever totalRecords says; an
    // empty page proves nothing, so then Juhe's count stands (or, when it sent none, the estimate does).
    const shownSoFar = (pageIndex - 1) * pageSize + result.data.length;
    const totalRecords = Math.max(result.totalRecords ?? shownSoFar, result.data.length > 0 ? shownSoFar : 0);
    return {
      type: query.type,
      pageIndex,
      pageSize,
      totalRecords,
      totalPages: totalRecords === 0 ? 0 : Math.ceil(totalRecords / pageSize),
      records: result.data.map(
        (record): RiskRecord => ({
          caseNo: record.CaseNo,
          publishedDate: parseJuheDate(record.Date),
          court: record.ExecuteGov,
          id: record.Id,
          personName: record.PersonName,
          relations: record.Relation.map((relation) => ({
            type: relation.Type,
            description: relation.TypeDesc,
            fulfilment: relation.Value,
          })),
        }),
      ),
      orderId: result.orderid ?? envelope.orderid ?? null,
      billed: true,
      noRecords: false,
    };
  }

  function noRecordsPage(query: RiskQuery, envelope: JuheEnvelope): RiskPage {
    return {
      type: query.type,
      pageIndex: query.pageIndex ?? DEFAULT_PAGE_INDEX,
      pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE,
      totalRecords: 0,
      totalPages: 0,
      records: [],
      orderId: envelope.orderid ?? null,
      billed: false,
      noRecords: true,
    };
  }

  return {
    queryRisk(query, callOptions) {
      return call(
        'risk',
        options.riskKey,
        (key) => riskFormBody(key, query),
        (envelope) => toRiskPage(query, parseRiskResult(envelope.result), envelope),
        // 查无记录 is an answer, not a failure: "no records in this source"
        (envelope) => (envelope.error_code === 240102 ? noRecordsPage(query, envelope) : undefined),
        callOptions,
      );
    },
    queryFinance(query: FinanceQuery, callOptions) {
      return call(
        'finance',
        options.financeKey,
        (key) => financeFormBody(key, query),
        (envelope): FinanceRating => {
          const result = parseFinanceResult(envelope.result);
          return {
            orderId: result.orderid ?? envelope.orderid ?? null,
            range: decodeScore('range', result.range),
            history: decodeScore('history', result.history),
            stability: decodeScore('stability', result.stability),
            billed: true,
          };
        },
        () => undefined,
        callOptions,
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([queues.risk.close(), queues.finance.close()]);
      await ownAgent?.close();
    },
  };
}

/**
 * Failures an admin has to act on (a key, a permission, a quota) are logged at warn so they show at the
 * default level; the rest are transient or the caller's business and stay at debug. The line carries the
 * code, category, api (child binding) and latency: never the key or the query.
 */
function levelOfFailure(error: JuheError): 'warn' | 'debug' {
  return error.category === 'misconfigured' || error.category === 'quota' ? 'warn' : 'debug';
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function limitText(bytes: number): string {
  return `${bytes / 1024} KB`;
}
