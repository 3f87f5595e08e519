import { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../lookups/lookupStore.js';
import type { SlackMessage } from '../message.js';
import { slackPlatformError } from '../slackApiErrors.js';
import { journaledOutbox } from './journaledOutbox.js';
import type { Outbox } from './outbox.js';

const message: SlackMessage = { text: 'hello', blocks: [] };
const view: ModalView = { type: 'modal', title: { type: 'plain_text', text: 'Risk' }, blocks: [] };
const audience = { userId: 'U1', channelId: 'C1' };

/** An outbox that counts its calls, gives posts ts 1000.N, and fails the calls it is told to. */
function fakeOutbox(failures: Partial<Record<keyof Outbox, unknown>> = {}) {
  const calls: string[] = [];
  let posts = 0;
  const call = async (name: keyof Outbox) => {
    calls.push(name);
    if (name in failures) throw failures[name];
  };
  const outbox: Outbox = {
    async post(channel, _message, threadTs) {
      await call('post');
      posts += 1;
      return `${threadTs ? 'thread' : channel}-1000.${posts}`;
    },
    update: () => call('update'),
    postEphemeral: () => call('postEphemeral'),
    replaceEphemeral: () => call('replaceEphemeral'),
    replyPrivately: () => call('replyPrivately'),
    shareFilesInDm: () => call('shareFilesInDm'),
    shareFilesInThread: () => call('shareFilesInThread'),
    openView: () => call('openView'),
    updateView: () => call('updateView'),
    publishHome: () => call('publishHome'),
    async openDm(userId) {
      await call('openDm');
      return `D-${userId}`;
    },
  };
  return { outbox, calls };
}

/** A journal kept in memory, as lookupStore.recordStep keeps it in the database (by index). */
function journal(initial: JournalEntry[] = []) {
  const entries = [...initial];
  const recorded: Array<[number, JournalEntry]> = [];
  return {
    entries,
    recorded,
    record: async (index: number, entry: JournalEntry) => {
      recorded.push([index, entry]);
      entries[index] = entry;
    },
  };
}

/** A delivery as the flows write one: deterministic given its input; a closed modal takes another branch. */
async function deliver(outbox: Outbox): Promise<{ ts: string; threadTs: string; viewShown: boolean }> {
  const ts = await outbox.post('C1', message);
  await outbox.update('C1', ts, message);
  let viewShown = true;
  try {
    await outbox.updateView('V1', view);
  } catch (error) {
    if (slackPlatformError(error) !== 'not_found') throw error;
    viewShown = false;
    await outbox.replyPrivately(audience, message);
  }
  const threadTs = await outbox.post('C1', message, ts);
  await outbox.replaceEphemeral('https://hooks.slack.com/actions/T/1/x', message);
  await outbox.shareFilesInDm('U1', [], 'export');
  await outbox.openView('trigger', view);
  return { ts, threadTs, viewShown };
}

describe('journaledOutbox', () => {
  it('the first run makes every call and records each result in order', async () => {
    const { outbox, calls } = fakeOutbox();
    const steps = journal();
    const result = await deliver(journaledOutbox(outbox, steps.entries.slice(), steps.record));
    expect(result).toEqual({ ts: 'C1-1000.1', threadTs: 'thread-1000.2', viewShown: true });
    expect(calls).toEqual([
      'post',
      'update',
      'updateView',
      'post',
      'replaceEphemeral',
      'shareFilesInDm',
      'openView',
    ]);
    expect(steps.recorded).toEqual([
      [0, { ok: 'C1-1000.1' }],
      [1, { ok: null }],
      [2, { ok: null }],
      [3, { ok: 'thread-1000.2' }],
      [4, { ok: null }],
      [5, { ok: null }],
      [6, { ok: null }],
    ]);
  });

  it('a second run over the recorded journal makes no call and gives the same ts values', async () => {
    const first = journal();
    const firstResult = await deliver(journaledOutbox(fakeOutbox().outbox, [], first.record));

    const { outbox, calls } = fakeOutbox();
    const again = journal(first.entries);
    const result = await deliver(journaledOutbox(outbox, first.entries, again.record));
    expect(result).toEqual(firstResult);
    expect(calls).toEqual([]);
    expect(again.recorded).toEqual([]);
  });

  it('a run over part of the journal makes only the calls not yet made, at the next indexes', async () => {
    const done: JournalEntry[] = [{ ok: 'C1-1000.1' }, { ok: null }];
    const { outbox, calls } = fakeOutbox();
    const steps = journal(done);
    const result = await deliver(journaledOutbox(outbox, done, steps.record));
    expect(calls).toEqual(['updateView', 'post', 'replaceEphemeral', 'shareFilesInDm', 'openView']);
    // the thread reply goes under the ts the first run posted, not a new one
    expect(result).toEqual({ ts: 'C1-1000.1', threadTs: 'thread-1000.1', viewShown: true });
    expect(steps.recorded.map(([index]) => index)).toEqual([2, 3, 4, 5, 6]);
  });

  it('a permanent refusal is recorded and rethrown; on replay the same refusal comes back without a call', async () => {
    const refusal = new webApi.WebAPIPlatformError({ ok: false, error: 'not_found' });
    const { outbox, calls } = fakeOutbox({ updateView: refusal });
    const steps = journal();
    const wrapped = journaledOutbox(outbox, [], steps.record);
    await wrapped.post('C1', message);
    await expect(wrapped.updateView('V1', view)).rejects.toBe(refusal);
    expect(steps.recorded).toEqual([
      [0, { ok: 'C1-1000.1' }],
      [1, { refused: 'not_found' }],
    ]);
    expect(calls).toEqual(['post', 'updateView']);

    const replay = fakeOutbox();
    const replayed = journaledOutbox(replay.outbox, steps.entries, journal().record);
    expect(await replayed.post('C1', message)).toBe('C1-1000.1');
    const again = await replayed.updateView('V1', view).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(slackPlatformError(again)).toBe('not_found');
    expect(again).toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_found' },
      message: 'An API error occurred: not_found',
    });
    expect(replay.calls).toEqual([]);
  });

  it('a flow that caught the refusal takes the same branch on replay', async () => {
    const refusal = new webApi.WebAPIPlatformError({ ok: false, error: 'not_found' });
    const first = journal();
    const firstResult = await deliver(
      journaledOutbox(fakeOutbox({ updateView: refusal }).outbox, [], first.record),
    );
    expect(firstResult.viewShown).toBe(false);
    expect(first.entries[2]).toEqual({ refused: 'not_found' });
    expect(first.entries[3]).toEqual({ ok: null }); // the private reply instead

    const { outbox, calls } = fakeOutbox();
    expect(await deliver(journaledOutbox(outbox, first.entries, journal().record))).toEqual(firstResult);
    expect(calls).toEqual([]);
  });

  it.each([
    ['HTTP 500', new webApi.WebAPIHTTPError(500, 'Internal Server Error', {}, '')],
    ['HTTP 503', new webApi.WebAPIHTTPError(503, 'Service Unavailable', {}, '')],
    ['a rate limit', new webApi.WebAPIRateLimitedError(3)],
    ['a network error', new webApi.WebAPIRequestError(new Error('ECONNRESET'))],
    ['internal_error', new webApi.WebAPIPlatformError({ ok: false, error: 'internal_error' })],
  ])('a transient failure (%s) is not recorded: the retry makes the call again', async (_name, failure) => {
    const failing = fakeOutbox({ update: failure });
    const steps = journal();
    await expect(deliver(journaledOutbox(failing.outbox, [], steps.record))).rejects.toBe(failure);
    expect(steps.recorded).toEqual([[0, { ok: 'C1-1000.1' }]]);

    const retry = fakeOutbox();
    const retried = journal(steps.entries);
    const result = await deliver(journaledOutbox(retry.outbox, steps.entries.slice(), retried.record));
    expect(result.ts).toBe('C1-1000.1');
    expect(retry.calls[0]).toBe('update');
    expect(retried.recorded[0]).toEqual([1, { ok: null }]);
  });

  it('a permanent HTTP failure (404) carries no platform code: not recorded either', async () => {
    const failure = new webApi.WebAPIHTTPError(404, 'Not Found', {}, '');
    const steps = journal();
    const wrapped = journaledOutbox(fakeOutbox({ post: failure }).outbox, [], steps.record);
    await expect(wrapped.post('C1', message)).rejects.toBe(failure);
    expect(steps.recorded).toEqual([]);
  });
});

describe('journaledOutbox gaps', () => {
  it('a null entry (a step skipped by a failure the flow went past) is made again on the retry', async () => {
    const { outbox, calls } = fakeOutbox();
    const recorded: Array<[number, JournalEntry]> = [];
    const replay = journaledOutbox(outbox, [{ ok: 'C1-1000.1' }, null], async (index, entry) => {
      recorded.push([index, entry]);
    });
    expect(await replay.post('C1', message)).toBe('C1-1000.1');
    await replay.update('C1', 'C1-1000.1', message);
    expect(calls).toEqual(['update']);
    expect(recorded).toEqual([[1, { ok: null }]]);
  });
});
