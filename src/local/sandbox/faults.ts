import { JUHE_ERROR_CODES } from './juheCodes.js';

/*
 * Fault injection. Reserved inputs make the sandbox misbehave in one specific way: personRisk reads the
 * `keyword`, financeInfo the `mobile`. Triggers are checked right after the key check, before any other
 * validation, so tests can pair them with any otherwise plausible input.
 */

export type Fault =
  /** wait before sending headers, then answer normally; `delayMs` overrides the sandbox's slowMs */
  | { kind: 'slow'; delayMs?: number }
  /** headers at once, body trickles out over slowMs */
  | { kind: 'slowBody' }
  | { kind: 'html502' }
  | { kind: 'malformedJson' }
  /** Content-Length promises more than is sent, then the socket is destroyed */
  | { kind: 'truncated' }
  /** error_code 0 with a result of the wrong shape */
  | { kind: 'wrongShape' }
  | { kind: 'reset' }
  /** reset on the first request with these parameters, a normal answer afterwards */
  | { kind: 'flaky' }
  /** error_code and numbers as strings (risk), or scores as numbers (finance) */
  | { kind: 'typesSwapped' }
  /** an error envelope; `weirdResult` replaces the usual null result */
  | { kind: 'error'; code: number; weirdResult?: '' | Record<string, never> }
  /** a reserved FAULT:/ERROR: keyword that names no fault: answered as 参数异常 so typos surface */
  | { kind: 'unrecognisedTrigger' };

const QUOTA_CODE = 10012;
const MAINTENANCE_CODE = 10020;

const RISK_KEYWORD_FAULTS: ReadonlyMap<string, Fault> = new Map<string, Fault>([
  ['FAULT:slow', { kind: 'slow' }],
  ['FAULT:slowbody', { kind: 'slowBody' }],
  ['FAULT:html502', { kind: 'html502' }],
  ['FAULT:malformed', { kind: 'malformedJson' }],
  ['FAULT:truncated', { kind: 'truncated' }],
  ['FAULT:wrongshape', { kind: 'wrongShape' }],
  ['FAULT:reset', { kind: 'reset' }],
  ['FAULT:flaky', { kind: 'flaky' }],
  ['FAULT:strings', { kind: 'typesSwapped' }],
  ['FAULT:quota', { kind: 'error', code: QUOTA_CODE }],
  ['FAULT:maintenance', { kind: 'error', code: MAINTENANCE_CODE }],
]);

const FINANCE_MOBILE_FAULTS: ReadonlyMap<string, Fault> = new Map<string, Fault>([
  ['19900000001', { kind: 'slow' }],
  ['19900000002', { kind: 'slowBody' }],
  ['19900000003', { kind: 'html502' }],
  ['19900000004', { kind: 'malformedJson' }],
  ['19900000005', { kind: 'truncated' }],
  ['19900000006', { kind: 'wrongShape' }],
  ['19900000007', { kind: 'reset' }],
  ['19900000008', { kind: 'flaky' }],
  ['19900000009', { kind: 'typesSwapped' }],
  ['19900000010', { kind: 'error', code: QUOTA_CODE }],
  ['19900000011', { kind: 'error', code: MAINTENANCE_CODE }],
]);

const KNOWN_ERROR_CODES: ReadonlySet<number> = new Set(JUHE_ERROR_CODES);

const SLOW_WITH_DELAY = /^FAULT:slow-(\d{1,6})$/;
const ERROR_TRIGGER = /^ERROR:(\d{5,6})(?::(weird|weird-object))?$/;
/** `198` + the error code zero-padded to 8 digits, e.g. 19800010012 or 19800281504 */
const ERROR_MOBILE = /^198(\d{8})$/;

export function riskFaultFor(keyword: string): Fault | undefined {
  const listed = RISK_KEYWORD_FAULTS.get(keyword);
  if (listed) return listed;
  const slow = SLOW_WITH_DELAY.exec(keyword);
  if (slow) return { kind: 'slow', delayMs: Number(slow[1]) };
  const error = ERROR_TRIGGER.exec(keyword);
  if (error) {
    const code = Number(error[1]);
    if (!KNOWN_ERROR_CODES.has(code)) return { kind: 'unrecognisedTrigger' };
    if (error[2] === 'weird') return { kind: 'error', code, weirdResult: '' };
    if (error[2] === 'weird-object') return { kind: 'error', code, weirdResult: {} };
    return { kind: 'error', code };
  }
  if (keyword.startsWith('FAULT:') || keyword.startsWith('ERROR:')) return { kind: 'unrecognisedTrigger' };
  return undefined;
}

/** Mobiles outside the reserved numbers (including 198… numbers that name no known code) are ordinary. */
export function financeFaultFor(mobile: string): Fault | undefined {
  const listed = FINANCE_MOBILE_FAULTS.get(mobile);
  if (listed) return listed;
  const error = ERROR_MOBILE.exec(mobile);
  if (error) {
    const code = Number(error[1]);
    if (KNOWN_ERROR_CODES.has(code)) return { kind: 'error', code };
  }
  return undefined;
}

/** The reserved mobile that triggers error `code` on financeInfo. */
export function financeErrorMobile(code: number): string {
  return `198${String(code).padStart(8, '0')}`;
}
