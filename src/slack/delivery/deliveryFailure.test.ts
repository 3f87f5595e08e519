import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ResponseUrlError } from '../responseUrl.js';
import { backoffSeconds, classifyDeliveryFailure } from './deliveryFailure.js';

const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });
const http = (status: number) => new webApi.WebAPIHTTPError(status, 'status text', {}, '');

describe('classifyDeliveryFailure on the Web API client’s errors', () => {
  it('a rate limit waits as long as Slack asked', () => {
    expect(classifyDeliveryFailure(new webApi.WebAPIRateLimitedError(7))).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: 7,
      reason: 'HTTP 429',
    });
    expect(classifyDeliveryFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 })).toEqual({
      kind: 'rate_limited',
      retryAfterSeconds: 30,
      reason: 'HTTP 429',
    });
  });

  it('a rate limit without a usable Retry-After waits one second', () => {
    for (const retryAfter of [undefined, 0, -5, 'soon', Number.NaN]) {
      expect(classifyDeliveryFailure({ code: 'slack_webapi_rate_limited_error', retryAfter })).toEqual({
        kind: 'rate_limited',
        retryAfterSeconds: 1,
        reason: 'HTTP 429',
      });
    }
  });

  it('HTTP 5xx and 408 are transient; other statuses are permanent', () => {
    expect(classifyDeliveryFailure(http(500))).toEqual({ kind: 'transient', reason: 'HTTP 500' });
    expect(classifyDeliveryFailure(http(503))).toEqual({ kind: 'transient', reason: 'HTTP 503' });
    expect(classifyDeliveryFailure(http(408))).toEqual({ kind: 'transient', reason: 'HTTP 408' });
    expect(classifyDeliveryFailure(http(404))).toEqual({ kind: 'permanent', reason: 'HTTP 404' });
    expect(classifyDeliveryFailure(http(400))).toEqual({ kind: 'permanent', reason: 'HTTP 400' });
    expect(classifyDeliveryFailure({ code: 'slack_webapi_http_error', statusCode: 502 })).toEqual({
      kind: 'transient',
      reason: 'HTTP 502',
    });
  });

  it('a network error is transient', () => {
    const error = new webApi.WebAPIRequestError(new Error('connect ECONNREFUSED 127.0.0.1:443'));
    expect(classifyDeliveryFailure(error)).toEqual({ kind: 'transient', reason: 'network error' });
    expect(classifyDeliveryFailure({ code: 'slack_webapi_request_error' })).toEqual({
      kind: 'transient',
      reason: 'network error',
    });
  });

  it('a platform refusal is permanent; Slack’s own "try later" answers are transient', () => {
    expect(classifyDeliveryFailure(platform('channel_not_found'))).toEqual({
      kind: 'permanent',
      reason: 'channel_not_found',
    });
    expect(classifyDeliveryFailure(platform('not_found'))).toEqual({
      kind: 'permanent',
      reason: 'not_found',
    });
    expect(classifyDeliveryFailure(platform('not_in_channel'))).toEqual({
      kind: 'permanent',
      reason: 'not_in_channel',
    });
    for (const code of ['internal_error', 'fatal_error', 'service_unavailable']) {
      expect(classifyDeliveryFailure(platform(code))).toEqual({ kind: 'transient', reason: code });
    }
  });

  it('a response_url failure is transient, with its message', () => {
    expect(classifyDeliveryFailure(new ResponseUrlError(502))).toEqual({
      kind: 'transient',
      reason: 'response_url answered HTTP 502',
    });
  });

  it('anything else is transient and named by its class only (no message, which may hold data)', () => {
    expect(classifyDeliveryFailure(new TypeError('张三 11010519491231002X'))).toEqual({
      kind: 'transient',
      reason: 'TypeError',
    });
    expect(classifyDeliveryFailure('a string')).toEqual({ kind: 'transient', reason: 'unknown error' });
    expect(classifyDeliveryFailure(undefined)).toEqual({ kind: 'transient', reason: 'unknown error' });
  });
});

describe('backoffSeconds', () => {
  it('doubles from 1 second and stops at 60', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(backoffSeconds)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
  });

  it('an attempt below 1 waits as the first does', () => {
    expect(backoffSeconds(0)).toBe(1);
    expect(backoffSeconds(-3)).toBe(1);
  });
});
