import { RETRYABLE_JUHE_CODES } from './errorCatalog.js';

/**
 * What one HTTP attempt came to, as far as retrying is concerned. The line that matters is whether a
 * response arrived: once Juhe has answered, the call may have been billed, so it is not repeated.
 */
export type AttemptOutcome =
  /** a body with error_code 0: billed */
  | { kind: 'success' }
  /** a readable envelope with a non-zero error_code */
  | { kind: 'juhe_error'; code: string }
  /** nothing came back: connect error, reset or timeout before the response headers */
  | { kind: 'no_response'; cause: 'network' | 'timeout' }
  /** headers arrived, then something went wrong: HTTP status, unreadable or oversized body, failure mid-body */
  | { kind: 'response_failed'; cause: 'http_status' | 'invalid_body' | 'network' | 'timeout' }
  /** the caller gave up */
  | { kind: 'aborted' };

/** One retry at most: two attempts in all. */
export const MAX_ATTEMPTS = 2;

/**
 * Whether to make another attempt after `attempt` (1-based) ended with `outcome`. Time is not considered
 * here; the client also needs enough of the call's budget left.
 */
export function shouldRetry(outcome: AttemptOutcome, attempt: number): boolean {
  if (attempt >= MAX_ATTEMPTS) return false;
  switch (outcome.kind) {
    case 'no_response':
      return true;
    case 'juhe_error':
      return RETRYABLE_JUHE_CODES.has(outcome.code);
    case 'success':
    case 'response_failed':
    case 'aborted':
      return false;
  }
}

export interface JitterWindow {
  min: number;
  max: number;
}

export const DEFAULT_RETRY_DELAY_MS: JitterWindow = { min: 100, max: 400 };

/** A delay drawn uniformly from the window, so that many clients failing together do not retry together. */
export function retryDelayMs(window: JitterWindow, random: () => number): number {
  const low = Math.max(0, Math.min(window.min, window.max));
  const high = Math.max(low, window.max);
  return Math.round(low + random() * (high - low));
}
