import { parse } from 'node:querystring';
import type { ReceiverEvent } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { blockActionsPayload, interactionBody, slashCommandBody } from '../local/fake-slack/payloads.js';
import { createLogger } from '../logging/logger.js';
import type { RequestReceipts } from '../store/requestReceipts.js';
import {
  canonicalJson,
  createReplayGuard,
  RECEIPT_KEY_PROPERTY,
  receiptKeyOf,
  receiptKeyOfPayload,
  receiptKeyOfSignedBody,
} from './replayGuard.js';

const slash = (triggerId: string) =>
  slashCommandBody({
    command: '/risk',
    text: '某某有限公司 张三',
    userId: 'U1',
    channelId: 'C1',
    triggerId,
    responseUrl: 'https://hooks.slack.com/commands/T1/1/x',
  });
const click = (triggerId: string) =>
  interactionBody(
    blockActionsPayload({
      user: 'U1',
      channel: 'C1',
      container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: false },
      actions: [{ action_id: 'risk_next_page', block_id: 'risk_pagination', value: 'cursor' }],
      trigger_id: triggerId,
      response_url: 'https://hooks.slack.com/actions/T1/1/x',
    }),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('receipt keys', () => {
  it('are the SHA-256 of the signed bytes: the same body gives the same key, one byte more another', () => {
    const body = slash('t-1');
    expect(receiptKeyOfSignedBody(Buffer.from(body))).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptKeyOfSignedBody(Buffer.from(body))).toBe(receiptKeyOfSignedBody(body));
    expect(receiptKeyOfSignedBody(`${body}&x=1`)).not.toBe(receiptKeyOfSignedBody(body));
  });

  it('of a parsed payload do not depend on the order of its keys, and a replayed body parses to the same key', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
    expect(receiptKeyOfPayload({ a: 1, b: { c: 2, d: 3 } })).toBe(
      receiptKeyOfPayload({ b: { d: 3, c: 2 }, a: 1 }),
    );
    // how Bolt parses each kind of body, twice over the same bytes
    const command = slash('t-1');
    expect(receiptKeyOfPayload({ ...parse(command) })).toBe(receiptKeyOfPayload({ ...parse(command) }));
    const interaction = click('t-1');
    const parsePayload = (body: string) => JSON.parse(String(parse(body).payload));
    expect(receiptKeyOfPayload(parsePayload(interaction))).toBe(
      receiptKeyOfPayload(parsePayload(interaction)),
    );
  });

  it('of separate requests differ: two slash commands with the same text, two clicks of the same button', () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z'), toFake: ['Date'] });
    // at the same moment, each has a trigger_id of its own
    expect(receiptKeyOfSignedBody(slash('t-1'))).not.toBe(receiptKeyOfSignedBody(slash('t-2')));
    expect(receiptKeyOfSignedBody(click('t-1'))).not.toBe(receiptKeyOfSignedBody(click('t-2')));
    // and a click a millisecond later has another action_ts
    const first = click('t-1');
    vi.setSystemTime(new Date('2026-01-01T00:00:00.001Z'));
    expect(click('t-1')).not.toBe(first);
  });

  it('come from the HTTP receiver when it computed one, else from the payload (Socket Mode)', () => {
    const body = { type: 'block_actions', trigger_id: 't' };
    const ack = async () => {};
    expect(receiptKeyOf({ body, ack, customProperties: { [RECEIPT_KEY_PROPERTY]: 'k' } })).toBe('k');
    expect(receiptKeyOf({ body, ack })).toBe(receiptKeyOfPayload(body));
  });
});

function memoryReceipts(): RequestReceipts & { keys: Set<string> } {
  const keys = new Set<string>();
  return {
    keys,
    async firstReceipt(key) {
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    async purgeOlderThan() {
      return { purgedReceipts: 0 };
    },
  };
}

function guardWith(receipts: RequestReceipts, budgetMs?: number) {
  const log = captureLog();
  const logger = createLogger({ level: 'debug', destination: log.destination });
  const guard = createReplayGuard({
    receipts,
    logger,
    now: () => new Date(),
    ...(budgetMs !== undefined ? { budgetMs } : {}),
  });
  return { guard, log };
}

function eventOf(body: Record<string, unknown>, extra: Partial<ReceiverEvent> = {}) {
  const ack = vi.fn(async (_response?: unknown) => {});
  return { event: { body, ack, ...extra } as ReceiverEvent, ack };
}

describe('the replay guard', () => {
  const body = { command: '/risk', text: '某某有限公司 张三', trigger_id: 't-1', user_id: 'U1' };

  it('lets the first delivery through without answering it, acks a replay empty and logs one line without the body', async () => {
    const { guard, log } = guardWith(memoryReceipts());
    const first = eventOf(body);
    expect(await guard(first.event)).toBe(false);
    expect(first.ack).not.toHaveBeenCalled();
    expect(log.records()).toEqual([]);

    const replay = eventOf(body);
    expect(await guard(replay.event)).toBe(true);
    expect(replay.ack).toHaveBeenCalledTimes(1);
    expect(replay.ack).toHaveBeenCalledWith();

    const retry = eventOf(body, { retryNum: 1, retryReason: 'http_timeout' });
    expect(await guard(retry.event)).toBe(true);
    expect(retry.ack).toHaveBeenCalledWith();

    const lines = log.records();
    expect(lines.map((l) => l.msg)).toEqual([
      'replayed Slack request ignored',
      'replayed Slack request ignored',
    ]);
    // a copy resent by someone is worth a warning; Slack's own retry is routine
    expect(lines[0]).toMatchObject({ level: 40 });
    expect(lines[0]).not.toHaveProperty('retryNum');
    expect(lines[1]).toMatchObject({ level: 30, retryNum: 1, retryReason: 'http_timeout' });
    expect(log.lines.join('\n')).not.toMatch(/张三|某某|t-1/);
  });

  it('fails open when the database cannot answer: the request is handled, with one warning', async () => {
    const broken: RequestReceipts = {
      firstReceipt: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
      purgeOlderThan: async () => ({ purgedReceipts: 0 }),
    };
    const { guard, log } = guardWith(broken);
    const { event, ack } = eventOf(body);
    expect(await guard(event)).toBe(false);
    expect(ack).not.toHaveBeenCalled();
    expect(log.records()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'request receipt could not be checked: handled as a first delivery',
        reason: expect.stringContaining('ECONNREFUSED'),
      }),
    ]);
  });

  it('fails open when the database is slower than the budget, so the ack still makes Slack’s 3 s', async () => {
    const hanging: RequestReceipts = {
      firstReceipt: () => new Promise(() => {}),
      purgeOlderThan: async () => ({ purgedReceipts: 0 }),
    };
    const { guard, log } = guardWith(hanging, 50);
    const started = performance.now();
    expect(await guard(eventOf(body).event)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(log.records()[0]).toMatchObject({ reason: 'no answer within 50 ms' });
  });
});
