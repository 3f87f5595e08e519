import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED_IDS } from './seed.js';
import { type FakeSlack, startFakeSlack } from './server.js';

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('fake Slack response_url', () => {
  let fake: FakeSlack;
  let clock: number;
  const context = { channel: SEED_IDS.notMemberChannel, user: SEED_IDS.analyst };

  beforeEach(async () => {
    clock = 1_800_000_000_000;
    fake = await startFakeSlack({ now: () => clock });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('issues loopback URLs', () => {
    expect(fake.createResponseUrl(context)).toMatch(new RegExp(`^${fake.url}/response/[0-9a-f]{24}$`));
  });

  it('posts ephemerally by default, answering ok, even where the bot is not a member', async () => {
    const url = fake.createResponseUrl(context);
    expect(await post(url, { text: 'Working on it' })).toEqual({ status: 200, text: 'ok' });
    expect(fake.ephemeralsFor(SEED_IDS.analyst, SEED_IDS.notMemberChannel).map((m) => m.text)).toEqual([
      'Working on it',
    ]);
    expect(fake.messagesIn(SEED_IDS.notMemberChannel)).toEqual([]);
    expect(fake.calls).toMatchObject([
      { method: 'response_url', ok: true, args: { text: 'Working on it' }, responseUrl: url },
    ]);
  });

  it('posts visibly with response_type in_channel', async () => {
    const url = fake.createResponseUrl(context);
    await post(url, { response_type: 'in_channel', text: 'Everyone sees this' });
    expect(fake.messagesIn(SEED_IDS.notMemberChannel).map((m) => [m.text, m.botId])).toEqual([
      ['Everyone sees this', 'BBOT'],
    ]);
    expect(fake.ephemeralsFor(SEED_IDS.analyst)).toEqual([]);
  });

  it('replace_original replaces the message its first response created', async () => {
    const url = fake.createResponseUrl(context);
    await post(url, { text: 'Page 1' });
    await post(url, { replace_original: true, text: 'Page 2', blocks: [{ type: 'divider' }] });
    expect(fake.ephemeralsFor(SEED_IDS.analyst).map((m) => [m.text, m.blocks])).toEqual([
      ['Page 2', [{ type: 'divider' }]],
    ]);
  });

  it('replace_original and delete_original act on the message the URL was issued for', async () => {
    const posted = fake.store.addMessage({
      channel: SEED_IDS.generalChannel,
      user: 'UBOT',
      botId: 'BBOT',
      text: 'Results page 1',
      via: 'test',
    });
    const url = fake.createResponseUrl({
      channel: SEED_IDS.generalChannel,
      user: SEED_IDS.analyst,
      messageTs: posted.ts,
    });
    await post(url, { replace_original: true, text: 'Results page 2' });
    expect(fake.messagesIn(SEED_IDS.generalChannel).map((m) => [m.ts, m.text])).toEqual([
      [posted.ts, 'Results page 2'],
    ]);
    expect(await post(url, { delete_original: true })).toEqual({ status: 200, text: 'ok' });
    expect(fake.messagesIn(SEED_IDS.generalChannel)).toEqual([]);
  });

  it('posts into the thread the URL belongs to', async () => {
    const parent = fake.store.addMessage({
      channel: SEED_IDS.complianceChannel,
      user: 'UBOT',
      text: 'p',
      via: 'test',
    });
    const url = fake.createResponseUrl({
      channel: SEED_IDS.complianceChannel,
      user: SEED_IDS.analyst,
      threadTs: parent.ts,
    });
    await post(url, { response_type: 'in_channel', text: 'in thread' });
    expect(fake.threadReplies(SEED_IDS.complianceChannel, parent.ts).map((m) => m.text)).toEqual([
      'in thread',
    ]);
  });

  it('allows 5 uses, then answers 404 used_url', async () => {
    const url = fake.createResponseUrl(context);
    for (let use = 1; use <= 5; use += 1) {
      expect((await post(url, { text: `use ${use}` })).status).toBe(200);
    }
    expect(await post(url, { text: 'use 6' })).toEqual({
      status: 404,
      text: JSON.stringify({ ok: false, error: 'used_url' }),
    });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'response_url', ok: false, error: 'used_url' });
    expect(fake.ephemeralsFor(SEED_IDS.analyst)).toHaveLength(5);
  });

  it('expires after 30 minutes', async () => {
    const url = fake.createResponseUrl(context);
    clock += 30 * 60 * 1000;
    expect((await post(url, { text: 'just in time' })).status).toBe(200);
    clock += 1;
    expect(await post(url, { text: 'too late' })).toEqual({
      status: 404,
      text: JSON.stringify({ ok: false, error: 'expired_url' }),
    });
  });

  it('refuses over-limit blocks without counting a use, and records the violation', async () => {
    const url = fake.createResponseUrl(context);
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const refused = await post(url, { text: 'too big', blocks });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['blocks: 51 blocks, more than 50 allowed in a message'],
    });
    expect(fake.violations).toMatchObject([{ method: 'response_url', rejected: true }]);
    for (let use = 1; use <= 5; use += 1) expect((await post(url, { text: 'fine' })).status).toBe(200);
  });

  it('answers 400 to a body that is not JSON and 404 to an unknown URL', async () => {
    expect((await post(fake.createResponseUrl(context), 'text=hi')).status).toBe(400);
    expect((await post(`${fake.url}/response/abcdef`, { text: 'x' })).status).toBe(404);
  });
});
