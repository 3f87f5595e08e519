import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  interactionBody,
  messageActionPayload,
  postSignedToSlackEvents,
  type SignedPostResult,
  slashCommandBody,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../../src/local/fake-slack/payloads.js';
import { signSlackRequest } from '../../src/local/fake-slack/signing.js';
import type { FakeMessage, FakeView } from '../../src/local/fake-slack/store.js';
import { SLACK_BODY_LIMIT_BYTES } from '../../src/server/slackRequestGate.js';
import { ACTION_IDS, CALLBACK_IDS, PAGINATION_BLOCK_ID } from '../../src/slack/ids.js';
import { encodeViewOrigin } from '../../src/slack/viewMetadata.js';
import { rawPost } from '../support/rawHttp.js';
import {
  findButton,
  type Harness,
  IDS,
  personalDataSentToSlack,
  SIGNING_SECRET,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

const STALE_TEXT = 'This button no longer works';
const RISK_VALUES = {
  keyword: { keyword_input: { type: 'plain_text_input', value: '江苏' } },
  realname: { realname_input: { type: 'plain_text_input', value: '李娜' } },
  type: { type_select: { type: 'static_select', selected_option: { value: '1' } } },
};

let h: Harness;
/** A loopback server that is not Slack: nothing the app sends may ever arrive here. */
let elsewhere: Server;
let elsewhereUrl = '';
let elsewherePosts = 0;

beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst] });
  elsewhere = createServer((req, res) => {
    elsewherePosts += 1;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  for (const name of ['张德洲', '李娜']) expect(h.logLines.join('\n')).not.toContain(name);
  await h.close();
  await new Promise((resolve) => elsewhere.close(resolve));
});
beforeEach(() => {
  h.sandbox.resetRequests();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const signedPost = (body: string, timestamp?: number): Promise<SignedPostResult> =>
  postSignedToSlackEvents(h.app.url as string, body, SIGNING_SECRET, {
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const records = (from = 0) =>
  h.logLines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
const warningsSince = (from: number) => records(from).filter((line) => line.level === 40);

function riskCommand(text: string, responseUrl?: string): string {
  return slashCommandBody({
    command: '/risk',
    text,
    userId: IDS.analyst,
    channelId: IDS.generalChannel,
    triggerId: h.fake.issueTriggerId({ user: IDS.analyst, channel: IDS.generalChannel }),
    responseUrl: responseUrl ?? h.fake.createResponseUrl({ channel: IDS.generalChannel, user: IDS.analyst }),
  });
}

/** A keyword not asked for yet in this file: the page cache (5 minutes) must not answer for Juhe. */
let keywordCount = 0;
const freshKeyword = () => `江苏第${++keywordCount}号`;

/** `/risk <fresh keyword> 张德洲 1` in an ordinary channel: the private page 1 with its Next button. */
async function pageOneWithNext(): Promise<FakeMessage> {
  const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
  await h.slash('/risk', `${freshKeyword()} 张德洲 1`);
  const reply = await h.privateAnswer(before);
  h.sandbox.resetRequests();
  return reply;
}

function clickBody(
  message: FakeMessage,
  actionId: string,
  value: string | undefined,
  responseUrl?: string,
  elementType?: string,
) {
  return interactionBody(
    blockActionsPayload({
      user: IDS.analyst,
      channel: message.channel,
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: true },
      actions: [
        {
          action_id: actionId,
          block_id: PAGINATION_BLOCK_ID,
          ...(value !== undefined ? { value } : {}),
          // a forged payload may claim any element type
          ...(elementType !== undefined ? { type: elementType as 'button' } : {}),
        },
      ],
      trigger_id: h.fake.issueTriggerId({ user: IDS.analyst, channel: message.channel }),
      response_url:
        responseUrl ??
        h.fake.createResponseUrl({ channel: message.channel, user: IDS.analyst, messageTs: message.ts }),
    }),
  );
}

function submitBody(view: FakeView, privateMetadata: string, values: object = RISK_VALUES): string {
  return interactionBody(
    viewSubmissionPayload({
      user: IDS.analyst,
      trigger_id: h.fake.issueTriggerId({ user: IDS.analyst }),
      view: {
        id: view.id,
        callback_id: String(view.view.callback_id ?? ''),
        private_metadata: privateMetadata,
        state: { values: values as Record<string, Record<string, unknown>> },
        hash: view.hash,
      },
    }),
  );
}

async function openRiskModal(): Promise<FakeView> {
  const openBefore = h.fake.openViews(IDS.analyst).map((view) => view.id);
  await h.slash('/risk', '');
  return h.waitForView(IDS.analyst, CALLBACK_IDS.riskQuery, (view) => !openBefore.includes(view.id));
}

/** An interaction body with one field of its payload taken out (`view.state`, `user`, …). */
function without(body: string, path: string): string {
  const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}');
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = payload;
  for (const key of keys) node = node[key];
  delete node[last];
  return interactionBody(payload);
}

/** Something the app sent to Slack that mentions `text` (a Web API call or a response_url post). */
const sentWith = (text: string, since: number) =>
  h.fake.calls.slice(since).filter((call) => JSON.stringify(call.args).includes(text));

describe('1. request bodies over 256 KB', () => {
  /** A real, correctly signed /risk command padded past the limit: only its size is wrong. */
  function paddedCommand(totalBytes: number): Buffer {
    const command = riskCommand('江苏 张德洲 1');
    const padding = totalBytes - Buffer.byteLength(command) - '&pad='.length;
    return Buffer.from(`${command}&pad=${'x'.repeat(padding)}`);
  }
  const signedHeaders = (body: Buffer) => ({
    'content-type': 'application/x-www-form-urlencoded',
    ...signSlackRequest(SIGNING_SECRET, body.toString('utf8')),
  });

  it.each([
    ['with a Content-Length', false],
    ['chunked, without one', true],
  ])('are refused with 413 %s, and nothing runs', async (_label, chunked) => {
    const linesBefore = h.logLines.length;
    const body = paddedCommand(SLACK_BODY_LIMIT_BYTES + 40_000);
    const result = await rawPost({
      url: `${h.app.url}/slack/events`,
      body,
      chunked,
      headers: signedHeaders(body),
    });
    expect(result.status).toBe(413);
    await settle();
    expect(h.sandbox.requestCount()).toBe(0);
    // the app's own middleware logs every request that reaches Bolt; none did
    expect(records(linesBefore).filter((line) => line.msg === 'slack request')).toEqual([]);
  });

  it('a signed body just under the limit reaches Bolt intact (its signature still verifies) and runs', async () => {
    const body = paddedCommand(SLACK_BODY_LIMIT_BYTES - 100);
    const result = await rawPost({
      url: `${h.app.url}/slack/events`,
      body,
      chunked: true,
      headers: signedHeaders(body),
    });
    expect(result.status).toBe(200);
    await waitUntil(() => (h.sandbox.requestCount('/personRisk/query') === 1 ? true : undefined));
  });

  it('two dozen unsigned 4 MB bodies do not grow the process by their size', async () => {
    const junk = Buffer.alloc(4 * 1024 * 1024, 'a');
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        rawPost({ url: `${h.app.url}/slack/events`, body: junk, chunked: i % 2 === 1 }),
      ),
    );
    const grown = process.memoryUsage().rss - before;
    expect(results.map((r) => r.status)).toEqual(Array(24).fill(413));
    // Read whole (Bolt's 4 MB limit) they grew it by well over 100 MB; behind the gate by under 10 MB.
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('2. request timestamps', () => {
  it.each([
    ['6 minutes ahead', 360],
    ['a year ahead', 365 * 24 * 3600],
    ['6 minutes behind', -360],
  ])('a correctly signed request stamped %s gets 401 and runs nothing', async (_label, offset) => {
    const result = await signedPost(riskCommand('江苏 张德洲 1'), nowSeconds() + offset);
    expect(result.status).toBe(401);
    await settle();
    expect(h.sandbox.requestCount()).toBe(0);
  });

  it('a fresh one still runs, also a little ahead (clock skew within 5 minutes)', async () => {
    for (const offset of [0, 120]) {
      const before = h.sandbox.requestCount('/personRisk/query');
      const answersBefore = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
      const result = await signedPost(riskCommand(`${freshKeyword()} 张德洲 1`), nowSeconds() + offset);
      expect(result.status).toBe(200);
      await waitUntil(() => (h.sandbox.requestCount('/personRisk/query') > before ? true : undefined));
      // Its answer is delivered before the next test counts what reached Slack.
      await h.privateAnswer(answersBefore);
    }
  });
});

describe('3. requests no listener handles', () => {
  const message: FakeMessage = {
    channel: IDS.generalChannel,
    ts: '1700000000.000100',
    text: 'x',
    user: IDS.analyst,
    replies: [],
  } as unknown as FakeMessage;
  const view = (callbackId: string) =>
    ({
      id: 'V0FORGED',
      hash: 'h',
      view: { callback_id: callbackId, private_metadata: '' },
    }) as unknown as FakeView;

  const cases: Array<[string, () => string, Record<string, unknown>]> = [
    [
      'an unknown action_id',
      () => clickBody(message, 'risk_export_everything', 'x'),
      { reason: 'unknown_id', idField: 'action_id', id: 'risk_export_everything' },
    ],
    [
      'a view_submission with an unknown callback_id',
      () => submitBody(view('other_modal'), ''),
      { kind: 'view_submission', reason: 'unknown_id', id: 'other_modal' },
    ],
    [
      'a view_closed (no modal asks for it)',
      () =>
        interactionBody(
          viewClosedPayload({
            user: IDS.analyst,
            view: { id: 'V1', callback_id: CALLBACK_IDS.riskQuery, state: { values: {} }, hash: 'h' },
          }),
        ),
      { kind: 'view_closed', id: CALLBACK_IDS.riskQuery },
    ],
    [
      'an unknown message shortcut',
      () =>
        interactionBody(
          messageActionPayload({
            callback_id: 'other_shortcut',
            user: IDS.analyst,
            channel: IDS.generalChannel,
            message: { ts: '1.2', text: '江苏 张德洲', user: IDS.analyst },
            trigger_id: h.fake.issueTriggerId({ user: IDS.analyst }),
            response_url: h.fake.createResponseUrl({ channel: IDS.generalChannel, user: IDS.analyst }),
          }),
        ),
      { kind: 'message_action', idField: 'callback_id', id: 'other_shortcut' },
    ],
    [
      'a global shortcut (the app has none)',
      () =>
        interactionBody({
          type: 'shortcut',
          callback_id: CALLBACK_IDS.riskCheckMessage,
          user: { id: IDS.analyst, team_id: 'T0001' },
          team: { id: 'T0001' },
          trigger_id: 't',
        }),
      { kind: 'shortcut', idField: 'callback_id' },
    ],
    [
      'an unknown slash command',
      () => riskCommand('江苏 张德洲 1').replace('command=%2Frisk', 'command=%2Fexport'),
      { kind: 'command', idField: 'command', id: '/export' },
    ],
    [
      'block_actions without actions',
      () => without(clickBody(message, ACTION_IDS.nextPage, 'x'), 'actions'),
      { reason: 'malformed', field: 'actions' },
    ],
    [
      'block_actions without user',
      () => without(clickBody(message, ACTION_IDS.nextPage, 'x'), 'user'),
      { reason: 'malformed', field: 'user' },
    ],
    [
      'view_submission without view.state',
      () => without(submitBody(view(CALLBACK_IDS.riskQuery), ''), 'view.state'),
      { kind: 'view_submission', reason: 'malformed', field: 'view.state.values' },
    ],
    [
      'view_submission without user',
      () => without(submitBody(view(CALLBACK_IDS.financeQuery), ''), 'user'),
      { kind: 'view_submission', reason: 'malformed', field: 'user' },
    ],
    [
      'a payload of no known type',
      () => interactionBody({ type: 'something_new', user: { id: IDS.analyst } }),
      { reason: 'no_listener' },
    ],
  ];

  it.each(cases)(
    '%s is acked with 200 in well under a second, with a warning naming it, and nothing runs',
    async (_label, build, expected) => {
      const linesBefore = h.logLines.length;
      const callsBefore = h.fake.calls.length;
      const result = await signedPost(build());
      expect(result.status).toBe(200);
      expect(result.ackMs).toBeLessThan(1000);
      const warnings = warningsSince(linesBefore);
      expect(warnings.map((line) => line.unhandled)).toEqual([expect.objectContaining(expected)]);
      await settle();
      expect(h.sandbox.requestCount()).toBe(0);
      expect(h.fake.calls.slice(callsBefore).filter((call) => call.method !== 'auth.test')).toEqual([]);
      expect(records(linesBefore).filter((line) => (line.level as number) >= 50)).toEqual([]);
    },
  );

  it('a known request is still acked once, by its listener', async () => {
    const reply = await pageOneWithNext();
    const linesBefore = h.logLines.length;
    const result = await h.clickButton(reply, ACTION_IDS.nextPage);
    expect(result.status).toBe(200);
    await waitUntil(() => (h.sandbox.requestCount('/personRisk/query') === 1 ? true : undefined));
    await settle();
    expect(warningsSince(linesBefore)).toEqual([]);
    expect(records(linesBefore).filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});

describe('4. values the app round-trips through Slack carry its tag', () => {
  it('the buttons and the modal the app sends carry a tag that verifies', async () => {
    const reply = await pageOneWithNext();
    const { value } = findButton(reply, ACTION_IDS.nextPage);
    expect(h.app.services.roundTrip.verify(value)).toMatch(/^\{"v":1,/);
    const modal = await openRiskModal();
    expect(h.app.services.roundTrip.verify(modal.view.private_metadata)).toMatch(/^\{"c":"C0GENERAL"/);
  });

  it('an edited button value is treated as a stale button: the stale message, no Juhe call', async () => {
    const reply = await pageOneWithNext();
    const tagged = findButton(reply, ACTION_IDS.nextPage).value;
    const untagged = h.app.services.roundTrip.verify(tagged) ?? '';
    const forgedPersonalKeyword = h.app.services.roundTrip.tag(
      JSON.stringify({ v: 1, k: '11010519491231002X', n: '张德洲', t: 1, p: 2, s: 10 }),
    );
    const edits: Array<[string, string, string?]> = [
      ['changed keyword', tagged.replace('江苏', '浙江')],
      ['changed page', tagged.replace('"p":2', '"p":3')],
      ['valid JSON, tag removed', untagged],
      ['valid JSON, a made-up tag', `${untagged}.${'A'.repeat(22)}`],
      ['correctly tagged, but a 身份证 as keyword', forgedPersonalKeyword],
      // Bolt routes by action_id alone: an element that claims another type is checked all the same.
      ['tag removed, on an element claiming to be an overflow menu', untagged, 'overflow'],
      ['tag removed, on an element with an empty type', untagged, ''],
      ['correctly tagged, on an element that is no button', tagged, 'static_select'],
    ];
    for (const [label, value, elementType] of edits) {
      const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
      const result = await h.post(clickBody(reply, ACTION_IDS.nextPage, value, undefined, elementType));
      expect(result.status, label).toBe(200);
      const answer = await h.privateAnswer(before);
      expect(textOf(answer.blocks), label).toContain(STALE_TEXT);
      expect(h.sandbox.requestCount(), label).toBe(0);
    }
    expect(h.logLines.join('\n')).not.toContain('11010519491231002X');
  });

  it('the genuine button still turns the page (one Juhe call)', async () => {
    const reply = await pageOneWithNext();
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.clickButton(reply, ACTION_IDS.nextPage);
    await waitUntil(() => (h.sandbox.requestCount('/personRisk/query') === 1 ? true : undefined));
    await settle();
    // page 2 replaced page 1 in place: no new message, no stale notice
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(before);
  });

  it.each([
    [
      'edited (the channel changed, tag kept)',
      (tagged: string) => tagged.replace(IDS.generalChannel, IDS.complianceChannel),
    ],
    ['replaced by untagged JSON', () => encodeViewOrigin({ channelId: IDS.complianceChannel })],
  ])(
    'private_metadata %s is not trusted: the answer goes only to the submitter’s DM',
    async (_label, edit) => {
      const modal = await openRiskModal();
      const linesBefore = h.logLines.length;
      const callsBefore = h.fake.calls.length;
      const compliancePosts = h.fake.messagesIn(IDS.complianceChannel).length;
      const result = await h.post(submitBody(modal, edit(String(modal.view.private_metadata))));
      expect(result.status).toBe(200);
      await waitUntil(() => (sentWith('李娜', callsBefore).length > 0 ? true : undefined));
      await settle();
      const deliveries = sentWith('李娜', callsBefore);
      expect(deliveries.map((call) => call.args.channel)).toEqual([IDS.analyst]);
      expect(h.fake.messagesIn(IDS.complianceChannel)).toHaveLength(compliancePosts);
      expect(warningsSince(linesBefore).map((line) => line.msg)).toContain(
        'private_metadata without a valid tag came back; its origin is not trusted',
      );
    },
  );
});

describe('5. response_urls the app posts to', () => {
  beforeEach(() => {
    elsewherePosts = 0;
  });

  it('a command whose response_url points elsewhere: nothing is posted there, the answer still arrives', async () => {
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const linesBefore = h.logLines.length;
    const result = await signedPost(riskCommand('江苏 张德洲 1', `${elsewhereUrl}/response/forged`));
    expect(result.status).toBe(200);
    const answer = await h.privateAnswer(before);
    expect(textOf(answer.blocks)).toContain('(2018)苏0581执5877号');
    expect(elsewherePosts).toBe(0);
    expect(warningsSince(linesBefore)).toContainEqual(
      expect.objectContaining({ responseUrlHost: new URL(elsewhereUrl).host }),
    );
  });

  it('a button click whose response_url points elsewhere: nothing is posted there, the page still arrives', async () => {
    const reply = await pageOneWithNext();
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const value = findButton(reply, ACTION_IDS.nextPage).value;
    await h.post(clickBody(reply, ACTION_IDS.nextPage, value, `${elsewhereUrl}/actions/forged`));
    // a stale click too, which answers through the response_url first
    await h.post(clickBody(reply, ACTION_IDS.nextPage, 'forged', `${elsewhereUrl}/actions/forged`));
    await waitUntil(() => (h.sandbox.requestCount('/personRisk/query') === 1 ? true : undefined));
    await settle();
    expect(elsewherePosts).toBe(0);
    const delivered = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).slice(before);
    expect(delivered.some((m) => /Page 2 of/.test(textOf(m.blocks)))).toBe(true);
  });

  it('a modal whose private_metadata names another response_url: untagged it is ignored; even tagged it is refused', async () => {
    for (const tagged of [false, true]) {
      const modal = await openRiskModal();
      const origin = encodeViewOrigin({
        channelId: IDS.generalChannel,
        responseUrl: `${elsewhereUrl}/commands/x`,
      });
      const metadata = tagged ? h.app.services.roundTrip.tag(origin) : origin;
      const callsBefore = h.fake.calls.length;
      expect((await h.post(submitBody(modal, metadata))).status).toBe(200);
      await waitUntil(() => (sentWith('李娜', callsBefore).length > 0 ? true : undefined));
      await settle();
      expect(elsewherePosts).toBe(0);
    }
  });
});
