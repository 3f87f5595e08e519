import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Locale } from '../../src/i18n/catalog.js';
import { type LocalMode, startLocalMode } from '../../src/local/localMode.js';
import { createLogger } from '../../src/logging/logger.js';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';
import {
  openChannel,
  openHome,
  openHomeUntil,
  openThread,
  runLocalTool,
  typeInComposer,
  VISIBLE,
} from './support/workbenchSteps.js';

/**
 * Monitoring as an analyst does it in the workbench, in each locale: Watch on a compliance result, the
 * purpose, the confirmation; the sandbox's data moves on (docs/sandbox.md, "Records that change over
 * time": 刘卫东 changes between generation 0 and 1) and a cycle runs, both from the sidebar's local
 * tools; one alert lands in the result's thread; the Home tab lists it; Acknowledge says who.
 * Selectors go by Slack ids (action_id, block_id) and the workbench's test ids; the words asserted are
 * the app's own in that locale.
 */
const KEYWORD = '深圳南山科技有限公司';
const NAME = '刘卫东';
const MASKED = '刘*东';
const HIDDEN = { state: 'hidden', timeout: 10_000 } as const;
/** the alert is posted by a background check (pg-boss polls every half second), then delivered */
const ALERT_WAIT = { state: 'visible', timeout: 20_000 } as const;

interface Words {
  purpose: string;
  modalTitle: string;
  nowWatching: string;
  /** the Home tab's watch entry once the first check has taken the baseline */
  baselineTaken: RegExp;
  notCheckedYet: string;
  advanced: string;
  checked: string;
  alertHeader: string;
  summary: string;
  newRecord: string;
  removedRecord: string;
  fulfilment: string;
  amount: string;
  acknowledge: string;
  openCurrent: string;
  homeAlerts: string;
  homeWatches: string;
  homeQueries: string;
  acknowledgedBy: RegExp;
  /** a record's own line naming the person as Juhe wrote it (as in the thread's details) */
  personLine: string;
  noOpenAlerts: string;
}

describe.each<[Locale, Words]>([
  [
    'en',
    {
      purpose: 'Supplier under contract: annual review',
      modalTitle: 'Watch a subject',
      nowWatching: 'Now watching',
      baselineTaken: /At the last check: 失信: 2 · 被执行: 1 · 限制消费: 0/,
      notCheckedYet: 'not checked yet',
      advanced: 'Sandbox data generation 1',
      checked: 'Checked 1 watch',
      alertHeader: 'Watched subject changed',
      summary: '1 new · 1 removed · 2 changed',
      newRecord: 'New record · 失信',
      removedRecord: 'Removed record · 失信',
      fulfilment: 'Fulfilment: 全部未履行 → 部分履行',
      amount: 'Amount enforced: ¥125,000 → ¥98,000',
      acknowledge: 'Acknowledge',
      openCurrent: 'Open current results',
      homeAlerts: 'Alerts not yet acknowledged',
      homeWatches: 'Your watches',
      homeQueries: 'Your recent queries',
      acknowledgedBy: /Acknowledged by @Ana Analyst at \d{4}-\d{2}-\d{2} \d{2}:\d{2} CST/,
      noOpenAlerts: 'No open alerts.',
      personLine: `Person: ${NAME}`,
    },
  ],
  [
    'zh-CN',
    {
      purpose: '在约供应商，年度复核',
      modalTitle: '监控对象',
      nowWatching: '已开始监控',
      baselineTaken: /上次核查：失信：2 · 被执行：1 · 限制消费：0/,
      notCheckedYet: '尚未核查',
      advanced: '沙盒数据第 1 代',
      checked: '已核查 1 项监控',
      alertHeader: '监控对象有变化',
      summary: '新增 1 · 移除 1 · 变更 2',
      newRecord: '新增记录 · 失信',
      removedRecord: '移除记录 · 失信',
      fulfilment: '履行情况：全部未履行 → 部分履行',
      amount: '执行标的：12.50 万元 → 9.80 万元',
      acknowledge: '确认已阅',
      openCurrent: '查看当前结果',
      homeAlerts: '未确认的提醒',
      homeWatches: '您的监控',
      homeQueries: '您最近的查询',
      acknowledgedBy: /已由 @Ana Analyst 于北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 确认/,
      noOpenAlerts: '没有未确认的提醒。',
      personLine: `姓名：${NAME}`,
    },
  ],
])('watching a subject in %s', (locale, words) => {
  let local: LocalMode;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (name: string) => screenshot(page, `${locale}/${name}`);

  beforeAll(async () => {
    const loaded = loadConfig({ LOCALE: locale });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(local.url);
  });

  afterAll(async () => {
    await browser?.close();
    await local?.stop();
  });

  const modal = () => page.locator('#modal');
  const thread = () => page.locator('#thread-messages');
  const alertInThread = () => thread().locator('.wb-message', { hasText: words.alertHeader });

  async function textOf(locator: Locator): Promise<string> {
    return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
  }

  /** the compliance result's parent message, whose thread holds the details, the Watch button and alerts */
  const parent = () =>
    page.locator('#messages .wb-message', { has: page.locator('.wb-replies'), hasText: MASKED });

  it('Watch on a compliance result opens the prefilled modal; the purpose starts the watch', async () => {
    await openChannel(page, 'C0COMPLIANCE');
    await typeInComposer(page, `/risk ${KEYWORD} ${NAME}`);
    await parent().waitFor(VISIBLE);
    await openThread(page, parent());
    const watch = thread().locator('[data-action-id="risk_watch"]');
    await watch.waitFor(VISIBLE);
    await watch.click();

    await modal().locator('#modal-title').getByText(words.modalTitle).waitFor(VISIBLE);
    expect(await modal().locator('[data-block-id="keyword"] [data-element]').inputValue()).toBe(KEYWORD);
    expect(await modal().locator('[data-block-id="realname"] [data-element]').inputValue()).toBe(NAME);
    await modal().locator('[data-block-id="purpose"] [data-element]').fill(words.purpose);
    await modal().locator('#modal-submit').click();

    await modal().getByText(words.nowWatching).waitFor(VISIBLE);
    expect(await textOf(modal())).toContain(MASKED);
    await shot('20-watch-started');
    await modal().locator('[data-close-view]').first().click();
    await page.locator('#modal-backdrop').waitFor(HIDDEN);
  });

  it('the Home tab lists the watch once its first check has taken the baseline', async () => {
    // The first check runs in the background; the Home tab is where its result shows (the counts).
    // Advancing the sandbox before it ran would make generation 1 the baseline, and nothing would change.
    const home = await openHomeUntil(page, (text) => words.baselineTaken.test(text));
    const shown = await textOf(home);
    expect(shown).toContain(`${MASKED} · ${KEYWORD}`);
    expect(shown).not.toContain(words.notCheckedYet);
    expect(shown).toContain(words.noOpenAlerts);
  });

  it('after the data changes, a cycle posts one alert in the thread naming each change', async () => {
    expect(await runLocalTool(page, 'sandbox-advance')).toBe(words.advanced);
    expect(await runLocalTool(page, 'watch-cycle')).toBe(words.checked);

    await openChannel(page, 'C0COMPLIANCE');
    await openThread(page, parent());
    const alert = alertInThread();
    await alert.waitFor(ALERT_WAIT);
    await alert.locator('[data-action-id="watch_acknowledge"]').waitFor(VISIBLE);
    const text = await textOf(alert);
    // the subject is masked; the name in clear is only in the records' own lines, as in the details above
    expect(text).toContain(`${MASKED} · ${KEYWORD}`);
    expect(text.replaceAll(words.personLine, '')).not.toContain(NAME);
    expect(text).toContain(words.summary);
    expect(text).toContain(words.newRecord);
    expect(text).toContain('(2024)粤0305执3069号');
    expect(text).toContain(words.removedRecord);
    expect(text).toContain('(2022)粤0305执7730号');
    expect(text).toContain(words.fulfilment);
    expect(text).toContain(words.amount);
    expect(await alert.locator('[data-action-id="watch_acknowledge"]').textContent()).toContain(
      words.acknowledge,
    );
    expect(await alert.locator('[data-action-id="watch_open_results"]').textContent()).toContain(
      words.openCurrent,
    );
    expect(await alertInThread().count()).toBe(1);
    await alert.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await shot('21-watch-alert');
  });

  it('the Home tab lists the open alert, the watch and the recent queries', async () => {
    const home = await openHomeUntil(page, (text) => text.includes(words.summary));
    const shown = await textOf(home);
    expect(shown).toContain(words.homeAlerts);
    expect(shown).toContain(words.homeWatches);
    expect(shown).toContain(words.homeQueries);
    expect(shown).toContain(`${MASKED} · ${KEYWORD}`);
    expect(shown).not.toContain(NAME);
    expect(await home.locator('[data-action-id="watch_acknowledge"]').count()).toBe(1);
    await shot('22-home');
  });

  it('Acknowledge on the alert says who acknowledged it, in the thread and on the Home tab', async () => {
    await openChannel(page, 'C0COMPLIANCE');
    await openThread(page, parent());
    const alert = alertInThread();
    await alert.locator('[data-action-id="watch_acknowledge"]').click();
    await alert.getByText(words.acknowledgedBy).waitFor(VISIBLE);
    expect(await alert.locator('[data-action-id="watch_acknowledge"]').count()).toBe(0);
    expect(await alert.locator('[data-action-id="watch_open_results"]').count()).toBe(1);
    await alert.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await shot('23-alert-acknowledged');

    const home = await openHome(page);
    await home.getByText(words.noOpenAlerts).waitFor(VISIBLE);
    expect(await home.locator('[data-action-id="watch_acknowledge"]').count()).toBe(0);
  });

  it('ran without script errors', () => {
    expect(problems).toEqual([]);
  });
});
