import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  interactionBody,
  slashCommandBody,
  viewSubmissionPayload,
} from '../../src/local/fake-slack/payloads.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import type { Database, SqlClient } from '../../src/store/database.js';
import { DATABASE_TARGETS, openTestPglite, openTestPostgres } from '../support/testDatabase.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness } from './harness.js';

/**
 * Replays are harmless (docs/design.md § Front door): the exact same signed body — sent again, or resent
 * by Slack with X-Slack-Retry-Num — runs once, on one instance or across instances sharing the database.
 */

const VALID = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };
const RETRY_HEADERS = { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
const REPLAY_LINE = 'replayed Slack request ignored';

function financeForm() {
  const text = (block: string, value: string) => ({
    [block]: { [`${block}_input`]: { type: 'plain_text_input', value } },
  });
  return {
    ...text('realname', VALID.realname),
    ...text('idcard', VALID.idcard),
    ...text('mobile', VALID.mobile),
    ...text('purpose', 'Replay protection check'),
    consent: {
      consent_checkbox: {
        type: 'checkboxes',
        selected_options: [{ value: 'attested', text: { type: 'plain_text', text: 'I attest' } }],
      },
    },
  };
}

/** A /risk command body as Slack would send it to `h`, kept so that the very same bytes can be sent again. */
function riskCommandBody(h: Harness, text: string): string {
  const user = IDS.analyst;
  const channel = IDS.generalChannel;
  return slashCommandBody({
    command: '/risk',
    text,
    userId: user,
    channelId: channel,
    triggerId: h.fake.issueTriggerId({ user, channel }),
    responseUrl: h.fake.createResponseUrl({ channel, user }),
  });
}

/** Acks come before the work; a replay that slipped through would still be running. */
async function settled(...harnesses: Harness[]): Promise<void> {
  for (const h of harnesses) expect(await h.app.slackApp.inFlight.drained(8000)).toBe(true);
}

async function auditedQueries(h: Harness, api: 'risk' | 'finance') {
  return (await h.app.services.record.trail.queries()).filter((row) => row.started.api === api);
}

function replayLines(h: Harness): Array<Record<string, unknown>> {
  return h.logLines
    .flatMap((line) => line.split('\n').filter((part) => part.trim() !== ''))
    .map((part) => JSON.parse(part) as Record<string, unknown>)
    .filter((line) => line.msg === REPLAY_LINE);
}

describe('replays on one instance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    expect(personalDataSentToSlack(h)).toEqual([]);
    for (const value of Object.values(VALID)) expect(h.logLines.join('\n')).not.toContain(value);
    await h.close();
  });
  beforeEach(() => h.sandbox.resetRequests());

  it('a /finance submission sent again, and resent with X-Slack-Retry-Num, is billed once and audited once', async () => {
    await h.slash('/finance', '');
    const modal = await h.waitForView(IDS.analyst, 'finance_query', (v) =>
      JSON.stringify(v.view).includes('consent'),
    );
    const body = interactionBody(
      viewSubmissionPayload({
        user: IDS.analyst,
        trigger_id: h.fake.issueTriggerId({ user: IDS.analyst }),
        view: {
          id: modal.id,
          callback_id: String(modal.view.callback_id),
          private_metadata: String(modal.view.private_metadata ?? ''),
          state: { values: financeForm() },
          hash: modal.hash,
          blocks: (modal.view.blocks as unknown[]) ?? [],
        },
      }),
    );
    const linesBefore = replayLines(h).length;

    const first = await h.post(body);
    expect(first.status).toBe(200);
    const firstAck = JSON.parse(first.body);
    expect(firstAck.response_action).toBe('update');
    h.fake.applyViewSubmissionAck(modal.id, firstAck);
    await h.waitForViewContent(modal.id, (v) => JSON.stringify(v.view).includes('JH815'));

    const again = await h.post(body);
    const retried = await h.post(body, { headers: RETRY_HEADERS });
    await settled(h);

    for (const replay of [again, retried]) expect(replay).toMatchObject({ status: 200, body: '' });
    expect(h.sandbox.requestCount('/financeInfo/query')).toBe(1);
    expect(await auditedQueries(h, 'finance')).toHaveLength(1);
    const lines = replayLines(h).slice(linesBefore);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toHaveProperty('retryNum');
    expect(lines[1]).toMatchObject({ retryNum: 1, retryReason: 'http_timeout', kind: 'view_submission' });
  });

  it('a /risk command sent again, and resent with X-Slack-Retry-Num, asks Juhe once', async () => {
    const before = (await auditedQueries(h, 'risk')).length;
    const ephemeralsBefore = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const body = riskCommandBody(h, '江苏 张德洲 失信');

    const first = await h.post(body);
    expect(first.status).toBe(200);
    expect(first.body).toBe('');
    await settled(h);
    const again = await h.post(body);
    const retried = await h.post(body, { headers: RETRY_HEADERS });
    await settled(h);

    for (const replay of [again, retried]) expect(replay).toMatchObject({ status: 200, body: '' });
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(1);
    expect(await auditedQueries(h, 'risk')).toHaveLength(before + 1);
    // one answer, not three
    expect(h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(ephemeralsBefore + 1);
  });

  it('separate requests are not replays: the same command typed twice, and two clicks of the same button, all run', async () => {
    const before = (await auditedQueries(h, 'risk')).length;
    const linesBefore = replayLines(h).length;
    const ephemeralsBefore = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲 失信');
    const reply = await h.privateAnswer(ephemeralsBefore);
    await settled(h);
    await h.slash('/risk', '江苏 张德洲 失信');
    await settled(h);

    const firstClick = await h.clickButton(reply, ACTION_IDS.nextPage);
    await settled(h);
    const secondClick = await h.clickButton(reply, ACTION_IDS.nextPage);
    await settled(h);

    expect(firstClick.status).toBe(200);
    expect(secondClick.status).toBe(200);
    // each is audited as a query of its own (the repeats are answered from the page cache)
    const surfaces = (await auditedQueries(h, 'risk')).slice(before).map((row) => row.started.surface);
    expect(surfaces).toEqual(['command', 'command', 'button', 'button']);
    expect(replayLines(h).slice(linesBefore)).toEqual([]);
  });
});

describe('when the receipts cannot be checked', () => {
  let database: Database;
  let h: Harness;
  beforeAll(async () => {
    const real = await openTestPglite();
    // the receipts table alone fails, as a database that has just gone away would for every statement
    const failingReceipts =
      (client: SqlClient): SqlClient['query'] =>
      (sql, params) =>
        sql.includes('request_receipts')
          ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
          : client.query(sql, params);
    // the receipt is written through the urgent client (it goes ahead of queued work): fail both
    database = { ...real, query: failingReceipts(real), urgent: { query: failingReceipts(real.urgent) } };
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  it('fails open: help is still answered and a lookup still runs, with a warning naming no request body', async () => {
    const help = await h.slash('/risk', 'help');
    expect(help.status).toBe(200);
    expect(help.ackMessage?.text ?? JSON.stringify(help.ackMessage?.blocks)).toMatch(/risk/i);
    await h.slash('/risk', '江苏 张德洲 失信');
    await settled(h);
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(1);
    const warnings = h.logLines.filter((line) => line.includes('request receipt could not be checked'));
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain('ECONNREFUSED');
    expect(warnings.join('\n')).not.toContain('张德洲');
  });
});

const postgres = DATABASE_TARGETS.find((target) => target.name === 'postgres');

describe.skipIf(!postgres?.available)('replays across instances sharing one PostgreSQL database', () => {
  let database: Database;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    database = await openTestPostgres();
    // every instance of one deployment has the same DATA_ENCRYPTION_KEY
    const dataKey = randomBytes(32);
    a = await startHarness({ database, dataKey });
    b = await startHarness({ database, dataKey });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });
  beforeEach(() => {
    a.sandbox.resetRequests();
    b.sandbox.resetRequests();
  });
  const juheCalls = () =>
    a.sandbox.requestCount('/personRisk/query') + b.sandbox.requestCount('/personRisk/query');

  it('the same signed /risk body sent to instance A and then to instance B runs once', async () => {
    const before = (await auditedQueries(a, 'risk')).length;
    const body = riskCommandBody(a, '江苏 张德洲 失信');
    const first = await a.post(body);
    expect(first).toMatchObject({ status: 200, body: '' });
    await settled(a);
    const onB = await b.post(body);
    const retriedOnB = await b.post(body, { headers: RETRY_HEADERS });
    await settled(a, b);

    expect(onB).toMatchObject({ status: 200, body: '' });
    expect(retriedOnB).toMatchObject({ status: 200, body: '' });
    expect(a.sandbox.requestCount('/personRisk/query')).toBe(1);
    expect(juheCalls()).toBe(1);
    expect(await auditedQueries(b, 'risk')).toHaveLength(before + 1);
    expect(replayLines(b)).toHaveLength(2);
  });

  it('the same body arriving at both instances at once runs on exactly one', async () => {
    const before = (await auditedQueries(a, 'risk')).length;
    const body = riskCommandBody(a, '江苏 张德洲 限消');
    const acks = await Promise.all([a.post(body), b.post(body)]);
    await settled(a, b);

    expect(acks.map((ack) => ack.status)).toEqual([200, 200]);
    // both ack empty (a query's "Screening…" notice goes through the response_url); one of them ran
    expect(acks.map((ack) => ack.body)).toEqual(['', '']);
    expect(juheCalls()).toBe(1);
    expect(await auditedQueries(a, 'risk')).toHaveLength(before + 1);
  });
});
