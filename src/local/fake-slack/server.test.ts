import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';
import { type FakeChange, SUBMISSION_FAILED_TEXT } from './store.js';

const { WebClient, LogLevel } = webApi;

const section = (text: string, blockId?: string) => ({
  type: 'section' as const,
  text: { type: 'mrkdwn' as const, text },
  ...(blockId ? { block_id: blockId } : {}),
});
const modalView = (title = 'Risk check', extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'risk_query',
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Check' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'keyword',
      label: { type: 'plain_text' as const, text: 'Keyword' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
  ],
  ...extra,
});

function clientFor(fake: FakeSlack, token = fake.token) {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
}

/** The Slack error code a WebClient call failed with. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

describe('fake Slack Web API via @slack/web-api WebClient', () => {
  let fake: FakeSlack;
  let clock: number;
  let client: InstanceType<typeof WebClient>;

  beforeEach(async () => {
    clock = 1_800_000_000_000;
    fake = await startFakeSlack({ now: () => clock });
    client = clientFor(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  it('exposes its address', () => {
    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
    expect(fake.apiUrl).toBe(`${fake.url}/api/`);
    expect(fake.token).toBe('xoxb-fake');
  });

  it('answers auth.test with the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: 'UBOT',
      bot_id: 'BBOT',
      team_id: 'T0001',
      team: 'Fake Workspace',
      url: 'https://fake-workspace.slack.com/',
    });
  });

  it('refuses a wrong token with invalid_auth and records the call', async () => {
    expect(await slackError(clientFor(fake, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(fake.calls).toMatchObject([{ method: 'auth.test', ok: false, error: 'invalid_auth' }]);
  });

  it('posts a message with blocks (form-encoded by WebClient) and hands out increasing ts', async () => {
    const blocks = [section('*2* records', 'summary')];
    const first = await client.chat.postMessage({
      channel: SEED_IDS.generalChannel,
      text: 'Results',
      blocks,
    });
    const second = await client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'More' });
    expect(first.ts).toBe('1700000000.000100');
    expect(second.ts).toBe('1700000000.000200');
    expect(first.message).toMatchObject({
      type: 'message',
      bot_id: 'BBOT',
      user: 'UBOT',
      text: 'Results',
      blocks,
    });
    const stored = fake.messagesIn(SEED_IDS.generalChannel);
    expect(stored.map((message) => [message.text, message.blocks])).toEqual([
      ['Results', blocks],
      ['More', undefined],
    ]);
    expect(fake.calls[0]?.args).toMatchObject({ channel: SEED_IDS.generalChannel, text: 'Results', blocks });
  });

  it('threads replies under their parent', async () => {
    const parent = await client.chat.postMessage({ channel: SEED_IDS.complianceChannel, text: 'Parent' });
    const reply = await client.chat.postMessage({
      channel: SEED_IDS.complianceChannel,
      text: 'Details',
      thread_ts: parent.ts as string,
    });
    expect(reply.message?.thread_ts).toBe(parent.ts);
    expect(fake.messagesIn(SEED_IDS.complianceChannel).map((message) => message.text)).toEqual(['Parent']);
    expect(fake.threadReplies(SEED_IDS.complianceChannel, parent.ts as string).map((m) => m.text)).toEqual([
      'Details',
    ]);
    expect(fake.messagesIn(SEED_IDS.complianceChannel)[0]?.replies.map((m) => m.ts)).toEqual([reply.ts]);
  });

  it('updates an existing message and refuses an unknown ts', async () => {
    const posted = await client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'Page 1' });
    const updated = await client.chat.update({
      channel: SEED_IDS.generalChannel,
      ts: posted.ts as string,
      text: 'Page 2',
      blocks: [section('page 2')],
    });
    expect(updated).toMatchObject({
      ok: true,
      channel: SEED_IDS.generalChannel,
      ts: posted.ts,
      text: 'Page 2',
    });
    expect(fake.messagesIn(SEED_IDS.generalChannel)[0]).toMatchObject({
      text: 'Page 2',
      blocks: [section('page 2')],
    });
    expect(
      await slackError(client.chat.update({ channel: SEED_IDS.generalChannel, ts: '1.000001', text: 'x' })),
    ).toBe('message_not_found');
  });

  it('posts ephemerals visible only to their user', async () => {
    const result = await client.chat.postEphemeral({
      channel: SEED_IDS.generalChannel,
      user: SEED_IDS.analyst,
      text: 'Only you',
    });
    expect(result.message_ts).toBe('1700000000.000100');
    expect(fake.messagesIn(SEED_IDS.generalChannel)).toEqual([]);
    expect(fake.messagesIn(SEED_IDS.generalChannel, { includeEphemeral: true })).toHaveLength(1);
    expect(fake.ephemeralsFor(SEED_IDS.analyst).map((message) => message.text)).toEqual(['Only you']);
    expect(fake.ephemeralsFor(SEED_IDS.refused)).toEqual([]);
  });

  it('refuses posting where the bot is not a member, or to an unknown channel', async () => {
    expect(await slackError(client.chat.postMessage({ channel: SEED_IDS.notMemberChannel, text: 'x' }))).toBe(
      'not_in_channel',
    );
    expect(
      await slackError(
        client.chat.postEphemeral({ channel: SEED_IDS.notMemberChannel, user: SEED_IDS.analyst, text: 'x' }),
      ),
    ).toBe('not_in_channel');
    expect(await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    fake.setBotMember(SEED_IDS.notMemberChannel, true);
    await expect(
      client.chat.postMessage({ channel: SEED_IDS.notMemberChannel, text: 'x' }),
    ).resolves.toMatchObject({
      ok: true,
    });
  });

  it('rejects blocks over the limits as invalid_blocks and records the violation', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    const error = await client.chat
      .postMessage({ channel: SEED_IDS.generalChannel, text: 'Too many', blocks })
      .catch((caught: { data: Record<string, unknown> }) => caught.data);
    expect(error).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['blocks: 51 blocks, more than 50 allowed in a message'],
    });
    expect(fake.violations).toEqual([
      {
        method: 'chat.postMessage',
        at: clock,
        violations: ['blocks: 51 blocks, more than 50 allowed in a message'],
        rejected: true,
      },
    ]);
    expect(fake.messagesIn(SEED_IDS.generalChannel)).toEqual([]);
  });

  it('rejects a message without a text fallback as no_text', async () => {
    expect(
      await slackError(client.chat.postMessage({ channel: SEED_IDS.generalChannel, blocks: [section('x')] })),
    ).toBe('no_text');
    expect(fake.violations[0]?.violations).toEqual(['text: a non-empty text fallback is required']);
  });

  it('with strictLimits off, accepts over-limit messages but still records them', async () => {
    const lenient = await startFakeSlack({ strictLimits: false });
    try {
      const result = await clientFor(lenient).chat.postMessage({
        channel: SEED_IDS.generalChannel,
        blocks: [section('x')],
      });
      expect(result.ok).toBe(true);
      expect(lenient.violations).toMatchObject([
        {
          method: 'chat.postMessage',
          violations: ['text: a non-empty text fallback is required'],
          rejected: false,
        },
      ]);
    } finally {
      await lenient.close();
    }
  });

  it('opens a modal with an issued trigger_id, once', async () => {
    const triggerId = fake.issueTriggerId({ user: SEED_IDS.analyst });
    const opened = await client.views.open({ trigger_id: triggerId, view: modalView() });
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: 'risk_query',
      title: { type: 'plain_text', text: 'Risk check' },
      private_metadata: '',
      state: { values: {} },
      previous_view_id: null,
    });
    expect(opened.view?.root_view_id).toBe(opened.view?.id);
    expect(fake.openViews(SEED_IDS.analyst).map((view) => view.id)).toEqual([opened.view?.id]);
    expect(await slackError(client.views.open({ trigger_id: triggerId, view: modalView() }))).toBe(
      'exchanged_trigger_id',
    );
    expect(await slackError(client.views.open({ trigger_id: 'made.up.id', view: modalView() }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('refuses a trigger_id older than 3 seconds', async () => {
    const fresh = fake.issueTriggerId();
    const stale = fake.issueTriggerId();
    clock += 2_999;
    await expect(client.views.open({ trigger_id: fresh, view: modalView() })).resolves.toMatchObject({
      ok: true,
    });
    clock += 2;
    expect(await slackError(client.views.open({ trigger_id: stale, view: modalView() }))).toBe(
      'expired_trigger_id',
    );
  });

  it('rejects an over-limit view without using up the trigger_id', async () => {
    const triggerId = fake.issueTriggerId();
    const error = await client.views
      .open({ trigger_id: triggerId, view: modalView('A title longer than 24 chars') })
      .catch((caught: { data: Record<string, unknown> }) => caught.data);
    expect(error).toMatchObject({
      error: 'invalid_blocks',
      errors: ['view.title.text: 28 characters, more than 24'],
    });
    expect(fake.violations.map((violation) => violation.method)).toEqual(['views.open']);
    await expect(client.views.open({ trigger_id: triggerId, view: modalView() })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('updates a view by view_id (checking hash) or external_id', async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: modalView('Risk check', { external_id: 'ext-1' }),
    });
    const viewId = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    expect(
      await slackError(
        client.views.update({ view_id: viewId, hash: 'stale.hash', view: modalView('Loading') }),
      ),
    ).toBe('hash_conflict');
    const updated = await client.views.update({ view_id: viewId, hash, view: modalView('Loading') });
    expect(updated.view).toMatchObject({ id: viewId, title: { text: 'Loading' } });
    expect(updated.view?.hash).not.toBe(hash);
    const byExternal = await client.views.update({ external_id: 'ext-1', view: modalView('Done') });
    expect(byExternal.view?.id).toBe(viewId);
    expect(fake.viewById(viewId)?.view.title).toEqual({ type: 'plain_text', text: 'Done' });
    expect(await slackError(client.views.update({ view_id: 'V404', view: modalView() }))).toBe('not_found');
  });

  it('pushes views onto the stack', async () => {
    const root = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    const pushed = await client.views.push({ trigger_id: fake.issueTriggerId(), view: modalView('Details') });
    expect(pushed.view).toMatchObject({ previous_view_id: root.view?.id, root_view_id: root.view?.id });
    expect(fake.openViews(SEED_IDS.analyst).map((view) => view.id)).toEqual([root.view?.id, pushed.view?.id]);
    fake.closeView(root.view?.id as string);
    expect(fake.openViews(SEED_IDS.analyst)).toEqual([]);
    expect(fake.viewById(pushed.view?.id as string)?.state).toBe('closed');
  });

  it('applies view_submission acks like Slack', async () => {
    const root = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    const rootId = root.view?.id as string;
    expect(
      fake.applyViewSubmissionAck(rootId, { response_action: 'errors', errors: { keyword: 'Too short' } }),
    ).toMatchObject({ ok: true });
    expect(fake.viewById(rootId)?.errors).toEqual({ keyword: 'Too short' });
    expect(
      fake.applyViewSubmissionAck(rootId, { response_action: 'update', view: modalView('Results') }).ok,
    ).toBe(true);
    expect(fake.viewById(rootId)?.view.title).toEqual({ type: 'plain_text', text: 'Results' });
    expect(
      fake.applyViewSubmissionAck(rootId, { response_action: 'update', view: modalView('x'.repeat(25)) }),
    ).toEqual({
      ok: false,
      error: 'invalid_blocks',
    });
    expect(fake.applyViewSubmissionAck(rootId)).toEqual({ ok: true });
    expect(fake.openViews(SEED_IDS.analyst)).toEqual([]);
  });

  it('refuses an errors ack keyed by a block that is not an input of the view, like Slack', async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: modalView('Risk check', { blocks: [section('intro', 'intro'), ...modalView().blocks] }),
    });
    const viewId = opened.view?.id as string;
    const hashBefore = fake.viewById(viewId)?.hash;
    expect(
      fake.applyViewSubmissionAck(viewId, {
        response_action: 'errors',
        errors: { keyword: 'Too short', idcard: 'Invalid' },
      }),
    ).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(fake.violations).toEqual([
      {
        method: 'view_submission:errors',
        at: clock,
        violations: ['errors.idcard: not the block_id of an input block in this view'],
        rejected: true,
      },
    ]);
    // No field error appears; the modal stays as it was with Slack's generic error at the top.
    const view = fake.viewById(viewId);
    expect(view?.errors).toBeUndefined();
    expect(view?.hash).toBe(hashBefore);
    expect(view?.submissionFailure).toBe(SUBMISSION_FAILED_TEXT);
    expect(
      fake.applyViewSubmissionAck(viewId, { response_action: 'errors', errors: { intro: 'x' } }).ok,
    ).toBe(false);
    // A valid errors ack replaces the generic error with the field error.
    expect(
      fake.applyViewSubmissionAck(viewId, { response_action: 'errors', errors: { keyword: 'Too short' } }),
    ).toMatchObject({ ok: true });
    expect(fake.viewById(viewId)?.errors).toEqual({ keyword: 'Too short' });
    expect(fake.viewById(viewId)?.submissionFailure).toBeUndefined();
  });

  it('with strictLimits off, applies an errors ack with an unknown block_id but records it', async () => {
    const lenient = await startFakeSlack({ strictLimits: false });
    try {
      const opened = await clientFor(lenient).views.open({
        trigger_id: lenient.issueTriggerId(),
        view: modalView(),
      });
      const viewId = opened.view?.id as string;
      expect(
        lenient.applyViewSubmissionAck(viewId, { response_action: 'errors', errors: { idcard: 'Invalid' } }),
      ).toMatchObject({ ok: true });
      expect(lenient.violations).toMatchObject([{ method: 'view_submission:errors', rejected: false }]);
      expect(lenient.viewById(viewId)?.submissionFailure).toBeUndefined();
    } finally {
      await lenient.close();
    }
  });

  it('shows the generic error when an update ack is refused, and clears it when the view changes', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    const viewId = opened.view?.id as string;
    expect(
      fake.applyViewSubmissionAck(viewId, { response_action: 'update', view: modalView('x'.repeat(25)) }),
    ).toEqual({ ok: false, error: 'invalid_blocks' });
    expect(fake.viewById(viewId)?.submissionFailure).toBe(SUBMISSION_FAILED_TEXT);
    expect(fake.viewById(viewId)?.view.title).toEqual({ type: 'plain_text', text: 'Risk check' });
    await client.views.update({ view_id: viewId, view: modalView('Results') });
    expect(fake.viewById(viewId)?.submissionFailure).toBeUndefined();
  });

  it('showSubmissionFailure marks an open view only', async () => {
    const first = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    const closedId = first.view?.id as string;
    fake.closeView(closedId);
    fake.showSubmissionFailure(closedId);
    expect(fake.viewById(closedId)?.submissionFailure).toBeUndefined();
    const second = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    fake.showSubmissionFailure(second.view?.id as string);
    expect(fake.viewById(second.view?.id as string)?.submissionFailure).toBe(SUBMISSION_FAILED_TEXT);
  });

  it('closeViewStack closes pushed views and the root (the × in Slack); closeView goes back one', async () => {
    const root = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modalView() });
    const pushed = await client.views.push({ trigger_id: fake.issueTriggerId(), view: modalView('Details') });
    fake.closeView(pushed.view?.id as string);
    expect(fake.openViews(SEED_IDS.analyst).map((view) => view.id)).toEqual([root.view?.id]);
    const again = await client.views.push({ trigger_id: fake.issueTriggerId(), view: modalView('More') });
    fake.closeViewStack(SEED_IDS.analyst);
    expect(fake.openViews(SEED_IDS.analyst)).toEqual([]);
    expect(fake.viewById(root.view?.id as string)?.state).toBe('closed');
    expect(fake.viewById(again.view?.id as string)?.state).toBe('closed');
  });

  it('answers conversations.info, conversations.members and users.info from the seed', async () => {
    const info = await client.conversations.info({ channel: SEED_IDS.complianceChannel });
    expect(info.channel).toMatchObject({
      id: SEED_IDS.complianceChannel,
      name: 'compliance-screening',
      is_member: true,
    });
    const notMember = await client.conversations.info({ channel: SEED_IDS.notMemberChannel });
    expect(notMember.channel).toMatchObject({ name: 'random', is_member: false });
    const dm = await client.conversations.info({ channel: SEED_IDS.analystDm });
    expect(dm.channel).toMatchObject({ is_im: true, user: SEED_IDS.analyst });
    const members = await client.conversations.members({ channel: SEED_IDS.generalChannel });
    expect(members.members).toEqual([SEED_IDS.analyst, SEED_IDS.refused, 'UBOT']);
    const user = await client.users.info({ user: SEED_IDS.refused });
    expect(user.user).toMatchObject({ id: SEED_IDS.refused, real_name: 'Rex Refused', name: 'rex.refused' });
    expect(await slackError(client.users.info({ user: 'U404' }))).toBe('user_not_found');
    expect(await slackError(client.conversations.info({ channel: 'C404' }))).toBe('channel_not_found');
  });

  it('returns unknown_method for methods it does not fake', async () => {
    expect(await slackError(client.apiCall('reactions.add', { channel: 'C1', name: 'x' }))).toBe(
      'unknown_method',
    );
  });

  it('accepts JSON bodies too', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-fake', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: SEED_IDS.generalChannel, text: 'json', blocks: [section('j')] }),
    });
    expect(await response.json()).toMatchObject({
      ok: true,
      message: { text: 'json', blocks: [section('j')] },
    });
  });

  it('reports malformed blocks JSON as invalid_blocks_format', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-fake', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: SEED_IDS.generalChannel, text: 'x', blocks: '[{' }).toString(),
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('gives permalinks for stored messages', async () => {
    const parent = await client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'p' });
    const link = await client.chat.getPermalink({
      channel: SEED_IDS.generalChannel,
      message_ts: parent.ts as string,
    });
    expect(link.permalink).toBe(
      `https://fake-workspace.slack.com/archives/${SEED_IDS.generalChannel}/p1700000000000100`,
    );
  });

  it('waitFor resolves on a later call and rejects after its timeout', async () => {
    const waiting = fake.waitFor((call) => call.method === 'chat.postMessage' && call.ok);
    setTimeout(() => void client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'later' }), 20);
    await expect(waiting).resolves.toMatchObject({ method: 'chat.postMessage', args: { text: 'later' } });
    await expect(fake.waitFor((call) => call.method === 'chat.postMessage')).resolves.toMatchObject({
      ok: true,
    });
    await expect(fake.waitFor((call) => call.method === 'views.open', 30)).rejects.toThrow(
      'fake Slack: no matching call within 30 ms; calls: [chat.postMessage]',
    );
  });

  it('emits change events', async () => {
    const kinds: string[] = [];
    const listener = (change: FakeChange) => kinds.push(change.kind);
    fake.on('change', listener);
    const posted = await client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'a' });
    await client.chat.update({ channel: SEED_IDS.generalChannel, ts: posted.ts as string, text: 'b' });
    fake.off('change', listener);
    await client.auth.test();
    expect(kinds).toEqual(['message_posted', 'call', 'message_updated', 'call']);
  });

  it('reset forgets calls and messages but keeps channels', async () => {
    await client.chat.postMessage({ channel: SEED_IDS.generalChannel, text: 'a' });
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.messagesIn(SEED_IDS.generalChannel)).toEqual([]);
    expect(fake.store.channels.has(SEED_IDS.generalChannel)).toBe(true);
  });

  it('close() returns promptly even with a keep-alive connection open', async () => {
    const other = await startFakeSlack();
    await clientFor(other).auth.test();
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
