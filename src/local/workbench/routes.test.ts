import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logging/logger.js';
import { SEED_IDS } from '../fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../localMode.js';
import { isTrustedHost } from './routes.js';
import type { MessageSnapshot, WorkspaceSnapshot } from './workspaceSnapshot.js';

const { analyst, refused, generalChannel, complianceChannel } = SEED_IDS;

describe('workbench routes on a local-mode app', () => {
  let local: LocalMode;
  let base: string;

  beforeAll(async () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    base = local.url.replace(/\/$/, '');
  });

  afterAll(async () => {
    await local?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/workbench/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  async function state(user: string = analyst): Promise<WorkspaceSnapshot> {
    const response = await fetch(`${base}/workbench/api/state?user=${user}`);
    expect(response.status).toBe(200);
    return (await response.json()) as WorkspaceSnapshot;
  }

  /** Polls the snapshot until `found` returns something (the app answers after its ack). */
  async function eventually<T>(
    found: (snapshot: WorkspaceSnapshot) => T | undefined,
    user = analyst,
  ): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = found(await state(user));
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('the workbench state never showed it');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const allText = (message: MessageSnapshot) => JSON.stringify(message.blocks ?? message.text);

  it('serves the page, its styles and scripts with nothing from the internet', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/workbench.js"></script>');
    expect(html).toContain('<html lang="en">');
    for (const path of [
      '/',
      '/workbench.css',
      '/workbench.js',
      '/blockKit.js',
      '/mrkdwn.js',
      '/emoji.js',
      '/strings.js',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).not.toMatch(/https?:\/\//i);
      expect(text, path).not.toMatch(/(src|href)\s*=\s*["']?\/\//i);
      expect(text, path).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
    }
  });

  it('serves only the listed files and leaves other paths to the app server', async () => {
    expect((await fetch(`${base}/mrkdwn.d.ts`)).status).toBe(404);
    expect((await fetch(`${base}/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('sends a composer command to the app as a signed slash command and shows the answer privately', async () => {
    const response = await post('/command', {
      user: analyst,
      channel: generalChannel,
      text: '/risk 江苏 张德洲 1',
    });
    // 200 means Bolt verified the signature made with the generated secret and acked.
    expect(await response.json()).toEqual({ ok: true, status: 200 });
    const result = await eventually((snapshot) =>
      snapshot.messages[generalChannel]?.find((message) => allText(message).includes('Page 1 of 4')),
    );
    expect(result.ephemeral).toBe(true);
    expect(allText(result)).toContain('Sandbox data');
    // One message: the "Screening…" notice came through the command's response_url and the result replaced it.
    expect((await state()).messages[generalChannel]).toHaveLength(1);
    const posts = local.fake.calls.filter((call) => call.method === 'response_url' && call.ok);
    expect(posts.map((call) => call.args.replace_original === true)).toEqual([false, true]);
    // Another person does not see it.
    const theirs = (await state(refused)).messages[generalChannel] ?? [];
    expect(theirs.some((message) => allText(message).includes('Page 1 of 4'))).toBe(false);
  });

  it('turns a Next click into block_actions and the same message shows page 2', async () => {
    const snapshot = await state();
    const result = snapshot.messages[generalChannel]?.find((message) =>
      allText(message).includes('Page 1 of 4'),
    );
    if (!result) throw new Error('no page 1 on screen');
    const next = (
      result.blocks as Array<{ type: string; block_id?: string; elements?: Array<Record<string, string>> }>
    )
      .find((block) => block.type === 'actions')
      ?.elements?.find((element) => element.action_id === 'risk_next_page');
    const response = await post('/action', {
      user: analyst,
      channel: generalChannel,
      messageTs: result.ts,
      actionId: 'risk_next_page',
      blockId: 'risk_pagination',
      value: next?.value,
      text: 'Next ▶',
    });
    expect(response.status).toBe(200);
    const page2 = await eventually((s) =>
      s.messages[generalChannel]?.find(
        (message) => message.ts === result.ts && allText(message).includes('Page 2 of 4'),
      ),
    );
    expect(page2.ephemeral).toBe(true);
  });

  it('streams a change event when a message arrives', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/workbench/api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    const versions: number[] = [];
    let buffered = '';
    const readUntil = async (done: () => boolean) => {
      while (!done()) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        buffered += new TextDecoder().decode(chunk.value);
        for (const match of buffered.matchAll(/data: \{"version":(\d+)\}/g)) versions.push(Number(match[1]));
        buffered = buffered.slice(buffered.lastIndexOf('\n\n') + 2);
      }
    };
    await readUntil(() => versions.length > 0);
    const first = versions[0] ?? 0;
    const posted = await post('/message', { user: analyst, channel: complianceChannel, text: '江苏 张德洲' });
    expect(await posted.json()).toEqual({ ok: true, status: 200 });
    await readUntil(() => versions.some((version) => version > first));
    controller.abort();
    const messages = (await state()).messages[complianceChannel] ?? [];
    expect(messages.at(-1)).toMatchObject({ user: analyst, text: '江苏 张德洲', ephemeral: false });
  });

  it('opens /finance as a modal and answers an invalid 身份证 inline, keyed by block_id', async () => {
    await post('/command', { user: analyst, channel: generalChannel, text: '/finance' });
    const view = await eventually((snapshot) => snapshot.view ?? undefined);
    expect(view.callbackId).toBe('finance_query');
    const text = (value: string) => ({ type: 'plain_text_input', value });
    const response = await post('/view/submit', {
      user: analyst,
      viewId: view.id,
      values: {
        realname: { realname_input: text('张三') },
        idcard: { idcard_input: text('110105194912310021') },
        mobile: { mobile_input: text('13812345678') },
        purpose: { purpose_input: text('Supplier due diligence') },
        consent: {
          consent_checkbox: {
            type: 'checkboxes',
            selected_options: [{ text: { type: 'plain_text', text: 'I confirm' }, value: 'attested' }],
          },
        },
      },
    });
    expect(await response.json()).toEqual({ ok: true, status: 200 });
    const shown = (await state()).view;
    expect(shown?.id).toBe(view.id);
    expect(Object.keys(shown?.errors ?? {})).toEqual(['idcard']);
    // What was typed stays in the form, as in Slack.
    expect(shown?.values.idcard).toEqual({ idcard_input: text('110105194912310021') });
    await post('/view/close', { user: analyst, viewId: view.id });
    expect((await state()).view).toBeNull();
  });

  it('shows Slack’s generic submission error on the view, and × closes a pushed modal’s whole stack', async () => {
    await post('/command', { user: analyst, channel: generalChannel, text: '/finance' });
    const root = await eventually((snapshot) => snapshot.view ?? undefined);
    local.fake.showSubmissionFailure(root.id);
    expect((await state()).view?.submissionFailure).toBe('We had some trouble connecting. Try again?');
    const pushed = local.fake.store.pushView(
      analyst,
      { type: 'modal', title: { type: 'plain_text', text: 'Details' }, blocks: [] },
      false,
    );
    expect((await state()).view).toMatchObject({ id: pushed.id, stackDepth: 2, submissionFailure: null });
    // Cancel on the pushed view goes back to the root…
    await post('/view/close', { user: analyst, viewId: pushed.id });
    expect((await state()).view?.id).toBe(root.id);
    // …while × on a pushed view closes everything.
    const again = local.fake.store.pushView(
      analyst,
      { type: 'modal', title: { type: 'plain_text', text: 'Details' }, blocks: [] },
      false,
    );
    const closed = await post('/view/close', { user: analyst, viewId: again.id, wholeStack: true });
    expect(await closed.json()).toEqual({ ok: true, status: 200 });
    expect((await state()).view).toBeNull();
  });

  it('answers an unknown command the way Slack does, without bothering the app', async () => {
    const before = local.fake.calls.length;
    const response = await post('/command', { user: analyst, channel: generalChannel, text: '/nope x' });
    expect(response.status).toBe(400);
    const notice = (await state()).messages[generalChannel]?.at(-1);
    expect(notice).toMatchObject({ user: 'USLACKBOT', ephemeral: true });
    expect(notice?.text).toContain('/nope is not a valid command');
    expect(local.fake.calls.length).toBe(before);
  });

  it('refuses requests that are not from the page itself or not well-formed', async () => {
    const message = { user: analyst, channel: generalChannel, text: 'hi' };
    const asForm = await fetch(`${base}/workbench/api/message`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(message),
    });
    expect(asForm.status).toBe(415);
    expect((await post('/message', message, { origin: 'http://evil.test' })).status).toBe(403);
    expect((await post('/message', { ...message, user: 'U0NOBODY' })).status).toBe(404);
    expect((await post('/message', { ...message, channel: 'not a channel' })).status).toBe(400);
    expect((await post('/message', { ...message, channel: 'C0NOTMEMBER', user: 'UBOT' })).status).toBe(404);
    expect((await fetch(`${base}/workbench/api/state?user=UBOT`)).status).toBe(404);
  });

  it('refuses a page served under another DNS name (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          port: local.port,
          host: '127.0.0.1',
          path: `/workbench/api/state?user=${analyst}`,
          headers: { host: 'evil.test' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('isTrustedHost', () => {
  it('accepts loopback names and IP literals, refuses other DNS names (rebinding)', () => {
    expect(isTrustedHost('localhost:3000')).toBe(true);
    expect(isTrustedHost('127.0.0.1:3000')).toBe(true);
    expect(isTrustedHost('[::1]:3000')).toBe(true);
    expect(isTrustedHost('192.168.1.20:3000')).toBe(true);
    expect(isTrustedHost('evil.test:3000')).toBe(false);
    expect(isTrustedHost(undefined)).toBe(false);
  });
});

describe('the workbench of an app with LOCALE=zh-CN', () => {
  let local: LocalMode;
  let base: string;

  beforeAll(async () => {
    const loaded = loadConfig({ LOCALE: 'zh-CN' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    base = local.url.replace(/\/$/, '');
  });

  afterAll(async () => {
    await local?.stop();
  });

  it('serves the page in zh-CN, so workbench.js picks its Chinese strings', async () => {
    const page = await fetch(`${base}/`);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(html));
    const strings = await (await fetch(`${base}/strings.js`)).text();
    expect(strings).toContain("'message.ephemeral': '仅你可见'");
  });

  it('has Slackbot answer an unknown command in Chinese', async () => {
    await fetch(`${base}/workbench/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: analyst, channel: generalChannel, text: '/nope x' }),
    });
    const response = await fetch(`${base}/workbench/api/state?user=${analyst}`);
    const snapshot = (await response.json()) as WorkspaceSnapshot;
    expect(snapshot.messages[generalChannel]?.at(-1)).toMatchObject({
      user: 'USLACKBOT',
      ephemeral: true,
      text: '/nope 不是有效的命令。在 Slack 中，以“/”开头的消息都会被当作命令。',
    });
  });
});
