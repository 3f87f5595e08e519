import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { type FakeSlack, SEED_IDS, SUBMISSION_FAILED_TEXT, startFakeSlack } from '../fake-slack/index.js';
import { WorkbenchSlackClient } from './slackClient.js';

const { analyst, generalChannel } = SEED_IDS;
/** Short, so the tests need not wait Slack's real 3 s (payloads.test.ts checks that default). */
const ACK_TIMEOUT_MS = 150;
const LATE_MS = 400;

interface AppAnswer {
  delayMs?: number;
  body?: unknown;
}

/** The app's side of the Request URL: records what arrived and answers as told. */
interface StandInApp {
  url: string;
  received: URLSearchParams[];
  answer: (received: URLSearchParams) => AppAnswer;
  close(): Promise<void>;
}

async function startStandInApp(): Promise<StandInApp> {
  const app: Omit<StandInApp, 'url' | 'close'> = { received: [], answer: () => ({}) };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      app.received.push(form);
      const { delayMs = 0, body } = app.answer(form);
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(body === undefined ? '' : JSON.stringify(body));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(app, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const plain = (text: string) => ({ type: 'plain_text', text });
const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'risk_query',
  title: plain(title),
  submit: plain('Check'),
  blocks: [
    {
      type: 'input',
      block_id: 'keyword',
      label: plain('Keyword'),
      element: { type: 'plain_text_input', action_id: 'keyword_input' },
    },
  ],
  ...extra,
});
const payloadOf = (form: URLSearchParams | undefined) =>
  JSON.parse(form?.get('payload') ?? '{}') as Record<string, unknown>;

describe('WorkbenchSlackClient plays Slack as strictly as Slack', () => {
  let fake: FakeSlack;
  let app: StandInApp;
  let client: WorkbenchSlackClient;

  const clientFor = (target: FakeSlack) =>
    new WorkbenchSlackClient({
      fake: target,
      signingSecret: 'workbench-test-secret',
      logger: createLogger({ level: 'silent' }),
      appUrl: () => app.url,
      ackTimeoutMs: ACK_TIMEOUT_MS,
    });

  beforeEach(async () => {
    fake = await startFakeSlack();
    app = await startStandInApp();
    client = clientFor(fake);
  });

  afterEach(async () => {
    await app.close();
    await fake.close();
  });

  const risk = (text = 'Acme 张三') =>
    client.slashCommand({ user: analyst, channel: generalChannel, command: '/risk', text });
  const visibleTo = (target: FakeSlack = fake) =>
    target
      .ephemeralsFor(analyst, generalChannel)
      .map((message) => ({ user: message.user, text: message.text }));

  it('shows a slash-command ack that arrives in time', async () => {
    app.answer = () => ({ body: { text: 'Checking…' } });
    expect(await risk()).toEqual({ ok: true, status: 200 });
    expect(visibleTo()).toEqual([{ user: 'UBOT', text: 'Checking…' }]);
  });

  it('after the ack timeout shows operation_timeout and never the late ack body', async () => {
    app.answer = () => ({ delayMs: LATE_MS, body: { text: 'Checking…' } });
    expect(await risk()).toEqual({ ok: false, status: 504, error: 'operation_timeout', shownToUser: true });
    await sleep(LATE_MS);
    expect(visibleTo()).toEqual([
      { user: 'USLACKBOT', text: '/risk failed with the error "operation_timeout"' },
    ]);
  });

  it('holds the ack body to the message limits and shows Slackbot’s error instead when strict', async () => {
    const overLimit = {
      text: 'Checking…',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x', emoji: true } }],
    };
    app.answer = () => ({ body: overLimit });
    expect(await risk()).toEqual({ ok: false, status: 502, error: 'invalid_blocks', shownToUser: true });
    expect(visibleTo()).toEqual([
      { user: 'USLACKBOT', text: '/risk failed with the error "invalid_blocks"' },
    ]);
    expect(fake.violations).toMatchObject([
      {
        method: 'command_ack',
        violations: ['blocks[0].text.emoji: only allowed on plain_text'],
        rejected: true,
      },
    ]);

    const lenient = await startFakeSlack({ strictLimits: false });
    try {
      expect(
        await clientFor(lenient).slashCommand({
          user: analyst,
          channel: generalChannel,
          command: '/risk',
          text: 'Acme 张三',
        }),
      ).toEqual({ ok: true, status: 200 });
      expect(visibleTo(lenient)).toEqual([{ user: 'UBOT', text: 'Checking…' }]);
      expect(lenient.violations).toMatchObject([{ method: 'command_ack', rejected: false }]);
    } finally {
      await lenient.close();
    }
  });

  it('has Slackbot say it in Chinese when the app speaks zh-CN', async () => {
    const zh = new WorkbenchSlackClient({
      fake,
      signingSecret: 'workbench-test-secret',
      logger: createLogger({ level: 'silent' }),
      appUrl: () => app.url,
      ackTimeoutMs: ACK_TIMEOUT_MS,
      locale: 'zh-CN',
    });
    app.answer = () => ({ body: { blocks: [{ type: 'divider' }] } });
    await zh.slashCommand({ user: analyst, channel: generalChannel, command: '/risk', text: 'Acme 张三' });
    expect(visibleTo()).toEqual([{ user: 'USLACKBOT', text: '/risk 运行失败，错误为“no_text”' }]);
  });

  it('says no_text for an ack whose only problem is a missing text fallback', async () => {
    app.answer = () => ({ body: { blocks: [{ type: 'divider' }] } });
    expect(await risk()).toMatchObject({ ok: false, error: 'no_text' });
    expect(visibleTo()).toEqual([{ user: 'USLACKBOT', text: '/risk failed with the error "no_text"' }]);
  });

  it('sends &, < and > in command text as Slack’s entities', async () => {
    await risk('"A&B <Co>" 张三 1');
    expect(app.received[0]?.get('text')).toBe('"A&amp;B &lt;Co&gt;" 张三 1');
  });

  it('stores typed message text with Slack’s entities, which a message shortcut then carries', async () => {
    expect(client.postMessage({ user: analyst, channel: generalChannel, text: 'A&B <Co> 张三' })).toEqual({
      ok: true,
      status: 200,
    });
    const [message] = fake.messagesIn(generalChannel);
    expect(message?.text).toBe('A&amp;B &lt;Co&gt; 张三');
    await client.messageShortcut({
      user: analyst,
      channel: generalChannel,
      messageTs: message?.ts ?? '',
      callbackId: 'risk_check_message',
    });
    expect(payloadOf(app.received[0]).message).toMatchObject({ text: 'A&amp;B &lt;Co&gt; 张三' });
  });

  describe('view submissions', () => {
    const values = { keyword: { keyword_input: { type: 'plain_text_input', value: 'Acme' } } };

    it('after the ack timeout leaves the modal as it was, with Slack’s generic error', async () => {
      const record = fake.store.pushView(analyst, modal('Risk check'), true);
      const hash = record.hash;
      app.answer = () => ({ delayMs: LATE_MS, body: { response_action: 'update', view: modal('Results') } });
      expect(await client.submitView({ user: analyst, viewId: record.id, values })).toEqual({
        ok: false,
        status: 504,
        error: 'operation_timeout',
        shownToUser: true,
      });
      await sleep(LATE_MS);
      const shown = fake.viewById(record.id);
      expect(shown?.state).toBe('open');
      expect(shown?.hash).toBe(hash);
      expect(shown?.view.title).toEqual(plain('Risk check'));
      expect(shown?.submissionFailure).toBe(SUBMISSION_FAILED_TEXT);
    });

    it('refuses errors keyed by a block that is not an input, showing the generic error', async () => {
      const record = fake.store.pushView(analyst, modal('Risk check'), true);
      app.answer = () => ({ body: { response_action: 'errors', errors: { idcard: 'Invalid 身份证' } } });
      expect(await client.submitView({ user: analyst, viewId: record.id, values })).toEqual({
        ok: false,
        status: 502,
        error: 'invalid_arguments',
        shownToUser: true,
      });
      expect(fake.viewById(record.id)?.errors).toBeUndefined();
      expect(fake.viewById(record.id)?.submissionFailure).toBe(SUBMISSION_FAILED_TEXT);
      expect(fake.violations).toMatchObject([{ method: 'view_submission:errors', rejected: true }]);
    });

    it('shows field errors keyed by an input block', async () => {
      const record = fake.store.pushView(analyst, modal('Risk check'), true);
      app.answer = () => ({ body: { response_action: 'errors', errors: { keyword: 'Too short' } } });
      expect(await client.submitView({ user: analyst, viewId: record.id, values })).toEqual({
        ok: true,
        status: 200,
      });
      expect(fake.viewById(record.id)?.errors).toEqual({ keyword: 'Too short' });
      expect(fake.viewById(record.id)?.submissionFailure).toBeUndefined();
    });
  });

  describe('closing a pushed modal', () => {
    function openStack() {
      const root = fake.store.pushView(analyst, modal('Risk check'), true);
      const pushed = fake.store.pushView(analyst, modal('Details', { notify_on_close: true }), false);
      return { root, pushed };
    }

    it('× closes the whole stack and tells the app the stack was cleared', async () => {
      const { root, pushed } = openStack();
      expect(await client.closeView({ user: analyst, viewId: pushed.id, wholeStack: true })).toEqual({
        ok: true,
        status: 200,
      });
      expect(fake.openViews(analyst)).toEqual([]);
      expect(fake.viewById(root.id)?.state).toBe('closed');
      expect(payloadOf(app.received[0])).toMatchObject({ type: 'view_closed', is_cleared: true });
    });

    it('Cancel goes back to the view below', async () => {
      const { root, pushed } = openStack();
      await client.closeView({ user: analyst, viewId: pushed.id });
      expect(fake.openViews(analyst).map((view) => view.id)).toEqual([root.id]);
      expect(payloadOf(app.received[0])).toMatchObject({ type: 'view_closed', is_cleared: false });
    });
  });
});
