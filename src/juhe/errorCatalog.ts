import { JuheError, type JuheErrorCategory } from './errorTypes.js';
import type { JuheApi } from './types.js';

/** Where a code comes from: Juhe's system table, one product's service table, or our own transport layer. */
export type CatalogSource = 'system' | 'risk' | 'finance' | 'transport' | 'unknown';

export interface CatalogEntry {
  code: string;
  source: CatalogSource;
  category: JuheErrorCategory;
  /** transient: one more attempt may succeed (the retry policy decides whether one is made) */
  retryable: boolean;
  /** only error_code 0 is billed, so every catalog entry is false */
  billed: false;
  /** safe English text: no key, no personal data */
  message: string;
  /** the vendor doc's Chinese wording; '' for transport failures */
  vendorReason: string;
}

type EntrySpec = [code: string, category: JuheErrorCategory, message: string, vendorReason: string];

function entries(source: CatalogSource, specs: EntrySpec[], retryableCodes: string[] = []): CatalogEntry[] {
  return specs.map(([code, category, message, vendorReason]) => ({
    code,
    source,
    category,
    retryable: retryableCodes.includes(code),
    billed: false,
    message,
    vendorReason,
  }));
}

// Both vendor docs carry the same system table; key, permission and account problems are something an admin
// fixes, so they surface as "misconfigured" and their details stay in the logs.
const SYSTEM_ENTRIES = entries('system', [
  ['10001', 'misconfigured', 'Juhe rejected the API key (wrong key)', '错误的请求KEY'],
  ['10002', 'misconfigured', 'the API key has no permission for this Juhe interface', '该KEY无请求权限'],
  ['10003', 'misconfigured', 'the Juhe API key has expired', 'KEY过期'],
  ['10004', 'misconfigured', 'Juhe rejected the OPENID', '错误的OPENID'],
  [
    '10005',
    'misconfigured',
    'the Juhe application was not verified in time; submit verification',
    '应用未审核超时，请提交认证',
  ],
  ['10007', 'misconfigured', 'Juhe does not recognise the request source', '未知的请求源'],
  ['10008', 'misconfigured', "Juhe has banned this server's IP address", '被禁止的IP'],
  ['10009', 'misconfigured', 'Juhe has banned the API key', '被禁止的KEY'],
  ['10011', 'quota', "this server's IP address exceeded Juhe's request limit", '当前IP请求超过限制'],
  ['10012', 'quota', 'the Juhe request quota is used up', '请求超过次数限制'],
  ['10013', 'quota', 'the Juhe test key exceeded its request limit', '测试KEY超过请求限制'],
  [
    '10014',
    'upstream_unavailable',
    'Juhe had an internal system error',
    '系统内部异常(调用充值类业务时，请务必联系客服或通过订单查询接口检测订单，避免造成损失)',
  ],
  ['10020', 'upstream_unavailable', 'the Juhe interface is under maintenance', '接口维护'],
  ['10021', 'upstream_unavailable', 'the Juhe interface has been discontinued', '接口停用'],
]);

const RISK_ENTRIES = entries(
  'risk',
  [
    ['240101', 'network', 'Juhe reported a network error', '网络错误'],
    // The client turns 240102 into an empty RiskPage; the entry exists so the code is never "unknown".
    ['240102', 'not_found', 'no records in this source', '查无记录'],
    ['240103', 'input', 'Juhe rejected the query parameters', '参数异常'],
    ['240104', 'upstream_unavailable', 'the Juhe risk query failed', '查询失败'],
  ],
  ['240101'],
);

const FINANCE_ENTRIES = entries(
  'finance',
  [
    ['281501', 'input', 'Juhe rejected the ID card number format', '身份证号格式错误'],
    ['281502', 'input', 'Juhe rejected the name format', '姓名格式错误'],
    ['281503', 'input', 'Juhe rejected the mobile number format', '手机号格式错误'],
    ['281504', 'network', 'Juhe reported a network error', '网络异常'],
    ['281505', 'upstream_unavailable', 'the Juhe rating query failed', '查询失败'],
  ],
  ['281504'],
);

/** Failures of our own HTTP exchange (or of its set-up); the client may override `retryable` when a response had already arrived. */
const TRANSPORT_ENTRIES = entries(
  'transport',
  [
    ['TIMEOUT', 'timeout', 'the Juhe call ran out of time', ''],
    ['NETWORK', 'network', 'the connection to Juhe failed', ''],
    ['INVALID_RESPONSE', 'upstream_invalid', 'Juhe sent a response this app cannot read', ''],
    ['ABORTED', 'timeout', 'the Juhe call was cancelled', ''],
    ['NO_KEY', 'misconfigured', 'no Juhe API key is configured for this product', ''],
    // A call after close() happens while the app shuts down: to the user that is Juhe being out of reach for
    // a moment ("try again"), not a setting an admin must fix. Not retryable: this client will not reopen.
    ['CLOSED', 'network', 'the Juhe client has been closed', ''],
    // Never sent: the call waited JUHE_QUEUE_TIMEOUT_MS for one of the JUHE_MAX_CONCURRENCY slots.
    ['BUSY', 'busy', 'too many Juhe calls were waiting for a slot', ''],
  ],
  ['TIMEOUT', 'NETWORK'],
);

/** Every error_code the two vendor docs list (system table once), in doc order. */
export const JUHE_CODES: readonly string[] = [...SYSTEM_ENTRIES, ...RISK_ENTRIES, ...FINANCE_ENTRIES].map(
  (entry) => entry.code,
);

const CATALOG: ReadonlyMap<string, CatalogEntry> = new Map(
  [...SYSTEM_ENTRIES, ...RISK_ENTRIES, ...FINANCE_ENTRIES, ...TRANSPORT_ENTRIES].map((entry) => [
    entry.code,
    entry,
  ]),
);

/** Juhe codes whose failure is transient on Juhe's side (its own "network error"). */
export const RETRYABLE_JUHE_CODES: ReadonlySet<string> = new Set(
  JUHE_CODES.filter((code) => CATALOG.get(code)?.retryable === true),
);

const HTTP_STATUS_CODE = /^HTTP_(\d{3})$/;
const SAFE_UNKNOWN_CODE = /^-?\d{1,12}$/;

/**
 * The catalog entry for a Juhe error_code, a transport code (TIMEOUT, NETWORK, INVALID_RESPONSE, ABORTED,
 * NO_KEY, CLOSED) or HTTP_<status>. Codes nobody documented are treated as Juhe being unavailable, not as a
 * crash.
 */
export function describeJuheCode(code: string): CatalogEntry {
  const known = CATALOG.get(code);
  if (known) return known;
  const http = HTTP_STATUS_CODE.exec(code);
  if (http) {
    return {
      code,
      source: 'transport',
      category: 'upstream_unavailable',
      retryable: false,
      billed: false,
      message: `Juhe answered HTTP ${http[1]}`,
      vendorReason: '',
    };
  }
  // The code itself lands in the message, so anything that is not a plain number is left out.
  const shown = SAFE_UNKNOWN_CODE.test(code) ? code : '(not a number)';
  return {
    code,
    source: 'unknown',
    category: 'upstream_unavailable',
    retryable: false,
    billed: false,
    message: `Juhe returned an undocumented error_code ${shown}`,
    vendorReason: '',
  };
}

const API_NAMES: Record<JuheApi, string> = { risk: 'personal risk', finance: 'economic rating' };

/**
 * A JuheError for an error_code Juhe returned. Its `reason` is the vendor doc's text for the code, never the
 * `reason` Juhe sent: Juhe may echo request values (a name, a 身份证, a mobile) into that, and the error travels
 * into logs through pino's err serializer.
 */
export function juheErrorFromCode(api: JuheApi, code: string): JuheError {
  const entry = describeJuheCode(code);
  const message = `Juhe ${API_NAMES[api]} query failed: ${entry.message} (error_code ${SAFE_UNKNOWN_CODE.test(code) ? code : '?'})`;
  return new JuheError({
    api,
    code,
    category: entry.category,
    message,
    retryable: entry.retryable,
    billed: false,
    ...(entry.vendorReason === '' ? {} : { reason: entry.vendorReason }),
  });
}

export type TransportCode =
  | 'TIMEOUT'
  | 'NETWORK'
  | 'INVALID_RESPONSE'
  | 'ABORTED'
  | 'NO_KEY'
  | 'CLOSED'
  | 'BUSY'
  | `HTTP_${number}`;

/** A JuheError for a transport-level failure, with a message naming what happened. */
export function transportError(
  api: JuheApi,
  code: TransportCode,
  detail: string,
  overrides: { retryable?: boolean; billed?: boolean } = {},
): JuheError {
  const entry = describeJuheCode(code);
  return new JuheError({
    api,
    code,
    category: entry.category,
    message: `Juhe ${API_NAMES[api]} query failed: ${detail}`,
    retryable: overrides.retryable ?? entry.retryable,
    billed: overrides.billed ?? false,
  });
}
