import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

/** The JSON bodies the page sends to /workbench/api/…; anything else is a 400. */
const userId = z.string().regex(/^[UW][A-Z0-9]{2,30}$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,30}$/);
const slackTs = z.string().regex(/^\d{1,12}\.\d{1,6}$/);
const viewId = z.string().regex(/^V[A-Z0-9]{1,30}$/);
const blockKitId = z.string().min(1).max(255);
const stateValues = z.record(z.string().max(255), z.record(z.string().max(255), z.unknown()));

export const commandRequest = z.object({
  user: userId,
  channel: channelId,
  /** the whole composer line, e.g. `/risk 江苏 张德洲 1` */
  text: z.string().trim().min(1).max(4000),
});

export const messageRequest = z.object({
  user: userId,
  channel: channelId,
  text: z.string().trim().min(1).max(4000),
  threadTs: slackTs.optional(),
});

export const messageActionRequest = z.object({
  user: userId,
  channel: channelId,
  messageTs: slackTs,
  actionId: blockKitId,
  blockId: blockKitId,
  value: z.string().max(2000).optional(),
  text: z.string().max(200).optional(),
});

export const viewActionRequest = z.object({
  user: userId,
  viewId,
  actionId: blockKitId,
  blockId: blockKitId,
  value: z.string().max(2000).optional(),
  text: z.string().max(200).optional(),
  values: stateValues,
});

export const viewSubmitRequest = z.object({ user: userId, viewId, values: stateValues });

/** `wholeStack`: the × (Slack closes every view of the stack); without it, Cancel (this view and above). */
export const viewCloseRequest = z.object({ user: userId, viewId, wholeStack: z.boolean().optional() });

export const shortcutRequest = z.object({
  user: userId,
  channel: channelId,
  messageTs: slackTs,
  callbackId: blockKitId,
});

/** The person opens the app's Home tab. */
export const homeOpenRequest = z.object({ user: userId });

/** A button on the person's Home tab (the view id names it: the page may show an older publish). */
export const homeActionRequest = z.object({
  user: userId,
  viewId,
  actionId: blockKitId,
  blockId: blockKitId,
  value: z.string().max(2000).optional(),
  text: z.string().max(200).optional(),
});

/** The local tools take no arguments; the body is an empty JSON object like every other POST's. */
export const localToolRequest = z.object({});

export const MAX_BODY_BYTES = 256 * 1024;

export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // A JSON content type makes any cross-site request a preflighted one, which this server never allows.
  if (!/^application\/json\b/i.test(type)) throw new RequestBodyError(415, 'expected_json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestBodyError(413, 'too_large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'invalid_json');
  }
}
