import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FAKE_WORKSPACE } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';
import { SOCKET_MODE_MAX_CONNECTIONS, type SocketModeEnvelope, socketEnvelopeOfBody } from './socketMode.js';

const { WebClient, LogLevel } = webApi;

/** A Socket Mode client as bare as can be: the messages it got, and whether it acks envelopes. */
interface RawClient {
  socket: WebSocket;
  messages: Array<Record<string, unknown>>;
  envelopes: SocketModeEnvelope[];
  closed: Promise<void>;
}

async function openUrl(fake: FakeSlack, token = fake.socketMode.appToken): Promise<string> {
  const client = new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  const response = await client.apps.connections.open({});
  return response.url as string;
}

/** Connects and waits for the first message (hello, or a disconnect). */
async function connect(
  fake: FakeSlack,
  ack: (envelope: SocketModeEnvelope) => Record<string, unknown> | undefined = () => ({}),
): Promise<RawClient> {
  const socket = new WebSocket(await openUrl(fake));
  const client: RawClient = {
    socket,
    messages: [],
    envelopes: [],
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      client.messages.push(message);
      if (typeof message.envelope_id === 'string') {
        client.envelopes.push(message);
        const payload = ack(message);
        if (payload !== undefined) socket.send(JSON.stringify({ envelope_id: message.envelope_id, payload }));
      }
      resolve();
    });
  });
  return client;
}

const command = { command: '/risk', text: '江苏 张德洲 1', user_id: 'U0ANALYST' };

describe('fake Slack Socket Mode', () => {
  let fake: FakeSlack;
  const clients: RawClient[] = [];

  beforeEach(async () => {
    fake = await startFakeSlack({ socketAckTimeoutMs: 200 });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await fake.close();
  });

  it('apps.connections.open takes the app-level token only, and answers a single-use WebSocket URL', async () => {
    const url = await openUrl(fake);
    expect(url).toMatch(
      new RegExp(
        `^ws://127\\.0\\.0\\.1:${fake.port}/link/\\?ticket=[0-9a-f]+&app_id=${FAKE_WORKSPACE.appId}$`,
      ),
    );
    const refused = async (token: string) => {
      const response = await fetch(`${fake.apiUrl}apps.connections.open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      return response.json();
    };
    expect(await refused('xapp-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await refused(fake.token)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    const first = new WebSocket(url);
    await new Promise((resolve) => first.once('message', resolve));
    first.terminate();
    const again = new WebSocket(url);
    const error = await new Promise<Error>((resolve) => again.once('error', resolve));
    expect(error.message).toContain('401');
  });

  it('greets each connection with hello, counting the connections open', async () => {
    clients.push(await connect(fake), await connect(fake));
    expect(clients.map((client) => client.messages[0])).toEqual(
      [1, 2].map((count) => ({
        type: 'hello',
        num_connections: count,
        debug_info: expect.objectContaining({ host: expect.any(String) }),
        connection_info: { app_id: FAKE_WORKSPACE.appId },
      })),
    );
    expect(fake.socketMode.connections.map((c) => c.id)).toEqual(['link-1', 'link-2']);
  });

  it('delivers envelopes round-robin over the open connections and resolves with the ack payload', async () => {
    for (let i = 0; i < 3; i += 1) {
      clients.push(await connect(fake, (envelope) => ({ text: `ack ${envelope.envelope_id}` })));
    }
    const deliveries = [];
    for (let i = 0; i < 6; i += 1) deliveries.push(await fake.socketMode.deliver('slash_commands', command));
    expect(deliveries.map((d) => d.ack?.connectionId)).toEqual([
      'link-1',
      'link-2',
      'link-3',
      'link-1',
      'link-2',
      'link-3',
    ]);
    const first = deliveries[0];
    expect(first?.ack?.payload).toEqual({ text: `ack ${first?.envelopeId}` });
    expect(clients[0]?.envelopes[0]).toEqual({
      envelope_id: first?.envelopeId,
      type: 'slash_commands',
      payload: command,
      accepts_response_payload: true,
      retry_attempt: 0,
      retry_reason: '',
    });
  });

  it('redelivers an envelope not acked in time on another connection, retry_attempt 1, reason timeout', async () => {
    const silent = await connect(fake, () => undefined);
    const acking = await connect(fake);
    clients.push(silent, acking);
    const delivery = await fake.socketMode.deliver('interactive', { type: 'block_actions' });
    expect(delivery.attempts).toEqual([
      { connectionId: 'link-1', retryAttempt: 0, outcome: 'timeout' },
      { connectionId: 'link-2', retryAttempt: 1, outcome: 'acked' },
    ]);
    expect(acking.envelopes[0]).toMatchObject({
      envelope_id: delivery.envelopeId,
      accepts_response_payload: false,
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
  });

  it('a lost ack is redelivered although the app acked; nobody acking gives up after three retries', async () => {
    clients.push(await connect(fake), await connect(fake));
    fake.socketMode.loseNextAcks(1);
    const lost = await fake.socketMode.deliver('slash_commands', command);
    expect(lost.attempts.map((a) => [a.connectionId, a.retryAttempt, a.outcome])).toEqual([
      ['link-1', 0, 'ack_lost'],
      ['link-2', 1, 'acked'],
    ]);
    for (const client of clients.splice(0)) client.socket.terminate();
    clients.push(await connect(fake, () => undefined));
    const unanswered = await fake.socketMode.deliver('events_api', { type: 'event_callback' });
    expect(unanswered.ack).toBeUndefined();
    expect(unanswered.attempts.map((a) => a.retryAttempt)).toEqual([0, 1, 2, 3]);
  });

  it(`refuses connection ${SOCKET_MODE_MAX_CONNECTIONS + 1} with too_many_websockets, as Slack does`, async () => {
    for (let i = 0; i < SOCKET_MODE_MAX_CONNECTIONS; i += 1) clients.push(await connect(fake));
    const extra = await connect(fake);
    clients.push(extra);
    expect(extra.messages[0]).toMatchObject({ type: 'disconnect', reason: 'too_many_websockets' });
    await extra.closed;
    expect(fake.socketMode.connections).toHaveLength(SOCKET_MODE_MAX_CONNECTIONS);
  });

  it('says which envelopes take a response payload in their ack, as Slack does', async () => {
    const client = await connect(fake);
    clients.push(client);
    await fake.socketMode.deliver('interactive', { type: 'view_submission' });
    await fake.socketMode.deliver('interactive', { type: 'block_actions' });
    await fake.socketMode.deliver('events_api', { type: 'event_callback' });
    expect(client.envelopes.map((e) => [e.type, e.accepts_response_payload])).toEqual([
      ['interactive', true],
      ['interactive', false],
      ['events_api', false],
    ]);
  });

  it('turns the HTTP bodies Slack would POST into their envelopes', () => {
    expect(socketEnvelopeOfBody('command=%2Frisk&text=a+b')).toEqual({
      type: 'slash_commands',
      payload: { command: '/risk', text: 'a b' },
    });
    expect(socketEnvelopeOfBody(`payload=${encodeURIComponent('{"type":"block_actions"}')}`)).toEqual({
      type: 'interactive',
      payload: { type: 'block_actions' },
    });
    expect(socketEnvelopeOfBody('{"type":"event_callback"}')).toEqual({
      type: 'events_api',
      payload: { type: 'event_callback' },
    });
  });
});
