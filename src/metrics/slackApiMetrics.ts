import type { FetchFunction, RetryOptions, WebClientOptions } from '@slack/web-api';
import type { AppMetrics } from './appMetrics.js';

/**
 * Slack Web API errors and retries for /metrics, from every WebClient the app has — Bolt's (it builds its
 * own, per token) and the delivery jobs' — through the two hooks WebClientOptions offers for all of them:
 * `fetch` sees each HTTP attempt, `retryConfig.onFailedAttempt` (p-retry) each failed attempt and whether
 * another follows. Neither sees the other's call, so a failed attempt carries its method to the retry
 * hook: on the error fetch throws, in a header of the response it hands back, in the URL a rate-limit
 * message names.
 */
/** what p-retry, which WebClient hands its retryConfig to, passes its onFailedAttempt */
interface FailedAttempt extends Error {
  retriesLeft: number;
}
/** Node's Response is one (its Headers iterate; TypeScript's lib here does not say so) */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type RetryConfig = RetryOptions & { onFailedAttempt?: (error: FailedAttempt) => void | Promise<void> };

const METHOD_HEADER = 'x-juhe-risk-slack-method';
const METHOD_OF_ERROR = Symbol('slack api method');
/** `chat.postMessage`, `views.open`: the last path segment of a Web API URL */
const API_METHOD = /\/([a-z]+(?:\.[a-zA-Z]+)+)$/;
const RATE_LIMIT_URL = /\(url: ([^,)]+)/;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The Web API method a URL asks for; `other` for anything else (an upload URL files.uploadV2 posts to). */
export function slackMethodOf(url: string): string {
  const path = new URL(url, 'http://slack.invalid').pathname;
  return API_METHOD.exec(path)?.[1] ?? 'other';
}

/** Counts each failed attempt by method and error: Slack's own error code, `ratelimited`, `http_5xx`, `request_failed`. */
export function meteredSlackFetch(metrics: AppMetrics, fetchFn = globalThis.fetch): FetchFunction {
  return async (url, init) => {
    const method = slackMethodOf(String(url));
    let response: Response;
    try {
      response = await fetchFn(url, init);
    } catch (error) {
      metrics.slackApiErrors.inc({ method, error: 'request_failed' });
      if (error !== null && typeof error === 'object') {
        (error as { [METHOD_OF_ERROR]?: string })[METHOD_OF_ERROR] = method;
      }
      throw error;
    }
    if (response.status !== 200) {
      metrics.slackApiErrors.inc({
        method,
        error: response.status === 429 ? 'ratelimited' : `http_${response.status}`,
      });
      const headers = new Headers(response.headers);
      headers.set(METHOD_HEADER, method);
      // a status that has no body must be given none, or Response throws
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      }) as unknown as FetchResponse;
    }
    const text = await response.text();
    // Slack answers `{"ok":false,"error":"…"}`; the cheap test first, a parse only for a failure
    if (text.includes('"ok":false')) {
      // the cheap test can match inside a message's own content; only a top-level ok:false is a failure
      const error = slackErrorOf(text);
      if (error !== undefined) metrics.slackApiErrors.inc({ method, error });
    }
    return new Response(text, {
      status: 200,
      statusText: response.statusText,
      headers: response.headers,
    }) as unknown as FetchResponse;
  };
}

/** The retry policy given, counting each attempt that failed and is tried again. */
export function meteredRetryConfig(metrics: AppMetrics, config: RetryConfig): RetryOptions {
  const metered: RetryConfig = {
    ...config,
    onFailedAttempt: async (error) => {
      if (error.retriesLeft > 0) metrics.slackApiRetries.inc({ method: methodOfFailure(error) });
      await config.onFailedAttempt?.(error);
    },
  };
  return metered;
}

/** Both hooks for one WebClient's options. */
export function meteredSlackClientOptions(
  metrics: AppMetrics,
  retryConfig: RetryConfig,
): Pick<WebClientOptions, 'fetch' | 'retryConfig'> {
  return { fetch: meteredSlackFetch(metrics), retryConfig: meteredRetryConfig(metrics, retryConfig) };
}

/** Slack's error code when the body says `ok: false`; undefined for any other answer. */
function slackErrorOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (body.ok === false) return typeof body.error === 'string' ? body.error : 'unknown';
    return undefined;
  } catch {
    // not JSON, yet it reads "ok":false: not an answer WebClient can use either
    return 'invalid_response';
  }
}

/** WebAPIRequestError keeps fetch's error as `original`, WebAPIHTTPError the response's headers. */
function methodOfFailure(error: unknown): string {
  const failure = error as {
    original?: { [METHOD_OF_ERROR]?: string };
    headers?: Record<string, string>;
    message?: string;
  };
  const fromFetch = failure.original?.[METHOD_OF_ERROR] ?? failure.headers?.[METHOD_HEADER];
  if (fromFetch !== undefined) return fromFetch;
  const rateLimitedUrl = RATE_LIMIT_URL.exec(failure.message ?? '')?.[1];
  return rateLimitedUrl === undefined ? 'other' : slackMethodOf(rateLimitedUrl);
}
