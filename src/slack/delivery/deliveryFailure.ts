import { ResponseUrlError } from '../responseUrl.js';
import { slackPlatformError } from '../slackApiErrors.js';

/**
 * What a failed Slack call means for a delivery: wait and try again (how long Slack asked, or backoff),
 * or give up on this way and deliver another (the error will not go away by waiting).
 */
export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number; reason: string }
  | { kind: 'transient'; reason: string }
  | { kind: 'permanent'; reason: string };

export function classifyDeliveryFailure(error: unknown): DeliveryFailure {
  // a rejection need not be an object (`throw undefined`): classifying it must not throw in its place
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
  };
  if (record.code === 'slack_webapi_rate_limited_error') {
    const seconds = Number(record.retryAfter);
    return {
      kind: 'rate_limited',
      retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 1,
      reason: 'HTTP 429',
    };
  }
  if (record.code === 'slack_webapi_http_error') {
    const status = Number(record.statusCode);
    return status >= 500 || status === 408
      ? { kind: 'transient', reason: `HTTP ${status}` }
      : { kind: 'permanent', reason: `HTTP ${status}` };
  }
  if (record.code === 'slack_webapi_request_error') return { kind: 'transient', reason: 'network error' };
  const platform = slackPlatformError(error);
  if (platform !== undefined) {
    // Slack's own "try later" answers, sent with HTTP 200 and ok: false
    return platform === 'internal_error' || platform === 'fatal_error' || platform === 'service_unavailable'
      ? { kind: 'transient', reason: platform }
      : { kind: 'permanent', reason: platform };
  }
  if (error instanceof ResponseUrlError) {
    // 404 / 410: used up or expired, and it stays so
    return error.status >= 500 || error.status === 429
      ? { kind: 'transient', reason: error.message }
      : { kind: 'permanent', reason: error.message };
  }
  return { kind: 'transient', reason: error instanceof Error ? error.name : 'unknown error' };
}

/** Seconds before retry `attempt` (1-based) after a 5xx or a network error: 1, 2, 4 … capped at 60. */
export function backoffSeconds(attempt: number): number {
  return Math.min(60, 2 ** Math.max(0, attempt - 1));
}
