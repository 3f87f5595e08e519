import type { HeaderBlock, HomeView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { WatchChanges } from '../../domain/watchChanges.js';
import { watchCost } from '../../domain/watchCost.js';
import type { RiskRecord } from '../../juhe/types.js';
import { checkHomeView } from '../../local/fake-slack/blockLimits.js';
import { createPresenter } from '../presenter.js';
import { decodeRetryQuery } from '../retryQuery.js';
import {
  HOME_ALERTS_MAX,
  HOME_QUERIES_MAX,
  HOME_WATCHES_MAX,
  type HomeAlert,
  type HomeQuery,
  homeView,
  outcomeWord,
} from './homeView.js';
import type { WatchSummary } from './watchList.js';

const SCHEDULE = '0 9 * * *';
const KEYWORD = '深圳南山科技有限公司';
const SUBJECT = { keyword: KEYWORD, realname: '刘卫东', types: [1, 2, 3] as const };

const W4: RiskRecord = {
  caseNo: '(2024)粤0305执3069号',
  publishedDate: new Date(2024, 5, 18),
  court: '深圳市南山区人民法院',
  id: '641655944047e02fed9ba68dd316db522',
  personName: '刘*东',
  relations: [{ type: '1', description: '失信信息', fulfilment: '全部未履行' }],
};
const CHANGES: WatchChanges = {
  added: [{ type: 1, record: W4 }],
  removed: [],
  changed: [],
};

const WATCH: WatchSummary = {
  id: '7b0c5a52-0d7e-4c55-9a3e-2f0d7f6f9a11',
  subject: { ...SUBJECT, types: [1, 2, 3] },
  nextCheckAt: new Date('2026-03-03T01:00:00Z'),
  lastChangeAt: new Date('2026-03-02T01:00:12Z'),
  expiresAt: new Date('2026-05-30T01:00:00Z'),
  counts: { '1': 2, '2': 1, '3': 0 },
  cost: watchCost([1, 2, 3], { '1': 2, '2': 1, '3': 0 }, 30),
};

const ALERT: HomeAlert = {
  noticeId: '3f1e2d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  // 01:00 UTC is 09:00 in Beijing
  at: new Date('2026-03-02T01:00:12Z'),
  subject: { ...SUBJECT, types: [1, 2, 3] },
  changes: CHANGES,
};

const QUERIES: HomeQuery[] = [
  {
    at: new Date('2026-03-02T02:00:00Z'),
    api: 'risk',
    scope: 'all',
    subject: '刘*东 · 深圳南山科技有限公司',
    outcome: '1:0,2:0,3:240102',
    reopen: { scope: 'all', keyword: KEYWORD, realname: '刘卫东' },
  },
  {
    at: new Date('2026-03-02T01:30:00Z'),
    api: 'finance',
    scope: null,
    subject: '刘*东 · 110105********002X',
    outcome: 'refused',
  },
];

const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });

function headers(view: HomeView): string[] {
  return view.blocks
    .filter((block): block is HeaderBlock => block.type === 'header')
    .map((block) => block.text.text);
}

/** Every text a person reads: not button values. */
function visibleTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(visibleTexts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'text' && typeof inner === 'string') return [inner];
    if (key === 'value') return [];
    return visibleTexts(inner);
  });
}

const home = (overrides: Partial<Parameters<typeof homeView>[0]> = {}) =>
  homeView({
    locale: 'en',
    queries: [],
    watches: [],
    alerts: [],
    auditor: false,
    schedule: SCHEDULE,
    checksPerMonth: 30,
    ...overrides,
  });

describe('homeView', () => {
  it('empty, for an analyst: alerts, watches and queries, each saying there are none (en)', () => {
    const view = home();
    expect(view).toEqual({
      type: 'home',
      blocks: [
        header('Juhe Risk'),
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Your queries, watches and alerts. Only you see this tab.' }],
        },
        header('Alerts not yet acknowledged'),
        { type: 'section', text: { type: 'mrkdwn', text: 'No open alerts.' } },
        { type: 'divider' },
        header('Your watches'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'You are not watching anyone. Press *Watch* on a result, or use `/risk watch &lt;keyword&gt; &lt;realname&gt; [type]`.',
          },
        },
        { type: 'divider' },
        header('Your recent queries'),
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'No queries yet. Use `/risk` or `/finance` in any channel.' },
        },
      ],
    });
    expect(checkHomeView(view)).toEqual([]);
  });

  it('empty, zh-CN', () => {
    const view = home({ locale: 'zh-CN' });
    expect(headers(view)).toEqual(['聚合风险', '未确认的提醒', '您的监控', '您最近的查询']);
    expect(visibleTexts(view.blocks)).toEqual([
      '聚合风险',
      '您的查询、监控和提醒。只有您能看到此标签。',
      '未确认的提醒',
      '没有未确认的提醒。',
      '您的监控',
      '您目前没有监控对象。请在结果上点击“*监控*”，或使用 `/risk watch &lt;keyword&gt; &lt;realname&gt; [type]`。',
      '您最近的查询',
      '还没有查询。可在任意频道使用 `/risk` 或 `/finance`。',
    ]);
  });

  it('with an alert, a watch and queries, for an auditor, exactly (en)', () => {
    const view = home({ queries: QUERIES, watches: [WATCH], alerts: [ALERT], auditor: true });
    expect(view).toEqual({
      type: 'home',
      blocks: [
        header('Juhe Risk'),
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'Your queries, watches and alerts. Only you see this tab.' }],
        },
        header('Alerts not yet acknowledged'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '2026-03-02 09:00 CST · 刘*东 · 深圳南山科技有限公司 · all three sources · 1 new · 0 removed · 0 changed',
          },
          accessory: {
            type: 'button',
            action_id: 'watch_acknowledge',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: ALERT.noticeId,
            style: 'primary',
          },
        },
        { type: 'divider' },
        header('Your watches'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: expect.stringContaining(
              '\nNext check 2026-03-03 09:00 CST · last change 2026-03-02 09:00 · ends 2026-05-30\nAt the last check: 失信: 2 · 被执行: 1 · 限制消费: 0',
            ),
          },
          accessory: {
            type: 'button',
            action_id: 'watch_stop',
            text: { type: 'plain_text', text: 'Stop watching' },
            value: WATCH.id,
            style: 'danger',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'Together: 3 Juhe calls a check, 2 billed; about 60 billed calls a month at the schedule (`0 9 * * *`, China time).',
            },
          ],
        },
        { type: 'divider' },
        header('Your recent queries'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '2026-03-02 10:00 CST · Risk (all three sources) · 刘*东 · 深圳南山科技有限公司 · answered',
          },
          accessory: {
            type: 'button',
            action_id: 'home_reopen_query',
            text: { type: 'plain_text', text: 'Open again' },
            value: 'all:{"v":1,"k":"深圳南山科技有限公司","n":"刘卫东","t":1,"p":1,"s":1}',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '2026-03-02 09:30 CST · Economic rating · 刘*东 · 110105********002X · refused',
          },
        },
        { type: 'divider' },
        header('Audit export'),
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'The last 30 days of the audit trail, as CSV and XLSX, in your DM with the app.',
          },
          accessory: {
            type: 'button',
            action_id: 'home_audit_export',
            text: { type: 'plain_text', text: 'Export last 30 days' },
            value: 'last30',
          },
        },
      ],
    });
    // the watch entry is the /risk watches entry: its subject, masked
    expect(visibleTexts(view.blocks[6])[0]).toContain('刘*东 · 深圳南山科技有限公司 · all three sources');
    const reopen = view.blocks[10] as { accessory: { value: string } };
    expect(decodeRetryQuery(reopen.accessory.value)).toEqual({
      scope: 'all',
      keyword: KEYWORD,
      realname: '刘卫东',
    });
    expect(checkHomeView(view)).toEqual([]);
  });

  it('the same, zh-CN', () => {
    const view = home({
      locale: 'zh-CN',
      queries: QUERIES,
      watches: [WATCH],
      alerts: [ALERT],
      auditor: true,
    });
    expect(headers(view)).toEqual(['聚合风险', '未确认的提醒', '您的监控', '您最近的查询', '审计导出']);
    const texts = visibleTexts(view.blocks);
    expect(texts).toContain(
      '北京时间 2026-03-02 09:00 · 刘*东 · 深圳南山科技有限公司 · 全部来源 · 新增 1 · 移除 0 · 变更 0',
    );
    expect(texts).toContain(
      '北京时间 2026-03-02 10:00 · 风险核查（全部来源） · 刘*东 · 深圳南山科技有限公司 · 已返回',
    );
    expect(texts).toContain('北京时间 2026-03-02 09:30 · 经济能力评级 · 刘*东 · 110105********002X · 已拒绝');
    expect(texts).toContain('最近 30 天的审计记录（CSV 与 XLSX），发送到您与本应用的私信。');
    expect(texts).toContain(
      '合计：每轮核查 3 次聚合数据查询，2 次计费；按计划（`0 9 * * *`，北京时间）每月约 60 次计费调用。',
    );
    expect(texts).toEqual(expect.arrayContaining(['确认已阅', '停止监控', '再次查询', '导出最近 30 天']));
  });

  it('the audit export is for auditors only', () => {
    const analyst = home({ queries: QUERIES, watches: [WATCH], alerts: [ALERT], auditor: false });
    expect(headers(analyst)).toEqual([
      'Juhe Risk',
      'Alerts not yet acknowledged',
      'Your watches',
      'Your recent queries',
    ]);
    expect(JSON.stringify(analyst)).not.toContain('home_audit_export');
    expect(JSON.stringify(analyst)).not.toContain('audit trail');
    const auditor = home({ auditor: true });
    expect(auditor.blocks.slice(-3)).toEqual([
      { type: 'divider' },
      header('Audit export'),
      expect.objectContaining({ accessory: expect.objectContaining({ action_id: 'home_audit_export' }) }),
    ]);
  });

  it('names no one in full where the person reads it', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const view = home({ locale, queries: QUERIES, watches: [WATCH], alerts: [ALERT], auditor: true });
      expect(visibleTexts(view).join('\n')).not.toContain('刘卫东');
    }
  });

  it('a query that cannot be asked again has no button; the other APIs in words', () => {
    const view = home({
      queries: [
        {
          at: new Date('2026-03-02T01:20:00Z'),
          api: 'watch',
          scope: 'all',
          subject: '刘*东 · 深圳',
          outcome: 'watch_added',
        },
        {
          at: new Date('2026-03-02T01:10:00Z'),
          api: 'audit_export',
          scope: null,
          subject: '–',
          outcome: 'exported',
        },
        {
          at: new Date('2026-03-02T01:05:00Z'),
          api: 'risk',
          scope: 2,
          subject: '刘*东 · 深圳',
          outcome: '240102',
        },
        {
          at: new Date('2026-03-02T01:00:00Z'),
          api: 'other<api>',
          scope: null,
          subject: '–',
          outcome: '10012',
        },
      ],
    });
    expect(
      view.blocks.filter((block) => block.type === 'section').map((block) => visibleTexts(block)),
    ).toEqual([
      ['No open alerts.'],
      [
        'You are not watching anyone. Press *Watch* on a result, or use `/risk watch &lt;keyword&gt; &lt;realname&gt; [type]`.',
      ],
      ['2026-03-02 09:20 CST · Watch · 刘*东 · 深圳 · watch_added'],
      ['2026-03-02 09:10 CST · Audit export · – · exported'],
      ['2026-03-02 09:05 CST · Risk (被执行) · 刘*东 · 深圳 · no records'],
      ['2026-03-02 09:00 CST · other&lt;api&gt; · – · 10012'],
    ]);
    expect(JSON.stringify(view)).not.toContain('home_reopen_query');
  });

  it(`shows ${HOME_ALERTS_MAX} alerts, ${HOME_WATCHES_MAX} watches (and how many more) and ${HOME_QUERIES_MAX} queries at most`, () => {
    const alerts = Array.from({ length: 25 }, (_unused, index) => ({
      ...ALERT,
      noticeId: `notice-${index}`,
    }));
    const watches = Array.from({ length: 30 }, (_unused, index) => ({ ...WATCH, id: `watch-${index}` }));
    const queries = Array.from({ length: 40 }, () => QUERIES[0] as HomeQuery);
    const view = home({ alerts, watches, queries, auditor: true });
    const actionsOf = (id: string) =>
      view.blocks.filter(
        (block) => (block as { accessory?: { action_id?: string } }).accessory?.action_id === id,
      ).length;
    expect(actionsOf('watch_acknowledge')).toBe(10);
    expect(actionsOf('watch_stop')).toBe(20);
    expect(actionsOf('home_reopen_query')).toBe(10);
    // (where the note sends the reader is in the report: it names the Home tab, on the Home tab)
    expect(view.blocks).toContainEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: expect.stringContaining('10 more watches') }],
    });
    // the total is of every watch, not only those shown
    expect(visibleTexts(view.blocks)).toContain(
      'Together: 90 Juhe calls a check, 60 billed; about 1800 billed calls a month at the schedule (`0 9 * * *`, China time).',
    );
    expect(checkHomeView(view)).toEqual([]);
    expect(checkHomeView(createPresenter('en', true).home(view))).toEqual([]);
  });

  it('is a Home tab, inside its limits, with the sandbox marker too', () => {
    const view = home({ queries: QUERIES, watches: [WATCH], alerts: [ALERT], auditor: true });
    expect(view.type).toBe('home');
    const presented = createPresenter('zh-CN', true).home(view);
    expect(presented.blocks.length).toBe(view.blocks.length + 1);
    expect(checkHomeView(presented)).toEqual([]);
    expect(checkHomeView(createPresenter('en', false).home(view))).toEqual([]);
    expect(createPresenter('en', false).home(view)).toEqual(view);
  });
});

describe('outcomeWord', () => {
  it.each([
    ['0', 'answered'],
    ['240102', 'no records'],
    ['1:0,2:240102,3:240102', 'answered'],
    ['1:240102,2:240102,3:240102', 'no records'],
    ['refused', 'refused'],
    ['10012', '10012'],
    ['1:0,2:TIMEOUT,3:0', '1:0,2:TIMEOUT,3:0'],
    ['<!channel>', '&lt;!channel&gt;'],
  ])('%s: %s', (outcome, word) => {
    expect(outcomeWord('en', outcome)).toBe(word);
  });

  it('zh-CN', () => {
    expect(outcomeWord('zh-CN', '0')).toBe('已返回');
    expect(outcomeWord('zh-CN', 'refused')).toBe('已拒绝');
  });
});

describe('Juhe usage on the Home', () => {
  const usage = (limits: { userDaily?: number; teamMonthly?: number }) => ({
    day: '2026-03-10',
    month: '2026-03',
    today:
      limits.userDaily === undefined
        ? { used: 3, resetsAt: new Date('2026-03-10T16:00:00Z') }
        : {
            used: 3,
            limit: limits.userDaily,
            left: limits.userDaily - 3,
            resetsAt: new Date('2026-03-10T16:00:00Z'),
          },
    userMonth: { used: 17 },
    team:
      limits.teamMonthly === undefined
        ? { used: 40, resetsAt: new Date('2026-03-31T16:00:00Z') }
        : {
            used: 40,
            limit: limits.teamMonthly,
            left: limits.teamMonthly - 40,
            resetsAt: new Date('2026-03-31T16:00:00Z'),
          },
  });
  const textOf = (view: HomeView) => JSON.stringify(view.blocks);

  it('shows a person today of the daily budget and this month; no team figures', () => {
    const view = home({ usage: { usage: usage({ userDaily: 10, teamMonthly: 100 }) } });
    expect(view.blocks.slice(-3)).toEqual([
      { type: 'divider' },
      header('Juhe usage'),
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Today: *3* of 10 billed calls (7 left; resets 2026-03-11 00:00 CST)\nThis month: *17* billed calls',
        },
      },
    ]);
    expect(checkHomeView(view)).toEqual([]);
  });

  it('without budgets it still counts', () => {
    const view = home({ usage: { usage: usage({}) } });
    expect(textOf(view)).toContain('Today: *3* billed calls (no daily budget)');
  });

  it("shows auditors the workspace's month against its budget and the top 20 people", () => {
    const team = Array.from({ length: 23 }, (_, i) => ({
      userId: `U0P${String(i).padStart(2, '0')}`,
      calls: 30 - i,
    }));
    const view = home({ auditor: true, usage: { usage: usage({ teamMonthly: 100 }), team } });
    const text = textOf(view);
    expect(text).toContain(
      'The workspace this month: *40* of 100 billed calls (60 left; resets 2026-04-01 00:00 CST)\\n<@U0P00>: 30\\n<@U0P01>: 29',
    );
    expect(text).toContain('<@U0P19>: 11');
    expect(text).not.toContain('<@U0P20>');
    expect(text).toContain('…and 3 more people.');
    expect(checkHomeView(view)).toEqual([]);
    const none = home({ auditor: true, usage: { usage: usage({}), team: [] } });
    expect(textOf(none)).toContain(
      'The workspace this month: *40* billed calls (no monthly budget)\\nNobody has billed calls this month.',
    );
  });

  it('zh-CN', () => {
    const view = home({ locale: 'zh-CN', usage: { usage: usage({ userDaily: 10 }) } });
    expect(textOf(view)).toContain(
      '今天：已用 *3* 次计费调用，共 10 次（剩余 7 次；北京时间 2026-03-11 00:00 重置）',
    );
  });
});
