import { checkMessage } from './blockLimits.js';
import { FAKE_WORKSPACE } from './seed.js';
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type SlackStore } from './store.js';

export interface ResponseUrlReply {
  status: number;
  contentType: string;
  body: string;
  ok: boolean;
  error?: string;
  args: Record<string, unknown>;
}

function refuse(status: number, error: string, args: Record<string, unknown>, extra = {}): ResponseUrlReply {
  return {
    status,
    contentType: 'application/json',
    body: JSON.stringify({ ok: false, error, ...extra }),
    ok: false,
    error,
    args,
  };
}

function accepted(args: Record<string, unknown>): ResponseUrlReply {
  return { status: 200, contentType: 'text/plain', body: 'ok', ok: true, args };
}

function parseBody(rawBody: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A POST to a response_url, with Slack's semantics: at most 5 uses within 30 minutes;
 * `delete_original` / `replace_original` act on the message the URL belongs to (the one it was
 * issued for, else the one its first response created); otherwise a new message is posted,
 * ephemeral to the user unless `response_type: 'in_channel'`.
 */
export function handleResponseUrlPost(
  store: SlackStore,
  id: string,
  rawBody: string,
  strictLimits: boolean,
): ResponseUrlReply {
  const body = parseBody(rawBody);
  const args = body ?? { raw: rawBody };
  const record = store.responseUrls.get(id);
  if (!record) return refuse(404, 'invalid_url', args);
  if (store.now() - record.createdAt > RESPONSE_URL_TTL_MS) return refuse(404, 'expired_url', args);
  if (record.uses >= RESPONSE_URL_MAX_USES) return refuse(404, 'used_url', args);
  if (!body) return refuse(400, 'invalid_payload', args);

  const original = record.messageTs ? store.findMessage(record.channel, record.messageTs) : undefined;
  if (body.delete_original === true) {
    if (!original) return refuse(404, 'message_not_found', args);
    store.deleteMessage(original);
    record.uses += 1;
    return accepted(args);
  }

  const text = typeof body.text === 'string' ? body.text : '';
  const content = Array.isArray(body.blocks) ? { text, blocks: body.blocks } : { text };
  const violations = checkMessage(content);
  if (violations.length > 0) {
    store.recordViolation({ method: 'response_url', at: store.now(), violations, rejected: strictLimits });
    if (strictLimits) {
      const onlyText = violations.every((violation) => violation.startsWith('text:'));
      return refuse(400, onlyText ? 'no_text' : 'invalid_blocks', args, { errors: violations });
    }
  }

  if (body.replace_original === true && original) {
    store.updateMessage(original, content);
    record.uses += 1;
    return accepted(args);
  }

  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : record.threadTs;
  const message = store.addMessage({
    channel: record.channel,
    user: FAKE_WORKSPACE.botUserId,
    botId: FAKE_WORKSPACE.botId,
    ...content,
    ...(threadTs ? { threadTs } : {}),
    ...(body.response_type === 'in_channel' ? {} : { ephemeralFor: record.user }),
    via: 'response_url',
  });
  record.messageTs ??= message.ts;
  record.uses += 1;
  return accepted(args);
}
