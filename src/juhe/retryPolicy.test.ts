import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, MAX_ATTEMPTS, retryDelayMs, shouldRetry } from './retryPolicy.js';

const TABLE: [name: string, outcome: AttemptOutcome, firstAttempt: boolean][] = [
  ['billed success', { kind: 'success' }, false],
  ['connect error / reset before headers', { kind: 'no_response', cause: 'network' }, true],
  ['timeout before headers', { kind: 'no_response', cause: 'timeout' }, true],
  ['risk network code 240101', { kind: 'juhe_error', code: '240101' }, true],
  ['finance network code 281504', { kind: 'juhe_error', code: '281504' }, true],
  ['no records 240102', { kind: 'juhe_error', code: '240102' }, false],
  ['query failed 240104', { kind: 'juhe_error', code: '240104' }, false],
  ['query failed 281505', { kind: 'juhe_error', code: '281505' }, false],
  ['system error 10014', { kind: 'juhe_error', code: '10014' }, false],
  ['quota 10012', { kind: 'juhe_error', code: '10012' }, false],
  ['unknown code', { kind: 'juhe_error', code: '999999' }, false],
  ['HTTP 5xx with a body', { kind: 'response_failed', cause: 'http_status' }, false],
  ['malformed body', { kind: 'response_failed', cause: 'invalid_body' }, false],
  ['timeout during body read', { kind: 'response_failed', cause: 'timeout' }, false],
  ['truncated body', { kind: 'response_failed', cause: 'network' }, false],
  ['caller abort', { kind: 'aborted' }, false],
];

describe('shouldRetry', () => {
  it.each(TABLE)('%s after the first attempt: %s', (_name, outcome, expected) => {
    expect(shouldRetry(outcome, 1)).toBe(expected);
  });

  it.each(TABLE)('%s after the second attempt: never', (_name, outcome) => {
    expect(shouldRetry(outcome, MAX_ATTEMPTS)).toBe(false);
  });

  it('allows two attempts in all', () => {
    expect(MAX_ATTEMPTS).toBe(2);
  });
});

describe('retryDelayMs', () => {
  it('draws from the window', () => {
    expect(retryDelayMs({ min: 100, max: 400 }, () => 0)).toBe(100);
    expect(retryDelayMs({ min: 100, max: 400 }, () => 0.5)).toBe(250);
    expect(retryDelayMs({ min: 100, max: 400 }, () => 0.999999)).toBe(400);
  });

  it('tolerates a reversed or negative window', () => {
    expect(retryDelayMs({ min: 5, max: 1 }, () => 0.5)).toBe(1);
    expect(retryDelayMs({ min: -10, max: 0 }, () => 0.5)).toBe(0);
  });
});
