import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskType } from '../../src/domain/riskType.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { nextCheckAfter } from '../../src/watches/watchSchedule.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf, waitUntil } from './harness.js';

/**
 * What a watch does when Juhe fails on a re-check (tried again later in the cycle, then told once), and
 * the App Home: each person's queries, watches, open alerts, and the audit export for auditors.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    allowedUserIds: [IDS.analyst],
    auditorUserIds: [IDS.analyst],
    watchRetryDelaysSeconds: [1],
  });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
});

async function addWatch(keyword: string, realname: string, types: RiskType[]): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await h.app.services.watches.store.add({
    id,
    owner: IDS.analyst,
    now,
    expiresAt: new Date(now.getTime() + 365 * 86_400_000),
    types,
    spec: { keyword, realname, purpose: 'Ongoing supplier review', alertTo: { kind: 'dm' } },
    callsPerCheck: types.length,
    nextCheckAt: nextCheckAfter('0 9 * * *', now),
  });
  return id;
}

async function checkEnded(watchId: string, cycleKey: string) {
  return waitUntil(async () => {
    const { rows } = await h.database.query<{
      cycle_key: string;
      check_state: string;
      check_attempts: number;
    }>('select cycle_key, check_state, check_attempts from watches where id = $1', [watchId]);
    const row = rows[0];
    return row && row.cycle_key === cycleKey && row.check_state !== 'running' ? row : undefined;
  }, 15_000);
}

const dm = () => h.fake.store.dmWith(IDS.analyst).id;
const failureNotices = () => h.fake.messagesIn(dm()).filter((m) => m.text.includes('scheduled check'));

describe('a re-check Juhe fails', () => {
  it('is tried again later in the cycle and, when that works, nobody is bothered', async () => {
    // the sandbox resets the first request with these exact parameters, then answers
    const id = await addWatch('FAULT:flaky', '张德洲', [1]);
    h.sandbox.resetRequests();
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'flaky-1', everyActiveWatch: true });
    const row = await checkEnded(id, 'flaky-1');
    expect(row.check_state).toBe('done');
    expect(failureNotices()).toEqual([]);
    await h.app.services.watches.store.end(id, 'stopped', IDS.analyst, new Date());
  });

  it('that keeps failing is reported to the watcher once, not every cycle', async () => {
    const id = await addWatch('FAULT:maintenance', '张德洲', [2]);
    h.sandbox.resetRequests();
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'down-1', everyActiveWatch: true });
    const first = await checkEnded(id, 'down-1');
    expect(first).toMatchObject({ check_state: 'failed', check_attempts: 2 });
    // two attempts in the cycle, each one Juhe call (10020 is not billed)
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(2);
    const [notice] = await waitUntil(() => (failureNotices().length > 0 ? failureNotices() : undefined));
    expect(textOf(notice?.blocks)).toContain('maintenance');
    expect(textOf(notice?.blocks)).toContain('张*洲');

    await h.app.services.watches.monitor.runCycle({ cycleKey: 'down-2', everyActiveWatch: true });
    await checkEnded(id, 'down-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failureNotices()).toHaveLength(1);
    const outcomes = (await h.app.services.record.trail.queries())
      .filter((row) => row.started.surface === 'schedule' && row.subject?.keyword === 'FAULT:maintenance')
      .map((row) => row.finished?.outcome);
    expect(outcomes).toEqual(['10020', '10020', '10020', '10020']);
    await h.app.services.watches.store.end(id, 'stopped', IDS.analyst, new Date());
  });
});

describe('the App Home', () => {
  it('shows the person’s recent queries, masked, with a way to ask one again', async () => {
    await h.slash('/risk', '江苏 张德洲 失信');
    await waitUntil(async () => {
      const rows = await h.app.services.record.trail.queries({ requester: IDS.analyst });
      return rows.some((row) => row.finished !== null && row.started.surface === 'command')
        ? true
        : undefined;
    });
    const home = await h.openHome();
    const text = textOf(home.view.blocks);
    expect(text).toContain('Your recent queries');
    expect(text).toMatch(/CST · Risk \(失信\) · 张\*洲 · 江苏 · answered/);
    expect(text).not.toContain('张德洲');
    expect(text).toContain('Audit export');
    const before = h.sandbox.requestCount('/personRisk/query');
    const dmBefore = h.fake.messagesIn(dm()).length;
    await h.clickHomeButton(home, ACTION_IDS.reopenQuery);
    // asked again like a typed query, answered in the DM (from the cache: a page within 5 minutes)
    const answer = await h.waitForMessage(() => h.fake.messagesIn(dm())[dmBefore]);
    expect(textOf(answer.blocks)).toContain('(2018)苏0581执5877号');
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(before);
  });

  it('lists watches and unacknowledged alerts; Acknowledge there clears the alert', async () => {
    h.sandbox.setGeneration(0);
    const id = await addWatch('深圳南山科技有限公司', '刘卫东', [1, 2, 3]);
    await h.app.services.watches.monitor.checkNow(id);
    await checkEnded(id, `baseline:${id}`);
    h.sandbox.setGeneration(1);
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'home-1', everyActiveWatch: true });
    await checkEnded(id, 'home-1');
    const home = await waitUntil(async () => {
      const view = await h.openHome();
      return textOf(view.view.blocks).includes('1 new · 1 removed · 2 changed') ? view : undefined;
    });
    const text = textOf(home.view.blocks);
    expect(text).toContain('Alerts not yet acknowledged');
    expect(text).toContain('刘*东 · 深圳南山科技有限公司 · all three sources');
    expect(text).toContain('Your watches');
    expect(text).not.toContain('刘卫东');
    // clicked on the Home perhaps before the alert reached the DM: either way it ends acknowledged
    await h.clickHomeButton(home, ACTION_IDS.acknowledgeAlert);
    const after = await h.waitForHome(IDS.analyst, (view) =>
      textOf(view.view.blocks).includes('No open alerts.'),
    );
    expect(textOf(after.view.blocks)).toContain('刘*东');
    // the alert in the DM shows it too
    const alert = await h.waitForMessage(() =>
      h.fake
        .messagesIn(dm())
        .find(
          (m) => m.text.includes('Watched subject changed') && textOf(m.blocks).includes('Acknowledged by'),
        ),
    );
    expect(textOf(alert.blocks)).toContain(`<@${IDS.analyst}>`);
  });

  it('gives auditors the audit export, into their DM', async () => {
    const home = await h.openHome();
    const filesBefore = h.fake.messagesIn(dm()).filter((m) => m.files !== undefined).length;
    await h.clickHomeButton(home, ACTION_IDS.homeAuditExport);
    await h.waitForMessage(() => {
      const withFiles = h.fake.messagesIn(dm()).filter((m) => m.files !== undefined);
      return withFiles.length > filesBefore ? withFiles.at(-1) : undefined;
    }, 15_000);
  });

  it('shows no audit export to a person who is not an auditor', async () => {
    const home = await h.openHome(IDS.refused);
    const text = textOf(home.view.blocks);
    expect(text).not.toContain('Audit export');
    expect(text).toContain('No queries yet');
  });
});
