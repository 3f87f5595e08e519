import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { ACTION_IDS, CALLBACK_IDS } from '../../src/slack/ids.js';
import {
  actionIdsOf,
  findButton,
  type Harness,
  IDS,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

const KEYWORD = '深圳南山科技有限公司';
const NAME = '刘卫东';
const PURPOSE = 'Supplier under contract: annual review';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst], watchRetryDelaysSeconds: [1] });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  expect(h.logLines.join('\n')).not.toContain(NAME);
  await h.close();
});
beforeEach(() => {
  h.sandbox.resetRequests();
});

interface WatchDbRow {
  id: string;
  state: string;
  cycle_key: string | null;
  check_state: string | null;
  baseline_at: Date | null;
  expires_at: Date;
  expiry_warned_at: Date | null;
}

async function watchesOf(owner: string): Promise<WatchDbRow[]> {
  const { rows } = await h.database.query<WatchDbRow>(
    'select id, state, cycle_key, check_state, baseline_at, expires_at, expiry_warned_at from watches where owner = $1 order by created_at',
    [owner],
  );
  return rows;
}

/** The watch once its check of `cycleKey` has ended (done or failed). */
async function checked(watchId: string, cycleKey: string): Promise<WatchDbRow> {
  return waitUntil(async () => {
    const { rows } = await h.database.query<WatchDbRow>('select * from watches where id = $1', [watchId]);
    const row = rows[0];
    return row && row.cycle_key === cycleKey && row.check_state !== 'running' ? row : undefined;
  }, 10_000);
}

async function auditOutcomes(api: string): Promise<string[]> {
  const rows = await h.app.services.record.trail.queries();
  return rows.filter((row) => row.started.api === api).map((row) => String(row.finished?.outcome));
}

function alertsIn(channel: string, threadTs?: string): FakeMessage[] {
  const messages = threadTs ? h.fake.threadReplies(channel, threadTs) : h.fake.messagesIn(channel);
  return messages.filter((message) => textOf(message.blocks).includes('Watched subject changed'));
}

function submitValues(overrides: { purpose?: string; scope?: string } = {}) {
  return {
    keyword: { keyword_input: { type: 'plain_text_input', value: KEYWORD } },
    realname: { realname_input: { type: 'plain_text_input', value: NAME } },
    type: { type_select: { type: 'static_select', selected_option: { value: overrides.scope ?? 'all' } } },
    purpose: { purpose_input: { type: 'plain_text_input', value: overrides.purpose ?? PURPOSE } },
  };
}

describe('watching a subject from a compliance thread', () => {
  let details: FakeMessage;
  let watchId: string;
  let parentTs: string;

  it('Watch on the overview opens the risk_watch modal, prefilled, with the cost and where alerts go', async () => {
    h.sandbox.setGeneration(0);
    await h.slash('/risk', `${KEYWORD} ${NAME}`, { channel: IDS.complianceChannel });
    const parent = await h.waitForMessage(() =>
      h.fake.messagesIn(IDS.complianceChannel).find((m) => m.replies.length > 0 && m.text.includes('刘*东')),
    );
    parentTs = parent.ts;
    details = parent.replies[0] as FakeMessage;
    expect(actionIdsOf(details)).toContain(ACTION_IDS.watch);
    await h.clickButton(details, ACTION_IDS.watch);
    const modal = await h.waitForView(IDS.analyst, CALLBACK_IDS.riskWatch);
    const shown = JSON.stringify(modal.view);
    expect(shown).toContain(KEYWORD);
    expect(shown).toContain(NAME);
    const text = textOf(modal.view.blocks);
    expect(text).toContain('Alerts go to the thread this result is in');
    // 2 失信 + 1 被执行 records: a page each, billed; 限制消费 empty: one call, not billed
    expect(text).toContain('Juhe calls per check: 3, of which billed: 2');
    expect(text).toContain('30 checks a month, about 60 billed calls a month');
  });

  it('the purpose is required, as for /finance', async () => {
    const modal = await h.waitForView(IDS.analyst, CALLBACK_IDS.riskWatch);
    await h.submitView(modal, submitValues({ purpose: 'hm' }));
    const refused = await h.waitForViewContent(modal.id, (view) => view.errors !== undefined);
    expect(refused.errors).toEqual({ purpose: expect.stringContaining('at least 5 characters') });
    expect(await watchesOf(IDS.analyst)).toEqual([]);
  });

  it('starting it takes a baseline at once and alerts nothing', async () => {
    const modal = await h.waitForView(IDS.analyst, CALLBACK_IDS.riskWatch);
    await h.submitView(modal, submitValues());
    const confirmed = await h.waitForViewContent(modal.id, (view) =>
      textOf(view.view.blocks).includes('Now watching'),
    );
    expect(textOf(confirmed.view.blocks)).toContain('刘*东');
    const [watch] = await watchesOf(IDS.analyst);
    if (!watch) throw new Error('no watch stored');
    watchId = watch.id;
    const baseline = await checked(watchId, `baseline:${watchId}`);
    expect(baseline.check_state).toBe('done');
    expect(baseline.baseline_at).not.toBeNull();
    // always fresh from Juhe: one call per source, though the overview was fetched a moment ago
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);
    expect(alertsIn(IDS.complianceChannel, parentTs)).toEqual([]);
    expect(await auditOutcomes('watch')).toEqual(['watch_added']);
  });

  it('a change is one alert in that thread naming each change, old → new', async () => {
    h.sandbox.setGeneration(1);
    h.sandbox.resetRequests();
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'cycle-1', everyActiveWatch: true });
    await checked(watchId, 'cycle-1');
    const [alert] = await waitUntil(() => {
      const found = alertsIn(IDS.complianceChannel, parentTs);
      return found.length > 0 ? found : undefined;
    });
    if (!alert) throw new Error('no alert');
    expect(alertsIn(IDS.complianceChannel, parentTs)).toHaveLength(1);
    const text = textOf(alert.blocks);
    expect(text).toContain('1 new · 1 removed · 2 changed');
    expect(text).toContain('*New record* · 失信');
    expect(text).toContain('(2024)粤0305执3069号');
    expect(text).toContain('*Removed record* · 失信');
    expect(text).toContain('(2022)粤0305执7730号');
    expect(text).toContain('Fulfilment: 全部未履行 → 部分履行');
    expect(text).toContain('Amount enforced: ¥125,000 → ¥98,000');
    expect(text).toContain('刘*东');
    expect(actionIdsOf(alert)).toEqual([ACTION_IDS.acknowledgeAlert, ACTION_IDS.openCurrentResults]);
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);
  });

  it('Acknowledge records who and when, for everyone in the thread, and is audited', async () => {
    const [alert] = alertsIn(IDS.complianceChannel, parentTs);
    if (!alert) throw new Error('no alert');
    // the alert as a second person still has it on screen, before the update reaches them
    const stillShown: FakeMessage = { ...alert, blocks: structuredClone(alert.blocks) };
    await h.clickButton(alert, ACTION_IDS.acknowledgeAlert);
    const updated = await h.waitForMessage(() => {
      const [now] = alertsIn(IDS.complianceChannel, parentTs);
      return now && textOf(now.blocks).includes('Acknowledged by') ? now : undefined;
    });
    expect(textOf(updated.blocks)).toContain(`Acknowledged by <@${IDS.analyst}>`);
    expect(actionIdsOf(updated)).toEqual([ACTION_IDS.openCurrentResults]);
    expect(await auditOutcomes('watch')).toEqual(['watch_added', 'alert_acknowledged']);
    // a second click changes nothing and is not audited again
    await h.clickButton(stillShown, ACTION_IDS.acknowledgeAlert);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await auditOutcomes('watch')).toEqual(['watch_added', 'alert_acknowledged']);
  });

  it('no change, no message: the next cycle re-checks, audits, and stays quiet', async () => {
    h.sandbox.resetRequests();
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'cycle-2', everyActiveWatch: true });
    await checked(watchId, 'cycle-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alertsIn(IDS.complianceChannel, parentTs)).toHaveLength(1);
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);
    // the same cycle again (a second instance, a repeated trigger) checks nothing twice
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'cycle-2', everyActiveWatch: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(3);
    const checks = (await h.app.services.record.trail.queries()).filter(
      (row) => row.started.surface === 'schedule',
    );
    // baseline, cycle 1, cycle 2: each a risk query of the owner, with the watch's purpose
    expect(checks.map((row) => [row.started.api, row.started.requester, row.finished?.outcome])).toEqual([
      ['risk', IDS.analyst, '1:0,2:0,3:240102'],
      ['risk', IDS.analyst, '1:0,2:0,3:240102'],
      ['risk', IDS.analyst, '1:0,2:0,3:240102'],
    ]);
    expect(checks.every((row) => row.started.purpose === PURPOSE)).toBe(true);
  });

  it('Open current results screens the subject now, in the alert’s thread', async () => {
    const [alert] = alertsIn(IDS.complianceChannel, parentTs);
    if (!alert) throw new Error('no alert');
    const repliesBefore = h.fake.threadReplies(IDS.complianceChannel, parentTs).length;
    await h.clickButton(alert, ACTION_IDS.openCurrentResults);
    const overview = await h.waitForMessage(() => {
      const replies = h.fake.threadReplies(IDS.complianceChannel, parentTs);
      const last = replies.at(-1);
      return replies.length > repliesBefore && last && textOf(last.blocks).includes('Risk overview')
        ? last
        : undefined;
    });
    expect(textOf(overview.blocks)).toContain('(2024)粤0305执3069号');
  });

  it('/risk watches lists it with its cost; Stop watching ends it and it is no longer checked', async () => {
    const listed = await h.slash('/risk', 'watches');
    const blocks = listed.ackMessage?.blocks ?? [];
    const text = textOf(blocks);
    expect(text).toContain('刘*东 · 深圳南山科技有限公司 · all three sources');
    expect(text).toContain('Together: 3 Juhe calls a check, 2 billed');
    const list: FakeMessage = {
      channel: IDS.generalChannel,
      ts: '1.000001',
      user: 'bot',
      text: '',
      blocks,
      replies: [],
      via: 'ack',
      ephemeralFor: IDS.analyst,
    };
    expect(findButton(list, ACTION_IDS.stopWatch).value).toContain(watchId);
    await h.clickButton(list, ACTION_IDS.stopWatch);
    await waitUntil(async () => ((await watchesOf(IDS.analyst))[0]?.state === 'stopped' ? true : undefined));
    expect(await auditOutcomes('watch')).toEqual(['watch_added', 'alert_acknowledged', 'watch_stopped']);
    h.sandbox.resetRequests();
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'cycle-3', everyActiveWatch: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.sandbox.requestCount('/personRisk/query')).toBe(0);
    const again = await h.slash('/risk', 'watches');
    expect(textOf(again.ackMessage?.blocks)).toContain('You are not watching anyone');
  });
});

describe('access, the command and expiry', () => {
  it('a refused user cannot watch, from the command or a button', async () => {
    const ack = await h.slash('/risk', `watch ${KEYWORD} ${NAME}`, { user: IDS.refused });
    expect(textOf(ack.ackMessage?.blocks)).toMatch(/not allowed|not on the list|permission/i);
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
    // a result in the compliance thread, whose Watch button the refused user presses
    const result = h.fake
      .messagesIn(IDS.complianceChannel)
      .flatMap((m) => m.replies)
      .find((m) => actionIdsOf(m).includes(ACTION_IDS.watch));
    if (!result) throw new Error('no result with a Watch button');
    const ephemeralsBefore = h.fake.ephemeralsFor(IDS.refused, IDS.complianceChannel).length;
    await h.clickButton(result, ACTION_IDS.watch, { user: IDS.refused });
    const refusal = await h.waitForMessage(
      () => h.fake.ephemeralsFor(IDS.refused, IDS.complianceChannel)[ephemeralsBefore],
    );
    expect(textOf(refusal.blocks)).toMatch(/not allowed|not on the list|permission/i);
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
    expect(await watchesOf(IDS.refused)).toEqual([]);
  });

  it('/risk watch opens the modal prefilled; its alerts go to the DM; it is warned a week ahead, renewed, and expires', async () => {
    h.sandbox.setGeneration(0);
    await h.slash('/risk', `watch ${KEYWORD} ${NAME} 失信`);
    const modal = await h.waitForView(IDS.analyst, CALLBACK_IDS.riskWatch, (view) =>
      textOf(view.view.blocks).includes('Alerts go to your DM with the app.'),
    );
    // nothing known about the subject yet: the cost is a lower bound
    expect(textOf(modal.view.blocks)).toContain(
      'Juhe calls per check: at least 1 (one per page of each source)',
    );
    await h.submitView(modal, submitValues({ scope: '1' }));
    const watch = await waitUntil(async () =>
      (await watchesOf(IDS.analyst)).find((w) => w.state === 'active'),
    );
    await checked(watch.id, `baseline:${watch.id}`);

    // a change goes to the DM
    h.sandbox.setGeneration(1);
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'dm-1', everyActiveWatch: true });
    const dm = h.fake.store.dmWith(IDS.analyst).id;
    const [alert] = await waitUntil(() => {
      const found = alertsIn(dm);
      return found.length > 0 ? found : undefined;
    });
    // only 失信 is watched: the enforcement amount change is not named
    expect(textOf(alert?.blocks)).toContain('1 new · 1 removed · 1 changed');
    expect(textOf(alert?.blocks)).not.toContain('Amount enforced');

    await h.database.query("update watches set expires_at = now() + interval '3 days' where id = $1", [
      watch.id,
    ]);
    await h.app.services.watches.monitor.runExpiry();
    const warning = await h.waitForMessage(() =>
      h.fake.messagesIn(dm).find((m) => m.text.includes('ends on')),
    );
    expect(actionIdsOf(warning)).toEqual([ACTION_IDS.renewWatch, ACTION_IDS.stopWatch]);
    // warned once
    await h.app.services.watches.monitor.runExpiry();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.messagesIn(dm).filter((m) => m.text.includes('ends on'))).toHaveLength(1);

    await h.clickButton(warning, ACTION_IDS.renewWatch);
    await waitUntil(async () => {
      const [row] = (await watchesOf(IDS.analyst)).filter((w) => w.id === watch.id);
      return row && row.expiry_warned_at === null && row.expires_at.getTime() > Date.now() + 300 * 86_400_000
        ? row
        : undefined;
    });

    await h.database.query("update watches set expires_at = now() - interval '1 minute' where id = $1", [
      watch.id,
    ]);
    await h.app.services.watches.monitor.runExpiry();
    await h.waitForMessage(() => h.fake.messagesIn(dm).find((m) => m.text.includes('ended on')));
    expect((await watchesOf(IDS.analyst)).find((w) => w.id === watch.id)?.state).toBe('expired');
    const outcomes = await auditOutcomes('watch');
    expect(outcomes.slice(-3)).toEqual(['watch_added', 'watch_renewed', 'watch_expired']);
  });
});
