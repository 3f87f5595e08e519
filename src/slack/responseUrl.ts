import { request } from 'undici';
import type { Logger } from '../logging/logger.js';
import type { SlackMessage } from './message.js';

export interface ResponseUrlMessage extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
}

/** Raised when Slack refuses a response_url post (expired, used five times, …). */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  constructor(readonly status: number) {
    super(`response_url answered HTTP ${status}`);
  }
}

/**
 * Raised before anything is sent when a response_url is not one Slack issues. The message names no
 * host: the URL came from a request and may hold anything.
 */
export class ResponseUrlRefusedError extends Error {
  override readonly name = 'ResponseUrlRefusedError';
  constructor() {
    super('response_url is not one Slack issues; not posted');
  }
}

/** Where Slack's response_urls live: commercial and GovSlack. */
export const SLACK_RESPONSE_URL_HOSTS: ReadonlySet<string> = new Set([
  'hooks.slack.com',
  'hooks.slack-gov.com',
]);

/**
 * Which response_urls the app will post to, fixed at start. A response_url arrives in the request
 * (or in a modal's private_metadata) and a message posted there can carry a billed result, so it
 * must be Slack's own: https on Slack's hook hosts — or, when SLACK_API_URL points elsewhere (local
 * mode, tests), that server's origin, because it issues the response_urls there.
 */
export interface ResponseUrlPolicy {
  /** The parsed URL when the app may post to it; throws ResponseUrlRefusedError (and logs a warning) otherwise. */
  check(url: string): URL;
}

export function createResponseUrlPolicy(options: { apiUrl?: string; logger: Logger }): ResponseUrlPolicy {
  const apiOrigin = options.apiUrl ? new URL(options.apiUrl).origin : undefined;
  const issuedBySlack = (url: URL): boolean =>
    url.username === '' &&
    url.password === '' &&
    ((url.protocol === 'https:' && url.port === '' && SLACK_RESPONSE_URL_HOSTS.has(url.hostname)) ||
      url.origin === apiOrigin);
  return {
    check(raw) {
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        url = undefined;
      }
      if (url && issuedBySlack(url)) return url;
      // The host only (never the path: it is the URL's secret), and only when it parsed.
      options.logger.warn(
        { responseUrlHost: url?.host ?? null },
        'refused a response_url that Slack did not issue',
      );
      throw new ResponseUrlRefusedError();
    },
  };
}

/**
 * Posts to a response_url that Slack gave us. Used where Bolt's `respond` is not at hand:
 * a modal opened by `/risk` keeps the command's response_url in its private_metadata.
 */
export async function postToResponseUrl(
  policy: ResponseUrlPolicy,
  url: string,
  message: ResponseUrlMessage,
  timeoutMs = 5000,
): Promise<void> {
  const target = policy.check(url);
  const response = await request(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body.dump();
  if (response.statusCode >= 300) throw new ResponseUrlError(response.statusCode);
}
