import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBlocks, checkHomeView } from './blockLimits.js';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';
import type { FakeChange } from './store.js';

const { WebClient, LogLevel } = webApi;
const { analyst, refused } = SEED_IDS;

const section = (text: string, blockId?: string) => ({
  type: 'section' as const,
  text: { type: 'mrkdwn' as const, text },
  ...(blockId ? { block_id: blockId } : {}),
});
const dividers = (count: number) => Array.from({ length: count }, () => ({ type: 'divider' as const }));
const homeView = (text = 'Welcome', extra: Record<string, unknown> = {}) => ({
  type: 'home' as const,
  blocks: [section(text, 'intro')],
  ...extra,
});

async function slackError(call: Promise<unknown>): Promise<Record<string, unknown> | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: Record<string, unknown> }).data;
  }
}

describe('checkHomeView', () => {
  it('takes a Home tab of up to 100 blocks, with no title', () => {
    expect(checkHomeView(homeView())).toEqual([]);
    expect(checkHomeView({ type: 'home', blocks: dividers(100) })).toEqual([]);
    expect(checkHomeView({ type: 'home', blocks: dividers(101) })).toEqual([
      'view.blocks: 101 blocks, more than 100 allowed in a Home tab',
    ]);
    expect(checkBlocks(dividers(101), 'home')).toEqual([
      'blocks: 101 blocks, more than 100 allowed in a Home tab',
    ]);
  });

  it('refuses another type, missing blocks, and metadata past the limits', () => {
    expect(checkHomeView(homeView('x', { type: 'modal' }))).toEqual(['view.type: must be home, got "modal"']);
    expect(checkHomeView({ type: 'home' })).toEqual(['view.blocks: must be an array']);
    expect(checkHomeView('home')).toEqual(['view: must be an object']);
    expect(
      checkHomeView(
        homeView('x', { private_metadata: 'm'.repeat(3001), callback_id: 'c'.repeat(256), external_id: '' }),
      ),
    ).toEqual([
      'view.private_metadata: 3001 characters, more than 3000',
      'view.callback_id: 256 characters, more than 255',
    ]);
  });

  it('checks the blocks like any surface; input blocks stay in modals', () => {
    const input = {
      type: 'input',
      block_id: 'keyword',
      label: { type: 'plain_text', text: 'Keyword' },
      element: { type: 'plain_text_input', action_id: 'keyword_input' },
    };
    expect(checkHomeView({ type: 'home', blocks: [section('a', 'x'), section('b', 'x'), input] })).toEqual([
      'view.blocks[1].block_id: duplicate block_id "x"',
      'view.blocks[2]: input blocks are only allowed in modals',
    ]);
  });
});

describe('views.publish on the fake Slack', () => {
  const NOW = 1_800_000_000_000;
  let fake: FakeSlack;
  let client: InstanceType<typeof WebClient>;

  beforeEach(async () => {
    fake = await startFakeSlack({ now: () => NOW });
    client = new WebClient(fake.token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('publishes a Home tab and answers with the view in Slack’s shape', async () => {
    const result = await client.views.publish({
      user_id: analyst,
      view: homeView('Welcome', { callback_id: 'home', private_metadata: '{"v":1}' }),
    });
    const home = fake.homeView(analyst);
    if (!home) throw new Error('nothing published');
    expect(home.hash).toMatch(/^1800000000\.[0-9a-f]{8}$/);
    expect(result.view).toEqual({
      id: 'V00000001',
      team_id: 'T0001',
      type: 'home',
      close: null,
      submit: null,
      blocks: [section('Welcome', 'intro')],
      private_metadata: '{"v":1}',
      callback_id: 'home',
      state: { values: {} },
      hash: home.hash,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: 'V00000001',
      previous_view_id: null,
      app_id: 'A0FAKEAPP',
      external_id: '',
      app_installed_team_id: 'T0001',
      bot_id: 'BBOT',
    });
    expect(home).toEqual({
      id: 'V00000001',
      user: analyst,
      view: result.view,
      state: 'open',
      rootViewId: 'V00000001',
      previousViewId: null,
      hash: home.hash,
    });
    expect(fake.homeView(refused)).toBeUndefined();
    // A Home tab is no modal: it is not on the user's stack and views.update does not find it.
    expect(fake.openViews(analyst)).toEqual([]);
    expect(fake.viewById('V00000001')).toBeUndefined();
    expect(fake.calls).toEqual([
      {
        method: 'views.publish',
        args: {
          user_id: analyst,
          view: homeView('Welcome', { callback_id: 'home', private_metadata: '{"v":1}' }),
        },
        at: NOW,
        ok: true,
        response: { ok: true, view: result.view },
      },
    ]);
  });

  it('keeps one Home tab per user: a republish keeps the id and changes the hash', async () => {
    const first = await client.views.publish({ user_id: analyst, view: homeView('One') });
    const theirs = await client.views.publish({ user_id: refused, view: homeView('Theirs') });
    const second = await client.views.publish({
      user_id: analyst,
      view: homeView('Two'),
      hash: first.view?.hash as string,
    });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(theirs.view?.id).not.toBe(first.view?.id);
    expect(fake.homeView(analyst)?.view.blocks).toEqual([section('Two', 'intro')]);
    expect(fake.homeView(refused)?.view.blocks).toEqual([section('Theirs', 'intro')]);
  });

  it('refuses a stale hash with hash_conflict and leaves the published view as it was', async () => {
    const first = await client.views.publish({ user_id: analyst, view: homeView('One') });
    await client.views.publish({ user_id: analyst, view: homeView('Two') });
    expect(
      await slackError(
        client.views.publish({ user_id: analyst, view: homeView('Three'), hash: first.view?.hash as string }),
      ),
    ).toEqual({ ok: false, error: 'hash_conflict', response_metadata: {} });
    expect(fake.homeView(analyst)?.view.blocks).toEqual([section('Two', 'intro')]);
    // Nothing published yet: there is nothing for a hash to conflict with.
    await expect(
      client.views.publish({ user_id: refused, view: homeView(), hash: '1.abc' }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('answers invalid_arguments without a user_id or view, or for a view that is not home', async () => {
    expect((await slackError(client.apiCall('views.publish', { view: homeView() })))?.error).toBe(
      'invalid_arguments',
    );
    expect((await slackError(client.apiCall('views.publish', { user_id: analyst })))?.error).toBe(
      'invalid_arguments',
    );
    // (fetch, not WebClient, which would log Slack's response_metadata messages as errors)
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] };
    const response = await fetch(`${fake.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: analyst, view: JSON.stringify(modal) }).toString(),
    });
    expect(await response.json()).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be home, got "modal" [json-pointer:/view/type]'] },
    });
    expect(fake.homeView(analyst)).toBeUndefined();
    expect(fake.violations).toEqual([]);
  });

  it('answers user_not_found for an unknown user or the bot', async () => {
    for (const user_id of ['U0NOBODY', 'UBOT']) {
      expect((await slackError(client.views.publish({ user_id, view: homeView() })))?.error).toBe(
        'user_not_found',
      );
    }
  });

  it('refuses a view over the limits as invalid_blocks, recording the violation', async () => {
    expect(
      await slackError(
        client.views.publish({ user_id: analyst, view: { type: 'home', blocks: dividers(101) } }),
      ),
    ).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['view.blocks: 101 blocks, more than 100 allowed in a Home tab'],
      response_metadata: {},
    });
    expect(fake.violations).toEqual([
      {
        method: 'views.publish',
        at: NOW,
        violations: ['view.blocks: 101 blocks, more than 100 allowed in a Home tab'],
        rejected: true,
      },
    ]);
    expect(fake.homeView(analyst)).toBeUndefined();
  });

  it('with strictLimits off, publishes an over-limit view but still records it', async () => {
    const lenient = await startFakeSlack({ strictLimits: false });
    try {
      const response = await fetch(`${lenient.apiUrl}views.publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lenient.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: analyst, view: { type: 'home', blocks: dividers(101) } }),
      });
      expect(await response.json()).toMatchObject({ ok: true, view: { type: 'home' } });
      expect(lenient.violations).toMatchObject([{ method: 'views.publish', rejected: false }]);
      expect(lenient.homeView(analyst)?.view.blocks).toHaveLength(101);
    } finally {
      await lenient.close();
    }
  });

  it('emits home_published after each publish, and reset forgets Home tabs', async () => {
    const changes: FakeChange[] = [];
    const listener = (change: FakeChange) => changes.push(change);
    fake.on('change', listener);
    await client.views.publish({ user_id: analyst, view: homeView() });
    fake.off('change', listener);
    expect(changes.map((change) => change.kind)).toEqual(['home_published', 'call']);
    expect(changes[0]).toEqual({ kind: 'home_published', view: fake.homeView(analyst) });
    fake.reset();
    expect(fake.homeView(analyst)).toBeUndefined();
  });
});
