import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  interactionBody,
  messageActionPayload,
  postSignedToSlackEvents,
  SLACK_ACK_TIMEOUT_MS,
  slashCommandBody,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';

const SECRET = 'test-signing-secret';

describe('payload builders', () => {
  it('builds a slash command body with every field Slack sends, in order', () => {
    const body = slashCommandBody({
      command: '/risk',
      text: '"Acme Ltd" 张三 1',
      userId: SEED_IDS.analyst,
      channelId: SEED_IDS.complianceChannel,
      triggerId: '1.1.abc',
      responseUrl: 'http://127.0.0.1:1/response/ab',
    });
    expect([...new URLSearchParams(body)]).toEqual([
      ['token', 'fake-verification-token'],
      ['team_id', 'T0001'],
      ['team_domain', 'fake-workspace'],
      ['channel_id', 'C0COMPLIANCE'],
      ['channel_name', 'compliance-screening'],
      ['user_id', 'U0ANALYST'],
      ['user_name', 'ana.analyst'],
      ['command', '/risk'],
      ['text', '"Acme Ltd" 张三 1'],
      ['api_app_id', 'A0FAKEAPP'],
      ['is_enterprise_install', 'false'],
      ['response_url', 'http://127.0.0.1:1/response/ab'],
      ['trigger_id', '1.1.abc'],
    ]);
  });

  it('sends &, < and > in the command text as Slack does: &amp;, &lt;, &gt;', () => {
    const body = slashCommandBody({
      command: '/risk',
      text: '"A&B <Holdings>" 张三 &amp;',
      userId: SEED_IDS.analyst,
      channelId: SEED_IDS.generalChannel,
      triggerId: '1.1.abc',
      responseUrl: 'http://127.0.0.1:1/response/ab',
    });
    expect(new URLSearchParams(body).get('text')).toBe('"A&amp;B &lt;Holdings&gt;" 张三 &amp;amp;');
  });

  it('wraps interactions in a single payload form field', () => {
    const body = interactionBody({ type: 'block_actions', text: 'a b&c' });
    expect(body.startsWith('payload=')).toBe(true);
    expect(JSON.parse(new URLSearchParams(body).get('payload') ?? '')).toEqual({
      type: 'block_actions',
      text: 'a b&c',
    });
  });

  it('builds block_actions with Slack’s fields', () => {
    const payload = blockActionsPayload({
      user: SEED_IDS.analyst,
      channel: SEED_IDS.generalChannel,
      container: {
        type: 'message',
        message_ts: '1.2',
        channel_id: SEED_IDS.generalChannel,
        is_ephemeral: false,
      },
      message: { ts: '1.2', text: 'Results' },
      actions: [{ action_id: 'risk_next_page', block_id: 'pager', value: 'p2', text: 'Next' }],
      trigger_id: 't',
      response_url: 'http://r',
    });
    expect(Object.keys(payload)).toEqual([
      'type',
      'user',
      'api_app_id',
      'token',
      'container',
      'trigger_id',
      'team',
      'enterprise',
      'is_enterprise_install',
      'channel',
      'message',
      'state',
      'response_url',
      'actions',
    ]);
    expect(payload).toMatchObject({
      user: { id: 'U0ANALYST', username: 'ana.analyst', name: 'ana.analyst', team_id: 'T0001' },
      channel: { id: 'C0GENERAL', name: 'general' },
      message: { type: 'message', ts: '1.2', text: 'Results', bot_id: 'BBOT' },
      actions: [
        {
          action_id: 'risk_next_page',
          block_id: 'pager',
          text: { type: 'plain_text', text: 'Next', emoji: true },
          value: 'p2',
          type: 'button',
        },
      ],
    });
    expect((payload.actions as Array<{ action_ts: string }>)[0]?.action_ts).toMatch(/^\d{10}\.\d{6}$/);
  });
});

describe('postSignedToSlackEvents gives up after the ack timeout, like Slack', () => {
  let server: Server;
  let url: string;
  /** how the stand-in app answers: after `delayMs`, or headers at once and the body after `delayMs` */
  let answer = { delayMs: 0, bodyLate: false };

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      if (answer.bodyLate) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"text":');
        setTimeout(() => response.end('"late"}'), answer.delayMs);
        return;
      }
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"text":"late"}');
      }, answer.delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the ack when it arrives in time', async () => {
    answer = { delayMs: 0, bodyLate: false };
    const result = await postSignedToSlackEvents(url, 'a=1', SECRET, { ackTimeoutMs: 500 });
    expect(result).toMatchObject({ status: 200, body: '{"text":"late"}', timedOut: false });
  });

  it('discards an ack that comes after the timeout', async () => {
    answer = { delayMs: 400, bodyLate: false };
    const result = await postSignedToSlackEvents(url, 'a=1', SECRET, { ackTimeoutMs: 100 });
    expect(result).toMatchObject({ status: 0, body: '', headers: {}, timedOut: true });
    expect(result.ackMs).toBeGreaterThanOrEqual(99);
    expect(result.ackMs).toBeLessThan(400);
  });

  it('counts the whole response: headers in time but the body late is still a timeout', async () => {
    answer = { delayMs: 400, bodyLate: true };
    const result = await postSignedToSlackEvents(url, 'a=1', SECRET, { ackTimeoutMs: 100 });
    expect(result).toMatchObject({ status: 0, body: '', timedOut: true });
  });

  it('waits Slack’s 3 seconds by default', async () => {
    expect(SLACK_ACK_TIMEOUT_MS).toBe(3000);
    answer = { delayMs: 3400, bodyLate: false };
    const result = await postSignedToSlackEvents(url, 'a=1', SECRET);
    expect(result.timedOut).toBe(true);
    expect(result.ackMs).toBeGreaterThanOrEqual(2990);
    expect(result.ackMs).toBeLessThan(3400);
  }, 10_000);
});

describe('payloads through a real Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let appUrl: string;
  const seen: Record<string, unknown> = {};

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: fake.token,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.command('/risk', async ({ ack, command, respond }) => {
      await ack();
      seen.command = command;
      await respond({ text: `checking ${command.text}` });
    });
    app.action('risk_next_page', async ({ ack, body, respond }) => {
      await ack();
      seen.action = body;
      await respond({ replace_original: true, text: 'page 2' });
    });
    app.view('risk_query', async ({ ack, view }) => {
      seen.view = view;
      await ack({ response_action: 'errors', errors: { keyword: 'Enter a company' } });
    });
    app.view({ callback_id: 'risk_query', type: 'view_closed' }, async ({ ack, body }) => {
      seen.closed = body;
      await ack();
    });
    app.shortcut('risk_check_message', async ({ ack, shortcut, client }) => {
      await ack();
      seen.shortcut = shortcut;
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: { type: 'modal', title: { type: 'plain_text', text: 'Risk check' }, blocks: [] },
      });
    });
    const server = (await app.start(0)) as Server;
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
  });

  it('delivers a slash command that Bolt verifies and parses, and respond() reaches the fake', async () => {
    const responseUrl = fake.createResponseUrl({ channel: SEED_IDS.generalChannel, user: SEED_IDS.analyst });
    const body = slashCommandBody({
      command: '/risk',
      text: 'Acme 张三',
      userId: SEED_IDS.analyst,
      channelId: SEED_IDS.generalChannel,
      triggerId: fake.issueTriggerId(),
      responseUrl,
    });
    const result = await postSignedToSlackEvents(appUrl, body, SECRET);
    expect(result.status).toBe(200);
    expect(result.ackMs).toBeGreaterThan(0);
    expect(result.ackMs).toBeLessThan(3000);
    await fake.waitFor((call) => call.method === 'response_url');
    expect(seen.command).toMatchObject({ command: '/risk', text: 'Acme 张三', user_id: SEED_IDS.analyst });
    expect(fake.ephemeralsFor(SEED_IDS.analyst).map((m) => m.text)).toEqual(['checking Acme 张三']);
  });

  it('gets 401 from Bolt with a bad signature', async () => {
    const body = slashCommandBody({
      command: '/risk',
      text: 'x',
      userId: SEED_IDS.analyst,
      channelId: SEED_IDS.generalChannel,
      triggerId: 't',
      responseUrl: 'http://127.0.0.1:9/none',
    });
    const result = await postSignedToSlackEvents(appUrl, body, SECRET, { badSignature: true });
    expect(result.status).toBe(401);
  });

  it('routes block_actions by action_id; respond() replaces the original message', async () => {
    const original = fake.store.addMessage({
      channel: SEED_IDS.generalChannel,
      user: 'UBOT',
      botId: 'BBOT',
      text: 'page 1',
      via: 'test',
    });
    const responseUrl = fake.createResponseUrl({
      channel: SEED_IDS.generalChannel,
      user: SEED_IDS.analyst,
      messageTs: original.ts,
    });
    const payload = blockActionsPayload({
      user: SEED_IDS.analyst,
      channel: SEED_IDS.generalChannel,
      container: {
        type: 'message',
        message_ts: original.ts,
        channel_id: SEED_IDS.generalChannel,
        is_ephemeral: false,
      },
      message: { ts: original.ts, text: original.text },
      actions: [{ action_id: 'risk_next_page', block_id: 'pager', value: 'p2' }],
      trigger_id: fake.issueTriggerId(),
      response_url: responseUrl,
    });
    const result = await postSignedToSlackEvents(appUrl, interactionBody(payload), SECRET);
    expect(result.status).toBe(200);
    await fake.waitFor((call) => call.method === 'response_url');
    expect(fake.messagesIn(SEED_IDS.generalChannel).map((m) => [m.ts, m.text])).toEqual([
      [original.ts, 'page 2'],
    ]);
  });

  it('routes view_submission by callback_id and returns the ack body', async () => {
    const payload = viewSubmissionPayload({
      user: SEED_IDS.analyst,
      view: {
        id: 'V1',
        callback_id: 'risk_query',
        private_metadata: '{"channel":"C0GENERAL"}',
        state: { values: { keyword: { value: { type: 'plain_text_input', value: 'Acme' } } } },
        hash: '1.a',
      },
      trigger_id: fake.issueTriggerId(),
    });
    const result = await postSignedToSlackEvents(appUrl, interactionBody(payload), SECRET);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      response_action: 'errors',
      errors: { keyword: 'Enter a company' },
    });
    expect(seen.view).toMatchObject({
      id: 'V1',
      private_metadata: '{"channel":"C0GENERAL"}',
      state: { values: { keyword: { value: { value: 'Acme' } } } },
    });
  });

  it('routes view_closed', async () => {
    const payload = viewClosedPayload({
      user: SEED_IDS.analyst,
      view: { id: 'V2', callback_id: 'risk_query', state: { values: {} }, hash: '1.b' },
    });
    const result = await postSignedToSlackEvents(appUrl, interactionBody(payload), SECRET);
    expect(result.status).toBe(200);
    expect(seen.closed).toMatchObject({ type: 'view_closed', is_cleared: false, view: { id: 'V2' } });
  });

  it('routes a message shortcut whose trigger_id opens a modal in the fake', async () => {
    const payload = messageActionPayload({
      callback_id: 'risk_check_message',
      user: SEED_IDS.analyst,
      channel: SEED_IDS.complianceChannel,
      message: { ts: '1700000000.000100', text: 'Please check Acme', user: SEED_IDS.refused },
      trigger_id: fake.issueTriggerId({ user: SEED_IDS.analyst }),
      response_url: fake.createResponseUrl({ channel: SEED_IDS.complianceChannel, user: SEED_IDS.analyst }),
    });
    const result = await postSignedToSlackEvents(appUrl, interactionBody(payload), SECRET);
    expect(result.status).toBe(200);
    await fake.waitFor((call) => call.method === 'views.open');
    expect(fake.calls.find((call) => call.method === 'views.open')?.ok).toBe(true);
    expect(fake.openViews(SEED_IDS.analyst)).toHaveLength(1);
    expect(seen.shortcut).toMatchObject({
      type: 'message_action',
      message_ts: '1700000000.000100',
      channel: { id: SEED_IDS.complianceChannel, name: 'compliance-screening' },
      message: { text: 'Please check Acme', user: SEED_IDS.refused },
    });
  });
});
