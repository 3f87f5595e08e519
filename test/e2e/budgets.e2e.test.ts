import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import type { Database } from '../../src/store/database.js';
import { DATABASE_TARGETS, openTestPostgres } from '../support/testDatabase.js';
import {
  type Harness,
  IDS,
  isScreeningNotice,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

/**
 * Budgets through the real receiver (docs/design.md § Budgets): a request the budget cannot cover is
 * refused before Juhe is asked — the sandbox sees no call for it — with which budget, what is left and
 * when it resets; what was not billed goes back; the Home shows the usage.
 */

const BETA = 'U0BETA';
const GAMMA = 'U0GAMMA';
const DELTA = 'U0DELTA';
const AUDITOR = 'U0AUDITOR';
const EPSILON = 'U0EPSILON';
const EXTRA_USERS = [BETA, GAMMA, DELTA, AUDITOR, EPSILON].map((id) => ({
  id,
  name: id.toLowerCase(),
  realName: `User ${id}`,
}));

/** Sandbox subjects (docs/sandbox.md): 31 / 7 / 3 records; 3 失信 records; 12 被执行; none at all. */
const JIANGSU = '江苏 张德洲';
const BEIJING = '北京朝阳科技有限公司 李娜';
const SHANGHAI = '上海浦东建设有限公司 王建国';

const risks = (h: Harness) => h.sandbox.requestCount('/personRisk/query');

async function answerTo(h: Harness, user: string, text: string): Promise<FakeMessage> {
  const before = h.fake.ephemeralsFor(user, IDS.generalChannel).length;
  await h.slash('/risk', text, { user });
  return h.privateAnswer(before, { user });
}

async function calls(h: Harness, user: string): Promise<number> {
  return (await h.app.services.budgets.usageOf(user)).today.used;
}

async function budgetOutcomes(h: Harness, user: string): Promise<string[]> {
  const rows = await h.app.services.record.trail.queries({ requester: user });
  return rows.map((row) => String(row.finished?.outcome));
}

describe('BUDGET_USER_DAILY=2', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      budgets: { userDaily: 2 },
      extraUsers: EXTRA_USERS,
      auditorUserIds: [AUDITOR],
      watchRetryDelaysSeconds: [1],
    });
  });
  afterAll(async () => {
    expect(personalDataSentToSlack(h)).toEqual([]);
    expect(h.logLines.join('\n')).not.toContain('张德洲');
    await h.close();
  });

  it("a person's third uncached lookup is refused before Juhe is asked; another person is not affected", async () => {
    expect(textOf((await answerTo(h, IDS.analyst, `${JIANGSU} 1`)).blocks)).toContain('失信');
    await answerTo(h, IDS.analyst, `${BEIJING} 1`);
    expect(await calls(h, IDS.analyst)).toBe(2);
    const asked = risks(h);

    const refusal = await answerTo(h, IDS.analyst, `${SHANGHAI} 2`);
    expect(textOf(refusal.blocks)).toBe(
      ':warning: *Juhe budget reached*\nThis needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left. ' +
        `It resets at ${resetText(new Date())} CST. Nothing was looked up and nothing was billed.`,
    );
    expect(risks(h)).toBe(asked);
    expect(await calls(h, IDS.analyst)).toBe(2);
    // audited as refused by the budget, nothing billed
    const rows = await h.app.services.record.trail.queries({ requester: IDS.analyst });
    expect(rows.at(-1)?.finished).toMatchObject({ outcome: 'budget_exceeded', billed: false });

    // another person has a budget of their own
    const theirs = await answerTo(h, BETA, `${SHANGHAI} 2`);
    expect(textOf(theirs.blocks)).toContain('被执行');
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, BETA)).toBe(1);
  });

  it('at the daily limit, a typed lookup of a page already stored is answered from the store, billing nothing', async () => {
    // the analyst's two calls are used (the first case); 江苏 张德洲's 失信 page 1 is stored from it
    expect(await calls(h, IDS.analyst)).toBe(2);
    const asked = risks(h);
    const again = await answerTo(h, IDS.analyst, `${JIANGSU} 1`);
    expect(textOf(again.blocks)).toContain('失信');
    expect(textOf(again.blocks)).not.toContain('Juhe budget reached');
    expect(risks(h)).toBe(asked);
    expect(await calls(h, IDS.analyst)).toBe(2);
    const rows = await h.app.services.record.trail.queries({ requester: IDS.analyst });
    expect(rows.at(-1)?.finished).toMatchObject({ billed: false, cacheHit: true });
  });

  it('a page thought stored that left the store before its call is refused through the lookup, not failed', async () => {
    const screening = h.app.services.screening;
    const storedPage = screening.storedPage;
    // the store answers "held" when the hold is made, and no longer when the page is fetched
    screening.storedPage = async (query) => ({
      page: {
        type: query.type,
        pageIndex: 1,
        pageSize: 10,
        totalRecords: 0,
        totalPages: 0,
        records: [],
        orderId: null,
        billed: false,
        noRecords: true,
      },
      fromCache: true,
      answeredAt: new Date(),
    });
    try {
      const asked = risks(h);
      const refusal = await answerTo(h, IDS.analyst, `${SHANGHAI} 3`);
      expect(textOf(refusal.blocks)).toContain(
        'This needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left.',
      );
      expect(risks(h)).toBe(asked);
      expect(await calls(h, IDS.analyst)).toBe(2);
      const rows = await h.app.services.record.trail.queries({ requester: IDS.analyst });
      expect(rows.at(-1)?.finished).toMatchObject({ outcome: 'budget_exceeded', billed: false });
    } finally {
      screening.storedPage = storedPage;
    }
  });

  it('an overview needing 3 calls with 2 left is refused upfront, without a Screening notice', async () => {
    const asked = risks(h);
    const before = h.fake.ephemeralsFor(GAMMA, IDS.generalChannel).length;
    await h.slash('/risk', JIANGSU.replace('江苏', '江苏常熟纺织有限公司'), { user: GAMMA });
    const refusal = await h.privateAnswer(before, { user: GAMMA });
    expect(textOf(refusal.blocks)).toContain(
      // more than the whole budget: no reset would let it through
      'This needs 3 billed Juhe call(s), more than the whole daily budget of 2; ask your Slack admin to raise BUDGET_USER_DAILY, or choose one source.',
    );
    // the refusal is the only message: no "Screening…" left behind
    expect(h.fake.ephemeralsFor(GAMMA, IDS.generalChannel)).toHaveLength(before + 1);
    expect(risks(h)).toBe(asked);
    expect(await calls(h, GAMMA)).toBe(0);
    expect(await budgetOutcomes(h, GAMMA)).toEqual(['budget_exceeded']);
  });

  it('a page turn to a cached page is not charged; an uncached one past the budget is refused', async () => {
    // 31 records on 4 pages, asked by nobody before (an earlier page 1 would be stored, and free)
    const first = await answerTo(h, DELTA, '江苏常熟纺织有限公司 张德洲 1');
    expect(await calls(h, DELTA)).toBe(1);
    const asked = risks(h);
    await h.clickButton(first, ACTION_IDS.nextPage, { user: DELTA });
    const second = await waitUntil(() =>
      h.fake
        .ephemeralsFor(DELTA, IDS.generalChannel)
        .find((m) => m.ts === first.ts && textOf(m.blocks).includes('Page 2')),
    );
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, DELTA)).toBe(2);

    // back to page 1: stored, so it costs nothing even with the budget used up
    await h.clickButton(second, ACTION_IDS.prevPage, { user: DELTA });
    const back = await waitUntil(() =>
      h.fake
        .ephemeralsFor(DELTA, IDS.generalChannel)
        .find((m) => m.ts === first.ts && textOf(m.blocks).includes('Page 1')),
    );
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, DELTA)).toBe(2);

    // forward twice: page 2 is stored, page 3 would be billed and is refused
    await h.clickButton(back, ACTION_IDS.nextPage, { user: DELTA });
    const again = await waitUntil(() =>
      h.fake
        .ephemeralsFor(DELTA, IDS.generalChannel)
        .find((m) => m.ts === first.ts && textOf(m.blocks).includes('Page 2')),
    );
    expect(risks(h)).toBe(asked + 1);
    await h.clickButton(again, ACTION_IDS.nextPage, { user: DELTA });
    const refusal = await waitUntil(() =>
      h.fake.ephemeralsFor(DELTA, IDS.generalChannel).find((m) => m.text.includes('Juhe budget reached')),
    );
    expect(textOf(refusal.blocks)).toContain('your daily budget has 0 of 2 left');
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, DELTA)).toBe(2);
    const outcomes = await budgetOutcomes(h, DELTA);
    expect(outcomes.at(-1)).toBe('budget_exceeded');
  });

  it('a page that answers 查无记录 is not billed, so it is given back', async () => {
    await answerTo(h, AUDITOR, '无锡新吴物流有限公司 李无名 1');
    expect(await calls(h, AUDITOR)).toBe(0);
  });

  it('the Home shows each person their usage, and auditors the workspace per person', async () => {
    const mine = await h.openHome(IDS.analyst);
    const text = textOf(mine.view.blocks);
    expect(text).toContain('Juhe usage');
    expect(text).toContain(`Today: *2* of 2 billed calls (0 left; resets ${resetText(new Date())} CST)`);
    expect(text).toContain('This month: *2* billed calls');
    expect(text).not.toContain('The workspace this month');

    const audit = textOf((await h.openHome(AUDITOR)).view.blocks);
    expect(audit).toContain('The workspace this month: *5* billed calls (no monthly budget)');
    expect(audit).toContain(`<@${IDS.analyst}>: 2\n<@${DELTA}>: 2\n<@${BETA}>: 1`);
  });

  it('a watch check the owner has no budget for is a failure reported once, saying which budget', async () => {
    const id = randomUUID();
    const now = new Date();
    await h.app.services.watches.store.add({
      id,
      owner: IDS.analyst,
      now,
      expiresAt: new Date(now.getTime() + 30 * 86_400_000),
      types: [1],
      spec: {
        keyword: '北京朝阳科技有限公司',
        realname: '李娜',
        purpose: 'Supplier review',
        alertTo: { kind: 'dm' },
      },
      callsPerCheck: 1,
      nextCheckAt: now,
    });
    const asked = risks(h);
    const dm = h.fake.store.dmWith(IDS.analyst).id;
    const failures = () => h.fake.messagesIn(dm).filter((m) => m.text.includes('scheduled check'));
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'budget-1', everyActiveWatch: true });
    const [notice] = await waitUntil(() => (failures().length > 0 ? failures() : undefined), 10_000);
    expect(textOf(notice?.blocks)).toContain(
      `This needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left. It resets at ${resetText(new Date())} CST.`,
    );
    // a second cycle refused alike is not reported again, and neither asks Juhe
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'budget-2', everyActiveWatch: true });
    await waitUntil(async () => {
      const { rows } = await h.database.query<{ cycle_key: string; check_state: string }>(
        'select cycle_key, check_state from watches where id = $1',
        [id],
      );
      return rows[0]?.cycle_key === 'budget-2' && rows[0].check_state === 'failed' ? true : undefined;
    }, 10_000);
    // the retry delay of the cycle passes: a budget refusal is not tried again in its cycle
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(failures()).toHaveLength(1);
    expect(risks(h)).toBe(asked);
    const checks = (await h.app.services.record.trail.queries({ requester: IDS.analyst })).filter(
      (row) => row.started.surface === 'schedule',
    );
    expect(checks.map((row) => row.finished?.outcome)).toEqual(['budget_exceeded', 'budget_exceeded']);
  });

  it('a check that learns it needs more than is left stops after page 1, and the next cycle asks Juhe nothing', async () => {
    // 25 被执行 records on 3 pages (docs/sandbox.md), stored as costing 1 call: the watch's cost is stale
    const id = randomUUID();
    const now = new Date();
    await h.app.services.watches.store.add({
      id,
      owner: EPSILON,
      now,
      expiresAt: new Date(now.getTime() + 30 * 86_400_000),
      types: [2],
      spec: {
        keyword: '广州天河投资有限公司',
        realname: '黄志强',
        purpose: 'Supplier review',
        alertTo: { kind: 'dm' },
      },
      callsPerCheck: 1,
      nextCheckAt: now,
    });
    const stateOf = async () => {
      const { rows } = await h.database.query<{
        cycle_key: string;
        check_state: string;
        calls_per_check: number;
      }>('select cycle_key, check_state, calls_per_check from watches where id = $1', [id]);
      return rows[0];
    };
    const failedIn = (cycleKey: string) =>
      waitUntil(async () => {
        const row = await stateOf();
        return row?.cycle_key === cycleKey && row.check_state === 'failed' ? row : undefined;
      }, 10_000);
    const asked = risks(h);
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'learn-1', everyActiveWatch: true });
    // page 1 said 3 pages; the 2 more do not fit the 1 left: refused before page 2, the cost kept
    expect((await failedIn('learn-1')).calls_per_check).toBe(3);
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, EPSILON)).toBe(1);

    // a new day (the person's usage reset): the check needs 3, more than the whole budget of 2
    await h.database.query('delete from budget_user_daily where user_id = $1', [EPSILON]);
    await h.app.services.watches.monitor.runCycle({ cycleKey: 'learn-2', everyActiveWatch: true });
    await failedIn('learn-2');
    expect(risks(h)).toBe(asked + 1);
    expect(await calls(h, EPSILON)).toBe(0);
  });
});

describe('BUDGET_TEAM_MONTHLY=3', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      budgets: { teamMonthly: 3 },
      extraUsers: EXTRA_USERS,
      auditorUserIds: [AUDITOR],
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('applies across people, and names the monthly budget and the first of next month', async () => {
    await answerTo(h, IDS.analyst, `${JIANGSU} 1`);
    await answerTo(h, IDS.analyst, `${BEIJING} 1`);
    await answerTo(h, BETA, `${SHANGHAI} 2`);
    const asked = risks(h);
    const refusal = await answerTo(h, GAMMA, `${JIANGSU} 2`);
    expect(textOf(refusal.blocks)).toContain(
      `and the workspace's monthly budget has 0 of 3 left. It resets at ${monthResetText(new Date())} CST.`,
    );
    expect(risks(h)).toBe(asked);
    const audit = textOf((await h.openHome(AUDITOR)).view.blocks);
    expect(audit).toContain('The workspace this month: *3* of 3 billed calls (0 left;');
    expect(audit).toContain(`<@${IDS.analyst}>: 2\n<@${BETA}>: 1`);
  });

  it('/finance is billed too: refused in the modal, nothing asked of Juhe', async () => {
    const asked = h.sandbox.requestCount('/financeInfo/query');
    await h.slash('/finance', '', { user: BETA });
    const modal = await h.waitForView(BETA, 'finance_query');
    await h.submitView(
      modal,
      {
        realname: { realname_input: { type: 'plain_text_input', value: '张三' } },
        idcard: { idcard_input: { type: 'plain_text_input', value: '11010519491231002X' } },
        mobile: { mobile_input: { type: 'plain_text_input', value: '13812345678' } },
        purpose: { purpose_input: { type: 'plain_text_input', value: 'Credit line review' } },
        consent: { consent_checkbox: { type: 'checkboxes', selected_options: [{ value: 'attested' }] } },
      },
      BETA,
    );
    const refused = await h.waitForViewContent(modal.id, (view) =>
      textOf(view.view.blocks).includes('Juhe budget reached'),
    );
    expect(textOf(refused.view.blocks)).toContain("the workspace's monthly budget has 0 of 3 left");
    expect(h.sandbox.requestCount('/financeInfo/query')).toBe(asked);
  });
});

const postgres = DATABASE_TARGETS.find((target) => target.name === 'postgres');

describe.skipIf(!postgres?.available)('two instances on one PostgreSQL hold one budget', () => {
  let database: Database;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    database = await openTestPostgres();
    const dataKey = randomBytes(32);
    a = await startHarness({ database, dataKey, budgets: { userDaily: 2 } });
    b = await startHarness({ database, dataKey, budgets: { userDaily: 2 } });
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('four lookups at once, two on each instance, with a budget of 2: two answered, two refused', async () => {
    const subjects = [`${JIANGSU} 1`, `${BEIJING} 1`, `${SHANGHAI} 2`, `${JIANGSU} 3`];
    await Promise.all(subjects.map((text, i) => (i % 2 === 0 ? a : b).slash('/risk', text)));
    const finals = (h: Harness) =>
      h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).filter((m) => !isScreeningNotice(m));
    await waitUntil(() => (finals(a).length === 2 && finals(b).length === 2 ? true : undefined), 15_000);
    const refused = [...finals(a), ...finals(b)].filter((m) => m.text.includes('Juhe budget reached'));
    expect(refused).toHaveLength(2);
    expect(risks(a) + risks(b)).toBe(2);
    expect(await calls(a, IDS.analyst)).toBe(2);
  });
});

describe('an export reserves what it may bill', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ budgets: { userDaily: 2 } });
  });
  afterAll(async () => {
    expect(personalDataSentToSlack(h)).toEqual([]);
    await h.close();
  });

  it('a 3-page export confirmed with 1 call left is refused before Juhe is asked, and nothing is shared', async () => {
    // page 1 of the 3-page list (docs/sandbox.md: 黄志强, 25 被执行 records) bills the first call
    const list = await answerTo(h, IDS.analyst, '广州天河投资有限公司 黄志强 2');
    expect(await calls(h, IDS.analyst)).toBe(1);
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.clickButton(list, ACTION_IDS.export);
    const confirm = await h.waitForMessage(() =>
      h.fake
        .ephemeralsFor(IDS.analyst, IDS.generalChannel)
        .slice(before)
        .find((message) => textOf(message.blocks).includes('2 billed Juhe calls')),
    );
    const asked = risks(h);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const refusal = await h.waitForMessage(() => {
      const same = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === confirm.ts);
      return same && textOf(same.blocks).includes('Juhe budget reached') ? same : undefined;
    });
    expect(textOf(refusal.blocks)).toContain(
      'This needs 2 billed Juhe call(s), and your daily budget has 1 of 2 left.',
    );
    expect(risks(h)).toBe(asked);
    expect(await calls(h, IDS.analyst)).toBe(1);
    expect(h.fake.filesIn('D0ANALYST')).toEqual([]); // the analyst's DM with the app
    expect(await budgetOutcomes(h, IDS.analyst)).toContain('budget_exceeded');
  });

  it('at the daily limit, exporting a result whose pages are all stored works and bills nothing', async () => {
    // one page of 7 失信 records (docs/sandbox.md) bills the second call: 0 of 2 left
    const list = await answerTo(h, IDS.analyst, `${BEIJING} 1`);
    expect(await calls(h, IDS.analyst)).toBe(2);
    const asked = risks(h);
    const exportsBefore = await exportOutcomes(h, IDS.analyst);
    await h.clickButton(list, ACTION_IDS.export);
    const outcomes = await waitUntil(async () => {
      const now = await exportOutcomes(h, IDS.analyst);
      return now.length > exportsBefore.length ? now : undefined;
    }, 10_000);
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'exported', billed: false, billedCalls: 0 });
    expect(risks(h)).toBe(asked);
    expect(await calls(h, IDS.analyst)).toBe(2);
    expect(h.fake.filesIn('D0ANALYST').length).toBeGreaterThan(0);
  });
});

async function exportOutcomes(h: Harness, user: string) {
  const rows = await h.app.services.record.trail.queries({ requester: user });
  return rows
    .filter((row) => row.started.api === 'export' && row.finished !== null)
    .map((row) => row.finished);
}

function resetText(now: Date): string {
  const next = new Date(now.getTime() + 8 * 3_600_000);
  next.setUTCHours(0, 0, 0, 0);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)} 00:00`;
}

function monthResetText(now: Date): string {
  const wall = new Date(now.getTime() + 8 * 3_600_000);
  const next = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 1));
  return `${next.toISOString().slice(0, 10)} 00:00`;
}
