import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import type { SocketDelivery } from '../../src/local/fake-slack/socketMode.js';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { ACTION_IDS, SCREENING_NOTICE_BLOCK_ID } from '../../src/slack/ids.js';
import type { Database } from '../../src/store/database.js';
import { parsePrometheusText } from '../support/prometheusText.js';
import { openTestPglite, openTestPostgres, TEST_DATABASE_URL } from '../support/testDatabase.js';
import { type Harness, IDS, startHarness, textOf, waitUntil } from './harness.js';

/**
 * Three instances of one deployment in Socket Mode: one database, one Juhe sandbox, one fake Slack
 * whose Socket Mode server spreads envelopes round-robin over the instances' connections, as Slack
 * spreads them over up to 10. PostgreSQL when TEST_DATABASE_URL is set, else PGlite: the file runs on
 * a machine with neither PostgreSQL nor Redis.
 */
const databaseKind = TEST_DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL';

describe(`three instances in Socket Mode sharing one ${databaseKind} database`, () => {
  let database: Database;
  let sandbox: JuheSandbox;
  let fake: FakeSlack;
  const instances: Harness[] = [];
  /** the fake's connection id of each instance, in start order */
  const linkOf: string[] = [];
  let stopped: Harness | undefined;

  beforeAll(async () => {
    database = TEST_DATABASE_URL === undefined ? await openTestPglite() : await openTestPostgres();
    sandbox = await startJuheSandbox({ slowMs: 5000 });
    fake = await startFakeSlack();
    const dataKey = randomBytes(32);
    // one after the other, so that each instance's connection is known
    for (let i = 0; i < 3; i += 1) {
      instances.push(await startHarness({ database, dataKey, shared: { sandbox, fake }, socketMode: true }));
      const links = fake.socketMode.connections.map((c) => c.id);
      linkOf.push(links.find((id) => !linkOf.includes(id)) as string);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.filter((h) => h !== stopped).map((h) => h.close()));
    await sandbox?.close();
    await fake?.close();
    await database?.close();
  }, 60_000);

  const sender = () => instances.find((h) => h !== stopped) as Harness;
  const instanceOf = (delivery: SocketDelivery | undefined) =>
    linkOf.indexOf(delivery?.ack?.connectionId ?? '');
  const lastDelivery = () => sender().deliveries.at(-1) as SocketDelivery;
  const riskCalls = () => sandbox.requests.filter((r) => r.path === '/personRisk/query');
  /** the deployment's audit trail (one database, so any running instance reads all of it) */
  const auditedLookups = async () =>
    (await sender().app.services.record.trail.queries()).filter((row) => row.started.api === 'risk');
  const answersAt = (responseUrl: string) =>
    fake.calls.filter(
      (c) =>
        c.method === 'response_url' &&
        c.responseUrl === responseUrl &&
        !JSON.stringify(c.args.blocks ?? []).includes(SCREENING_NOTICE_BLOCK_ID),
    );
  const requestsLogged = (h: Harness) => h.logLines.filter((line) => line.includes('"msg":"slack request"'));
  /** every instance still running has finished what it started */
  const allDrained = async () => {
    const running = instances.filter((h) => h !== stopped);
    const drained = await Promise.all(running.map((h) => h.app.slackApp.inFlight.drained(20_000)));
    expect(drained).toEqual(running.map(() => true));
  };

  it('each instance opens its own connection with the app-level token, and envelopes go to all three', async () => {
    const opens = fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens.map((c) => c.ok)).toEqual([true, true, true]);
    expect(new Set(linkOf).size).toBe(3);
    expect(fake.socketMode.connections.map((c) => c.id).sort()).toEqual([...linkOf].sort());

    const before = instances.map((h) => requestsLogged(h).length);
    for (let i = 0; i < 3; i += 1) {
      const result = await sender().slash('/risk', 'help');
      expect(result.status).toBe(200);
    }
    const handledBy = sender()
      .deliveries.slice(-3)
      .map((d) => instanceOf(d));
    expect([...handledBy].sort()).toEqual([0, 1, 2]);
    // and each instance ran the request it was handed
    expect(instances.map((h, i) => requestsLogged(h).length - (before[i] as number))).toEqual([1, 1, 1]);
  });

  let firstPage: FakeMessage;

  it('/risk 江苏 张德洲 1 as a slash_commands envelope is acked at once and answered at its response_url', async () => {
    const before = fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    const result = await sender().slash('/risk', '江苏 张德洲 1');
    // one attempt, acked: within Slack's 3 s, or the fake would have redelivered it
    expect(lastDelivery().attempts).toEqual([
      { connectionId: lastDelivery().ack?.connectionId, retryAttempt: 0, outcome: 'acked' },
    ]);
    expect(result.timedOut).toBe(false);
    const answer = await waitUntil(() => answersAt(result.responseUrl)[0], 30_000);
    expect(textOf(answer.args.blocks)).toContain('苏05');
    firstPage = await sender().privateAnswer(before);
    expect(textOf(firstPage.blocks)).toContain('Page 1 of');
  });

  it('Next page works whichever instance the click lands on', async () => {
    let page = firstPage;
    const clickedOn: number[] = [];
    for (const next of [2, 3, 4]) {
      const result = await sender().clickButton(page, ACTION_IDS.nextPage);
      expect(result.status).toBe(200);
      clickedOn.push(instanceOf(lastDelivery()));
      page = await sender().waitForMessage(
        () =>
          fake
            .ephemeralsFor(IDS.analyst, IDS.generalChannel)
            .find((m) => textOf(m.blocks).includes(`Page ${next} of 4`)),
        30_000,
      );
      expect(textOf(page.blocks)).toContain('苏05');
    }
    // round robin: three clicks in a row, one on each instance
    expect([...clickedOn].sort()).toEqual([0, 1, 2]);
  });

  it('an envelope whose ack is lost is redelivered (retry_attempt 1) to another instance and answered once', async () => {
    const juheBefore = riskCalls().length;
    const auditedBefore = (await auditedLookups()).length;
    fake.socketMode.loseNextAcks(1);
    const result = await sender().slash('/risk', '北京朝阳科技有限公司 李娜 1');
    const delivery = lastDelivery();
    expect(delivery.attempts.map((a) => [a.retryAttempt, a.outcome])).toEqual([
      [0, 'ack_lost'],
      [1, 'acked'],
    ]);
    const [first, retry] = delivery.attempts;
    expect(retry?.connectionId).not.toBe(first?.connectionId);
    await waitUntil(() => answersAt(result.responseUrl)[0], 30_000);
    await allDrained();
    expect(answersAt(result.responseUrl)).toHaveLength(1);
    expect(riskCalls().slice(juheBefore)).toHaveLength(1);
    // run once, not twice with the second answered from stored results: one lookup in the audit trail
    expect(await auditedLookups()).toHaveLength(auditedBefore + 1);
    // the instance that got the redelivery saw a replay, said so, and ran nothing for it
    const redeliveredTo = instances[linkOf.indexOf(retry?.connectionId ?? '')] as Harness;
    expect(
      redeliveredTo.logLines.filter(
        (line) => line.includes('replayed Slack request ignored') && line.includes('"retryNum":1'),
      ),
    ).toHaveLength(1);
  });

  it('with one instance stopped, the other two serve every envelope', async () => {
    stopped = instances[0] as Harness;
    await stopped.close();
    await waitUntil(() => (fake.socketMode.connections.length === 2 ? true : undefined), 10_000);
    expect(fake.socketMode.connections.map((c) => c.id).sort()).toEqual([linkOf[1], linkOf[2]].sort());

    const names = ['王建国', '李娜', '赵敏', '陈晓'];
    const answers: string[] = [];
    const handledBy: number[] = [];
    for (const name of names) {
      const result = await sender().slash('/risk', `上海 ${name} 失信`);
      expect(lastDelivery().attempts.map((a) => a.outcome)).toEqual(['acked']);
      handledBy.push(instanceOf(lastDelivery()));
      const answer = await waitUntil(() => answersAt(result.responseUrl)[0], 30_000);
      answers.push(textOf(answer.args.blocks));
    }
    expect([...handledBy].sort()).toEqual([1, 1, 2, 2]);
    for (const answer of answers) expect(answer).toContain('Dishonest debtor');
  });
});

describe('one instance in Socket Mode: its start and what it serves on PORT', () => {
  let h: Harness;
  let fake: FakeSlack;
  let sandbox: JuheSandbox;

  beforeAll(async () => {
    fake = await startFakeSlack();
    sandbox = await startJuheSandbox();
    // Slack failing apps.connections.open three times as the instance starts: the Socket Mode client
    // keeps trying (the library's patient retries, not the 2 of the app's other calls) and connects
    fake.failNext('apps.connections.open', [{ status: 500 }, { status: 500 }, { status: 503 }]);
    h = await startHarness({ shared: { sandbox, fake }, socketMode: true });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
    await fake?.close();
  });

  it('connects after three failed apps.connections.open, and counts them in /metrics', async () => {
    const opens = fake.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens.map((c) => c.ok)).toEqual([false, false, false, true]);
    expect(fake.socketMode.connections).toHaveLength(1);
    const metrics = parsePrometheusText(await (await fetch(`${h.app.url}/metrics`)).text());
    expect(
      metrics.value('slack_api_errors_total', { method: 'apps.connections.open', error: 'http_500' }),
    ).toBe(2);
    expect(
      metrics.value('slack_api_errors_total', { method: 'apps.connections.open', error: 'http_503' }),
    ).toBe(1);
    expect(metrics.value('slack_api_retries_total', { method: 'apps.connections.open' })).toBe(3);
  });

  it('serves /healthz and /readyz; Slack’s requests come over the WebSocket only (POST /slack/events: 404)', async () => {
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.app.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true, checks: { database: 'ok' } }]);
    expect((await fetch(`${h.app.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    const result = await h.slash('/risk', '江苏 张德洲 1');
    expect(result.status).toBe(200);
    const answer = await waitUntil(() =>
      fake.calls.find(
        (c) =>
          c.method === 'response_url' &&
          c.responseUrl === result.responseUrl &&
          textOf(c.args.blocks).includes('苏05'),
      ),
    );
    expect(answer).toBeDefined();
  });
});
