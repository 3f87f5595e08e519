import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  appHomeOpenedBody,
  appHomeOpenedPayload,
  homeBlockActionsPayload,
  interactionBody,
  postSignedToSlackEvents,
  slackContentType,
} from './payloads.js';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';

const SECRET = 'home-test-signing-secret';
const { analyst, refused, analystDm } = SEED_IDS;
const NOW_MS = 1_800_000_000_123;

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

describe('app_home_opened', () => {
  it('is the event_callback envelope Slack POSTs, with the event as Slack documents it', () => {
    expect(
      appHomeOpenedPayload({ userId: analyst, channel: analystDm, eventId: 'Ev0123456789', nowMs: NOW_MS }),
    ).toEqual({
      token: 'fake-verification-token',
      team_id: 'T0001',
      api_app_id: 'A0FAKEAPP',
      event: {
        type: 'app_home_opened',
        user: analyst,
        channel: analystDm,
        tab: 'home',
        event_ts: '1800000000.123000',
      },
      type: 'event_callback',
      event_id: 'Ev0123456789',
      event_time: 1800000000,
      authorizations: [
        {
          enterprise_id: null,
          team_id: 'T0001',
          user_id: 'UBOT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    });
  });

  it('makes a fresh Ev… event id each time', () => {
    const ids = [1, 2].map(() => appHomeOpenedPayload({ userId: analyst, channel: analystDm }).event_id);
    expect(ids[0]).toMatch(/^Ev[0-9A-F]{10}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('carries the view on the Home tab only', () => {
    const view = { id: 'V1', type: 'home' };
    expect(appHomeOpenedPayload({ userId: analyst, channel: analystDm, view }).event).toMatchObject({
      tab: 'home',
      view,
    });
    expect(() =>
      appHomeOpenedPayload({ userId: analyst, channel: analystDm, tab: 'messages', view }),
    ).toThrow('Slack sends the view on the Home tab only');
    expect(appHomeOpenedPayload({ userId: analyst, channel: analystDm, tab: 'messages' }).event).toEqual({
      type: 'app_home_opened',
      user: analyst,
      channel: analystDm,
      tab: 'messages',
      event_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
    });
  });

  describe('from the fake workspace', () => {
    let fake: FakeSlack;

    beforeAll(async () => {
      fake = await startFakeSlack();
    });

    afterAll(async () => {
      await fake.close();
    });

    it('names the person’s DM with the app, created like Slack’s when there is none yet', () => {
      const event = (user: string) =>
        (JSON.parse(appHomeOpenedBody(fake, { userId: user })) as { event: Record<string, unknown> }).event;
      expect(event(analyst)).toMatchObject({ user: analyst, channel: analystDm, tab: 'home' });
      expect(event(analyst)).not.toHaveProperty('view');
      expect(fake.store.channels.has(`D${refused}`)).toBe(false);
      expect(event(refused)).toMatchObject({ user: refused, channel: `D${refused}` });
      expect(fake.store.channels.get(`D${refused}`)).toMatchObject({ isIm: true, imUser: refused });
      expect(() => appHomeOpenedBody(fake, { userId: 'U0NOBODY' })).toThrow(
        'no person U0NOBODY in the fake workspace',
      );
      expect(() => appHomeOpenedBody(fake, { userId: 'UBOT' })).toThrow('no person UBOT');
    });

    it('is the exact JSON text, carrying the published view its viewId names', () => {
      const home = fake.store.publishHomeView(analyst, { type: 'home', blocks: homeBlocks('Hi') });
      const body = appHomeOpenedBody(fake, {
        userId: analyst,
        viewId: home.id,
        eventId: 'Ev0000000001',
        nowMs: NOW_MS,
      });
      expect(body).toBe(
        JSON.stringify(
          appHomeOpenedPayload({
            userId: analyst,
            channel: analystDm,
            view: home.view,
            eventId: 'Ev0000000001',
            nowMs: NOW_MS,
          }),
        ),
      );
      expect(JSON.parse(body).event.view).toEqual(home.view);
      expect(() => appHomeOpenedBody(fake, { userId: analyst, viewId: 'V404' })).toThrow(
        `V404 is not ${analyst}'s Home tab`,
      );
      expect(() => appHomeOpenedBody(fake, { userId: refused, viewId: home.id })).toThrow(
        `${home.id} is not ${refused}'s Home tab`,
      );
    });
  });
});

describe('block_actions from a Home tab', () => {
  it('comes from a view container with the published view, no channel, message, state or response_url', () => {
    const view = { id: 'V00000009', type: 'home', hash: '1.a', blocks: homeBlocks('Hi') };
    const payload = homeBlockActionsPayload({
      user: analyst,
      home: { id: 'V00000009', view },
      actions: [{ action_id: 'home_refresh', block_id: 'home_actions', value: 'r1', text: 'Refresh' }],
      trigger_id: 't.1',
    });
    expect(payload).toEqual({
      type: 'block_actions',
      user: { id: analyst, username: 'ana.analyst', name: 'ana.analyst', team_id: 'T0001' },
      api_app_id: 'A0FAKEAPP',
      token: 'fake-verification-token',
      container: { type: 'view', view_id: 'V00000009' },
      trigger_id: 't.1',
      team: { id: 'T0001', domain: 'fake-workspace' },
      enterprise: null,
      is_enterprise_install: false,
      view,
      actions: [
        {
          action_id: 'home_refresh',
          block_id: 'home_actions',
          text: { type: 'plain_text', text: 'Refresh', emoji: true },
          value: 'r1',
          type: 'button',
          action_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
        },
      ],
    });
  });
});

describe('postSignedToSlackEvents sends each body as Slack does', () => {
  let server: Server;
  let url: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('as JSON for an Events API body and as a form otherwise, each signed over its exact bytes', async () => {
    const json = JSON.stringify(appHomeOpenedPayload({ userId: analyst, channel: analystDm }));
    const form = interactionBody({ type: 'block_actions' });
    await postSignedToSlackEvents(url, json, SECRET);
    await postSignedToSlackEvents(url, form, SECRET);
    await postSignedToSlackEvents(url, json, SECRET, { contentType: 'application/x-www-form-urlencoded' });
    expect(received.map((request) => request.headers['content-type'])).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
    ]);
    expect(received.map((request) => request.body)).toEqual([json, form, json]);
    for (const request of received) {
      const timestamp = Number(request.headers['x-slack-request-timestamp']);
      expect(() =>
        verifySlackRequest({
          signingSecret: SECRET,
          body: request.body,
          headers: {
            'x-slack-signature': String(request.headers['x-slack-signature']),
            'x-slack-request-timestamp': timestamp,
          },
        }),
      ).not.toThrow();
    }
    expect(slackContentType('  {"type":"event_callback"}')).toBe('application/json');
    expect(slackContentType('payload=%7B%7D')).toBe('application/x-www-form-urlencoded');
  });
});

const hashOf = (view: unknown) => (view as { hash?: string } | undefined)?.hash;

describe('the Home tab through a real Bolt app', () => {
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
    app.event('app_home_opened', async ({ event, client }) => {
      seen.event = event;
      if (event.tab !== 'home') return;
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: homeBlocks(`Opened ${event.view ? 'again' : 'first'}`) },
        // @slack/types leaves the hash out of the event's view type; Slack sends it
        ...(hashOf(event.view) ? { hash: hashOf(event.view) } : {}),
      });
    });
    app.action('home_refresh', async ({ ack, body, client, respond }) => {
      await ack();
      seen.action = body;
      seen.respond = respond;
      const hash = hashOf((body as { view?: unknown }).view);
      await client.views.publish({
        user_id: body.user.id,
        view: { type: 'home', blocks: homeBlocks('Refreshed') },
        ...(hash ? { hash } : {}),
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

  const published = (text: string) =>
    fake.waitFor((call) => call.method === 'views.publish' && JSON.stringify(call.args).includes(text));

  it('Bolt verifies and routes the JSON event; its views.publish reaches the fake', async () => {
    const result = await postSignedToSlackEvents(
      appUrl,
      appHomeOpenedBody(fake, { userId: analyst }),
      SECRET,
    );
    expect(result.status).toBe(200);
    expect((await published('Opened first')).ok).toBe(true);
    expect(seen.event).toMatchObject({
      type: 'app_home_opened',
      user: analyst,
      channel: analystDm,
      tab: 'home',
    });
    const home = fake.homeView(analyst);
    expect(home?.view.blocks).toEqual(homeBlocks('Opened first'));

    // Opened again: the event carries the view, and the app's publish with its hash is taken.
    const again = appHomeOpenedBody(fake, { userId: analyst, viewId: home?.id as string });
    expect((await postSignedToSlackEvents(appUrl, again, SECRET)).status).toBe(200);
    expect((await published('Opened again')).ok).toBe(true);
    expect(fake.homeView(analyst)?.id).toBe(home?.id);
  });

  it('a bad signature on the JSON event is refused', async () => {
    const body = appHomeOpenedBody(fake, { userId: analyst });
    expect((await postSignedToSlackEvents(appUrl, body, SECRET, { badSignature: true })).status).toBe(401);
  });

  it('a Home tab button reaches the app without a response_url; it publishes again', async () => {
    const home = fake.store.publishHomeView(analyst, { type: 'home', blocks: homeBlocks('Hi') });
    const payload = homeBlockActionsPayload({
      user: analyst,
      home,
      actions: [{ action_id: 'home_refresh', block_id: 'home_actions', value: 'r1' }],
      trigger_id: fake.issueTriggerId({ user: analyst }),
    });
    expect((await postSignedToSlackEvents(appUrl, interactionBody(payload), SECRET)).status).toBe(200);
    expect((await published('Refreshed')).ok).toBe(true);
    expect(seen.action).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: home.id },
      view: { id: home.id, type: 'home', hash: home.hash },
    });
    expect(seen.action).not.toHaveProperty('channel');
    expect(seen.action).not.toHaveProperty('response_url');
    expect(seen.respond).toBeUndefined();
    expect(fake.homeView(analyst)?.view.blocks).toEqual(homeBlocks('Refreshed'));
  });
});
