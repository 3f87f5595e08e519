import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { type FakeSlack, SEED_IDS, startFakeSlack } from '../fake-slack/index.js';
import { createWorkbench, type Workbench, type WorkbenchLocalHooks } from './routes.js';
import type { WorkspaceSnapshot } from './workspaceSnapshot.js';

const { analyst, refused, analystDm } = SEED_IDS;
const SECRET = 'workbench-home-test-secret';

const homeBlocks = (text: string) => [
  { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text } },
  {
    type: 'actions',
    block_id: 'home_actions',
    elements: [
      {
        type: 'button',
        action_id: 'home_refresh',
        text: { type: 'plain_text', text: 'Refresh' },
        value: 'r1',
      },
    ],
  },
];

interface Mounted {
  base: string;
  port: number;
  workbench: Workbench;
  close(): Promise<void>;
}

/** A workbench on its own loopback server, as the app's server mounts it (404 for what it leaves). */
async function mountWorkbench(
  fake: FakeSlack,
  appUrl: string,
  localHooks?: WorkbenchLocalHooks,
): Promise<Mounted> {
  const workbench = createWorkbench({
    fake,
    signingSecret: SECRET,
    logger: createLogger({ level: 'silent' }),
    ...(localHooks ? { localHooks } : {}),
  });
  workbench.setAppUrl(appUrl);
  const server: Server = createServer((req, res) => {
    void Promise.resolve(workbench.routes(req, res)).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    workbench,
    close: async () => {
      workbench.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the workbench’s Home tab and local tools', () => {
  let fake: FakeSlack;
  let app: App;
  let appUrl: string;
  let mounted: Mounted;
  let bare: Mounted;
  const received: Array<Record<string, unknown>> = [];
  const hookCalls: string[] = [];
  let watchCycleFails = false;

  beforeAll(async () => {
    fake = await startFakeSlack();
    // The app's side: publishes a Home tab when it is opened, and again for its button.
    app = new App({
      token: fake.token,
      signingSecret: SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
    });
    app.event('app_home_opened', async ({ event, body, client }) => {
      received.push(body as unknown as Record<string, unknown>);
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: homeBlocks(event.view ? 'Opened again' : 'Opened first') },
      });
    });
    app.action('home_refresh', async ({ ack, body, client }) => {
      await ack();
      received.push(body as unknown as Record<string, unknown>);
      await client.views.publish({
        user_id: body.user.id,
        view: { type: 'home', blocks: homeBlocks('Refreshed') },
      });
    });
    const server = (await app.start(0)) as Server;
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let generation = 1;
    mounted = await mountWorkbench(fake, appUrl, {
      runWatchCycle: async () => {
        hookCalls.push('runWatchCycle');
        if (watchCycleFails) throw new Error('the database went away');
        return { checked: 3 };
      },
      advanceSandbox: () => {
        hookCalls.push('advanceSandbox');
        generation += 1;
        return { generation };
      },
    });
    bare = await mountWorkbench(fake, appUrl);
  });

  afterAll(async () => {
    await mounted?.close();
    await bare?.close();
    await app?.stop();
    await fake?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, base = mounted.base) =>
    fetch(`${base}/workbench/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

  async function state(user: string = analyst): Promise<WorkspaceSnapshot> {
    const response = await fetch(`${mounted.base}/workbench/api/state?user=${user}`);
    expect(response.status).toBe(200);
    return (await response.json()) as WorkspaceSnapshot;
  }

  async function eventually<T>(
    found: (snapshot: WorkspaceSnapshot) => T | undefined,
    user = analyst,
  ): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const value = found(await state(user));
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('the workbench state never showed it');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const sectionText = (home: WorkspaceSnapshot['home']) =>
    (home?.blocks[0] as { text?: { text?: string } } | undefined)?.text?.text;

  it('serves a page with the Home entry, the Home view and the local tools where a browser test finds them', async () => {
    const html = await (await fetch(`${mounted.base}/`)).text();
    for (const testId of ['home-tab', 'home-view', 'watch-cycle', 'sandbox-advance', 'local-tools-result']) {
      expect(html, testId).toContain(`data-testid="${testId}"`);
    }
  });

  it('shows no Home tab before the app has published one', async () => {
    expect((await state()).home).toBeNull();
  });

  it('opens the Home tab with a signed app_home_opened, and shows what the app publishes', async () => {
    expect(await answer(await post('/home/open', { user: analyst }))).toEqual({
      status: 200,
      body: { ok: true, status: 200 },
    });
    const home = await eventually((snapshot) => (sectionText(snapshot.home) ? snapshot.home : undefined));
    const published = fake.homeView(analyst);
    expect(home).toEqual({ id: published?.id, hash: published?.hash, blocks: homeBlocks('Opened first') });
    expect(received.at(-1)).toMatchObject({
      type: 'event_callback',
      event: { type: 'app_home_opened', user: analyst, channel: analystDm, tab: 'home' },
    });
    expect(received.at(-1)?.event).not.toHaveProperty('view');
    // Someone else has no Home tab yet.
    expect((await state(refused)).home).toBeNull();
  });

  it('opened again, the event carries the published view; the same view id shows the new publish', async () => {
    const before = fake.homeView(analyst);
    await post('/home/open', { user: analyst });
    const home = await eventually((snapshot) =>
      sectionText(snapshot.home) === 'Opened again' ? snapshot.home : undefined,
    );
    expect(home?.id).toBe(before?.id);
    expect(home?.hash).not.toBe(before?.hash);
    expect(received.at(-1)).toMatchObject({
      event: { view: { id: before?.id, hash: before?.hash, type: 'home' } },
    });
  });

  it('sends a Home button as block_actions from the view, with no channel or response_url', async () => {
    const home = fake.homeView(analyst);
    const response = await post('/home/action', {
      user: analyst,
      viewId: home?.id,
      actionId: 'home_refresh',
      blockId: 'home_actions',
      value: 'r1',
      text: 'Refresh',
    });
    expect(await answer(response)).toEqual({ status: 200, body: { ok: true, status: 200 } });
    await eventually((snapshot) => (sectionText(snapshot.home) === 'Refreshed' ? true : undefined));
    const action = received.at(-1);
    expect(action).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: home?.id },
      view: { id: home?.id, type: 'home', hash: home?.hash },
      actions: [{ action_id: 'home_refresh', block_id: 'home_actions', value: 'r1' }],
    });
    expect(action).not.toHaveProperty('channel');
    expect(action).not.toHaveProperty('response_url');
  });

  it('refuses a Home button of a view that is not the person’s Home tab, and malformed requests', async () => {
    const click = { actionId: 'home_refresh', blockId: 'home_actions' };
    const viewId = fake.homeView(analyst)?.id;
    expect(await answer(await post('/home/action', { ...click, user: analyst, viewId: 'V404' }))).toEqual({
      status: 404,
      body: { ok: false, status: 404, error: 'not_found' },
    });
    expect(await answer(await post('/home/action', { ...click, user: refused, viewId }))).toEqual({
      status: 404,
      body: { ok: false, status: 404, error: 'not_found' },
    });
    expect(await answer(await post('/home/open', { user: 'U0NOBODY' }))).toEqual({
      status: 404,
      body: { ok: false, error: 'user_not_found' },
    });
    expect(await answer(await post('/home/open', {}))).toEqual({
      status: 400,
      body: { ok: false, error: 'invalid_request' },
    });
    expect((await post('/home/open', { user: analyst }, { origin: 'http://evil.test' })).status).toBe(403);
  });

  it('moves the page’s version on when the app publishes, so open pages redraw', async () => {
    const before = (await state()).version;
    fake.store.publishHomeView(analyst, { type: 'home', blocks: homeBlocks('Pushed') });
    const after = await state();
    expect(after.version).toBe(before + 1);
    expect(sectionText(after.home)).toBe('Pushed');
  });

  it('runs the watch cycle and advances the sandbox through their hooks', async () => {
    hookCalls.length = 0;
    expect(await answer(await post('/watch-cycle', {}))).toEqual({
      status: 200,
      body: { ok: true, checked: 3 },
    });
    expect(await answer(await post('/sandbox-advance', {}))).toEqual({
      status: 200,
      body: { ok: true, generation: 2 },
    });
    expect(await answer(await post('/sandbox-advance', {}))).toEqual({
      status: 200,
      body: { ok: true, generation: 3 },
    });
    expect(hookCalls).toEqual(['runWatchCycle', 'advanceSandbox', 'advanceSandbox']);
  });

  it('answers 404 for a local tool whose hook was not given', async () => {
    for (const path of ['/watch-cycle', '/sandbox-advance']) {
      expect(await answer(await post(path, {}, {}, bare.base)), path).toEqual({
        status: 404,
        body: { ok: false, error: 'not_available' },
      });
    }
  });

  it('answers 500 when a hook fails', async () => {
    watchCycleFails = true;
    try {
      expect(await answer(await post('/watch-cycle', {}))).toEqual({
        status: 500,
        body: { ok: false, error: 'tool_failed' },
      });
    } finally {
      watchCycleFails = false;
    }
  });

  it('keeps the local tools behind the workbench’s guards', async () => {
    hookCalls.length = 0;
    for (const path of ['/watch-cycle', '/sandbox-advance']) {
      expect((await post(path, {}, { origin: 'http://evil.test' })).status, path).toBe(403);
      expect((await post(path, {}, { 'content-type': 'text/plain' })).status, path).toBe(415);
      expect(await answer(await post(path, `{"pad":"${'x'.repeat(256 * 1024)}"}`)), path).toEqual({
        status: 413,
        body: { ok: false, error: 'too_large' },
      });
      expect(await answer(await post(path, '[1]')), path).toEqual({
        status: 400,
        body: { ok: false, error: 'invalid_request' },
      });
      expect(await answer(await post(path, '{')), path).toEqual({
        status: 400,
        body: { ok: false, error: 'invalid_json' },
      });
      const get = await fetch(`${mounted.base}/workbench/api${path}`);
      expect(await answer(get), path).toEqual({
        status: 405,
        body: { ok: false, error: 'method_not_allowed' },
      });
      const rebound = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(
          {
            port: mounted.port,
            host: '127.0.0.1',
            method: 'POST',
            path: `/workbench/api${path}`,
            headers: { host: 'evil.test', 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      expect(rebound, path).toBe(403);
    }
    expect(hookCalls).toEqual([]);
  });
});
