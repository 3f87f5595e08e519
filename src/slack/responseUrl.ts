import { request } from 'undici';
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
 * Posts to a response_url that Slack gave us. Used where Bolt's `respond` is not at hand:
 * a modal opened by `/risk` keeps the command's response_url in its private_metadata.
 */
export async function postToResponseUrl(
  url: string,
  message: ResponseUrlMessage,
  timeoutMs = 5000,
): Promise<void> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body.dump();
  if (response.statusCode >= 300) throw new ResponseUrlError(response.statusCode);
}
