import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';

/**
 * The largest request body POST /slack/events takes. Slack's own payloads are a few KB (a
 * view_submission with every block of a full modal stays well under 100 KB); Bolt's default is
 * 4 MB, which lets unsigned junk cost memory before the signature is even looked at.
 */
export const SLACK_BODY_LIMIT_BYTES = 262_144;

/**
 * Slack signs the request time; Bolt refuses one more than 5 minutes old but takes one from any
 * future, which lets a captured request be replayed for as long as its timestamp lies ahead.
 */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 300;

export interface SlackRequestGateOptions {
  logger: Logger;
  /** milliseconds since the epoch; injectable for tests */
  now?: () => number;
  bodyLimitBytes?: number;
}

/** What Bolt's HTTPReceiver reads instead of the request stream when it is already there. */
type WithRawBody = IncomingMessage & { rawBody?: Buffer };

/**
 * The cheap checks in front of Bolt's receiver, each before anything is buffered or verified:
 * 1. a declared Content-Length over the limit: 413 at once, nothing read;
 * 2. a request timestamp more than 5 minutes from now, either way: 401 at once, nothing read;
 * 3. the body read while counting: past the limit (chunked, or a body longer than declared) reading
 *    stops and the answer is 413.
 * A refusal closes the connection, so the unread rest of the body is never taken in. When the request
 * may go on, the body read here is left on `req.rawBody`, where Bolt's receiver looks before reading
 * the stream itself (HTTPModuleFunctions.bufferIncomingMessage), so its signature check sees the exact
 * bytes. Resolves true when the caller should hand the request to the receiver.
 */
export async function admitSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: SlackRequestGateOptions,
): Promise<boolean> {
  const limit = options.bodyLimitBytes ?? SLACK_BODY_LIMIT_BYTES;
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) {
    options.logger.warn({ contentLength: declared, limit }, 'refused a request body over the limit, unread');
    refuse(res, 413, 'payload too large');
    return false;
  }

  const skew = timestampSkewSeconds(req.headers['x-slack-request-timestamp'], (options.now ?? Date.now)());
  if (skew !== undefined && !(Math.abs(skew) <= SLACK_TIMESTAMP_TOLERANCE_SECONDS)) {
    options.logger.warn(
      { skewSeconds: Number.isFinite(skew) ? skew : null },
      'refused a request whose timestamp is more than 5 minutes from now',
    );
    refuse(res, 401, 'request timestamp out of range');
    return false;
  }

  const read = await readBodyWithin(req, limit);
  if (read.kind === 'too_large') {
    options.logger.warn({ limit }, 'refused a request body over the limit while reading it');
    refuse(res, 413, 'payload too large');
    return false;
  }
  if (read.kind === 'aborted') {
    // The client went away mid-body; there is no one to answer.
    res.destroy();
    return false;
  }
  (req as WithRawBody).rawBody = read.body;
  return true;
}

function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  // Node's parser has already refused a malformed Content-Length.
  return header === undefined ? undefined : Number(header);
}

/**
 * Seconds the request's timestamp lies ahead of now (negative: behind); NaN when the header is there
 * but not a number; undefined when it is missing — Bolt refuses that itself, except for Slack's
 * unsigned ssl_check, which must still reach it.
 */
export function timestampSkewSeconds(
  header: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header.trim();
  if (!/^\d{1,12}$/.test(text)) return Number.NaN;
  return Number(text) - Math.floor(nowMs / 1000);
}

export type BodyRead = { kind: 'body'; body: Buffer } | { kind: 'too_large' } | { kind: 'aborted' };

/** The whole body, or 'too_large' as soon as more than `limit` bytes have arrived (reading then stops). */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        chunks.length = 0;
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'body', body: Buffer.concat(chunks, size) });
    const onAborted = () => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('close', onAborted);
  });
}

/** Answers and closes the connection: whatever the client still sends is not read. */
function refuse(res: ServerResponse, status: 401 | 413, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}
